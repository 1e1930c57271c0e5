"""Keras calls: layers, `Sequential` and its methods, `keras.Input`, `keras.Model`, and layers
applied to tensors in a straight functional chain."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.models.snippet import arrays, names, pure
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.values import (
    MAX_ITEMS,
    MAX_NESTING,
    Array,
    CallArgs,
    Functional,
    Method,
    Model,
    Ref,
    Sequential,
    Tensor,
    Unknown,
    is_plain,
    size_exceeds,
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
IMAGE_FORMAT = {"keras.backend.image_data_format": "channels_last",
                "keras.config.image_data_format": "channels_last",
                "keras.backend.image_dim_ordering": "tf"}
STRAIGHT_ONLY = "the tutor reads only a straight chain of layers, each applied to the last"


def is_model(value: Any) -> bool:
    return isinstance(value, Sequential | Functional)


def call_ref(ev: Evaluator, ref: Ref, node: ast.Call, args: CallArgs) -> Any:
    path = ref.path
    if names.is_sequential(path):
        return make_sequential(ev, node, args)
    if names.is_model(path):
        return make_functional(ev, node, args)
    if names.is_input(path):
        return make_input(ev, node, args)
    if names.is_layer_class(path):
        return make_layer(ev, names.last(path), node, args)
    if names.is_merge(path):
        return joins(ev, node)
    if path in pure.LIBRARY:
        return ev.call_pure(pure.LIBRARY[path], node, args)
    values = [value for _, value in args.positional]
    if arrays.applies(path, values):
        keywords = {key: value for key, (_, value) in args.keywords.items()}
        try:
            result = arrays.call(path, values, keywords)
        except Cannot as error:
            return ev.unknown(node, str(error))
        if result is not None:
            return result
    if names.is_builtin(path) and names.last(path) in pure.BUILTINS:  # six.moves.range
        return ev.call_pure(names.last(path), node, args)
    if path in IMAGE_FORMAT:  # Keras's default configuration, which snippets test for
        return IMAGE_FORMAT[path]
    if path.startswith("keras.applications."):
        return ev.unknown(node, "it is a ready-made model; the tutor knows only layers written "
                                "in the snippet")
    return Unknown(f"the tutor does not run `{ev.quote(node)}`", node.lineno,
                   label=f"<{names.short(path)}>")


# -- layers ----------------------------------------------------------------------------------

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
    return LayerSpec(type_, kwargs, name, node.lineno, tuple(positional))


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


# -- shapes ----------------------------------------------------------------------------------

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
    return shape if isinstance(shape, Unknown) else Tensor(shape, node.lineno)


# -- Sequential ------------------------------------------------------------------------------

def make_sequential(ev: Evaluator, node: ast.Call, args: CallArgs) -> Sequential:
    model = Sequential(node.lineno)
    ev.reading.built.append(model)
    if args.problem:
        model.spoil(ev.needed(args.problem, args.problem_node or node, "Sequential(...)"))
    trainable = args.get("trainable")
    if trainable is not None and trainable[1] is False:
        model.trainable = False
    layers = args.get("layers", 0)
    if layers is None or layers[1] is None:
        return model
    list_node, value = layers
    if isinstance(value, Unknown) or not isinstance(value, list | tuple):
        problem = value if isinstance(value, Unknown) else ev.unknown(list_node, "not a list")
        model.spoil(ev.needed(problem, list_node, "Sequential(...)"))
        return model
    nodes = _element_nodes(list_node, len(value))
    for item_node, item in zip(nodes, value, strict=True):
        add(ev, model, item, item_node, "Sequential([...])")
    return model


def _element_nodes(node: ast.AST, count: int) -> list[ast.AST]:
    """The node of each element of a list literal, to point at the right line; the whole
    expression when the list was built some other way."""
    if isinstance(node, ast.List | ast.Tuple) and len(node.elts) == count and not any(
            isinstance(e, ast.Starred) for e in node.elts):
        return list(node.elts)
    return [node] * count


def add(ev: Evaluator, model: Sequential, item: Any, node: ast.AST, where: str) -> None:
    """`model.add(item)`, or one element of `Sequential([...])`, as Keras takes it."""
    if model.problem:
        return
    line = getattr(node, "lineno", None)
    if isinstance(item, Unknown):
        model.spoil(ev.needed(item, node, where))
    elif isinstance(item, LayerSpec) and item.type == "InputLayer":
        if model.layers:
            model.spoil(Unknown("InputLayer must come before the other layers", line, final=True))
        else:
            _set_input(model, input_layer_shape(ev, item, node))
    elif isinstance(item, LayerSpec):
        if any(layer is item for layer in model.layers):
            model.spoil(Unknown(f"the same {item.type} object is added twice; Keras would "
                                "reject it", line, final=True))
        else:
            model.layers.append(item)
    elif isinstance(item, Tensor) and item.root is None:
        if model.layers:
            model.spoil(Unknown("keras.Input must come before the layers", line, final=True))
        else:
            model.input_shape = item.shape
    elif is_model(item):
        _add_model(ev, model, item, node)
    else:
        model.spoil(ev.needed(ev.unknown(node, "it is not a layer"), node, where))


def _set_input(model: Sequential, shape: Shape | Unknown) -> None:
    if isinstance(shape, Unknown):
        model.spoil(shape)
    else:
        model.input_shape = shape


def _add_model(ev: Evaluator, model: Sequential, inner: Model, node: ast.AST) -> None:
    """A model used as a layer is read as its layers, one after another (Keras would show it as
    one row, with the same shapes and parameter counts)."""
    line = getattr(node, "lineno", None)
    if inner is model:
        model.spoil(Unknown("a model cannot be added to itself", line, final=True))
        return
    found = layers_of(inner)
    if isinstance(found, Unknown):
        model.spoil(found)
        return
    layers, shape = found
    if any(layer is mine for layer in layers for mine in model.layers):
        model.spoil(Unknown("the same layers are added twice; Keras would share their weights, "
                            "which the tutor does not model", line, final=True))
        return
    if not model.layers and model.input_shape is None:
        model.input_shape = shape
    model.layers.extend(layers)


def layers_of(model: Model) -> tuple[tuple[LayerSpec, ...], Shape | None] | Unknown:
    """A model's layers and input shape, the first layer's `input_shape=` taken out."""
    if isinstance(model, Functional):
        layers, shape = list(model.layers), model.input_shape
    else:
        if model.problem:
            return model.problem
        layers, shape = list(model.layers), model.input_shape
        if layers:
            layers[0], found = input_args_shape(layers[0])
            if isinstance(found, Unknown):
                return found
            shape = shape if shape is not None else found
    if not model.trainable:
        layers = [replace(layer, args={**layer.args, "trainable": False}) for layer in layers]
    return tuple(layers), shape


def call_method(ev: Evaluator, method: Method, node: ast.Call, args: CallArgs) -> Any:
    obj = method.obj
    if isinstance(obj, Sequential):
        return _sequential_method(ev, obj, method.name, node, args)
    if args.problem:
        return args.problem
    values = [value for _, value in args.positional]
    if isinstance(obj, Array):
        try:
            keywords = {key: value for key, (_, value) in args.keywords.items()}
            return arrays.method(obj, method.name, values, keywords)
        except Cannot as error:
            return ev.unknown(node, str(error))
    if isinstance(obj, dict):  # dict.get
        if values and isinstance(values[0], str | int) and len(values) <= 2:
            return obj.get(values[0], values[1] if len(values) > 1 else None)
        return ev.unknown(node, "the key is not a constant")
    return _list_method(ev, obj, method.name, node, values)


def _sequential_method(ev: Evaluator, model: Sequential, name: str, node: ast.Call,
                       args: CallArgs) -> Any:
    where = f"{ev.quote(node.func)}(...)"
    if args.problem:
        model.spoil(ev.needed(args.problem, args.problem_node or node, where))
        return None
    if name == "add":
        item = args.get("layer", 0)
        if item is None:
            model.spoil(Unknown(f"{where} needs a layer", node.lineno, final=True))
        else:
            add(ev, model, item[1], item[0], where)
        return None
    if name == "pop":
        if model.layers:
            return model.layers.pop()
        model.spoil(Unknown(f"{where}: the model has no layers to remove", node.lineno,
                            final=True))
        return None
    shape_arg = args.get("input_shape", 0)  # build
    if shape_arg is not None and shape_arg[1] is not None:
        _set_input(model, shape_of(ev, shape_arg[0], shape_arg[1], where, batch=True))
    return None


def _list_method(ev: Evaluator, items: list[Any], name: str, node: ast.Call,
                 values: list[Any]) -> Any:
    try:
        if name == "append" and len(values) == 1:
            items.append(values[0])
        elif name == "extend" and len(values) == 1:
            items.extend(pure.items(values[0]))
        elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
            items.insert(values[0], values[1])
        elif name == "pop" and len(values) <= 1:
            return items.pop(*values) if items else ev.unknown(node, "the list is empty")
        else:
            return ev.unknown(node, "the call's arguments are not understood")
    except (Cannot, TypeError, IndexError):
        return ev.unknown(node, "the call's arguments are not understood")
    # Only containers added can nest (or make the list hold itself); for other values the
    # length is enough, which keeps a loop of appends linear.
    nested = any(isinstance(v, list | tuple | dict) for v in values)
    if len(items) > MAX_ITEMS or (nested and size_exceeds(items)):
        # A list that grew too large (or now holds itself) is spoiled for any model using it.
        items[:] = [ev.unknown(node, "the list grows too large")]
    return None


# -- functional models -----------------------------------------------------------------------

def apply(ev: Evaluator, func: LayerSpec | Model, node: ast.Call, args: CallArgs) -> Any:
    """`layer(x)` or `model(x)`: one more step of a functional chain."""
    if args.problem:
        return args.problem
    given = args.get("inputs", 0)
    if given is None:
        return ev.unknown(node, "the layer is called without an input")
    x = given[1]
    if isinstance(x, Unknown):
        return x
    if isinstance(x, list | tuple):
        if len(x) != 1:
            return joins(ev, node)
        x = x[0]
    if not isinstance(x, Tensor):
        return ev.unknown(node, "it is applied to data, not to a tensor from keras.Input")
    if isinstance(func, LayerSpec):
        if func.type == "InputLayer":
            return ev.unknown(node, "an InputLayer is not applied to a tensor")
        new: tuple[LayerSpec, ...] = (func,)
    else:
        found = layers_of(func)
        if isinstance(found, Unknown):
            return found
        new = found[0]
    if any(layer is old for layer in new for old in x.layers):
        return Unknown(f"cannot follow `{ev.quote(node)}`: the same layer is applied twice, "
                       "sharing its weights, which the tutor does not model", node.lineno,
                       final=True)
    return Tensor(x.shape, node.lineno, x.origin, x.layers + new)


def joins(ev: Evaluator, node: ast.Call) -> Unknown:
    """A merge (`layers.add([x, y])`, `Concatenate()([a, b])`): the line to point at is its
    own, wherever the model later uses it."""
    return replace(ev.unknown(node, f"it joins several tensors; {STRAIGHT_ONLY}"), final=True)


def make_functional(ev: Evaluator, node: ast.Call, args: CallArgs) -> Functional | Unknown:
    result = _functional(ev, node, args)
    ev.reading.built.append(result)
    return result


def _functional(ev: Evaluator, node: ast.Call, args: CallArgs) -> Functional | Unknown:
    inputs, outputs = args.get("inputs", 0), args.get("outputs", 1)
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, "keras.Model(...)")
    if inputs is None or outputs is None:
        return Unknown("keras.Model(...) without inputs and outputs (a subclassed model?): the "
                       "tutor reads Sequential models and straight functional chains",
                       node.lineno, final=True)
    x = _one_tensor(ev, *inputs, "inputs")
    y = _one_tensor(ev, *outputs, "outputs")
    for value in (x, y):
        if isinstance(value, Unknown):
            return value
    assert isinstance(x, Tensor) and isinstance(y, Tensor)
    if x.root is not None:
        return Unknown(f"the model's input `{ev.quote(inputs[0])}` must come straight from "
                       "keras.Input(...)", node.lineno, final=True)
    if y.origin is not x:
        return Unknown(f"the model's output `{ev.quote(outputs[0])}` does not come from its "
                       f"input `{ev.quote(inputs[0])}`", node.lineno, final=True)
    return Functional(node.lineno, x.shape, y.layers)


def _one_tensor(ev: Evaluator, node: ast.AST, value: Any, what: str) -> Tensor | Unknown:
    if isinstance(value, Unknown):
        return ev.needed(value, node, "keras.Model(...)")
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        if len(value) != 1:
            return Unknown(f"the model has several {what}; {STRAIGHT_ONLY}",
                           getattr(node, "lineno", None), final=True)
        value = value[0]
    if isinstance(value, Unknown):
        return ev.needed(value, node, "keras.Model(...)")
    if not isinstance(value, Tensor):
        return ev.needed(ev.unknown(node, "it is not a tensor from keras.Input"), node,
                         "keras.Model(...)")
    return value
