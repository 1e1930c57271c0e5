"""ZeroPadding, Cropping and UpSampling (1D/2D/3D): each spatial axis grows by the padding,
shrinks by the cropping or is multiplied by the size; channels and weights are untouched."""

from __future__ import annotations

from typing import Any

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import join_channels, split_channels
from tutor.calc.layers.shapes import no_params, shape_text, size_text
from tutor.calc.result import Shape
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS

Pairs = tuple[tuple[int, int], ...]
# What the two ends of each axis are called, for symbols such as P_top.
ENDS = {"height": ("top", "bottom"), "width": ("left", "right"), "length": ("left", "right")}


def pair(args: Args, key: str, value: Any, what: str) -> tuple[int, int]:
    """Keras's `standardize_tuple(value, 2, allow_zero=True)`: an int or two ints, >= 0."""
    given = value
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value, value)
    if (not isinstance(value, tuple | list) or len(value) != 2
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)):
        raise args.error(f"{what} of `{key}` must be an integer or a pair of integers, got "
                         f"{given!r}")
    if min(value) < 0:
        raise args.error(f"{what} of `{key}` cannot be negative, got {given!r}")
    return value[0], value[1]


def pairs(args: Args, key: str, rank: int) -> Pairs:
    """(before, after) per spatial axis. 1D takes an int or a pair; 2D and 3D take an int, or
    one entry per axis, each an int (both ends) or a pair."""
    value = args.raw(key)
    if rank == 1:
        return (pair(args, key, value, "the value"),)
    if isinstance(value, int) and not isinstance(value, bool):
        # Keras checks a single int for Cropping but not for ZeroPadding, where a negative
        # one builds (and crops).
        if value < 0 and key == "cropping":
            raise args.error(f"`{key}` cannot be negative, got {value}")
        return ((value, value),) * rank
    if not isinstance(value, tuple | list) or len(value) != rank:
        raise args.error(f"`{key}` must be an integer or {rank} entries, one per spatial axis "
                         f"(each an integer or a pair), got {value!r}")
    return tuple(pair(args, key, v, f"entry {i + 1}") for i, v in enumerate(value))


def end_symbols(symbol: str, name: str, rank: int, axis: str) -> tuple[str, str]:
    """P_top and P_bottom for the height, P_d1_left and P_d1_right for a 3D axis."""
    first, last = ENDS.get(name, ("left", "right"))
    if rank == 3:
        return f"{symbol}_{axis.lower()}_{first}", f"{symbol}_{axis.lower()}_{last}"
    return f"{symbol}_{first}", f"{symbol}_{last}"


def edge_axes(amounts: Pairs, sizes: list[int | None], symbol: str, sign: str, what: str
              ) -> tuple[list[int | None], list[Step], dict[str, int]]:
    """Each axis plus (or minus) what is added (or removed) at its two ends."""
    rank = len(sizes)
    out: list[int | None] = []
    steps: list[Step] = []
    syms: dict[str, int] = {}
    for (before, after), size, name, axis in zip(amounts, sizes, AXIS_NAMES[rank],
                                                 AXIS_SYMBOLS[rank], strict=True):
        first, last = end_symbols(symbol, name, rank, axis)
        syms |= {first: before, last: after}
        value = None if size is None else (size + before + after if sign == "+"
                                           else size - before - after)
        steps.append(Step(name, name, f"output {name} ({what})",
                          f"{axis}_in {sign} {first} {sign} {last}",
                          f"{size_text(size)} {sign} {signed(before)} {sign} {signed(after)}",
                          value,
                          note="Keras accepts a negative padding given as one int: it "
                               "removes rows instead" if min(before, after) < 0 else None))
        out.append(value)
    return out, steps, syms


def signed(amount: int) -> str:
    """A negative amount in brackets, with a minus sign: 28 + (−1)."""
    return f"(−{-amount})" if amount < 0 else str(amount)


