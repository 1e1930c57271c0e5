"""DepthwiseConv1D/2D and SeparableConv1D/2D: one kernel per input channel (times M), and for
separable convolutions a 1 × 1 convolution after it that mixes the channels into K filters.

    depthwise:  F × F × D_in × M weights + D_in × M biases, output depth D_in × M
    separable:  F × F × D_in × M + D_in × M × K weights + K biases, output depth K
Shapes follow the convolution's rules (Keras's `compute_conv_output_shape`).
"""

from __future__ import annotations

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import join_channels, kernel_text, split_channels
from tutor.calc.result import Shape
from tutor.calc.slips import Slip
from tutor.calc.spatial import Window, window_axes

DEPTHWISE_ORDER = (
    "kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate",
    "activation", "use_bias", "depthwise_initializer", "bias_initializer",
    "depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
    "bias_constraint")
DEPTHWISE_DEFAULTS = {
    "kernel_size": REQUIRED, "strides": 1, "padding": "valid", "depth_multiplier": 1,
    "data_format": None, "dilation_rate": 1, "activation": None, "use_bias": True,
    "depthwise_initializer": "glorot_uniform", "bias_initializer": "zeros",
    "depthwise_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
    "depthwise_constraint": None, "bias_constraint": None,
}
SEPARABLE_ORDER = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
    "depth_multiplier", "activation", "use_bias", "depthwise_initializer",
    "pointwise_initializer", "bias_initializer", "depthwise_regularizer",
    "pointwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
    "pointwise_constraint", "bias_constraint")
SEPARABLE_DEFAULTS = {
    **DEPTHWISE_DEFAULTS, "filters": REQUIRED, "pointwise_initializer": "glorot_uniform",
    "pointwise_regularizer": None, "pointwise_constraint": None,
}


def spatial_part(args: Args, shape: Shape, rank: int, type_: str, ctx: Ctx
                 ) -> tuple[tuple[int | None, ...], int, str, list[Step], dict[str, int]]:
    """The output's spatial sizes, as for a convolution (Keras checks no stride/dilation mix
    here, unlike Conv2D), and the input's channel count."""
    spatial, d_in, data_format = split_channels(args, shape, rank, type_)
    kernel = args.ints("kernel_size", rank)
    strides = args.ints("strides", rank)
    dilation = args.ints("dilation_rate", rank)
    padding = args.choice("padding", ("valid", "same"))
    if d_in is None:
        raise args.error("the number of input channels must be known, got None")
    window = Window(kernel, strides, dilation, padding)
    sizes, steps, symbols = window_axes(window, spatial, ctx, args.layer, args.line)
    return sizes, d_in, data_format, steps, symbols


def channels_note(data_format: str) -> str | None:
    return ("with channels_first the channels come before the spatial axes"
            if data_format == "channels_first" else None)


def depthwise_weights(kernel: tuple[int, ...], d_in: int, multiplier: int, ctx: Ctx,
                      key: str) -> tuple[int, str, str, list[Step]]:
    """F × F × D_in × M: each input channel gets M kernels of its own."""
    rank = len(kernel)
    k_sym, k_num, area = kernel_text(kernel, rank)
    if ctx.slip(Slip.KERNEL_NOT_SQUARED) and rank > 1:
        area, k_sym, k_num = kernel[0], k_sym.split(" × ")[0], str(kernel[0])
    if ctx.slip(Slip.NO_INPUT_DEPTH):
        d_in = 1
    formula, subst = f"{k_sym} × D_in × M", f"{k_num} × {d_in} × {multiplier}"
    weights = area * d_in * multiplier
    note = (f"depth_multiplier M = {multiplier}: each input channel gets {multiplier} kernels"
            if multiplier > 1 else "one kernel per input channel: channels are not mixed")
    step = Step("params", key, "depthwise weights (one kernel per input channel "
                "and multiplier)", formula, subst, weights, note=note)
    return weights, formula, subst, [step]


