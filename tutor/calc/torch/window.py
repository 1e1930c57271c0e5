"""PyTorch's sliding-window arithmetic, one spatial axis at a time.

Where Keras names a padding rule ('valid', 'same') and rounds up, PyTorch takes the number of
zeros added on each side and rounds down (aten's `conv_output_size`, `pooling_output_shape`):

    out = floor((in + 2P − D × (F − 1) − 1) / S) + 1

(written floor((H_in + 2 × P − R × (F − 1) − 1) / S) + 1, R the dilation). Average pooling
has no dilation: floor((H_in + 2 × P − F) / S) + 1, as PyTorch documents it.

With `ceil_mode=True` pooling rounds up instead, but a window that would start in the right
padding is dropped. `padding='same'` (stride 1 only) keeps the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx
from tutor.calc.slips import Slip
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS, sub


@dataclass(frozen=True)
class TorchWindow:
    size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    ceil_mode: bool = False
    same: bool = False  # a convolution's padding='same'
    pool: bool = False
    size_symbol: str = "F"
    size_label: str = "kernel size"
    dilated: bool = True  # average pooling has no dilation, nor a term for it


def window_axes(window: TorchWindow, in_sizes: Sequence[int | None], ctx: Ctx, args: Args
                ) -> tuple[tuple[int | None, ...], list[Step], dict[str, int]]:
    """Output sizes of the spatial axes, the steps that derive them, and the symbols used."""
    rank = len(in_sizes)
    names, axis_symbols = AXIS_NAMES[rank], AXIS_SYMBOLS[rank]
    if ctx.slip(Slip.KERNEL_AXES_SWAPPED):
        window = replace(window, size=window.size[::-1])
    if ctx.slip(Slip.PADDING_ADDED) and not (window.same or window.pool or any(window.padding)):
        # the zeros a 'same' layer adds, kept where this one has none
        window = replace(window, padding=tuple(
            d * (f - 1) // 2 for f, d in zip(window.size, window.dilation, strict=True)))
    uniform = len(set(zip(window.size, window.stride, window.padding, window.dilation,
                          strict=True))) == 1
    sizes: list[int | None] = []
    steps: list[Step] = []
    symbols: dict[str, int] = {}
    for i, (name, axis) in enumerate(zip(names, axis_symbols, strict=True)):
        syms = AxisSymbols(*(sub(s, axis, uniform) for s in
                             (window.size_symbol, "S", "P", "R")), f"{axis}_in")
        size, step, values = one_axis(window, i, in_sizes[i], name, syms, ctx, args)
        sizes.append(size)
        steps.append(step)
        symbols.update(values)
    return tuple(sizes), steps, symbols


@dataclass(frozen=True)
class AxisSymbols:
    f: str
    s: str
    p: str
    d: str
    inp: str


def one_axis(window: TorchWindow, i: int, size: int | None, name: str, sym: AxisSymbols,
             ctx: Ctx, args: Args) -> tuple[int | None, Step, dict[str, int]]:
    f, s, p, d = window.size[i], window.stride[i], window.padding[i], window.dilation[i]
    if ctx.slip(Slip.NO_STRIDE):
        s = 1
    if ctx.slip(Slip.NO_DILATION):
        d = 1
    forgot_padding = ctx.slip(Slip.NO_PADDING)
    if forgot_padding:
        p = 0
    ceil = window.ceil_mode != ctx.slip(Slip.CEIL_NOT_FLOOR)
    values = {sym.f: f, sym.s: s, sym.p: p}
    if window.dilated:
        values[sym.d] = d
    if size is not None:
        values[sym.inp] = size
    if window.same and not forgot_padding and size is not None:
        total = d * (f - 1)
        return size, Step(
            name, name, f"output {name} (padding='same')", sym.inp, str(size), size,
            note=f"padding='same' adds {sym.d} × ({sym.f} − 1) = {total} zeros in all "
                 f"({total // 2} before, {total - total // 2} after), so the size is "
                 "kept"), values
    rounding = "ceil" if ceil else "floor"
    if window.dilated:
        formula = (f"{rounding}(({sym.inp} + 2 × {sym.p} − {sym.d} × ({sym.f} − 1) − 1) / "
                   f"{sym.s}) + 1")
        text = f"{rounding}(({size} + 2 × {p} − {d} × ({f} − 1) − 1) / {s}) + 1"
    else:
        formula = f"{rounding}(({sym.inp} + 2 × {sym.p} − {sym.f}) / {sym.s}) + 1"
        text = f"{rounding}(({size} + 2 × {p} − {f}) / {s}) + 1"
    if size is None:
        return None, Step(name, name, f"output {name}", formula, text, None,
                          note="an unknown input size gives an unknown output size"), values
    effective = d * (f - 1) + 1
    check_fits(window, name, size, p, f, d, effective, args)
    top = size + 2 * p - effective + (s - 1 if ceil else 0)
    value = top // s + 1
    dropped = ceil and (value - 1) * s >= size + p
    if dropped:
        value -= 1
        formula, text = f"{formula} − 1", f"{text} − 1"
    if value < 1:
        raise args.error(f"the output {name} would be {value}: {formula} = {text} (input "
                         f"{name} {size} is too small for {window.size_label} {f}"
                         f"{f' with dilation {d}' if d > 1 else ''}"
                         f"{f' and padding {p}' if p else ''}); PyTorch says: Output size is "
                         "too small")
    return value, Step(name, name, f"output {name}", formula, text, value,
                       note=axis_note(window, d, dropped)), values


def axis_note(window: TorchWindow, d: int, dropped: bool) -> str | None:
    if dropped:
        return ("ceil_mode=True rounds up, but the last window would start in the padding, "
                "so PyTorch drops it")
    if window.ceil_mode:
        return "ceil_mode=True: rounded up, so a last partial window still counts"
    if d > 1:
        return "dilation spreads the window out: it covers R × (F − 1) + 1 positions"
    return None


def check_fits(window: TorchWindow, name: str, size: int, p: int, f: int, d: int,
               effective: int, args: Args) -> None:
    """A convolution's kernel must fit in the padded input (aten's check, before any
    rounding); pooling reports an output size below 1 instead."""
    if window.pool or size + 2 * p >= effective:
        return
    dilated = f" (dilation {d} makes {window.size_label} {f} cover {effective})" if d > 1 else ""
    raise args.error(f"the {window.size_label} {effective} is larger than the padded input "
                     f"{name}: {size} + 2 × {p} = {size + 2 * p}{dilated}; PyTorch says: "
                     "Kernel size can't be greater than actual input size")
