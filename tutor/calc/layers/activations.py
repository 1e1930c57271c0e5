"""Activation layers: Activation, ReLU, LeakyReLU, ELU, Softmax keep the shape and have no
weights; PReLU learns one slope per input value unless axes share it."""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.shapes import NAME_SYMBOLS, axes_of, no_params, shape_text, unchanged_steps
from tutor.calc.result import Shape

ELEMENTWISE = "an activation is applied to each value on its own: the shape is unchanged"


def passthrough(type_: str, shape: Shape, why: str = ELEMENTWISE) -> LayerOut:
    """A layer whose output has its input's shape and which has no weights."""
    axes = axes_of(len(shape))
    return LayerOut(shape, steps=[*unchanged_steps(shape, axes, why), no_params(type_)],
                    axes=axes)


def non_negative(args: Args, key: str, *, allow_none: bool = False) -> None:
    value = args.raw(key)
    if value is None and allow_none:
        return
    if args.float(key) < 0:
        raise args.error(f"`{key}` cannot be negative, got {value}")


@register("Activation", {"activation": REQUIRED}, positional=("activation",))
def activation(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    # `bind` has already checked the name against Keras's list of activations.
    return passthrough("Activation", shape)


@register("ReLU", {"max_value": None, "negative_slope": 0.0, "threshold": 0.0},
          positional=("max_value", "negative_slope", "threshold"))
def relu(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    non_negative(args, "max_value", allow_none=True)
    non_negative(args, "negative_slope")
    non_negative(args, "threshold")
    return passthrough("ReLU", shape)


@register("LeakyReLU", {"negative_slope": 0.3, "alpha": None}, positional=("negative_slope",))
def leaky_relu(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    # Keras 3 still takes the Keras 2 name `alpha` (with a deprecation warning); it wins.
    non_negative(args, "alpha" if args.raw("alpha") is not None else "negative_slope")
    return passthrough("LeakyReLU", shape)


@register("ELU", {"alpha": 1.0}, positional=("alpha",))
def elu(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    args.float("alpha")
    return passthrough("ELU", shape)


@register("Softmax", {"axis": -1}, positional=("axis",))
def softmax(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    # Keras does not check the axis when building: a wrong one fails only on real data.
    return passthrough("Softmax", shape, "softmax rescales values along one axis so that "
                                         "they sum to 1: the shape is unchanged")


PRELU_ORDER = ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")


@register("PReLU", {"alpha_initializer": "Zeros", "alpha_regularizer": None,
                    "alpha_constraint": None, "shared_axes": None}, positional=PRELU_ORDER)
def prelu(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    shared = shared_axes(args, args.raw("shared_axes"), len(shape))
    sizes = [1 if i in shared else d for i, d in enumerate(shape) if i > 0]
    if None in sizes:
        raise args.error(f"PReLU learns one slope per input value, so every axis must be "
                         f"known or shared; got {shape_text(shape)}")
    axes = axes_of(len(shape))
    names = {index: name for name, index in axes.items() if name != "units"}
    symbols = ["1" if i in shared else f"{NAME_SYMBOLS.get(names.get(i, ''), f'N{i}')}_in"
               for i in range(1, len(shape))]
    count = prod(sizes)  # type: ignore[arg-type]
    step = Step("params", "params", "parameters (one slope per input value)",
                " × ".join(symbols), " × ".join(str(s) for s in sizes), count,
                note="shared_axes share one slope along those axes (counted as 1)"
                if shared else None)
    steps = [*unchanged_steps(shape, axes, ELEMENTWISE), step]
    return LayerOut(shape, trainable=count, steps=steps, axes=axes)


def shared_axes(args: Args, value: Any, rank: int) -> set[int]:
    if value is None:
        return set()
    values = value if isinstance(value, tuple | list) else (value,)
    for axis in values:
        if isinstance(axis, bool) or not isinstance(axis, int) or not 1 <= axis < rank:
            raise args.error(f"`shared_axes` must be axis numbers from 1 to {rank - 1} "
                             f"(axis 0 is the batch), got {value!r}")
    return set(values)
