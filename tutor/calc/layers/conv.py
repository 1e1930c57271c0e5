"""Conv1D, Conv2D and Conv3D: the lesson's K × F × F × D_in + K, and its shape formulas."""

from __future__ import annotations

from math import prod

from tutor.calc.args import REQUIRED, WEIGHT_ARGS, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.result import Shape
from tutor.calc.slips import Slip
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS, Window, window_axes

CONV_DEFAULTS = {
    "filters": REQUIRED, "kernel_size": REQUIRED, "strides": 1, "padding": "valid",
    "data_format": None, "dilation_rate": 1, "groups": 1, "use_bias": True,
    **dict.fromkeys(WEIGHT_ARGS),
}


# Keras's Conv1D/2D/3D signature: every argument may be given by position.
CONV_ORDER = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
              "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
              "kernel_regularizer", "bias_regularizer", "activity_regularizer",
              "kernel_constraint", "bias_constraint")


def split_channels(args: Args, shape: Shape, rank: int, type_: str) -> tuple[
        list[int | None], int | None, str]:
    """The spatial sizes and the channel count of a (batch, ..., channels) input."""
    if len(shape) != rank + 2:
        raise args.error(
            f"{type_} expects an input of rank {rank + 2} (batch, {rank} spatial axes, "
            f"channels), got shape {_shape_text(shape)} of rank {len(shape)}")
    data_format = args.data_format()
    if data_format == "channels_last":
        return list(shape[1:-1]), shape[-1], data_format
    return list(shape[2:]), shape[1], data_format


def join_channels(batch: int | None, spatial: tuple[int | None, ...], channels: int | None,
                  data_format: str) -> tuple[Shape, dict[str, int]]:
    rank = len(spatial)
    names = AXIS_NAMES[rank]
    if data_format == "channels_last":
        axes = {name: i + 1 for i, name in enumerate(names)} | {"depth": rank + 1}
        return (batch, *spatial, channels), axes
    axes = {name: i + 2 for i, name in enumerate(names)} | {"depth": 1}
    return (batch, channels, *spatial), axes


def _shape_text(shape: Shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def kernel_text(kernel: tuple[int, ...], rank: int) -> tuple[str, str, int]:
    """The kernel's area in symbols and in numbers: F × F, or F_h × F_w for a non-square one."""
    if len(set(kernel)) == 1:
        return " × ".join(["F"] * rank), " × ".join([str(kernel[0])] * rank), prod(kernel)
    syms = " × ".join(f"F_{a.lower()}" for a in AXIS_SYMBOLS[rank])
    return syms, " × ".join(str(k) for k in kernel), prod(kernel)


def conv_params(args: Args, kernel: tuple[int, ...], d_in: int, filters: int, groups: int,
                use_bias: bool, ctx: Ctx) -> tuple[int, list[Step], dict[str, int]]:
    """K × F × F × D_in / G + K, step by step."""
    rank = len(kernel)
    if ctx.slip(Slip.DILATED_WEIGHTS):  # the span a dilated kernel covers, as if all weights
        kernel = tuple(d * (k - 1) + 1 for k, d in zip(
            kernel, args.ints("dilation_rate", rank), strict=True))
    k_sym, k_num, area = kernel_text(kernel, rank)
    if ctx.slip(Slip.KERNEL_NOT_SQUARED) and rank > 1:
        area, k_sym, k_num = kernel[0], k_sym.split(" × ")[0], str(kernel[0])
    if ctx.slip(Slip.NO_INPUT_DEPTH):
        d_in = 1
    if ctx.slip(Slip.NO_GROUPS):
        groups = 1
    use_bias = use_bias or ctx.slip(Slip.EXTRA_BIAS)
    steps: list[Step] = []
    per_filter_in = d_in // groups
    if groups > 1:
        steps.append(Step(
            "params", "groups", "input channels each filter sees", "D_in / G",
            f"{d_in} / {groups}", per_filter_in,
            note="with groups, each filter sees only its own group of input channels"))
        depth_sym, depth_num = "(D_in / G)", f"({d_in} / {groups})"
    else:
        depth_sym, depth_num = "D_in", str(d_in)
    per_filter = area * per_filter_in
    steps.append(Step("params", "weights_per_filter", "weights per filter",
                      f"{k_sym} × {depth_sym}", f"{k_num} × {depth_num}", per_filter))
    weights = filters * per_filter
    steps.append(Step("params", "weights", "weights (all filters)",
                      f"K × {k_sym} × {depth_sym}", f"{filters} × {k_num} × {depth_num}",
                      weights))
    bias = filters if use_bias and not ctx.slip(Slip.NO_BIAS) else 0
    if use_bias:
        steps.append(Step("params", "bias", "biases (one per filter)", "K", str(filters), bias))
        steps.append(Step("params", "params", "parameters",
                          f"K × {k_sym} × {depth_sym} + K",
                          f"{filters} × {k_num} × {depth_num} + {filters}", weights + bias))
    else:
        steps.append(Step("params", "params", "parameters (use_bias=False: no biases)",
                          f"K × {k_sym} × {depth_sym}", f"{filters} × {k_num} × {depth_num}",
                          weights))
    symbols = {"K": filters, "D_in": d_in}
    if groups > 1:
        symbols["G"] = groups
    return weights + bias, steps, symbols


def conv_layer(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        filters = args.int("filters")
        kernel = args.ints("kernel_size", rank)
        strides = args.ints("strides", rank)
        dilation = args.ints("dilation_rate", rank)
        groups = args.int("groups")
        use_bias = args.bool("use_bias")
        padding = args.choice("padding", ("valid", "same", "causal") if rank == 1
                              else ("valid", "same"))
        if max(strides) > 1 and max(dilation) > 1:
            raise args.error(f"strides > 1 cannot be combined with dilation_rate > 1 "
                             f"(strides={strides}, dilation_rate={dilation})")
        if filters % groups:
            raise args.error(f"filters ({filters}) must be divisible by groups ({groups})")
        if d_in is None:
            raise args.error("the number of input channels must be known, got None")
        if d_in % groups:
            raise args.error(f"the input's {d_in} channels must be divisible by groups "
                             f"({groups})")
        if ctx.slip(Slip.FILTERS_KERNEL_SWAPPED) and len(set(kernel)) == 1:
            filters, kernel = kernel[0], (filters,) * rank
        window = Window(kernel, strides, dilation, padding)
        sizes, steps, symbols = window_axes(window, spatial, ctx, args.layer, args.line)
        out_filters = filters
        steps.append(Step("depth", "depth", "output depth (one channel per filter)", "K",
                          str(filters), filters))
        params, param_steps, param_syms = conv_params(
            args, kernel, d_in, filters, groups, use_bias, ctx)
        output, axes = join_channels(shape[0], sizes, out_filters, data_format)
        if data_format == "channels_first":
            steps[-1] = Step("depth", "depth", "output depth (channels_first: axis 1)", "K",
                             str(filters), filters,
                             note="with channels_first the channels come before the "
                                  "spatial axes")
        return LayerOut(output, trainable=params, steps=steps + param_steps, axes=axes,
                        symbols=symbols | param_syms)

    return compute


register("Conv1D", CONV_DEFAULTS, positional=CONV_ORDER,
         aliases=("Convolution1D",))(conv_layer(1, "Conv1D"))
register("Conv2D", CONV_DEFAULTS, positional=CONV_ORDER,
         aliases=("Convolution2D",))(conv_layer(2, "Conv2D"))
register("Conv3D", CONV_DEFAULTS, positional=CONV_ORDER,
         aliases=("Convolution3D",))(conv_layer(3, "Conv3D"))
