"""Read a model spec from a mapping (a YAML or JSON document, or a pack's `model:` block).

    input_shape: [128, 128, 3]        # without the batch axis
    layers:
      - {type: Conv2D, filters: 32, kernel_size: 3, strides: 2, padding: same}
      - Flatten                        # a bare type name when it takes no arguments
      - Dense: {units: 10}             # or {Type: {arguments}}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from tutor.errors import LayerError, ModelError
from tutor.models.spec import LayerSpec, ModelSpec

FRAMEWORKS = ("keras", "pytorch")


def spec_from_mapping(data: Any, *, lines: Mapping[int, int] | None = None) -> ModelSpec:
    """A `ModelSpec` from plain data. `lines` maps a layer's index to its line in the source."""
    if not isinstance(data, Mapping):
        raise ModelError("a model spec must be a mapping with `input_shape` and `layers`")
    unknown = set(data) - {"input_shape", "layers", "framework", "batch_size"}
    if unknown:
        raise ModelError(f"unknown key in model spec: {sorted(unknown)[0]!r} "
                         "(expected input_shape, layers, framework)")
    framework = data.get("framework", "keras")
    if framework not in FRAMEWORKS:
        raise ModelError(f"framework must be one of {', '.join(FRAMEWORKS)}, got {framework!r}")
    layers = data.get("layers")
    if not isinstance(layers, list) or not layers:
        raise ModelError("`layers` must be a non-empty list of layers")
    specs = tuple(layer_from_item(item, i, (lines or {}).get(i)) for i, item in enumerate(layers))
    input_shape = input_shape_from(data.get("input_shape"))
    if framework == "keras":
        specs, input_shape = keras_input(specs, input_shape)
    # PyTorch shapes hold a real batch size; a spec that gives none means one example, as the
    # code it is shown as (`torch.randn(1, ...)`)
    batch = data.get("batch_size", 1 if framework == "pytorch" else None)
    return ModelSpec(specs, input_shape, framework, batch_size=batch)


INPUT_LAYERS = ("Input", "InputLayer")
INPUT_ARGS = ("input_shape", "batch_input_shape", "input_dim")


def keras_input(layers: tuple[LayerSpec, ...], given: tuple[int | None, ...] | None
                ) -> tuple[tuple[LayerSpec, ...], tuple[int | None, ...] | None]:
    """The input shape the ways Keras takes it: the spec's `input_shape`, an `Input` layer
    first, or the first layer's `input_shape` (`batch_input_shape`, `input_dim`), which is
    taken out of its arguments. Given twice is an error: which one would be meant?"""
    for index, layer in enumerate(layers[1:], 2):
        if layer.type in INPUT_LAYERS:
            raise ModelError(f"layer {index}: an {layer.type} layer must come first",
                             line=layer.line)
    first = layers[0]
    if first.type in INPUT_LAYERS:
        shape, how = input_layer_shape(first), f"the {first.type} layer"
        layers = layers[1:]
        if not layers:
            raise ModelError("the model has only an Input layer: add the layers it feeds",
                             line=first.line)
    else:
        keys = [key for key in INPUT_ARGS if key in first.args
                and not (key == "input_dim" and first.type == "Embedding")]
        if not keys:
            return layers, given
        shape, how = first_layer_shape(first, keys[0]), f"the first layer's `{keys[0]}`"
        layers = (replace(first, args={k: v for k, v in first.args.items() if k not in keys}),
                  *layers[1:])
    if given is not None:
        raise LayerError(f"the input shape is given twice: by `input_shape` and by {how}; keep "
                         "one of them", line=first.line)
    return layers, shape


def input_layer_shape(layer: LayerSpec) -> tuple[int | None, ...]:
    """`Input: {shape: [28, 28, 1]}` (or `batch_shape`, with the batch axis first)."""
    for key in ("shape", "input_shape"):
        if key in layer.args:
            return checked_shape(layer.args[key], layer)
    for key in ("batch_shape", "batch_input_shape"):
        if key in layer.args:
            return checked_shape(layer.args[key], layer)[1:]
    if layer.positional:
        return checked_shape(layer.positional[0], layer)
    raise ModelError(f"the {layer.type} layer needs `shape`, such as shape: [28, 28, 1]",
                     line=layer.line)


def first_layer_shape(layer: LayerSpec, key: str) -> tuple[int | None, ...]:
    value = layer.args[key]
    if key == "input_dim":
        return checked_shape((value,), layer)
    shape = checked_shape(value, layer)
    return shape[1:] if key == "batch_input_shape" else shape


def checked_shape(value: Any, layer: LayerSpec) -> tuple[int | None, ...]:
    try:
        shape = input_shape_from(value)
    except ModelError as error:
        raise ModelError(error.message, line=layer.line) from None
    if shape is None:
        raise ModelError("the input shape must be a list of sizes such as [28, 28, 1]",
                         line=layer.line)
    return shape


def input_shape_from(value: Any) -> tuple[int | None, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value:
        raise ModelError(f"`input_shape` must be a list of sizes such as [128, 128, 3], "
                         f"got {value!r}")
    for dim in value:
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 0):
            raise ModelError(f"`input_shape` sizes must be whole numbers or null, "
                             f"got {dim!r} in {list(value)}")
    return tuple(value)


def layer_from_item(item: Any, index: int, line: int | None) -> LayerSpec:
    where = f"layer {index + 1}"
    if isinstance(item, str):
        return LayerSpec(item, {}, line=line)
    if not isinstance(item, Mapping):
        raise ModelError(f"{where}: a layer must be a mapping such as "
                         f"{{type: Dense, units: 10}}, got {item!r}", line=line)
    if "type" in item:
        args = {k: plain(v) for k, v in item.items() if k not in ("type", "name", "args")}
        type_, name = item["type"], item.get("name")
        # `{type: Conv2d, args: [3, 32, 3], stride: 2}`: leading positional arguments, as
        # PyTorch code gives them
        positional = item.get("args", ())
        if not isinstance(positional, list | tuple):
            raise ModelError(f"{where}: `args` (the leading positional arguments) must be a "
                             f"list, got {positional!r}", line=line)
    elif len(item) == 1:
        positional = ()
        (type_, body), = item.items()
        body = {} if body is None else body
        if not isinstance(body, Mapping):
            raise ModelError(f"{where}: the arguments of {type_} must be a mapping", line=line)
        args = {k: plain(v) for k, v in body.items() if k != "name"}
        name = body.get("name")
    else:
        raise ModelError(f"{where}: a layer needs a `type`", line=line)
    if not isinstance(type_, str):
        raise ModelError(f"{where}: the layer type must be a name, got {type_!r}", line=line)
    if name is not None and not isinstance(name, str):
        raise ModelError(f"{where}: `name` must be a string, got {name!r}", line=line)
    return LayerSpec(type_, args, name, line, tuple(plain(a) for a in positional))


def plain(value: Any) -> Any:
    """Lists become tuples (Keras's own convention for sizes); nested layers become specs."""
    if isinstance(value, list):
        return tuple(plain(v) for v in value)
    if isinstance(value, Mapping) and "type" in value:
        return layer_from_item(value, 0, None)
    return value