def bias_steps(bias_sym: str, bias_num: str, count: int, weights: int, w_formula: str,
               w_subst: str, use_bias: bool, ctx: Ctx) -> tuple[int, list[Step]]:
    """The bias step and the final total, as conv.py words them."""
    if not use_bias and not ctx.slip(Slip.EXTRA_BIAS):
        return weights, [Step("params", "params", "parameters (use_bias=False: no biases)",
                               w_formula, w_subst, weights)]
    bias = 0 if ctx.slip(Slip.NO_BIAS) else count
    return weights + bias, [
        Step("params", "bias", "biases (one per output channel)", bias_sym, bias_num, bias),
        Step("params", "params", "parameters", f"{w_formula} + {bias_sym}",
             f"{w_subst} + {bias_num}", weights + bias)]


def depthwise_layer(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        multiplier = 1 if ctx.slip(Slip.NO_DEPTH_MULTIPLIER) else args.int("depth_multiplier")
        use_bias = args.bool("use_bias")
        sizes, d_in, data_format, steps, symbols = spatial_part(args, shape, rank, type_, ctx)
        depth = d_in * multiplier
        steps.append(Step("depth", "depth", "output depth (M channels per input channel)",
                          "D_in × M", f"{d_in} × {multiplier}", depth,
                          note=channels_note(data_format)))
        kernel = args.ints("kernel_size", rank)
        weights, w_formula, w_subst, param_steps = depthwise_weights(
            kernel, d_in, multiplier, ctx, "weights")
        if ctx.slip(Slip.AS_PLAIN_CONV):  # every kernel spanning every input channel
            weights *= d_in
        params, tail = bias_steps("D_in × M", f"{d_in} × {multiplier}", depth, weights,
                                  w_formula, w_subst, use_bias, ctx)
        output, axes = join_channels(shape[0], sizes, depth, data_format)
        return LayerOut(output, trainable=params, steps=steps + param_steps + tail, axes=axes,
                        symbols=symbols | {"D_in": d_in, "M": multiplier})

    return compute


def separable_layer(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        filters = args.int("filters")
        multiplier = 1 if ctx.slip(Slip.NO_DEPTH_MULTIPLIER) else args.int("depth_multiplier")
        use_bias = args.bool("use_bias")
        sizes, d_in, data_format, steps, symbols = spatial_part(args, shape, rank, type_, ctx)
        steps.append(Step("depth", "depth", "output depth (one channel per filter)", "K",
                          str(filters), filters, note=channels_note(data_format)))
        kernel = args.ints("kernel_size", rank)
        depthwise, d_formula, d_subst, param_steps = depthwise_weights(
            kernel, d_in, multiplier, ctx, "depthwise")
        pointwise = d_in * multiplier * filters
        param_steps.append(Step(
            "params", "pointwise", "pointwise weights (a 1 × 1 convolution mixing channels)",
            "D_in × M × K", f"{d_in} × {multiplier} × {filters}", pointwise,
            note="the pointwise step sees the D_in × M channels the depthwise step made"))
        w_formula, w_subst = f"{d_formula} + D_in × M × K", \
            f"{d_subst} + {d_in} × {multiplier} × {filters}"
        weights = depthwise + pointwise
        if ctx.slip(Slip.AS_PLAIN_CONV):  # K filters of F × F × D_in, as a Conv2D has
            weights = filters * depthwise // multiplier
        param_steps.append(Step("params", "weights", "weights (depthwise + pointwise)",
                                w_formula, w_subst, weights))
        params, tail = bias_steps("K", str(filters), filters, weights, w_formula, w_subst,
                                  use_bias, ctx)
        output, axes = join_channels(shape[0], sizes, filters, data_format)
        return LayerOut(output, trainable=params, steps=steps + param_steps + tail, axes=axes,
                        symbols=symbols | {"D_in": d_in, "M": multiplier, "K": filters})

    return compute


register("DepthwiseConv1D", DEPTHWISE_DEFAULTS, positional=DEPTHWISE_ORDER)(
    depthwise_layer(1, "DepthwiseConv1D"))
register("DepthwiseConv2D", DEPTHWISE_DEFAULTS, positional=DEPTHWISE_ORDER)(
    depthwise_layer(2, "DepthwiseConv2D"))
register("SeparableConv1D", SEPARABLE_DEFAULTS, positional=SEPARABLE_ORDER,
         aliases=("SeparableConvolution1D",))(separable_layer(1, "SeparableConv1D"))
register("SeparableConv2D", SEPARABLE_DEFAULTS, positional=SEPARABLE_ORDER,
         aliases=("SeparableConvolution2D",))(separable_layer(2, "SeparableConv2D"))
