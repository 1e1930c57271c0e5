"""BatchNormalization: four numbers per channel, two of them learned.

gamma (scale) and beta (shift) are trained; the moving mean and variance are statistics that
Keras updates while training but not by gradient descent, so they are non-trainable, and
model.summary() still counts them in "Total params".
"""

from __future__ import annotations

from dataclasses import replace
from math import prod

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.shapes import NAME_SYMBOLS, axes_of, shape_text, unchanged_steps
from tutor.calc.result import Shape
from tutor.calc.slips import Slip

BN_ORDER = (
    "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
    "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer",
    "gamma_regularizer", "beta_constraint", "gamma_constraint", "renorm", "renorm_clipping",
    "renorm_momentum", "synchronized")
BN_DEFAULTS = {
    "axis": -1, "momentum": 0.99, "epsilon": 1e-3, "center": True, "scale": True,
    "beta_initializer": "zeros", "gamma_initializer": "ones", "moving_mean_initializer": "zeros",
    "moving_variance_initializer": "ones", "beta_regularizer": None, "gamma_regularizer": None,
    "beta_constraint": None, "gamma_constraint": None, "renorm": False,
    "renorm_clipping": None, "renorm_momentum": 0.99, "synchronized": False,
}


def channel_axis(args: Args, shape: Shape) -> tuple[int, int]:
    """The normalized axis as an index, and its size (Keras makes one weight per entry)."""
    axis = args.int("axis", minimum=None)
    rank = len(shape)
    if not -rank <= axis < rank:
        raise args.error(f"`axis` {axis} is out of range for an input of shape "
                         f"{shape_text(shape)} (rank {rank})")
    index = axis % rank
    size = shape[index]
    if index == 0:
        raise args.error("`axis` points at the batch axis, whose size is unknown (None)")
    if size is None:
        raise args.error(f"the size of axis {axis} must be known to make one weight per "
                         f"channel, got None in {shape_text(shape)}")
    return index, size


