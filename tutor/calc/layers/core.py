"""Dense: weights for every input feature of every unit, plus one bias per unit."""

from __future__ import annotations

from math import prod

from tutor.calc.args import REQUIRED, WEIGHT_ARGS, Args
from tutor.calc.derivation import Step, last_axis_change
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.result import Shape
from tutor.calc.slips import Slip

DENSE_ORDER = ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
               "kernel_regularizer", "bias_regularizer", "activity_regularizer",
               "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha",
               "quantization_config")


@register("Dense", {"units": REQUIRED, "use_bias": True, "quantization_config": None,
                    **dict.fromkeys(WEIGHT_ARGS)}, positional=DENSE_ORDER)
def dense(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    units = args.int("units")
    use_bias = args.bool("use_bias") or ctx.slip(Slip.EXTRA_BIAS)
    if len(shape) < 2:
        raise args.error(f"Dense needs an input of rank 2 or more, got shape {shape}")
    n_in = shape[-1]
    if n_in is None:
        raise args.error("the last axis of Dense's input must be known, got None")
    steps: list[Step] = []
    if len(shape) > 2:
        steps.append(Step(
            "output_shape", "rank", "Dense acts on the last axis only",
            *last_axis_change(shape, "N_in", "U", units),
            note="on an input of rank > 2, Dense applies the same weights at every position; "
                 "it does not flatten"))
        if ctx.slip(Slip.DENSE_NOT_FLATTENED):
            n_in = prod(d for d in shape[1:] if d is not None)
    steps.append(Step("depth", "depth", "output units", "U", str(units), units))
    weights = n_in * units
    steps.append(Step("params", "weights", "weights (one per input per unit)", "N_in × U",
                      f"{n_in} × {units}", weights))
    bias = units if use_bias and not ctx.slip(Slip.NO_BIAS) else 0
    if use_bias:
        steps.append(Step("params", "bias", "biases (one per unit)", "U", str(units), bias))
        steps.append(Step("params", "params", "parameters", "N_in × U + U",
                          f"{n_in} × {units} + {units}", weights + bias))
    else:
        steps.append(Step("params", "params", "parameters (use_bias=False: no biases)",
                          "N_in × U", f"{n_in} × {units}", weights))
    output = (*shape[:-1], units)
    axes = {"depth": len(output) - 1, "units": len(output) - 1}
    return LayerOut(output, trainable=weights + bias, steps=steps, axes=axes,
                    symbols={"N_in": shape[-1], "U": units})
