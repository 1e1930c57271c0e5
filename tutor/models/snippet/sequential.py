"""`Sequential` models: built from a list or with `model.add(...)`, and their methods."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.models.snippet.layers import Shape, input_args_shape, input_layer_shape, shape_of
from tutor.models.snippet.values import (
    CallArgs,
    Functional,
    Model,
    Sequential,
    Tensor,
    Unknown,
)
from tutor.models.spec import LayerSpec

if TYPE_CHECKING:
    from tutor.models.snippet.evaluate import Evaluator


def is_model(value: Any) -> bool:
    return isinstance(value, Sequential | Functional)


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
    elif isinstance(item, Tensor) and item.is_input:
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
        from tutor.models.snippet.functional import chain_layers

        chain = chain_layers(model)
        if isinstance(chain, Unknown):
            return chain
        layers, shape = list(chain[0]), chain[1]
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


def call_method(ev: Evaluator, model: Sequential, name: str, node: ast.Call,
                args: CallArgs) -> Any:
    """`model.add(layer)`, `model.pop()` and `model.build(input_shape)`."""
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
