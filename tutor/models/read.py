"""Read a model from a file: a Keras snippet (.py) or a model spec (.yaml, .yml, .json)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from tutor import files
from tutor.errors import ModelError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec

MAX_FILE_BYTES = 1_000_000
TOO_DEEP = "the file is nested too deeply to be a model spec"
# `import torch.nn as nn`, `from tensorflow import keras`: the top-level package imported.
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*))", re.M)
# `model = Sequential(`, `model.add(`, `nn.Conv2d(`, `class Net(nn.Module):`: Python, not YAML.
CODE_HINT = re.compile(r"^[ \t]*(?:class[ \t]+\w+|def[ \t]+\w+|\w+(?:\.\w+)*[ \t]*=[ \t]*"
                       r"[\w.]+\(|\w+(?:\.\w+)+\()", re.M)
KERAS_PACKAGES = frozenset({"keras", "tensorflow", "tf_keras"})

def read_model_file(path: str | Path) -> ModelSpec:
    """The model in a file (or, for `-`, on standard input: its kind is read off the text)."""
    try:
        text = files.read_text(path, MAX_FILE_BYTES)
    except files.FileRefused as error:
        message = error.message
        if "larger than" in message:
            message = f"the file is larger than {MAX_FILE_BYTES // 1000} kB"
        raise ModelError(message) from None
    suffix = suffix_of_text(text) if str(path) == files.STDIN else Path(path).suffix.lower()
    return read_model_text(text, suffix)


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
        except RecursionError:
            raise ModelError(TOO_DEEP) from None
        except ValueError as error:  # a number of more than 4,300 digits
            raise ModelError(f"a value cannot be read: {error}") from None
        return from_mapping(data, {})
    if suffix in (".yaml", ".yml"):
        # imported here: yaml costs a snippet's summary a quarter of its start-up
        from tutor.models.yaml_spec import load_yaml_spec

        data, lines = load_yaml_spec(text)
        return from_mapping(data, lines)
    raise ModelError(f"unknown kind of file {suffix or '(no extension)'!r}: give a Keras "
                     "snippet (.py) or a model spec (.yaml, .yml, .json)")


def suffix_of_text(text: str) -> str:
    """What kind of model a text with no file name holds (standard input): JSON if it opens
    with a bracket, a snippet if it has Python's imports or calls, else a YAML spec."""
    head = text.lstrip()
    if head[:1] in ("{", "["):
        return ".json"
    if IMPORT.search(text) or CODE_HINT.search(text):
        return ".py"
    return ".yaml"


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


def from_mapping(data: object, lines: dict[int, int]) -> ModelSpec:
    try:
        return spec_from_mapping(data, lines=lines)
    except RecursionError:  # lists nested hundreds deep: no model looks like that
        raise ModelError(TOO_DEEP) from None
