"""Flatten, Reshape, Permute and RepeatVector: the same numbers rearranged, no weights."""

from __future__ import annotations

from math import prod

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.shapes import (
    NAME_SYMBOLS,
    axes_of,
    known_product,
    no_params,
    shape_text,
    size_text,
)
from tutor.calc.result import Shape
from tutor.calc.slips import Slip


def axis_symbols(shape: Shape, data_format: str = "channels_last") -> list[str]:
    """Each non-batch axis's symbol in the lesson's notation: H_in, W_in, D_in (D_in, H_in,
    W_in with channels_first); d1, d2, ... for an axis without a name."""
    axes = axes_of(len(shape), data_format)
    names = {index: name for name, index in axes.items() if name != "units"}
    return [f"{NAME_SYMBOLS[names[i]]}_in" if i in names else f"d{i}"
            for i in range(1, len(shape))]


def size_formula(shape: Shape, data_format: str = "channels_last") -> tuple[str, str]:
    """The non-batch sizes multiplied, in the lesson's symbols (H_in × W_in × D_in) and numbers."""
    return (" × ".join(axis_symbols(shape, data_format)),
            " × ".join(size_text(d) for d in shape[1:]))


@register("Flatten", {"data_format": None}, positional=("data_format",))
def flatten(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    data_format = args.data_format()
    size = known_product(shape[1:])
    if ctx.slip(Slip.NO_INPUT_DEPTH) and len(shape) > 2:  # the sizes, not the channels
        size = known_product(shape[2:] if data_format == "channels_first" else shape[1:-1])
    formula, subst = size_formula(shape, data_format)
    note = None
    if size is None:
        note = "an unknown size in the input makes the flattened size unknown"
    elif data_format == "channels_first" and len(shape) > 2:
        note = ("channels_first: Keras moves the channels last before flattening; the order "
                "of the numbers changes, their count does not")
    steps = [Step("output_shape", "flatten", "flattened size (every non-batch axis multiplied)",
                  formula, subst, size, note=note),
             no_params("Flatten")]
    return LayerOut((shape[0], size), steps=steps, axes={"units": 1})


@register("Reshape", {"target_shape": REQUIRED}, positional=("target_shape",))
def reshape(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    target = target_shape(args)
    steps: list[Step] = []
    total = known_product(shape[1:])
    formula, subst = size_formula(shape)
    steps.append(Step("output_shape", "input_size", "number of values per example", formula,
                      subst, total))
    if total is None:
        out = tuple(None if d == -1 else d for d in target)
    elif -1 in target:
        out = infer_unknown(args, target, total)
    else:
        if prod(target) != total:
            raise args.error(f"target_shape {shape_text(target)} holds {prod(target)} values "
                             f"but the input {shape_text(shape)} has {total} per example: "
                             f"the sizes must match")
        out = target
    output = (shape[0], *out)
    axes = axes_of(len(output))
    for name, index in axes.items():
        if name == "units":
            continue
        value = output[index]
        if target[index - 1] == -1:  # what the other sizes leave of the values
            known = [d for d in target if d != -1]
            divisor = " × ".join(map(str, known)) if known else "1"
            divisor = f"({divisor})" if len(known) > 1 else divisor
            steps.append(Step(name, "inferred", f"output {name} (the -1 in target_shape)",
                              f"({formula}) / {divisor}", f"({subst}) / {divisor}", value,
                              note="Keras fills in -1 so that the number of values is "
                                   "unchanged"))
        else:
            steps.append(Step(name, name, f"output {name} (target_shape's size "
                              f"{index})", size_text(value), size_text(value), value))
    steps.append(no_params("Reshape"))
    return LayerOut(output, steps=steps, axes=axes)


def target_shape(args: Args) -> tuple[int, ...]:
    """Keras's checks on `target_shape`: sizes >= 0, or -1 once."""
    value = args.raw("target_shape")
    if not isinstance(value, tuple | list):
        raise args.error(f"`target_shape` must be a tuple such as (7, 7, 64), got {value!r}")
    for dim in value:
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < -1:
            raise args.error(f"`target_shape` sizes must be non-negative integers, or -1 for "
                             f"one size to infer, got {tuple(value)}")
    if list(value).count(-1) > 1:
        raise args.error(f"`target_shape` can have only one -1 (one size to infer), got "
                         f"{tuple(value)}")
    return tuple(value)


def infer_unknown(args: Args, target: tuple[int, ...], total: int) -> tuple[int, ...]:
    """The -1 of target_shape: what the known sizes leave of the input's values."""
    known = [d for d in target if d != -1]
    known_size = prod(known)
    known_text = " × ".join(str(d) for d in known) or "1"
    if known_size == 0 or total % known_size:
        product = known_text if len(known) < 2 else f"{known_text} = {known_size}"
        raise args.error(f"target_shape {shape_text(target)} cannot hold the input's {total} "
                         f"values per example: {total} is not divisible by {product}")
    value = total // known_size
    return tuple(value if d == -1 else d for d in target)


@register("Permute", {"dims": REQUIRED}, positional=("dims",))
def permute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    dims = args.raw("dims")
    rank = len(shape) - 1
    if (not isinstance(dims, tuple | list)
            or sorted(dims) != list(range(1, rank + 1))):
        raise args.error(f"`dims` must be a permutation of 1..{rank} (axis 0 is the batch), "
                         f"got {dims!r}")
    output = (shape[0], *(shape[d] for d in dims))
    symbols = axis_symbols(shape)
    before = ["None", *symbols]
    formula = (f"({', '.join(before)}) → "
               f"({', '.join(['None', *(symbols[d - 1] for d in dims)])})")
    steps = [Step("output_shape", "permute", f"axes reordered as dims={tuple(dims)} says",
                  formula, f"{shape_text(shape)} → {shape_text(output)}", output),
             no_params("Permute")]
    return LayerOut(output, steps=steps, axes=axes_of(len(output)))


@register("RepeatVector", {"n": REQUIRED}, positional=("n",))
def repeat_vector(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    n = args.int("n")
    if len(shape) != 2:
        raise args.error(f"RepeatVector expects an input of rank 2 (batch, features), got "
                         f"shape {shape_text(shape)} of rank {len(shape)}")
    output = (shape[0], n, shape[1])
    steps = [Step("length", "length", "output length (repetitions)", "n", str(n), n),
             Step("depth", "depth", "output depth (unchanged)", "D_in", size_text(shape[1]),
                  shape[1]),
             no_params("RepeatVector")]
    return LayerOut(output, steps=steps, axes={"length": 1, "depth": 2})
