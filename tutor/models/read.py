"""Read a model from a file: a Keras snippet (.py) or a model spec (.yaml, .yml, .json)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import yaml

from tutor import files
from tutor.errors import ModelError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec

MAX_FILE_BYTES = 1_000_000
MAX_YAML_NODES = 200_000
TOO_DEEP = "the file is nested too deeply to be a model spec"
# `import torch.nn as nn`, `from tensorflow import keras`: the top-level package imported.
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*))", re.M)
# `model = Sequential(`, `model.add(`, `nn.Conv2d(`, `class Net(nn.Module):`: Python, not YAML.
CODE_HINT = re.compile(r"^[ \t]*(?:class[ \t]+\w+|def[ \t]+\w+|\w+(?:\.\w+)*[ \t]*=[ \t]*"
                       r"[\w.]+\(|\w+(?:\.\w+)+\()", re.M)
KERAS_PACKAGES = frozenset({"keras", "tensorflow", "tf_keras"})

try:  # the C loader is much faster; both are safe loaders that build no Python objects
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader


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
        root = compose_yaml(text)
        try:
            data = yaml.load(text, Loader=SafeLoader)  # a safe loader: plain data only
        except yaml.YAMLError as error:  # e.g. a tag that would build a Python object
            raise yaml_error(error) from None
        except ValueError as error:  # a number of more than 4,300 digits
            raise ModelError(f"a value cannot be read: {error}") from None
        return from_mapping(data, layer_lines(root))
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


def compose_yaml(text: str) -> yaml.Node | None:
    """The document's node graph, refused if walking it would visit too many nodes: a few
    lines of nested aliases (a "billion laughs") would otherwise take forever to read."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        raise yaml_error(error) from None
    budget, stack = MAX_YAML_NODES, [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise ModelError(f"the YAML document is too large once its aliases are expanded "
                             f"(over {MAX_YAML_NODES:,} values)")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return root


def yaml_error(error: yaml.YAMLError) -> ModelError:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return ModelError(f"invalid YAML: {problem}", line=mark.line + 1 if mark else None,
                      column=mark.column + 1 if mark else None)


def layer_lines(root: yaml.Node | None) -> dict[int, int]:
    """The line each item of a spec's `layers:` list starts on, so that an error about a layer
    names its line."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value == "layers" and isinstance(value, yaml.SequenceNode):
            return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return {}