def channels_step(d_in: int | None, why: str, data_format: str) -> Step:
    if data_format == "channels_first":
        why += "; with channels_first the channels come before the spatial axes"
    return Step("depth", "depth", "output depth (unchanged)", "D_in", size_text(d_in), d_in,
                note=why)


def zero_padding(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        amounts = pairs(args, "padding", rank)
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        sizes, steps, syms = edge_axes(amounts, spatial, "P", "+", "zeros added at both ends")
        steps += [channels_step(d_in, "padding adds rows of zeros, not channels",
                                data_format),
                  no_params(type_)]
        output, axes = join_channels(shape[0], tuple(sizes), d_in, data_format)
        return LayerOut(output, steps=steps, axes=axes, symbols=syms)

    return compute


def cropping(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        amounts = pairs(args, "cropping", rank)
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        sizes, steps, syms = edge_axes(amounts, spatial, "C", "−", "cropped at both ends")
        for size, step, (before, after) in zip(spatial, steps, amounts, strict=True):
            if step.value is not None and step.value <= 0:  # type: ignore[operator]
                raise args.error(
                    f"cropping {before} + {after} from the {step.key} leaves {step.value}: "
                    f"it must be smaller than the input {step.key} {size} "
                    f"(input shape {shape_text(shape)})")
        steps += [channels_step(d_in, "cropping removes rows and columns, not channels",
                                data_format),
                  no_params(type_)]
        output, axes = join_channels(shape[0], tuple(sizes), d_in, data_format)
        return LayerOut(output, steps=steps, axes=axes, symbols=syms)

    return compute


def up_sampling(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        factors = up_factors(args, rank)
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        uniform = len(set(factors)) == 1
        steps: list[Step] = []
        sizes: list[int | None] = []
        syms: dict[str, int] = {}
        for f, size, name, axis in zip(factors, spatial, AXIS_NAMES[rank], AXIS_SYMBOLS[rank],
                                       strict=True):
            # Z: the up-sampling factor (R is the dilation rate)
            r_sym = "Z" if uniform else f"Z_{axis.lower()}"
            syms[r_sym] = f
            value = None if size is None else size * f
            steps.append(Step(name, name, f"output {name} (each row repeated)",
                              f"{axis}_in × {r_sym}", f"{size_text(size)} × {f}", value))
            sizes.append(value)
        steps += [channels_step(d_in, "up-sampling repeats rows and columns, not channels",
                                data_format),
                  no_params(type_)]
        output, axes = join_channels(shape[0], tuple(sizes), d_in, data_format)
        return LayerOut(output, steps=steps, axes=axes, symbols=syms)

    return compute


def up_factors(args: Args, rank: int) -> tuple[int, ...]:
    if rank > 1:
        return args.ints("size", rank)
    return (args.int("size"),)  # UpSampling1D takes a single int, not a tuple


for _rank in (1, 2, 3):
    _fmt = {} if _rank == 1 else {"data_format": None}
    _pad = {1: 1, 2: (1, 1), 3: ((1, 1), (1, 1), (1, 1))}[_rank]
    register(f"ZeroPadding{_rank}D", {"padding": _pad, "data_format": None},
             positional=("padding", "data_format"))(
        zero_padding(_rank, f"ZeroPadding{_rank}D"))
    # Cropping1D alone has no data_format.
    _crop = {1: (1, 1), 2: ((0, 0), (0, 0)), 3: ((1, 1), (1, 1), (1, 1))}[_rank]
    register(f"Cropping{_rank}D", {"cropping": _crop, **_fmt},
             positional=("cropping", *_fmt))(cropping(_rank, f"Cropping{_rank}D"))
    _size = {1: 2, 2: (2, 2), 3: (2, 2, 2)}[_rank]
    _interp = {"interpolation": "nearest"} if _rank == 2 else {}
    register(f"UpSampling{_rank}D", {"size": _size, **_fmt, **_interp},
             positional=("size", *_fmt, *_interp))(up_sampling(_rank, f"UpSampling{_rank}D"))
