"""Shape helpers for layers without a sliding window: named axes, unchanged axes, no weights."""

from __future__ import annotations

from math import prod

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.result import Shape
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS

# The lesson's symbol for each named axis, for formulas such as "H_in".
NAME_SYMBOLS = {name: symbol for rank in AXIS_NAMES
                for name, symbol in zip(AXIS_NAMES[rank], AXIS_SYMBOLS[rank], strict=True)}
NAME_SYMBOLS["depth"] = "D"


def shape_text(shape: Shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def size_text(value: int | None) -> str:
    return "None" if value is None else str(value)


def axes_of(rank: int, data_format: str = "channels_last") -> dict[str, int]:
    """The named axes of a (batch, ..., channels) shape with `rank` axes in all.

    Layers that do not know what their input's axes mean (Dropout, Activation, ...) assume
    Keras's default layout, channels last; a rank-2 output is a vector of units.
    """
    spatial = rank - 2
    if spatial < 0:
        return {}
    if spatial == 0:
        return {"depth": 1, "units": 1}
    if spatial > 3:
        return {"depth": 1 if data_format == "channels_first" else rank - 1}
    first = 2 if data_format == "channels_first" else 1
    axes = {name: first + i for i, name in enumerate(AXIS_NAMES[spatial])}
    axes["depth"] = 1 if data_format == "channels_first" else rank - 1
    return axes


def unchanged_steps(shape: Shape, axes: dict[str, int], why: str) -> list[Step]:
    """One step per named axis saying it passes through as it came in (the reason once)."""
    steps = []
    for name, index in axes.items():
        if name == "units":  # the same axis as "depth" on a rank-2 shape
            continue
        symbol = f"{NAME_SYMBOLS.get(name, name)}_in"
        value = shape[index]
        steps.append(Step(name, name, f"output {name} (unchanged)", symbol, size_text(value),
                          value, note=None if steps else why))
    return steps


def no_params(type_: str, why: str | None = None) -> Step:
    return Step("params", "params", f"parameters ({type_} has no weights)", "0", "0", 0,
                note=why)


def check_rank(args: Args, type_: str, shape: Shape, rank: int, layout: str) -> None:
    """Keras's `InputSpec(ndim=...)`: the input must have exactly `rank` axes."""
    if len(shape) != rank:
        raise args.error(f"{type_} expects an input of rank {rank} {layout}, got shape "
                         f"{shape_text(shape)} of rank {len(shape)}")


def known_product(sizes: Shape) -> int | None:
    return None if any(d is None for d in sizes) else prod(sizes)  # type: ignore[arg-type]
