"""Conv1DTranspose, Conv2DTranspose, Conv3DTranspose: a convolution run backwards.

The weights are counted as for a convolution (K × F × F × D_in + K); the shape grows instead of
shrinking. Keras's rule (`_get_output_shape_given_tf_padding` in backend_utils), per axis, with
F_eff = R × (F − 1) + 1 (R the dilation rate):
    valid: (in − 1) × S + F_eff + OP, where a missing output_padding OP is max(F_eff, S) − F_eff
    same:  in × S without output_padding, else (in − 1) × S + F_eff mod 2 + OP
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import conv_params, join_channels, split_channels
from tutor.calc.result import Shape
from tutor.calc.slips import Slip
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS, sub

# Every argument Keras's Conv*DTranspose.__init__ takes; none but the first few change counts.
TRANSPOSE_DEFAULTS = {
    "filters": REQUIRED, "kernel_size": REQUIRED, "strides": 1, "padding": "valid",
    "output_padding": None, "data_format": None, "dilation_rate": 1, "activation": None,
    "use_bias": True, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
    "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
    "kernel_constraint": None, "bias_constraint": None,
}
# Keras's signatures; Conv3DTranspose alone takes data_format before output_padding.
ORDER_1D_2D = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format",
               "dilation_rate", "activation", "use_bias", "kernel_initializer",
               "bias_initializer", "kernel_regularizer", "bias_regularizer",
               "activity_regularizer", "kernel_constraint", "bias_constraint")
ORDER_3D = ("filters", "kernel_size", "strides", "padding", "data_format", "output_padding",
            *ORDER_1D_2D[6:])


@dataclass(frozen=True)
class Axis:
    """One spatial axis of a transposed convolution, with the symbols its formulas use."""

    name: str
    f: int
    s: int
    d: int
    op: int | None
    f_sym: str
    s_sym: str
    d_sym: str
    op_sym: str
    in_sym: str


def transpose_axes(axes: list[Axis], sizes: list[int | None], padding: str, ctx: Ctx
                   ) -> tuple[list[int | None], list[Step], dict[str, int]]:
    if ctx.slip(Slip.SWAP_PADDING):
        padding = "same" if padding == "valid" else "valid"
    out: list[int | None] = []
    steps: list[Step] = []
    syms: dict[str, int] = {}
    for axis, size in zip(axes, sizes, strict=True):
        value, axis_steps, axis_syms = transpose_axis(axis, size, padding, ctx)
        out.append(value)
        steps += axis_steps
        syms |= axis_syms
    return out, steps, syms


def transpose_axis(a: Axis, size: int | None, padding: str, ctx: Ctx
                   ) -> tuple[int | None, list[Step], dict[str, int]]:
    s = 1 if ctx.slip(Slip.NO_STRIDE) else a.s
    d = 1 if ctx.slip(Slip.NO_DILATION) else a.d
    syms = {a.f_sym: a.f, a.s_sym: s}
    steps: list[Step] = []
    f_eff, f_text = a.f, a.f_sym
    if d > 1:
        f_eff, f_text = d * (a.f - 1) + 1, f"{a.f_sym}_eff"
        syms[a.d_sym] = d
        steps.append(Step(
            a.name, f"dilated_{a.name}", f"effective kernel size ({a.name})",
            f"{a.d_sym} × ({a.f_sym} − 1) + 1", f"{d} × ({a.f} − 1) + 1", f_eff,
            note="dilation spreads the kernel out: it covers more positions without more "
                 "weights"))
    if a.op is not None:
        syms[a.op_sym] = a.op
    if size is None:
        formula, subst, _, _ = transpose_formula(a, None, s, f_eff, f_text, padding)
        steps.append(Step(a.name, a.name, f"output {a.name}", formula, subst, None,
                          note="an unknown input size gives an unknown output size"))
        return None, steps, syms
    syms[a.in_sym] = size
    if ctx.slip(Slip.NO_OUTPUT_PADDING) and a.op:
        a = replace(a, op=0)
    formula, subst, value, note = transpose_formula(a, size, s, f_eff, f_text, padding)
    if ctx.slip(Slip.SHRINKING_FORMULA):  # an ordinary convolution's formula, which shrinks
        top = size - f_eff + 1 if padding == "valid" else size
        value = -(-top // s)
    steps.append(Step(a.name, a.name, f"output {a.name} ({padding} padding, transposed)",
                      formula, subst, value, note=note))
    return value, steps, syms


def transpose_formula(a: Axis, size: int | None, s: int, f_eff: int, f_text: str,
                      padding: str) -> tuple[str, str, int, str | None]:
    """The formula for one axis, in symbols and numbers, its value and why it looks so (an
    unknown size, None, gives the formula and numbers only)."""
    i, op = a.in_sym, a.op
    known = size if size is not None else 1
    if padding == "valid" and op is None:
        return (f"({i} − 1) × {a.s_sym} + max({f_text}, {a.s_sym})",
                f"({size} − 1) × {s} + max({f_eff}, {s})",
                (known - 1) * s + max(f_eff, s),
                "the stride is larger than the kernel: Keras keeps the gap after the last "
                "kernel, so it adds S, not F" if s > f_eff else
                "each input position stamps the kernel onto the output, S apart: "
                "(in − 1) × S to the last one, plus the F it covers")
    if padding == "valid":
        return (f"({i} − 1) × {a.s_sym} + {f_text} + {a.op_sym}",
                f"({size} − 1) × {s} + {f_eff} + {op}",
                (known - 1) * s + f_eff + op,
                "output_padding adds that many rows/columns at the end of the axis")
    if op is None:
        return (f"{i} × {a.s_sym}", f"{size} × {s}", known * s,
                "'same' padding makes a transposed convolution undo a strided 'same' "
                "convolution: the size is multiplied by the stride")
    value = (known - 1) * s + f_eff % 2 + op
    note = ("with 'same' padding and output_padding Keras computes "
            "(in − 1) × S + (F mod 2) + output_padding")
    if value <= 0:
        note += f"; here that is {value}, and Keras builds the layer with an empty axis"
    return (f"({i} − 1) × {a.s_sym} + ({f_text} mod 2) + {a.op_sym}",
            f"({size} − 1) × {s} + ({f_eff} mod 2) + {op}", value, note)


def transpose_layer(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        filters = args.int("filters")
        kernel = args.ints("kernel_size", rank)
        strides = args.ints("strides", rank)
        dilation = args.ints("dilation_rate", rank)
        use_bias = args.bool("use_bias")
        padding = args.choice("padding", ("valid", "same"))
        output_padding = (None if args.raw("output_padding") is None
                          else args.ints("output_padding", rank, minimum=0))
        d_in = check_transpose(args, strides, dilation, output_padding, d_in)
        axes = axis_defs(kernel, strides, dilation, output_padding)
        sizes, steps, symbols = transpose_axes(axes, spatial, padding, ctx)
        note = ("with channels_first the channels come before the spatial axes"
                if data_format == "channels_first" else None)
        steps.append(Step("depth", "depth", "output depth (one channel per filter)", "K",
                          str(filters), filters, note=note))
        params, param_steps, param_syms = conv_params(
            args, kernel, d_in, filters, 1, use_bias, ctx)
        output, out_axes = join_channels(shape[0], tuple(sizes), filters, data_format)
        return LayerOut(output, trainable=params, steps=steps + param_steps, axes=out_axes,
                        symbols=symbols | param_syms)

    return compute


def check_transpose(args: Args, strides: tuple[int, ...], dilation: tuple[int, ...],
                    output_padding: tuple[int, ...] | None, d_in: int | None) -> int:
    """What Keras's BaseConvTranspose rejects, in the order it checks; the input channels."""
    if output_padding is not None:
        for op, s, name in zip(output_padding, strides, AXIS_NAMES[len(strides)], strict=True):
            if op >= s:
                raise args.error(f"`output_padding` must be smaller than `strides` on every "
                                 f"axis: on the {name} axis output_padding is {op} but "
                                 f"strides is {s}")
    if max(strides) > 1 and max(dilation) > 1:
        raise args.error(f"strides > 1 cannot be combined with dilation_rate > 1 "
                         f"(strides={strides}, dilation_rate={dilation})")
    if d_in is None:
        raise args.error("the number of input channels must be known, got None")
    return d_in


