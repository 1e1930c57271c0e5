"""Layers that join tensors (Add, Concatenate, Dot, ...) and the operators `+ - * /` on
Keras tensors. No weights: only the shape rules of Keras 3's merging layers and of
`keras.ops` broadcasting.

A joining layer is given the shapes of all its inputs as one tuple of shapes; the model
(`tutor.calc.graph`) passes them so.
"""

from __future__ import annotations

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerFn, LayerOut, register
from tutor.calc.layers.shapes import (
    NAME_SYMBOLS,
    axes_of,
    no_params,
    shape_text,
    size_text,
    unchanged_steps,
)
from tutor.calc.result import Shape

ELEMENTWISE = {"Add": "adds", "Subtract": "subtracts", "Multiply": "multiplies",
               "Average": "averages", "Maximum": "takes the largest of",
               "Minimum": "takes the smallest of"}
# `a + b` on Keras tensors makes a keras.ops operation, not a layer: a row of its own in
# the summary (named "add", "true_divide", ... from the same counter as layers), no weights.
OPERATORS = {"Add": "add", "Subtract": "subtract", "Multiply": "multiply",
             "TrueDivide": "true_divide"}
OP_PREFIX = "ops."


def shapes_of(args: Args, type_: str, shape: Shape | tuple[Shape, ...], *,
              exactly: int | None = None) -> tuple[Shape, ...]:
    """The input shapes of a joining layer, which Keras wants as a list."""
    if not shape or not isinstance(shape[0], tuple):
        raise args.error(f"A merge layer should be called on a list of inputs: {type_} joins "
                         f"tensors given as a list, as in {type_}()([a, b]); it got one "
                         f"tensor of shape {shape_text(shape)}")  # type: ignore[arg-type]
    shapes: tuple[Shape, ...] = shape  # type: ignore[assignment]
    if exactly is not None and len(shapes) != exactly:
        raise args.error(f"A `{type_}` layer should be called on exactly {exactly} inputs, "
                         f"got {len(shapes)}")
    return shapes


def broadcast(args: Args, first: Shape, second: Shape) -> Shape:
    """Keras's `_compute_elemwise_op_output_shape` (the batch axis left out): axes compared
    from the right; 1 stretches to the other size, unknown stays unknown."""
    if len(first) < len(second):
        first, second = second, first
    out = list(first[:len(first) - len(second)])
    for i, j in zip(first[len(first) - len(second):], second, strict=True):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1:
            out.append(j if i == 1 else i)
        elif i != j:
            raise args.error(f"Inputs have incompatible shapes: {shape_text(first)} and "
                             f"{shape_text(second)} (each axis must be equal, or 1)")
        else:
            out.append(i)
    return tuple(out)


def elementwise(type_: str, verb: str, exactly: int | None = None) -> LayerFn:
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        shapes = shapes_of(args, type_, shape, exactly=exactly)
        out: Shape = shapes[0][1:]
        for other in shapes[1:]:
            out = broadcast(args, out, other[1:])
        result: Shape = (None, *out)
        steps = [*join_steps(shapes, result, f"{type_} {verb} its inputs element by element"),
                 no_params(type_)]
        return LayerOut(result, steps=steps, axes=axes_of(len(result)))
    return compute


for _type, _verb in ELEMENTWISE.items():
    register(_type, {})(
        elementwise(_type, _verb, exactly=2 if _type == "Subtract" else None))


def operator(type_: str) -> LayerFn:
    """`a + b`, `x * 0.5`: numpy broadcasting between the tensors (a number changes nothing)."""
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        shapes = shape if shape and isinstance(shape[0], tuple) else (shape,)
        out: Shape = shapes[0]  # type: ignore[assignment]
        for other in shapes[1:]:
            out = broadcast(args, out, other)  # type: ignore[arg-type]
        steps = [*join_steps(shapes, out, f"{type_} works element by element"),  # type: ignore
                 no_params(type_, "an operation on tensors, not a layer")]
        return LayerOut(out, steps=steps, axes=axes_of(len(out)))
    return compute


for _type, _name in OPERATORS.items():
    register(OP_PREFIX + _type, {}, auto_name=_name)(operator(_type))