@register("BatchNormalization", BN_DEFAULTS, positional=BN_ORDER)
def batch_normalization(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    index, channels = channel_axis(args, shape)
    center, scale, renorm = args.bool("center"), args.bool("scale"), args.bool("renorm")
    if args.bool("synchronized"):
        # Backend-dependent: the reference data come from the torch backend, which refuses.
        raise args.error("synchronized=True works only with the TensorFlow backend")
    data_format = "channels_first" if index == 1 and len(shape) > 2 else "channels_last"
    axes = axes_of(len(shape), data_format)
    steps = unchanged_steps(shape, axes, "normalizing changes values, never the shape")
    # The slip: a learner who counts only what gradient descent trains.
    stats = 0 if ctx.slip(Slip.NON_TRAINABLE_AS_TRAINABLE) else 5 if renorm else 2
    trainable, non_trainable, param_steps = bn_params(channels, scale, center, stats)
    if ctx.slip(Slip.STATS_AS_TRAINABLE):  # the moving statistics counted as trained
        trainable, non_trainable = trainable + non_trainable, 0
    return LayerOut(shape, trainable=trainable, non_trainable=non_trainable,
                    steps=steps + param_steps, axes=axes, symbols={"D_in": channels})


def times(n: int, symbol: str) -> str:
    return symbol if n == 1 else f"{n} × {symbol}"


def bn_params(c: int, scale: bool, center: bool, stats: int, symbol: str = "D_in"
              ) -> tuple[int, int, list[Step]]:
    """gamma and beta (trainable), `stats` non-trainable statistics per channel (2: moving
    mean and variance; 5 with renorm), the total. A vector left out (scale=False,
    center=False) gets no step; its absence is said in the total's note."""
    steps = []
    learned = 0
    missing = []
    for name, role, on, flag in (("gamma", "scale", scale, "scale"),
                                 ("beta", "shift", center, "center")):
        learned += on
        if on:
            steps.append(Step("params", name, f"{name} ({role}, one per channel, trainable)",
                              symbol, str(c), c))
        else:
            missing.append(f"{flag}=False: no {name}")
    if learned and stats:
        steps.append(Step("params", "trainable", "trainable parameters",
                          times(learned, symbol), times(learned, str(c)), learned * c))
    if stats:
        steps += stats_steps(c, renorm=stats == 5, symbol=symbol)
    total = learned + stats
    notes = [*missing, *(["model.summary() counts the non-trainable statistics in Total "
                          "params"] if stats else [])]
    steps.append(Step("params", "params", "parameters (trainable + non-trainable)" if stats
                      else "parameters" if total else "parameters (no weights)",
                      times(total, symbol) if total else "0",
                      times(total, str(c)) if total else "0", total * c,
                      note="; ".join(notes) or None))
    return learned * c, stats * c, steps


def stats_steps(c: int, renorm: bool, symbol: str = "D_in") -> list[Step]:
    why = "updated from batch statistics while training, not by gradients"
    steps = [Step("params", "moving_mean", "moving mean (one per channel, non-trainable)",
                  symbol, str(c), c, note=why),
             Step("params", "moving_variance",
                  "moving variance (one per channel, non-trainable)", symbol, str(c), c)]
    if renorm:
        steps.append(Step("params", "renorm", "renorm statistics (non-trainable)",
                          f"3 × {symbol}",
                          f"3 × {c}", 3 * c,
                          note="renorm=True adds a moving stddev, a renorm mean and a renorm "
                               "stddev per channel"))
    n = 5 if renorm else 2
    steps.append(Step("params", "non_trainable", "non-trainable parameters",
                      f"{n} × {symbol}",
                      f"{n} × {c}", n * c))
    return steps


GN_ORDER = ("groups", "axis", "epsilon", "center", "scale", "beta_initializer",
            "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
            "gamma_constraint")
GN_DEFAULTS = {
    "groups": 32, "axis": -1, "epsilon": 1e-3, "center": True, "scale": True,
    "beta_initializer": "zeros", "gamma_initializer": "ones", "beta_regularizer": None,
    "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None,
}


@register("GroupNormalization", GN_DEFAULTS, positional=GN_ORDER)
def group_normalization(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    """gamma and beta per channel, both trained; no moving statistics, unlike BatchNorm."""
    groups = args.int("groups", minimum=-1)
    if groups == 0:
        raise args.error("`groups` must be a positive integer, or -1 for one group per channel")
    index, channels = channel_axis(args, shape)
    groups = channels if groups == -1 else groups
    if channels % groups:
        raise args.error(f"the {channels} channels cannot be split into {groups} groups of "
                         f"equal size ({channels} is not divisible by {groups})")
    data_format = "channels_first" if index == 1 and len(shape) > 2 else "channels_last"
    axes = axes_of(len(shape), data_format)
    steps = unchanged_steps(shape, axes, "normalizing changes values, never the shape")
    trainable, _, param_steps = bn_params(channels, args.bool("scale"), args.bool("center"), 0)
    last = param_steps[-1]
    param_steps[-1] = Step("params", "params", "parameters (all trainable)", last.formula,
                           last.substituted, last.value,
                           note="the statistics come from each example's groups of channels, "
                                "so nothing is stored for them")
    return LayerOut(shape, trainable=trainable, steps=steps + param_steps, axes=axes,
                    symbols={"D_in": channels, "G": groups})


LN_ORDER = ("axis", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
            "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")
LN_DEFAULTS = {
    "axis": -1, "epsilon": 1e-3, "center": True, "scale": True, "beta_initializer": "zeros",
    "gamma_initializer": "ones", "beta_regularizer": None, "gamma_regularizer": None,
    "beta_constraint": None, "gamma_constraint": None,
    # deprecated in Keras 3 (it warns): gamma only, no beta
    "rms_scaling": False,
}


@register("LayerNormalization", LN_DEFAULTS, positional=LN_ORDER)
def layer_normalization(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    """gamma and beta for each value of the normalized axes (by default the last one), both
    trained; the statistics come from each example, so nothing else is stored."""
    indexes = normalized_axes(args, shape)
    sizes = [shape[i] for i in indexes]
    if None in sizes:
        raise args.error(f"the normalized axes must have known sizes to make one gamma and "
                         f"one beta per value, got {shape_text(shape)} (axis "
                         f"{args.raw('axis')!r})")
    count = prod(s for s in sizes if s is not None)
    rms = args.bool("rms_scaling")
    scale, center = args.bool("scale") or rms, args.bool("center") and not rms
    axes = axes_of(len(shape))
    steps = unchanged_steps(shape, axes, "normalizing changes values, never the shape")
    names = {index: name for name, index in axes.items() if name != "units"}
    symbols = [f"{NAME_SYMBOLS[names[i]]}_in" if i in names else f"d{i}" for i in indexes]
    symbol = symbols[0] if len(indexes) == 1 else "N_norm"
    if len(sizes) > 1:
        steps.append(Step("params", "features", "values normalized together (per example)",
                          " × ".join(symbols), " × ".join(str(s) for s in sizes), count,
                          note="each of them gets its own gamma and beta"))
    trainable, _, param_steps = bn_params(count, scale, center, 0, symbol)
    # "trainable parameters" would repeat the total: everything here is trainable
    param_steps = [replace(s, label=s.label.replace("per channel", "per normalized value"))
                   for s in param_steps if s.key != "trainable"]
    last = param_steps[-1]
    param_steps[-1] = replace(last, label="parameters (all trainable)",
                              note="the mean and variance come from each example as it "
                                   "passes, so unlike BatchNormalization nothing else is "
                                   "stored")
    return LayerOut(shape, trainable=trainable, steps=steps + param_steps, axes=axes,
                    symbols={symbol: count})


def normalized_axes(args: Args, shape: Shape) -> list[int]:
    """`axis` as indexes into the shape, sorted as Keras sorts a list of axes."""
    axis = args.raw("axis")
    given = list(axis) if isinstance(axis, tuple | list) else [axis]
    rank = len(shape)
    for value in given:
        if isinstance(value, bool) or not isinstance(value, int):
            raise args.error(f"`axis` must be an integer or a list of integers, got {axis!r}")
        if not -rank <= value < rank:
            raise args.error(f"`axis` {value} is out of range for an input of shape "
                             f"{shape_text(shape)} (rank {rank})")
        if value % rank == 0:
            raise args.error("`axis` points at the batch axis, whose size is unknown (None)")
    return [value % rank for value in sorted(given)]
