"""Padding, upsampling and pixel shuffling: nn.ZeroPad/ConstantPad/ReflectionPad/
ReplicationPad/CircularPad 1d–3d, nn.Upsample and F.interpolate, nn.PixelShuffle and
nn.PixelUnshuffle. None has weights; each changes the spatial sizes (PixelShuffle trades
channels for them)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.spatial import AXIS_NAMES, AXIS_SYMBOLS
from tutor.calc.torch.common import channel_axes, no_params, shape_text, size_text
from tutor.calc.torch.registry import register

PAD_KINDS = {"ZeroPad": {}, "ConstantPad": {"value": REQUIRED}, "ReflectionPad": {},
             "ReplicationPad": {}, "CircularPad": {}}
PAD_WHY = {"ZeroPad": "zeros are added around each map",
           "ConstantPad": "the value given is added around each map",
           "ReflectionPad": "each map is mirrored into the border (the padding must be smaller "
                            "than the size it mirrors)",
           "ReplicationPad": "each map's edge values are repeated into the border",
           "CircularPad": "each map wraps around into the border"}


def spatial(args: Args, type_: str, shape: Any, rank: int) -> tuple[int, list[Any]]:
    """Where the spatial axes start in a batched (N, C, ...) or unbatched (C, ...) input."""
    if len(shape) not in (rank + 1, rank + 2):
        raise args.error(f"{type_} expects a {rank + 1}-D (unbatched) or {rank + 2}-D "
                         f"(batched) input, got input of shape {shape_text(shape)}")
    first = len(shape) - rank
    return first, list(shape[first:])


def padding(kind: str, rank: int):
    type_ = f"{kind}{rank}d"

    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        given = args.raw("padding")
        if isinstance(given, int) and not isinstance(given, bool):
            pads = (given,) * (2 * rank)
        elif isinstance(given, tuple) and len(given) == 2 * rank and all(
                isinstance(p, int) and not isinstance(p, bool) for p in given):
            pads = given
        else:
            raise args.error(f"`padding` must be an int or a tuple of {2 * rank} ints (last "
                             f"axis first: left, right{', top, bottom' if rank > 1 else ''}"
                             f"{', front, back' if rank > 2 else ''}), got {given!r}")
        if shape is None:
            return LayerOut(None, steps=[no_params(type_)])
        first, sizes = spatial(args, type_, shape, rank)
        out = list(shape)
        steps = []
        names, symbols = AXIS_NAMES[rank], AXIS_SYMBOLS[rank]
        for i in range(rank):  # PyTorch's pads start with the last axis
            before, after = pads[2 * (rank - 1 - i)], pads[2 * (rank - 1 - i) + 1]
            size = sizes[i]
            if kind == "ReflectionPad" and size is not None and max(before, after) >= size:
                raise args.error(f"Padding size should be less than the corresponding input "
                                 f"dimension, but got: padding ({before}, {after}) at "
                                 f"dimension {first + i} of input {shape_text(shape)}")
            new = None if size is None else size + before + after
            if new is not None and new < 0:
                raise args.error(f"the padding leaves axis {first + i} a negative size ({new})")
            out[first + i] = new
            s = symbols[i]
            terms = [(f"+ P_{s}{k}", f"+ {p}") if p >= 0 else (f"− Crop_{s}{k}", f"− {-p}")
                     for k, p in ((1, before), (2, after))]  # a negative padding crops
            steps.append(Step(names[i], names[i], f"output {names[i]} (padding added on both "
                              "sides)", " ".join([f"{s}_in", *(t[0] for t in terms)]),
                              " ".join([size_text(size), *(t[1] for t in terms)]), new,
                              note=PAD_WHY[kind] if not steps else None))
        steps.append(no_params(type_))
        return LayerOut(tuple(out), steps=steps, axes=channel_axes(rank, first == 2))

    return compute


for _kind, _extra in PAD_KINDS.items():
    for _rank in (1, 2, 3):
        register(f"{_kind}{_rank}d", {"padding": REQUIRED, **_extra},
                 positional=("padding", *_extra))(padding(_kind, _rank))

INTERP_ORDER = ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor")
INTERP_DEFAULTS = {"size": None, "scale_factor": None, "mode": "nearest",
                   "align_corners": None, "recompute_scale_factor": None}
MODE_RANK = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}


def resize(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        size, scale = args.raw("size"), args.raw("scale_factor")
        if (size is None) == (scale is None):
            raise args.error("either size or scale_factor should be defined" if size is None
                             else "only one of size or scale_factor should be defined")
        if shape is None:
            return LayerOut(None, steps=[no_params(type_)])
        if len(shape) not in (3, 4, 5):
            raise args.error(f"{type_} takes a batched input of 3, 4 or 5 dimensions (N, C, "
                             f"...), got {shape_text(shape)}")
        rank = len(shape) - 2
        mode = args.raw("mode")
        if mode in MODE_RANK and MODE_RANK[mode] != rank:
            raise args.error(f"Got {len(shape)}D input, but {mode} mode needs "
                             f"{MODE_RANK[mode] + 2}D input")
        names, symbols = AXIS_NAMES[rank], AXIS_SYMBOLS[rank]
        out, steps = list(shape), []
        for i in range(rank):
            size_in = shape[2 + i]
            s = symbols[i]
            if size is not None:
                new = per_axis(args, "size", size, rank)[i]
                steps.append(Step(names[i], names[i], f"output {names[i]} (the size given)",
                                  f"{s}_out", str(new), new))
            else:
                factors = per_axis(args, "scale_factor", scale, rank)
                factor = factors[i]
                new = None if size_in is None else math.floor(size_in * factor)
                u = "U" if len(set(factors)) == 1 else f"U_{s.lower()}"
                ratio = Fraction(factor).limit_denominator(1000)
                if ratio.denominator == 1:
                    formula, numbers = f"floor({s}_in × {u})", f"floor({size_text(size_in)} × " \
                                                                f"{ratio.numerator})"
                else:  # 1.5 as 3 / 2: the derivation's numbers are whole
                    formula = f"floor({s}_in × {u}_num / {u}_den)"
                    numbers = (f"floor({size_text(size_in)} × {ratio.numerator} / "
                               f"{ratio.denominator})")
                steps.append(Step(names[i], names[i], f"output {names[i]} (the input's, times "
                                  f"the scale factor {factor}, rounded down)", formula, numbers,
                                  new))
            out[2 + i] = new
        steps.append(no_params(type_))
        return LayerOut(tuple(out), steps=steps, axes=channel_axes(rank, True))

    return compute


def per_axis(args: Args, key: str, value: Any, rank: int) -> tuple[Any, ...]:
    values = value if isinstance(value, tuple) else (value,) * rank
    if len(values) != rank or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                      and v > 0 for v in values):
        raise args.error(f"`{key}` must be a positive number or a tuple of {rank}, one per "
                         f"spatial axis, got {value!r}")
    return values


register("Upsample", INTERP_DEFAULTS, positional=INTERP_ORDER)(resize("Upsample"))
register("F.interpolate", {**INTERP_DEFAULTS, "antialias": False},
         positional=INTERP_ORDER, functional=True, aliases=("F.upsample",))(
    resize("F.interpolate"))


def shuffle(type_: str, key: str, up: bool):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        r = args.int(key)
        if shape is None:
            return LayerOut(None, steps=[no_params(type_)])
        if len(shape) < 3:
            raise args.error(f"{type_} expects an input of at least 3 dimensions (C, H, W), "
                             f"got {shape_text(shape)}")
        c, h, w = shape[-3:]
        out = list(shape)
        if up:
            if c is not None and c % (r * r):
                raise args.error(f"pixel_shuffle expects its input's 'channel' dimension to be "
                                 f"divisible by the square of upscale_factor, but "
                                 f"input.size(-3)={c} is not divisible by {r * r}")
            new = (None if c is None else c // (r * r), None if h is None else h * r,
                   None if w is None else w * r)
            formulas = (("C_in / (Z × Z)", f"{c} / ({r} × {r})"), ("H_in × Z", f"{h} × {r}"),
                        ("W_in × Z", f"{w} × {r}"))
        else:
            for name, size in (("height", h), ("width", w)):
                if size is not None and size % r:
                    raise args.error(f"pixel_unshuffle expects {name} to be divisible by "
                                     f"downscale_factor, but its size {size} is not "
                                     f"divisible by {r}")
            new = (None if c is None else c * r * r, None if h is None else h // r,
                   None if w is None else w // r)
            formulas = (("C_in × Z × Z", f"{c} × {r} × {r}"), ("H_in / Z", f"{h} / {r}"),
                        ("W_in / Z", f"{w} / {r}"))
        out[-3:] = new
        steps = [Step(name, name, f"output {name}", formula, numbers.replace("None", "?"),
                      value, note="Z × Z values of each position move between the channels "
                                  "and a square of pixels" if name == "depth" else None)
                 for name, (formula, numbers), value in zip(("depth", "height", "width"),
                                                            formulas, new, strict=True)]
        steps.append(no_params(type_))
        return LayerOut(tuple(out), steps=steps, axes=channel_axes(2, len(shape) == 4))

    return compute


register("PixelShuffle", {"upscale_factor": REQUIRED}, positional=("upscale_factor",))(
    shuffle("PixelShuffle", "upscale_factor", up=True))
register("PixelUnshuffle", {"downscale_factor": REQUIRED}, positional=("downscale_factor",))(
    shuffle("PixelUnshuffle", "downscale_factor", up=False))