def join_steps(shapes: tuple[Shape, ...], out: Shape, why: str) -> list[Step]:
    """One step per named axis: the size the inputs share, or, where some have size 1 and
    are stretched (broadcast), the largest of them."""
    axes = axes_of(len(out))
    if all(s == out for s in shapes):
        return unchanged_steps(out, axes, why)
    steps = []
    for name, index in axes.items():
        if name == "units":
            continue
        symbol = NAME_SYMBOLS.get(name, name)
        sizes = [s[index - len(out)] if len(s) >= len(out) - index else 1 for s in shapes]
        steps.append(Step(name, name, f"output {name} (sizes of 1 are stretched to match)",
                          f"max({', '.join(f'{symbol}_{i + 1}' for i in range(len(sizes)))})",
                          f"max({', '.join(size_text(d) for d in sizes)})", out[index],
                          note=None if steps else why))
    return steps


def shape_formula(shape: Shape, suffix: str = "") -> tuple[str, str]:
    """A shape in symbols, (None, H, W, D), and in numbers."""
    axes = {index: name for name, index in axes_of(len(shape)).items() if name != "units"}
    symbols = [f"{NAME_SYMBOLS.get(axes.get(i, ''), f'N{i}')}{suffix}"
               for i in range(1, len(shape))]
    return "(None, " + ", ".join(symbols) + ")", shape_text(shape)


@register("Concatenate", {"axis": -1}, positional=("axis",))
def concatenate(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    shapes = shapes_of(args, "Concatenate", shape)
    axis = args.int("axis", minimum=None)
    rank = len(shapes[0])
    if not -rank <= axis < rank or any(len(s) != rank for s in shapes):
        raise args.error(f"A `Concatenate` layer requires inputs with matching shapes except "
                         f"for the concatenation axis; got {', '.join(map(shape_text, shapes))}"
                         f" (axis={axis})")
    axis %= rank
    for i in range(1, rank):
        sizes = {s[i] for s in shapes if s[i] is not None and (i == axis or s[i] != 1)}
        if i != axis and len(sizes) > 1:
            raise args.error(
                "A `Concatenate` layer requires inputs with matching shapes except for the "
                f"concatenation axis; got {', '.join(map(shape_text, shapes))}: axis {i} "
                "differs")
    joined = [s[axis] for s in shapes]
    total = None if None in joined else sum(joined)  # type: ignore[arg-type]
    out = tuple(total if i == axis else d for i, d in enumerate(shapes[0]))
    axes = axes_of(rank)
    name = next((n for n, i in axes.items() if i == axis and n != "units"), None)
    symbol = {"depth": "D"}.get(name or "", f"N{axis}")
    steps = [Step(name or "output_shape", "concatenate",
                  f"size along axis {axis} (the inputs' sizes added)",
                  " + ".join(f"{symbol}_{i + 1}" for i in range(len(shapes))),
                  " + ".join(size_text(d) for d in joined), total,
                  note="the other axes must match; they stay as they are"),
             no_params("Concatenate")]
    return LayerOut(out, steps=steps, axes=axes)


@register("Dot", {"axes": -1, "normalize": False}, positional=("axes", "normalize"))
def dot(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    shapes = shapes_of(args, "Dot", shape, exactly=2)
    first, second = shapes
    given = args.raw("axes")
    if isinstance(given, int) and not isinstance(given, bool):
        axes = ((given % len(first), given % len(second)) if given < 0 else (given, given))
    elif (isinstance(given, tuple) and len(given) == 2
          and all(isinstance(a, int) and not isinstance(a, bool) for a in given)):
        axes = given
    else:
        raise args.error(f"`axes` must be an integer or a tuple of 2 integers, got {given!r}")
    if not all(0 <= a < len(s) for a, s in zip(axes, shapes, strict=True)):
        raise args.error(f"`axes` {given!r} is out of range for shapes {shape_text(first)} "
                         f"and {shape_text(second)}")
    if first[axes[0]] != second[axes[1]]:
        raise args.error(f"Incompatible input shapes: axis values {size_text(first[axes[0]])}"
                         f" (at axis {axes[0]}) != {size_text(second[axes[1]])} (at axis "
                         f"{axes[1]}). Full input shapes: {shape_text(first)}, "
                         f"{shape_text(second)}")
    rest = [d for i, d in enumerate(first) if i != axes[0]] + \
        [d for i, d in enumerate(second) if i not in (axes[1], 0)]
    out = tuple(rest) if len(rest) > 1 else (*rest, 1)
    formula, numbers = shape_formula(out, "_out")
    steps = [Step("output_shape", "dot", "output shape: the first input's axes but the summed "
                  "one, then the second's but its batch and summed axes", formula, numbers, out,
                  note=f"axis {axes[0]} of the first and axis {axes[1]} of the second "
                       f"({size_text(first[axes[0]])} values each) are multiplied and summed"),
             no_params("Dot")]
    return LayerOut(out, steps=steps, axes=axes_of(len(out)))
