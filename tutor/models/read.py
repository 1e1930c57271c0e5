"""Read a model from a file: a Keras snippet (.py) or a model spec (.yaml, .yml, .json)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tutor.errors import ModelError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec

MAX_FILE_BYTES = 1_000_000

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
    except (OSError, UnicodeDecodeError) as error:
        raise ModelError(f"cannot read the file: {getattr(error, 'strerror', None) or error}"
                         ) from None
    return read_model_text(text, path.suffix.lower())


def read_model_text(text: str, suffix: str) -> ModelSpec:
    if suffix == ".py":
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
