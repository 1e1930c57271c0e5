"""Layers as a snippet creates them (`layers.Conv2D(32, 3, padding="same")`), and the shapes
that give a model its input: `keras.Input(shape=...)`, `InputLayer`, a first layer's
`input_shape=`."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.models.snippet import names
from tutor.models.snippet.values import (
    MAX_ITEMS,
    MAX_NESTING,
    CallArgs,
    Ref,
    Tensor,
    Unknown,
    is_plain,
)
from tutor.models.spec import LayerSpec

if TYPE_CHECKING:
    from tutor.models.snippet.evaluate import Evaluator

Shape = tuple[int | None, ...]

# Keyword arguments that change values but never shapes or counts: anything the reader cannot
# compute there (a regularizer object, a custom function) is recorded as an opaque "<...>".
OPAQUE_SUFFIXES = ("activation", "_initializer", "_regularizer", "_constraint")
OPAQUE_ARGS = frozenset({"dtype", "activity_regularizer"})
# Arguments of a first layer that give the model's input shape (but Embedding's `input_dim` is
# its vocabulary size).
INPUT_ARGS = ("input_shape", "batch_input_shape", "input_dim")


def make_layer(ev: Evaluator, type_: str, node: ast.Call, args: CallArgs) -> LayerSpec | Unknown:
    where = f"{type_}(...)"
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, where)
    positional = []
    for arg_node, value in args.positional:
        plain_value = plain(ev, value, arg_node)
        if isinstance(plain_value, Unknown):
            return ev.needed(plain_value, arg_node, where)
        positional.append(plain_value)
    kwargs: dict[str, Any] = {}
    name = None
    for key, (arg_node, value) in args.keywords.items():
        plain_value = plain(ev, value, arg_node, opaque=is_opaque_arg(key))
        if isinstance(plain_value, Unknown):
            return ev.needed(plain_value, arg_node, where)
        if key != "name":
            kwargs[key] = plain_value
        elif plain_value is None or isinstance(plain_value, str):
            name = plain_value
        else:
            return Unknown(f"{type_}: `name` must be a string", node.lineno, final=True)
    return ev.reading.made(LayerSpec(type_, kwargs, name, node.lineno, tuple(positional),
                                     arg_positions=args.positions()))


def is_opaque_arg(key: str) -> bool:
    return key in OPAQUE_ARGS or key.endswith(OPAQUE_SUFFIXES)


def plain(ev: Evaluator, value: Any, node: ast.AST, *, opaque: bool = False,
          depth: int = 0) -> Any:
    """A value as a layer spec holds it: constants, tuples, nested layers; `activation=tf.nn.relu`
    as "relu". With `opaque`, what cannot be known is shown as "<regularizers.l2>"."""
    if is_plain(value):
        return value
    if isinstance(value, Ref):
        return names.activation_name(value.path) or f"<{names.short(value.path)}>"
    if opaque:
        if isinstance(value, LayerSpec):
            return f"<{value.type}>"
        if isinstance(value, Unknown) and value.label:
            return value.label
        if not isinstance(value, tuple | list | dict):
            return f"<{ev.quote(node)}>"
    if isinstance(value, LayerSpec | Unknown):
        return value
    if depth > MAX_NESTING:
        return ev.unknown(node, "it is nested too deeply")
    if isinstance(value, range) and len(value) > MAX_ITEMS:
        return ev.unknown(node, "the range is too long")
    if isinstance(value, tuple | list | range):
        items = []
        for item in value:
            converted = plain(ev, item, node, depth=depth + 1)
            if isinstance(converted, Unknown):
                return converted
            items.append(converted)
        return tuple(items)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        converted_dict = {}
        for key, item in value.items():
            converted = plain(ev, item, node, depth=depth + 1)
            if isinstance(converted, Unknown):
                return converted
            converted_dict[key] = converted
        return converted_dict
    return ev.unknown(node, "it is not a constant, a layer or a Keras function")


def shape_of(ev: Evaluator, node: ast.AST, value: Any, where: str,
             *, batch: bool = False) -> Shape | Unknown:
    """An input shape such as (28, 28, 1); with `batch`, one that starts with the batch axis."""
    value = plain(ev, value, node)
    if isinstance(value, Unknown):
        return ev.needed(value, node, where)
    return checked_shape(value, where, getattr(node, "lineno", None), batch=batch)


def checked_shape(value: Any, where: str, line: int | None, *, batch: bool = False
                  ) -> Shape | Unknown:
    example = "(None, 28, 28, 1)" if batch else "(28, 28, 1)"
    ok = isinstance(value, tuple) and len(value) > batch and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0)
        for d in value[1 if batch else 0:])
    if not ok:
        return Unknown(f"{where}: the shape must be a tuple of sizes such as {example}, "
                       f"got {_short_repr(value)}", line, final=True)
    return value[1:] if batch else value


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def input_args_shape(layer: LayerSpec) -> tuple[LayerSpec, Shape | Unknown | None]:
    """A first layer's `input_shape=`, `batch_input_shape=` or `input_dim=`, taken out of its
    arguments: Keras builds the model's input from it."""
    keys = INPUT_ARGS if layer.type != "Embedding" else ("input_shape", "batch_input_shape")
    given = {key: layer.args[key] for key in keys if key in layer.args}
    if not given:
        return layer, None
    where = f"{layer.type}(...)"
    stripped = replace(layer, args={k: v for k, v in layer.args.items() if k not in given})
    if "input_shape" in given:
        return stripped, checked_shape(given["input_shape"], where, layer.line)
    if "batch_input_shape" in given:
        return stripped, checked_shape(given["batch_input_shape"], where, layer.line, batch=True)
    return stripped, checked_shape((given["input_dim"],), where, layer.line)


def input_layer_shape(ev: Evaluator, layer: LayerSpec, node: ast.AST) -> Shape | Unknown:
    """The shape of `InputLayer(shape=...)` (Keras 3) or `InputLayer(input_shape=...)`."""
    for key in ("shape", "input_shape"):
        if key in layer.args:
            return checked_shape(layer.args[key], "InputLayer(...)", layer.line)
    for key in ("batch_shape", "batch_input_shape"):
        if key in layer.args:
            return checked_shape(layer.args[key], "InputLayer(...)", layer.line, batch=True)
    if layer.positional:
        return checked_shape(layer.positional[0], "InputLayer(...)", layer.line)
    return Unknown("InputLayer(...) needs `shape=`", layer.line, final=True)


def make_input(ev: Evaluator, node: ast.Call, args: CallArgs) -> Tensor | Unknown:
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, "Input(...)")
    shape_arg = args.get("shape", 0)
    if shape_arg is not None:
        shape = shape_of(ev, shape_arg[0], shape_arg[1], "Input(...)")
    elif (batch_arg := args.get("batch_shape") or args.get("batch_input_shape")) is not None:
        shape = shape_of(ev, batch_arg[0], batch_arg[1], "Input(...)", batch=True)
    else:
        shape = Unknown("Input(...) needs `shape=`", node.lineno, final=True)
    if isinstance(shape, Unknown):
        return shape
    name = args.get("name")
    layer = ev.reading.made(LayerSpec("InputLayer", {"shape": shape}, name[1] if name and
                                      isinstance(name[1], str) else None, node.lineno))
    return Tensor(ev.reading.node(layer, (), node.lineno))
