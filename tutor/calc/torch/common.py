"""Shape helpers for PyTorch's layout: channels first, the batch axis real (2, not None), and
most layers also taking one example without a batch axis."""

from __future__ import annotations

from collections.abc import Sequence
from math import prod

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.result import Shape
from tutor.calc.spatial import AXIS_NAMES

ELEMENTWISE = "applied to each value on its own: the shape is unchanged"


def shape_text(shape: Shape | None) -> str:
    """A shape as PyTorch prints `tensor.shape`: [2, 3, 128, 128]."""
    if shape is None:
        return "[?]"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"


def size_text(value: int | None) -> str:
    return "?" if value is None else str(value)


def channel_axes(rank: int, batched: bool) -> dict[str, int]:
    """Named axes of an (N, C, *spatial) shape, or (C, *spatial) without the batch axis.

    "depth" is the channel axis, so the lesson's questions (depth, height, width) work on
    PyTorch shapes unchanged.
    """
    first = 1 if batched else 0
    axes = {"depth": first}
    names = AXIS_NAMES.get(rank, ())
    axes.update({name: first + 1 + i for i, name in enumerate(names)})
    return axes


def generic_axes(shape: Shape) -> dict[str, int]:
    """Axes of a shape whose meaning the layer does not know: (N, C, ...) when it looks like
    an image or a sequence of channels, (N, F) for features."""
    rank = len(shape)
    if rank == 2:
        return {"depth": 1, "units": 1}
    if 3 <= rank <= 5:
        return channel_axes(rank - 2, batched=True)
    return {}


def split(args: Args, type_: str, shape: Shape, rank: int, what: str = "channels"
          ) -> tuple[Shape, int | None, list[int | None]]:
    """(batch prefix, channels, spatial sizes) of a batched (N, C, *spatial) or unbatched
    (C, *spatial) input, as PyTorch's convolutions and pooling take either."""
    if len(shape) == rank + 2:
        return shape[:1], shape[1], list(shape[2:])
    if len(shape) == rank + 1:
        return (), shape[0], list(shape[1:])
    raise args.error(f"{type_} expects a {rank + 1}-D (unbatched) or {rank + 2}-D (batched) "
                     f"input, (N, {what}, {spatial_words(rank)}), but got input of shape "
                     f"{shape_text(shape)}")


def spatial_words(rank: int) -> str:
    return {1: "L", 2: "H, W", 3: "D, H, W"}[rank]


def unchanged(shape: Shape, axes: dict[str, int], why: str) -> list[Step]:
    """One step per named axis that passes through (the reason said once)."""
    steps: list[Step] = []
    for name, index in axes.items():
        if name == "units" or index >= len(shape):
            continue
        value = shape[index]
        symbol = {"depth": "C", "height": "H", "width": "W", "length": "L", "dim1": "D1",
                  "dim2": "D2", "dim3": "D3"}.get(name, name)
        steps.append(Step(name, name, f"output {name} (unchanged)", f"{symbol}_in",
                          size_text(value), value, note=None if steps else why))
    return steps


def no_params(type_: str, why: str | None = None) -> Step:
    return Step("params", "params", f"parameters ({type_} has no weights)", "0", "0", 0,
                note=why)


def known_product(sizes: Shape) -> int | None:
    return None if any(d is None for d in sizes) else prod(sizes)  # type: ignore[arg-type]


def normalize_dim(args: Args, key: str, dim: int, rank: int) -> int:
    """A dimension index as PyTorch wraps it: -1 is the last axis; out of range is an error."""
    if not -rank <= dim < rank:
        low, high = (-rank, rank - 1) if rank else (-1, 0)
        raise args.error(f"Dimension out of range (expected to be in range of [{low}, {high}], "
                         f"but got {dim}) for `{key}`")
    return dim % rank if rank else 0


# -- how a tensor function's output shape follows from its input's -------------------------
# d0, d1, ... are the sizes of the input's axes (e0, e1, ... a second input's, f0, ... a
# third's); an output axis is written as the input axis it keeps, a number it is given, or
# the arithmetic that makes it: [d0, d1 × d2 × d3], [d0, d1 + e1].

Axis = tuple[str, str]
"""One output axis: its formula and its numbers."""
LETTERS = "defghijk"


def number(size: int | None) -> str:
    return "None" if size is None else str(size)


def kept(shape: Shape, index: int, letter: str = "d") -> Axis:
    return f"{letter}{index}", number(shape[index])


def given(size: int | None) -> Axis:
    return number(size), number(size)


def product(shape: Shape, indexes: Sequence[int], letter: str = "d") -> Axis:
    """The sizes of some axes multiplied: d1 × d2 × d3."""
    return (" × ".join(f"{letter}{i}" for i in indexes),
            " × ".join(number(shape[i]) for i in indexes))


def quotient(total: Axis, known: Sequence[int]) -> Axis:
    """A -1 size: what the other sizes leave of the values, total / (known sizes)."""
    if not known:
        return total
    divisor = " × ".join(str(d) for d in known)
    divisor = f"({divisor})" if len(known) > 1 else divisor
    return f"({total[0]}) / {divisor}", f"({total[1]}) / {divisor}"


def shape_step(label: str, axes: Sequence[Axis], value: Shape, note: str | None = None
               ) -> Step:
    """The output shape as its axes make it: [d0, d2, d1] = [5, 32, 30]."""
    formula = "[" + ", ".join(f for f, _ in axes) + "]"
    numbers = "[" + ", ".join(n for _, n in axes) + "]"
    return Step("output_shape", "output_shape", label, formula, numbers, value, note=note)
