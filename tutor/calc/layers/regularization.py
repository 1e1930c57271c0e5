"""Dropout and its relatives: active only while training, they never change the shape and
have no weights."""

from __future__ import annotations

from tutor.calc.args import BASE_LAYER_ARGS, REQUIRED, Args
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import split_channels
from tutor.calc.layers.shapes import axes_of, no_params, unchanged_steps
from tutor.calc.result import Shape

TRAINING_ONLY = "active only while training, and even then it keeps the shape"


def passthrough(type_: str, shape: Shape, data_format: str = "channels_last") -> LayerOut:
    axes = axes_of(len(shape), data_format)
    return LayerOut(shape, steps=[*unchanged_steps(shape, axes, TRAINING_ONLY),
                                  no_params(type_, "it only zeroes or perturbs values")],
                    axes=axes)


def rate(args: Args, key: str = "rate") -> float:
    value = args.float(key)
    if not 0 <= value <= 1:
        raise args.error(f"`{key}` must be between 0 and 1, got {value}")
    return value


def check_noise_shape(args: Args) -> None:
    """Keras's `Dropout._validate_noise_shape`; the shape itself is checked only on real data."""
    value = args.raw("noise_shape")
    if value is None:
        return
    if not isinstance(value, tuple | list):
        raise args.error(f"`noise_shape` must be a tuple of integers, got {value!r}")
    for i, dim in enumerate(value):
        if dim is None:
            continue
        if isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0:
            raise args.error(f"`noise_shape` sizes must be positive integers or None, got "
                             f"{dim!r} at index {i}")


@register("Dropout", {"rate": REQUIRED, "noise_shape": None, "seed": None},
          positional=("rate", "noise_shape", "seed"))
def dropout(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    rate(args)
    check_noise_shape(args)
    return passthrough("Dropout", shape)


@register("AlphaDropout", {"rate": REQUIRED, "noise_shape": None, "seed": None},
          positional=("rate", "noise_shape", "seed"))
def alpha_dropout(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    rate(args)  # Keras checks nothing about AlphaDropout's noise_shape until it runs
    return passthrough("AlphaDropout", shape)


@register("GaussianDropout", {"rate": REQUIRED, "seed": None}, positional=("rate", "seed"))
def gaussian_dropout(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    rate(args)
    return passthrough("GaussianDropout", shape)


@register("GaussianNoise", {"stddev": REQUIRED, "seed": None}, positional=("stddev", "seed"))
def gaussian_noise(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    rate(args, "stddev")  # Keras, oddly, also requires 0 <= stddev <= 1
    return passthrough("GaussianNoise", shape)


@register("ActivityRegularization", {"l1": 0.0, "l2": 0.0}, positional=("l1", "l2"))
def activity_regularization(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    args.float("l1")
    args.float("l2")
    return passthrough("ActivityRegularization", shape)


def spatial_dropout(rank: int, type_: str):
    """SpatialDropoutND drops whole channels. Unlike other layers, its __init__ takes no
    **kwargs, so Keras rejects `trainable=`, `input_shape=` and the like with a TypeError."""
    allowed = {"rate", "seed", "name", "dtype"} | ({"data_format"} if rank > 1 else set())

    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        for key in sorted(set(args.values) & (BASE_LAYER_ARGS - allowed)):
            raise args.error(f"{type_} takes no argument `{key}` (its only arguments are "
                             f"{', '.join(sorted(allowed - {'name', 'dtype'}))}, name and "
                             f"dtype)")
        rate(args)
        data_format = args.data_format() if rank > 1 else "channels_last"
        split_channels(args, shape, rank, type_)
        return passthrough(type_, shape, data_format)

    return compute


register("SpatialDropout1D", {"rate": REQUIRED, "seed": None}, positional=("rate", "seed"))(
    spatial_dropout(1, "SpatialDropout1D"))
for _rank in (2, 3):
    register(f"SpatialDropout{_rank}D", {"rate": REQUIRED, "data_format": None, "seed": None},
             positional=("rate", "data_format", "seed"))(
        spatial_dropout(_rank, f"SpatialDropout{_rank}D"))
