"""nn.Conv1d/2d/3d and nn.ConvTranspose1d/2d/3d, as PyTorch counts and shapes them.

Weights are (C_out, C_in / G, *kernel) for a convolution and (C_in, C_out / G, *kernel) for a
transposed one: the same count, C_out × C_in / G × F × F, plus one bias per output channel.
"""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.slips import Slip
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS, sub
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import channel_axes, shape_text, split
from tutor.calc.torch.registry import register
from tutor.calc.torch.window import TorchWindow, window_axes

CONV_ORDER = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
              "groups", "bias", "padding_mode", "device", "dtype")
TRANSPOSE_ORDER = ("in_channels", "out_channels", "kernel_size", "stride", "padding",
                   "output_padding", "groups", "bias", "dilation", "padding_mode", "device",
                   "dtype")
CONV_DEFAULTS: dict[str, Any] = {
    "in_channels": REQUIRED, "out_channels": REQUIRED, "kernel_size": REQUIRED, "stride": 1,
    "padding": 0, "dilation": 1, "groups": 1, "bias": True, "padding_mode": "zeros", **FACTORY,
}
TRANSPOSE_DEFAULTS = {**CONV_DEFAULTS, "output_padding": 0}
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class Conv:
    """The arguments every convolution shares, read and checked as `_ConvNd.__init__` does."""

    def __init__(self, args: Args, rank: int, type_: str) -> None:
        self.rank, self.type = rank, type_
        self.c_in = args.int("in_channels")
        self.c_out = args.int("out_channels")
        self.kernel = args.ints("kernel_size", rank)
        self.stride = args.ints("stride", rank)
        self.dilation = args.ints("dilation", rank)
        groups = args.raw("groups")
        if isinstance(groups, int) and not isinstance(groups, bool) and groups <= 0:
            raise args.error(f"groups must be a positive integer, got {groups}")
        self.groups = args.int("groups")
        self.bias = args.bool("bias")
        if self.c_in % self.groups:
            raise args.error(f"in_channels must be divisible by groups: {self.c_in} is not "
                             f"divisible by {self.groups}")
        if self.c_out % self.groups:
            raise args.error(f"out_channels must be divisible by groups: {self.c_out} is not "
                             f"divisible by {self.groups}")
        mode = args.raw("padding_mode")
        if mode not in PADDING_MODES:
            raise args.error(f"padding_mode must be one of {', '.join(map(repr, PADDING_MODES))}"
                             f", but got padding_mode={mode!r}")

    def input(self, args: Args, shape: Any) -> tuple[tuple, list[int | None]]:
        """The batch prefix and spatial sizes, after checking the input's channels."""
        prefix, channels, spatial = split(args, self.type, shape, self.rank)
        if channels is not None and channels != self.c_in:
            weight = [self.c_out, self.c_in // self.groups, *self.kernel]
            raise args.error(
                f"expected an input with {self.c_in} channels (in_channels), but got "
                f"{channels} channels: input {shape_text(shape)}; PyTorch says: Given "
                f"groups={self.groups}, weight of size {weight}, expected input"
                f"{shape_text(shape)} to have {self.c_in} channels, but got {channels} "
                "channels instead")
        return prefix, spatial


def conv_padding(args: Args, rank: int, stride: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
    """Zeros on each side per axis, and whether padding is 'same'."""
    padding = args.raw("padding")
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise args.error(f"Invalid padding string {padding!r}, should be one of "
                             "'same', 'valid'")
        if padding == "same" and max(stride) > 1:
            raise args.error(f"padding='same' is not supported for strided convolutions "
                             f"(stride={stride if rank > 1 else stride[0]})")
        return (0,) * rank, padding == "same"
    given = args.raw("padding")
    values = given if isinstance(given, tuple | list) else (given,)
    if any(isinstance(p, int) and not isinstance(p, bool) and p < 0 for p in values):
        raise args.error(f"negative padding is not supported, got padding={given!r}")
    return args.ints("padding", rank, minimum=0), False


def kernel_text(kernel: tuple[int, ...]) -> tuple[str, str]:
    """F × F for a square kernel, F_h × F_w otherwise; and the numbers."""
    rank = len(kernel)
    if len(set(kernel)) == 1:
        return " × ".join(["F"] * rank), " × ".join([str(kernel[0])] * rank)
    return (" × ".join(f"F_{a.lower()}" for a in AXIS_SYMBOLS[rank]),
            " × ".join(str(k) for k in kernel))


def conv_params(conv: Conv, ctx: Ctx, *, transposed: bool = False
                ) -> tuple[int, list[Step], dict[str, int]]:
    """C_out × C_in / G × F × F + C_out, step by step, with the slips a learner makes."""
    c_in, c_out, kernel, groups = conv.c_in, conv.c_out, conv.kernel, conv.groups
    if ctx.slip(Slip.DILATED_WEIGHTS):  # the span a dilated kernel covers, as if all weights
        kernel = tuple(d * (k - 1) + 1 for k, d in zip(kernel, conv.dilation, strict=True))
    if ctx.slip(Slip.CHANNELS_SWAPPED):
        c_in, c_out = c_out, c_in
    if ctx.slip(Slip.NO_INPUT_DEPTH):
        c_in = 1
    if ctx.slip(Slip.NO_GROUPS):
        groups = 1
    if ctx.slip(Slip.FILTERS_KERNEL_SWAPPED) and len(set(kernel)) == 1:
        c_out, kernel = kernel[0], (c_out,) * len(kernel)
    k_sym, k_num = kernel_text(kernel)
    area = prod(kernel)
    if ctx.slip(Slip.KERNEL_NOT_SQUARED) and len(kernel) > 1:
        area, k_sym, k_num = kernel[0], k_sym.split(" × ")[0], str(kernel[0])
    steps: list[Step] = []
    per_in = c_in // groups if c_in % groups == 0 else c_in / groups
    in_sym, in_num = "C_in", str(c_in)
    if groups > 1:
        steps.append(Step("params", "groups", "input channels each filter sees", "C_in / G",
                          f"{c_in} / {groups}", per_in,
                          note="with groups, each output channel sees only its own group of "
                               "input channels"))
        in_sym, in_num = "(C_in / G)", f"({c_in} / {groups})"
    per_filter = int(area * per_in)
    steps.append(Step("params", "weights_per_filter", "weights per output channel",
                      f"{in_sym} × {k_sym}", f"{in_num} × {k_num}", per_filter))
    weights = c_out * per_filter
    steps.append(Step("params", "weights", "weights (all output channels)",
                      f"C_out × {in_sym} × {k_sym}", f"{c_out} × {in_num} × {k_num}", weights,
                      note=weight_note(c_in, c_out, groups, kernel, transposed)))
    if conv.bias or ctx.slip(Slip.EXTRA_BIAS):
        bias = 0 if ctx.slip(Slip.NO_BIAS) else c_out
        steps.append(Step("params", "bias", "biases (one per output channel)", "C_out",
                          str(c_out), bias))
        steps.append(Step("params", "params", "parameters",
                          f"C_out × {in_sym} × {k_sym} + C_out",
                          f"{c_out} × {in_num} × {k_num} + {c_out}", weights + bias))
    else:
        bias = 0
        steps.append(Step("params", "params", "parameters (bias=False: no biases)",
                          f"C_out × {in_sym} × {k_sym}", f"{c_out} × {in_num} × {k_num}",
                          weights))
    symbols = {"C_in": conv.c_in, "C_out": conv.c_out}
    if groups > 1:
        symbols["G"] = groups
    return weights + bias, steps, symbols


def weight_note(c_in: int, c_out: int, groups: int, kernel: tuple[int, ...], transposed: bool
                ) -> str:
    sizes = ", ".join(map(str, kernel))
    if transposed:
        return (f"the weight tensor is [C_in, C_out / G, ...] = [{c_in}, {c_out // groups}, "
                f"{sizes}]: the same count as a convolution's")
    return f"the weight tensor is [C_out, C_in / G, ...] = [{c_out}, {c_in // groups}, {sizes}]"


def depth_step(conv: Conv, ctx: Ctx) -> Step:
    c_out = conv.c_in if ctx.slip(Slip.CHANNELS_SWAPPED) else conv.c_out
    if ctx.slip(Slip.FILTERS_KERNEL_SWAPPED) and len(set(conv.kernel)) == 1:
        c_out = conv.kernel[0]
    return Step("depth", "depth", "output channels (out_channels)", "C_out", str(c_out), c_out,
                note="channels come first in PyTorch: (N, C, H, W)" if conv.rank == 2 else None)


def conv_layer(rank: int, type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        conv = Conv(args, rank, type_)
        padding, same = conv_padding(args, rank, conv.stride)
        params, param_steps, symbols = conv_params(conv, ctx)
        depth = depth_step(conv, ctx)
        if shape is None:
            return LayerOut(None, trainable=params, steps=[depth, *param_steps],
                            axes=channel_axes(rank, True), symbols=symbols)
        prefix, spatial = conv.input(args, shape)
        window = TorchWindow(conv.kernel, conv.stride, padding, conv.dilation, same=same)
        sizes, steps, window_symbols = window_axes(window, spatial, ctx, args)
        output = (*prefix, depth.value, *sizes)
        return LayerOut(output, trainable=params, steps=[*steps, depth, *param_steps],
                        axes=channel_axes(rank, bool(prefix)), symbols=symbols | window_symbols)

    return compute


def transpose_layer(rank: int, type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        conv = Conv(args, rank, type_)
        if isinstance(args.raw("padding"), str):
            raise args.error(f"{type_} takes padding as numbers of zeros, not "
                             f"{args.raw('padding')!r}")
        if args.raw("padding_mode") != "zeros":
            raise args.error(f"Only `zeros` padding mode is supported for {type_}")
        padding, _ = conv_padding(args, rank, conv.stride)
        out_pad = args.ints("output_padding", rank, minimum=0)
        for op, s, d in zip(out_pad, conv.stride, conv.dilation, strict=True):
            if op >= s and op >= d:
                raise args.error(f"output padding must be smaller than either stride or "
                                 f"dilation, but got output_padding={op}, stride={s} and "
                                 f"dilation={d}")
        params, param_steps, symbols = conv_params(conv, ctx, transposed=True)
        depth = depth_step(conv, ctx)
        if shape is None:
            return LayerOut(None, trainable=params, steps=[depth, *param_steps],
                            axes=channel_axes(rank, True), symbols=symbols)
        prefix, spatial = conv.input(args, shape)
        sizes, steps = transpose_axes(conv, padding, out_pad, spatial, ctx, args)
        output = (*prefix, depth.value, *sizes)
        return LayerOut(output, trainable=params, steps=[*steps, depth, *param_steps],
                        axes=channel_axes(rank, bool(prefix)), symbols=symbols)

    return compute


def transpose_axes(conv: Conv, padding: tuple[int, ...], out_pad: tuple[int, ...],
                   spatial: list[int | None], ctx: Ctx, args: Args
                   ) -> tuple[list[int | None], list[Step]]:
    """(in − 1) × S − 2 × P + R × (F − 1) + OP + 1 per axis (R the dilation): the
    convolution's formula solved for its input."""
    names, symbols = AXIS_NAMES[conv.rank], AXIS_SYMBOLS[conv.rank]
    uniform = len(set(zip(conv.kernel, conv.stride, padding, conv.dilation, out_pad,
                          strict=True))) == 1
    sizes: list[int | None] = []
    steps: list[Step] = []
    for i, (name, axis) in enumerate(zip(names, symbols, strict=True)):
        f, s, p, d, op = conv.kernel[i], conv.stride[i], padding[i], conv.dilation[i], out_pad[i]
        s = 1 if ctx.slip(Slip.NO_STRIDE) else s
        d = 1 if ctx.slip(Slip.NO_DILATION) else d
        p = 0 if ctx.slip(Slip.NO_PADDING) else p
        op = 0 if ctx.slip(Slip.NO_OUTPUT_PADDING) else op
        size = spatial[i]
        f_, s_, p_, d_, op_ = (sub(x, axis, uniform) for x in ("F", "S", "P", "R", "OP"))
        formula = f"({axis}_in − 1) × {s_} − 2 × {p_} + {d_} × ({f_} − 1) + {op_} + 1"
        text = f"({size} − 1) × {s} − 2 × {p} + {d} × ({f} − 1) + {op} + 1"
        if size is None:
            sizes.append(None)
            steps.append(Step(name, name, f"output {name}", formula, text, None,
                              note="an unknown input size gives an unknown output size"))
            continue
        value = (size - 1) * s - 2 * p + d * (f - 1) + op + 1
        if ctx.slip(Slip.SHRINKING_FORMULA):  # an ordinary convolution's formula
            value = (size + 2 * p - d * (f - 1) - 1) // s + 1
        if value < 1:
            raise args.error(f"the output {name} would be {value}: {formula} = {text}; "
                             "PyTorch says: Output size is too small")
        sizes.append(value)
        steps.append(Step(name, name, f"output {name}", formula, text, value,
                          note="a transposed convolution spreads each input value over a "
                               "window, S positions apart" if i == 0 else None))
    return sizes, steps


for _rank in (1, 2, 3):
    register(f"Conv{_rank}d", CONV_DEFAULTS, positional=CONV_ORDER)(
        conv_layer(_rank, f"Conv{_rank}d"))
    register(f"ConvTranspose{_rank}d", TRANSPOSE_DEFAULTS, positional=TRANSPOSE_ORDER)(
        transpose_layer(_rank, f"ConvTranspose{_rank}d"))
