"""nn.BatchNorm1d/2d/3d, nn.InstanceNorm1d/2d/3d, nn.LayerNorm and nn.GroupNorm.

PyTorch counts only what gradients train as parameters: BatchNorm's weight and bias (2C). Its
running mean and variance, and the count of batches seen, are *buffers*: saved with the model,
never in `model.parameters()`, so torchinfo's totals leave them out (2C + 1 of them).
"""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.slips import Slip
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import channel_axes, generic_axes, product, shape_text, unchanged
from tutor.calc.torch.registry import register

BN_ORDER = ("num_features", "eps", "momentum", "affine", "track_running_stats", "device",
            "dtype")
BN_DEFAULTS = {"num_features": REQUIRED, "eps": 1e-5, "momentum": 0.1, "affine": True,
               "track_running_stats": True, **FACTORY}
SAME_SHAPE = "normalizing changes values, never the shape"


def batch_norm(ranks: tuple[int, ...], type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        c = args.int("num_features")
        affine, track = args.bool("affine"), args.bool("track_running_stats")
        params, buffers, steps = bn_counts(c, affine, track, ctx)
        if shape is None:
            return LayerOut(None, trainable=params, steps=steps, buffers=buffers,
                            axes=channel_axes(max(ranks) - 2, True), symbols={"C_in": c})
        if len(shape) not in ranks:
            wanted = " or ".join(f"{r}D" for r in ranks)
            raise args.error(f"expected {wanted} input (got {len(shape)}D input): "
                             f"{shape_text(shape)}")
        if shape[1] is not None and shape[1] != c:
            raise args.error(f"expected {c} channels (num_features) on axis 1, got "
                             f"{shape[1]}: input {shape_text(shape)}")
        values = [d for i, d in enumerate(shape) if i != 1]
        if None not in values and prod(values) == 1:  # type: ignore[arg-type]
            raise args.error(f"Expected more than 1 value per channel when training, got input "
                             f"size {shape_text(shape)}: a new module is in training mode, and "
                             "one value per channel has no variance")
        axes = generic_axes(shape)
        return LayerOut(shape, trainable=params, buffers=buffers, axes=axes, symbols={"C_in": c},
                        steps=[*unchanged(shape, axes, SAME_SHAPE), *steps])

    return compute


def given_product(sizes: tuple[int, ...]) -> tuple[str, str]:
    text = " × ".join(str(d) for d in sizes)
    return text, text


def bn_counts(c: int, affine: bool, track: bool, ctx: Ctx) -> tuple[int, int, list[Step]]:
    steps = []
    learned = 2 * c if affine else 0
    if affine:
        steps.append(Step("params", "weight", "weight (gamma: a scale per channel)", "C_in",
                          str(c), c))
        steps.append(Step("params", "bias", "bias (beta: a shift per channel)", "C_in", str(c),
                          c))
    buffers = 2 * c + 1 if track else 0
    if track:
        steps.append(Step("params", "buffers", "buffers: running_mean, running_var and "
                          "num_batches_tracked", "2 × C_in + 1", f"2 × {c} + 1", buffers,
                          note="buffers are saved with the model but are not parameters: "
                               "model.parameters() and torchinfo's totals leave them out"))
    counted = learned + (2 * c if track and ctx.slip(Slip.BUFFERS_AS_PARAMS) else 0)
    if affine:
        steps.append(Step("params", "params", "parameters (weight and bias)", "2 × C_in",
                          f"2 × {c}", counted))
    else:
        steps.append(Step("params", "params", "parameters (affine=False: no weights)", "0",
                          "0", counted))
    return counted, buffers, steps


LN_ORDER = ("normalized_shape", "eps", "elementwise_affine", "bias", "device", "dtype")
LN_DEFAULTS = {"normalized_shape": REQUIRED, "eps": 1e-5, "elementwise_affine": True,
               "bias": True, **FACTORY}


@register("LayerNorm", LN_DEFAULTS, positional=LN_ORDER)
def layer_norm(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    raw = args.raw("normalized_shape")
    normalized = (raw,) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(normalized, tuple | list) or not normalized or any(
            isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in normalized):
        raise args.error(f"normalized_shape must be a positive integer or a tuple of them, got "
                         f"{raw!r}")
    normalized = tuple(normalized)
    n = prod(normalized)
    affine, bias = args.bool("elementwise_affine"), args.bool("bias")
    per = (1 + (bias and not ctx.slip(Slip.NO_BIAS))) if affine else 0
    steps = []
    if len(normalized) > 1:
        # the normalized sizes are the input's last axes: d1 × d2 ... when the input is known
        last = len(shape) - len(normalized) if shape is not None else None
        formula, numbers = (product(shape, range(last, len(shape))) if last is not None
                            and last >= 0 else given_product(normalized))
        steps.append(Step("params", "features", "values normalized together "
                          "(normalized_shape's sizes)", formula, numbers, n))
    if affine:
        steps.append(Step("params", "weight", "weight (one per normalized value)", "N_norm",
                          str(n), n))
        if bias:
            steps.append(Step("params", "bias", "bias (one per normalized value)", "N_norm",
                              str(n), n if per == 2 else 0))
    formula = {0: "0", 1: "N_norm", 2: "2 × N_norm"}[per]
    steps.append(Step("params", "params", "parameters" if per else "parameters "
                      "(elementwise_affine=False: no weights)", formula,
                      {0: "0", 1: str(n), 2: f"2 × {n}"}[per], per * n,
                      note="LayerNorm keeps no running statistics: no buffers"))
    if shape is None:
        return LayerOut(None, trainable=per * n, steps=steps, symbols={"N_norm": n})
    if tuple(shape[len(shape) - len(normalized):]) != normalized or len(shape) < len(normalized):
        raise args.error(f"Given normalized_shape={list(normalized)}, expected input with "
                         f"shape [*, {', '.join(map(str, normalized))}], but got input of size "
                         f"{shape_text(shape)}")
    axes = generic_axes(shape)
    return LayerOut(shape, trainable=per * n, axes=axes, symbols={"N_norm": n},
                    steps=[*unchanged(shape, axes, SAME_SHAPE), *steps])


GN_ORDER = ("num_groups", "num_channels", "eps", "affine", "device", "dtype")


@register("GroupNorm", {"num_groups": REQUIRED, "num_channels": REQUIRED, "eps": 1e-5,
                        "affine": True, **FACTORY}, positional=GN_ORDER)
def group_norm(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    groups, c = args.int("num_groups"), args.int("num_channels")
    if c % groups:
        raise args.error(f"num_channels must be divisible by num_groups ({c} is not divisible "
                         f"by {groups})")
    learned = 2 * c if args.bool("affine") else 0
    steps = [Step("params", "params", "parameters (weight and bias, one each per channel)",
                  "2 × C_in", f"2 × {c}", learned, note="GroupNorm keeps no running statistics")
             if learned else
             Step("params", "params", "parameters (affine=False: no weights)", "0", "0", 0,
                  note="GroupNorm keeps no running statistics either")]
    if shape is None:
        return LayerOut(None, trainable=learned, steps=steps)
    if len(shape) < 2 or shape[1] != c:
        raise args.error(f"expected input with {c} channels on axis 1, got "
                         f"{shape_text(shape)}")
    axes = generic_axes(shape)
    return LayerOut(shape, trainable=learned, axes=axes,
                    steps=[*unchanged(shape, axes, SAME_SHAPE), *steps])


register("BatchNorm1d", BN_DEFAULTS, positional=BN_ORDER)(batch_norm((2, 3), "BatchNorm1d"))
register("BatchNorm2d", BN_DEFAULTS, positional=BN_ORDER)(batch_norm((4,), "BatchNorm2d"))
register("BatchNorm3d", BN_DEFAULTS, positional=BN_ORDER)(batch_norm((5,), "BatchNorm3d"))


IN_DEFAULTS = {**BN_DEFAULTS, "affine": False, "track_running_stats": False}


def instance_norm(rank: int, type_: str):
    """InstanceNorm: BatchNorm's counts, but off by default (affine=False, no running
    statistics), each example's maps normalized on their own."""
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        c = args.int("num_features")
        affine, track = args.bool("affine"), args.bool("track_running_stats")
        params, buffers, steps = bn_counts(c, affine, track, ctx)
        if shape is None:
            return LayerOut(None, trainable=params, steps=steps, buffers=buffers,
                            axes=channel_axes(rank, True), symbols={"C": c})
        if len(shape) not in (rank + 1, rank + 2):
            raise args.error(f"expected {rank + 1}D or {rank + 2}D input (got {len(shape)}D "
                             f"input): {shape_text(shape)}")
        channels = shape[len(shape) - rank - 1]
        if affine and channels is not None and channels != c:
            raise args.error(f"expected input's size at dim={len(shape) - rank - 1} to match "
                             f"num_features ({c}), but got: {channels}.")
        spatial = shape[len(shape) - rank:]
        if None not in spatial and prod(spatial) == 1:  # type: ignore[arg-type]
            raise args.error(f"Expected more than 1 spatial element when training, got input "
                             f"size {shape_text(shape)}")
        axes = channel_axes(rank, len(shape) == rank + 2)
        return LayerOut(shape, trainable=params, buffers=buffers, axes=axes, symbols={"C": c},
                        steps=[*unchanged(shape, axes, SAME_SHAPE), *steps])

    return compute


for _rank in (1, 2, 3):
    register(f"InstanceNorm{_rank}d", IN_DEFAULTS, positional=BN_ORDER)(
        instance_norm(_rank, f"InstanceNorm{_rank}d"))
