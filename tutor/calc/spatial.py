"""Sliding-window arithmetic shared by convolutions and pooling, one spatial axis at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tutor.calc.derivation import Step
from tutor.calc.slips import Ctx, Slip
from tutor.errors import LayerError

AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("dim1", "dim2", "dim3")}
AXIS_SYMBOLS = {1: ("L",), 2: ("H", "W"), 3: ("D1", "D2", "D3")}


def sub(symbol: str, axis_symbol: str, uniform: bool) -> str:
    """F for a square kernel, F_w for the width of a non-square one."""
    return symbol if uniform else f"{symbol}_{axis_symbol.lower()}"


@dataclass(frozen=True)
class Window:
    """A sliding window over the spatial axes: kernel (or pool) size, stride, dilation, padding."""

    size: tuple[int, ...]
    strides: tuple[int, ...]
    dilation: tuple[int, ...]
    padding: str  # "valid" | "same" | "causal"
    size_symbol: str = "F"
    size_label: str = "kernel size"


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def window_axes(window: Window, in_sizes: Sequence[int | None], ctx: Ctx, layer: str,
                line: int | None) -> tuple[tuple[int | None, ...], list[Step], dict[str, int]]:
    """Output sizes of the spatial axes, the steps that derive them, and the symbols used."""
    rank = len(in_sizes)
    names, symbols = AXIS_NAMES[rank], AXIS_SYMBOLS[rank]
    if ctx.slip(Slip.KERNEL_AXES_SWAPPED):
        window = replace(window, size=window.size[::-1])
    uniform = len(set(zip(window.size, window.strides, window.dilation, strict=True))) == 1
    padding = window.padding
    if ctx.slip(Slip.SWAP_PADDING):  # causal keeps the length, as 'same' does
        padding = "same" if padding == "valid" else "valid"
    sizes: list[int | None] = []
    steps: list[Step] = []
    syms: dict[str, int] = {}
    for i, (name, axis) in enumerate(zip(names, symbols, strict=True)):
        f_sym = sub(window.size_symbol, axis, uniform)
        s_sym = sub("S", axis, uniform)
        d_sym = sub("R", axis, uniform)
        f, s, d = window.size[i], window.strides[i], window.dilation[i]
        if ctx.slip(Slip.NO_STRIDE):
            s = 1
        if ctx.slip(Slip.NO_DILATION):
            d = 1
        syms.update({f_sym: f, s_sym: s})
        f_eff, f_text = f, f_sym
        if d > 1 and padding == "valid":
            f_eff = d * (f - 1) + 1
            f_text = f"{f_sym}_eff"
            syms[d_sym] = d
            steps.append(Step(
                name, f"dilated_{name}", f"effective {window.size_label} ({name})",
                f"{d_sym} × ({f_sym} − 1) + 1", f"{d} × ({f} − 1) + 1", f_eff,
                note="dilation spreads the kernel out: it covers more input without more weights"))
        in_sym = f"{axis}_in"
        size = in_sizes[i]
        rounding = "floor" if ctx.slip(Slip.FLOOR_NOT_CEIL) else "ceil"
        if size is not None:
            syms[in_sym] = size
        if padding == "valid":
            formula = f"{rounding}(({in_sym} − {f_text} + 1) / {s_sym})"
            subst = f"{rounding}(({size} − {f_eff} + 1) / {s})"
            note = None
        else:
            formula = f"{rounding}({in_sym} / {s_sym})"
            subst = f"{rounding}({size} / {s})"
            note = ("causal padding pads only the start of the sequence, by "
                    "dilation × (kernel − 1), so the length is as with 'same'"
                    if padding == "causal" else None)
        if size is None:
            sizes.append(None)
            steps.append(Step(name, name, f"output {name}", formula, subst, None,
                              note="an unknown input size gives an unknown output size"))
            continue
        top = size - f_eff + 1 if padding == "valid" else size
        value = _ceil_div(top, s) if rounding == "ceil" else top // s
        if value <= 0:
            raise LayerError(
                f"the output {name} would be {value}: {formula} = {subst} "
                f"(input {name} {size} is too small for {window.size_label} {f_eff} "
                f"with {padding!r} padding)", layer=layer, line=line)
        label = f"output {name} ({padding} padding)"
        steps.append(Step(name, name, label, formula, subst, value, note=note))
        sizes.append(value)
    return tuple(sizes), steps, syms
