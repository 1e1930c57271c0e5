"""Activations, as modules (nn.ReLU), functions (F.relu, torch.sigmoid) and tensor methods
(x.relu()): each keeps the shape; only nn.PReLU has weights."""

from __future__ import annotations

from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import (
    ELEMENTWISE,
    generic_axes,
    no_params,
    normalize_dim,
    shape_text,
    unchanged,
)
from tutor.calc.torch.registry import register

INPLACE = {"inplace": False}
# Module name → (its arguments with defaults, in order), and the functions computing the same.
MODULES: dict[str, dict[str, Any]] = {
    "ReLU": INPLACE, "ReLU6": INPLACE, "SELU": INPLACE, "SiLU": INPLACE, "Mish": INPLACE,
    "Hardsigmoid": INPLACE, "Hardswish": INPLACE, "Sigmoid": {}, "Tanh": {}, "Softsign": {},
    "Tanhshrink": {}, "LogSigmoid": {},
    "LeakyReLU": {"negative_slope": 0.01, "inplace": False},
    "ELU": {"alpha": 1.0, "inplace": False}, "CELU": {"alpha": 1.0, "inplace": False},
    "GELU": {"approximate": "none"},
    "Hardtanh": {"min_val": -1.0, "max_val": 1.0, "inplace": False},
    "Softplus": {"beta": 1.0, "threshold": 20.0},
    "Threshold": {"threshold": REQUIRED, "value": REQUIRED, "inplace": False},
}
FUNCTIONS: dict[str, dict[str, Any]] = {
    "F.relu": INPLACE, "F.relu6": INPLACE, "F.selu": INPLACE, "F.silu": INPLACE,
    "F.mish": INPLACE, "F.hardsigmoid": INPLACE, "F.hardswish": INPLACE, "F.sigmoid": {},
    "F.tanh": {}, "F.softsign": {}, "F.logsigmoid": {},
    "F.leaky_relu": {"negative_slope": 0.01, "inplace": False},
    "F.elu": {"alpha": 1.0, "inplace": False}, "F.gelu": {"approximate": "none"},
    "F.hardtanh": {"min_val": -1.0, "max_val": 1.0, "inplace": False},
    "F.softplus": {"beta": 1.0, "threshold": 20.0},
    "torch.relu": {}, "torch.sigmoid": {}, "torch.tanh": {},
    "Tensor.relu": {}, "Tensor.sigmoid": {}, "Tensor.tanh": {},
}
SOFTMAX_MODULES = ("Softmax", "LogSoftmax", "Softmin")
SOFTMAX_FUNCTIONS = {
    "F.softmax": ("dim", "_stacklevel", "dtype"), "F.log_softmax": ("dim", "_stacklevel", "dtype"),
    "F.softmin": ("dim", "_stacklevel", "dtype"), "torch.softmax": ("dim", "dtype"),
    "torch.log_softmax": ("dim", "dtype"), "Tensor.softmax": ("dim", "dtype"),
    "Tensor.log_softmax": ("dim", "dtype"),
}


def elementwise(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        check_values(args, type_)
        steps = [no_params(type_, ELEMENTWISE if shape is None else None)]
        if shape is None:
            return LayerOut(None, steps=steps)
        axes = generic_axes(shape)
        return LayerOut(shape, steps=[*unchanged(shape, axes, ELEMENTWISE), *steps], axes=axes)

    return compute


def check_values(args: Args, type_: str) -> None:
    if "approximate" in args.values and args.raw("approximate") not in ("none", "tanh"):
        raise args.error("approximate argument must be either none or tanh, got "
                         f"{args.raw('approximate')!r}")
    if "max_val" in args.values and args.float("max_val") <= args.float("min_val"):
        raise args.error(f"{type_}: max_val ({args.raw('max_val')}) must be greater than "
                         f"min_val ({args.raw('min_val')})")
    if type_ == "Threshold":
        args.float("threshold")
        args.float("value")


def softmax(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        steps = [no_params(type_, "softmax rescales values along one axis to sum to 1")]
        if shape is None:
            return LayerOut(None, steps=steps)
        dim = args.raw("dim")
        if dim is not None:
            normalize_dim(args, "dim", args.int("dim", minimum=None), len(shape))
        axes = generic_axes(shape)
        return LayerOut(shape, steps=[*unchanged(shape, axes, ELEMENTWISE), *steps], axes=axes)

    return compute


@register("PReLU", {"num_parameters": 1, "init": 0.25, **FACTORY},
          positional=("num_parameters", "init", "device", "dtype"))
def prelu(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    n = args.int("num_parameters")
    steps = [Step("params", "params", "parameters (one learned slope per channel, or one for "
                  "all)", "num_parameters", str(n), n)]
    if shape is None:
        return LayerOut(None, trainable=n, steps=steps)
    channels = shape[1] if len(shape) >= 2 else shape[0] if shape else 1
    if n != 1 and channels != n:
        raise args.error(f"Mismatch in parameter counts: num_parameters={n} but the input has "
                         f"{channels} channels: {shape_text(shape)}")
    axes = generic_axes(shape)
    return LayerOut(shape, trainable=n, axes=axes,
                    steps=[*unchanged(shape, axes, ELEMENTWISE), *steps])


for _name, _defaults in MODULES.items():
    register(_name, _defaults, positional=tuple(_defaults))(elementwise(_name))
for _name, _defaults in FUNCTIONS.items():
    register(_name, _defaults, positional=tuple(_defaults), functional=True)(elementwise(_name))
for _name in SOFTMAX_MODULES:
    register(_name, {"dim": None}, positional=("dim",))(softmax(_name))
for _name, _order in SOFTMAX_FUNCTIONS.items():
    register(_name, dict.fromkeys(_order) | ({"_stacklevel": 3} if "_stacklevel" in _order
                                             else {}),
             positional=_order, functional=True)(softmax(_name))
