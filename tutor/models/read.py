"""Read a model from a file: a Keras snippet (.py) or a model spec (.yaml, .yml, .json)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import yaml

from tutor.errors import ModelError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec

MAX_FILE_BYTES = 1_000_000
# `import torch.nn as nn`, `from tensorflow import keras`: the top-level package imported.
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*))", re.M)
KERAS_PACKAGES = frozenset({"keras", "tensorflow", "tf_keras"})

try:  # the C loader is much faster; both are safe loaders that build no Python objects
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader


def read_model_file(path: str | Path) -> ModelSpec:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ModelError(f"the file is larger than {MAX_FILE_BYTES // 1000} kB")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ModelError(f"the file is not UTF-8 text (byte {error.start} cannot be read)"
                         ) from None
    except OSError as error:
        raise ModelError(f"cannot read the file: {getattr(error, 'strerror', None) or error}"
                         ) from None
    return read_model_text(text, path.suffix.lower())


def read_model_text(text: str, suffix: str) -> ModelSpec:
    if suffix == ".py":
        if framework_of(text) == "pytorch":
            from tutor.models.torch_snippet import spec_from_torch_snippet

            return spec_from_torch_snippet(text)
        from tutor.models.snippet import spec_from_snippet

        return spec_from_snippet(text)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ModelError(f"invalid JSON: {error.msg}", line=error.lineno,
                             column=error.colno) from None
        return spec_from_mapping(data)
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.load(text, Loader=SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error)
            raise ModelError(f"invalid YAML: {problem}",
                             line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None) from None
        return spec_from_mapping(data)
    raise ModelError(f"unknown kind of file {suffix or '(no extension)'!r}: give a Keras "
                     "snippet (.py) or a model spec (.yaml, .yml, .json)")


def framework_of(text: str) -> str:
    """Which framework a snippet is written for, from what it imports: "keras" if it imports
    keras or tensorflow (Keras 3 also runs on a torch backend, so those snippets may import
    torch too), "pytorch" if it imports torch and not those, and "keras" if it imports
    neither (the Keras reader then says what it could not find)."""
    packages = {a or b for a, b in IMPORT.findall(text)}
    if packages & KERAS_PACKAGES:
        return "keras"
    return "pytorch" if "torch" in packages else "keras"


def with_input_shape(spec: ModelSpec, dims: tuple[int, ...]) -> ModelSpec:
    """The model given an input shape from outside (`tutor summary --input-shape`): for
    PyTorch the full shape, batch axis first, as `torch.randn(2, 3, 128, 128)` takes it; for
    Keras without the batch axis, as `input_shape=` takes it."""
    if not dims or any(d < 0 for d in dims):
        raise ModelError(f"--input-shape must be whole numbers, got {dims}")
    if spec.framework == "pytorch":
        return replace(spec, input_shape=dims[1:], batch_size=dims[0])
    return replace(spec, input_shape=dims)
