"""Max and average pooling (nn.MaxPool1d–3d, nn.AvgPool1d–3d, their adaptive forms and the
F.max_pool2d-style functions): no weights, a window whose stride defaults to its size, and
PyTorch's floor (or ceil_mode) rounding."""

from __future__ import annotations

from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS
from tutor.calc.torch.common import channel_axes, no_params, size_text, split
from tutor.calc.torch.registry import TorchOut, register
from tutor.calc.torch.window import TorchWindow, window_axes

MAX_ORDER = ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode")
MAX_DEFAULTS = {"kernel_size": REQUIRED, "stride": None, "padding": 0, "dilation": 1,
                "return_indices": False, "ceil_mode": False}
F_MAX_ORDER = ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")
AVG_ORDER = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
             "divisor_override")
AVG_DEFAULTS = {"kernel_size": REQUIRED, "stride": None, "padding": 0, "ceil_mode": False,
                "count_include_pad": True, "divisor_override": None}
NO_WEIGHTS = "pooling takes the max or mean of each window; it learns nothing"


def positive(args: Args, key: str, rank: int) -> tuple[int, ...]:
    """An int or tuple of ints, each above zero, as aten's pooling checks them."""
    value = args.raw(key)
    values = (value,) * rank if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(values, tuple | list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in values) and any(
            v <= 0 for v in values):
        raise args.error(f"{key} should be greater than zero, but got {key}={value!r}")
    return args.ints(key, rank)


def pool_layer(rank: int, type_: str, mode: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        kernel = positive(args, "kernel_size", rank)
        given_stride = args.raw("stride")
        default_stride = given_stride is None or given_stride == ()
        stride = kernel if default_stride else positive(args, "stride", rank)
        dilation = positive(args, "dilation", rank) if mode == "max" else (1,) * rank
        padding = args.ints("padding", rank, minimum=0)
        ceil_mode = args.bool("ceil_mode")
        for k, p in zip(kernel, padding, strict=True):
            # aten checks the pad against the kernel itself, whatever the dilation
            if p > k // 2:
                raise args.error(f"pad should be at most half of kernel size, but got pad={p} "
                                 f"and kernel_size={k} (at most {k // 2})")
        outputs = 2 if mode == "max" and args.bool("return_indices") else 1
        steps = [no_params(type_, NO_WEIGHTS)]
        if shape is None:
            return TorchOut(None, steps=steps, axes=channel_axes(rank, True),
                            outputs=[None] * (outputs - 1))
        prefix, channels, spatial = split(args, type_, shape, rank)
        window = TorchWindow(kernel, stride, padding, dilation, ceil_mode=ceil_mode, pool=True,
                             size_label="kernel size", dilated=mode == "max")
        sizes, axis_steps, symbols = window_axes(window, spatial, ctx, args)
        if default_stride:
            axis_steps = [stride_note(step) for step in axis_steps]
        depth = Step("depth", "depth", "output channels (unchanged)", "C_in",
                     size_text(channels), channels,
                     note=f"{mode} pooling works on each channel separately")
        output = (*prefix, channels, *sizes)
        return TorchOut(output, steps=[*axis_steps, depth, *steps],
                        axes=channel_axes(rank, bool(prefix)), symbols=symbols,
                        outputs=[output] * (outputs - 1))

    return compute


def stride_note(step: Step) -> Step:
    why = "stride not given: PyTorch uses the kernel size, so windows do not overlap"
    note = f"{step.note}; {why}" if step.note else why
    return Step(step.quantity, step.key, step.label, step.formula, step.substituted, step.value,
                note=note)


def adaptive_layer(rank: int, type_: str, mode: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        wanted = output_size(args, rank)
        outputs = 2 if mode == "max" and args.bool("return_indices") else 1
        steps = [no_params(type_, "adaptive pooling picks its windows to give the size asked "
                                  "for; it learns nothing")]
        if shape is None:
            return TorchOut(None, steps=steps, axes=channel_axes(rank, True),
                            outputs=[None] * (outputs - 1))
        prefix, channels, spatial = split(args, type_, shape, rank)
        sizes: list[int | None] = []
        axis_steps = []
        for name, axis, size, want in zip(AXIS_NAMES[rank], AXIS_SYMBOLS[rank], spatial,
                                          wanted, strict=True):
            value = size if want is None else want
            note = ("output_size None keeps the input's size" if want is None else
                    "adaptive pooling gives the size asked for, whatever the input's")
            formula = f"{axis}_in" if want is None else size_text(value)
            axis_steps.append(Step(name, name, f"output {name} (as output_size asks)",
                                   formula, size_text(value), value, note=note))
            sizes.append(value)
        depth = Step("depth", "depth", "output channels (unchanged)", "C_in",
                     size_text(channels), channels)
        output = (*prefix, channels, *sizes)
        return TorchOut(output, steps=[*axis_steps, depth, *steps],
                        axes=channel_axes(rank, bool(prefix)),
                        outputs=[output] * (outputs - 1))

    return compute


def output_size(args: Args, rank: int) -> tuple[int | None, ...]:
    value = args.raw("output_size")
    values = (value,) * rank if value is None or isinstance(value, int) else value
    if (not isinstance(values, tuple | list) or len(values) != rank or any(
            v is not None and (isinstance(v, bool) or not isinstance(v, int)) for v in values)):
        raise args.error(f"output_size must be an integer or a tuple of {rank} integers (or "
                         f"None), got {value!r}")
    if any(v is not None and v < 0 for v in values):
        raise args.error(f"output_size must not be negative, got {value!r}")
    return tuple(values)


for _rank in (1, 2, 3):
    _max, _avg = f"MaxPool{_rank}d", f"AvgPool{_rank}d"
    _avg_defaults = AVG_DEFAULTS if _rank > 1 else {
        k: v for k, v in AVG_DEFAULTS.items() if k != "divisor_override"}
    _avg_order = AVG_ORDER if _rank > 1 else AVG_ORDER[:-1]
    register(_max, MAX_DEFAULTS, positional=MAX_ORDER)(pool_layer(_rank, _max, "max"))
    register(_avg, _avg_defaults, positional=_avg_order)(pool_layer(_rank, _avg, "average"))
    register(f"F.max_pool{_rank}d", MAX_DEFAULTS, positional=F_MAX_ORDER, functional=True)(
        pool_layer(_rank, f"F.max_pool{_rank}d", "max"))
    register(f"F.avg_pool{_rank}d", _avg_defaults, positional=_avg_order, functional=True)(
        pool_layer(_rank, f"F.avg_pool{_rank}d", "average"))
    for _mode, _name in (("average", "Avg"), ("max", "Max")):
        _defaults: dict[str, Any] = {"output_size": REQUIRED}
        _order: tuple[str, ...] = ("output_size",)
        if _mode == "max":
            _defaults["return_indices"] = False
            _order += ("return_indices",)
        _type = f"Adaptive{_name}Pool{_rank}d"
        register(_type, _defaults, positional=_order)(adaptive_layer(_rank, _type, _mode))
        _f = f"F.adaptive_{_name.lower()}_pool{_rank}d"
        register(_f, _defaults, positional=_order, functional=True)(
            adaptive_layer(_rank, _f, _mode))
