"""A model spec's YAML: read with a safe loader, within a budget of nodes, with the line each
layer starts on. Kept apart from `tutor.models.read` so that reading a snippet imports no yaml."""

from __future__ import annotations

from typing import Any

import yaml

from tutor.errors import ModelError

MAX_YAML_NODES = 200_000

try:  # the C loader is much faster; both are safe loaders that build no Python objects
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader


def load_yaml_spec(text: str) -> tuple[Any, dict[int, int]]:
    """The spec's plain data, and the line each item of its `layers:` list starts on."""
    root = compose_yaml(text)
    try:
        data = yaml.load(text, Loader=SafeLoader)  # a safe loader: plain data only
    except yaml.YAMLError as error:  # e.g. a tag that would build a Python object
        raise yaml_error(error) from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise ModelError(f"a value cannot be read: {error}") from None
    return data, layer_lines(root)


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