def axis_defs(kernel: tuple[int, ...], strides: tuple[int, ...], dilation: tuple[int, ...],
              output_padding: tuple[int, ...] | None) -> list[Axis]:
    rank = len(kernel)
    ops = output_padding or (None,) * rank
    uniform = len(set(zip(kernel, strides, dilation, ops, strict=True))) == 1
    return [Axis(name, kernel[i], strides[i], dilation[i], ops[i],
                 sub("F", symbol, uniform), sub("S", symbol, uniform), sub("R", symbol, uniform),
                 sub("OP", symbol, uniform), f"{symbol}_in")
            for i, (name, symbol) in enumerate(zip(AXIS_NAMES[rank], AXIS_SYMBOLS[rank],
                                                   strict=True))]


register("Conv1DTranspose", TRANSPOSE_DEFAULTS, positional=ORDER_1D_2D,
         aliases=("Convolution1DTranspose",))(transpose_layer(1, "Conv1DTranspose"))
register("Conv2DTranspose", TRANSPOSE_DEFAULTS, positional=ORDER_1D_2D,
         aliases=("Convolution2DTranspose",))(transpose_layer(2, "Conv2DTranspose"))
register("Conv3DTranspose", TRANSPOSE_DEFAULTS, positional=ORDER_3D,
         aliases=("Convolution3DTranspose",))(transpose_layer(3, "Conv3DTranspose"))
