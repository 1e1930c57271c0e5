"""Functional models that are a straight chain: `x = layer(x)` from `keras.Input` to
`keras.Model(inputs, outputs)`. Branches that join (`layers.add`, `Concatenate`) are refused."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.models.snippet.sequential import layers_of
from tutor.models.snippet.values import CallArgs, Functional, Model, Tensor, Unknown
from tutor.models.spec import LayerSpec

if TYPE_CHECKING:
    from tutor.models.snippet.evaluate import Evaluator

STRAIGHT_ONLY = "the tutor reads only a straight chain of layers, each applied to the last"


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
