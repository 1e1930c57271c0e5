"""Keras's preprocessing and augmentation layers, as courses put them at the front of a model:
Rescaling, Normalization, Resizing, CenterCrop, RandomCrop, the shape-keeping Random*
augmentations, and Masking. None has trainable weights; Normalization keeps its statistics
(mean, variance and a count) as non-trainable weights unless it is given them."""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerFn, LayerOut, register
from tutor.calc.layers.shapes import axes_of, no_params, shape_text, unchanged_steps
from tutor.calc.result import Shape

KEEPS = "it changes values (or, while training, the images), never the shape"

# (class, [(argument, default)] in Keras 3's positional order), read off keras.layers 3.15.
SHAPE_KEEPING: dict[str, list[tuple[str, Any]]] = {
    "Rescaling": [("scale", REQUIRED), ("offset", 0.0)],
    "Masking": [("mask_value", 0.0)],
    "RandomBrightness": [("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None)],
    "RandomColorDegeneration": [("factor", REQUIRED), ("value_range", (0, 255)),
                                ("data_format", None), ("seed", None)],
    "RandomColorJitter": [("value_range", (0, 255)), ("brightness_factor", None),
                          ("contrast_factor", None), ("saturation_factor", None),
                          ("hue_factor", None), ("seed", None), ("data_format", None)],
    "RandomContrast": [("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None)],
    "RandomElasticTransform": [("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"),
                               ("fill_mode", "reflect"), ("fill_value", 0.0),
                               ("value_range", (0, 255)), ("seed", None),
                               ("data_format", None)],
    "RandomErasing": [("factor", 1.0), ("scale", (0.02, 0.33)), ("fill_value", None),
                      ("value_range", (0, 255)), ("seed", None), ("data_format", None)],
    "RandomFlip": [("mode", "horizontal_and_vertical"), ("seed", None), ("data_format", None)],
    "RandomGaussianBlur": [("factor", 1.0), ("kernel_size", 3), ("sigma", 1.0),
                           ("value_range", (0, 255)), ("data_format", None), ("seed", None)],
    "RandomGrayscale": [("factor", 0.5), ("data_format", None), ("seed", None)],
    "RandomHue": [("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None),
                  ("seed", None)],
    "RandomInvert": [("factor", 1.0), ("value_range", (0, 255)), ("seed", None),
                     ("data_format", None)],
    "RandomPerspective": [("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"),
                          ("fill_value", 0.0), ("seed", None), ("data_format", None)],
    "RandomPosterization": [("factor", REQUIRED), ("value_range", (0, 255)),
                            ("data_format", None), ("seed", None)],
    "RandomRotation": [("factor", REQUIRED), ("fill_mode", "reflect"),
                       ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0),
                       ("data_format", None)],
    "RandomSaturation": [("factor", REQUIRED), ("value_range", (0, 255)),
                         ("data_format", None), ("seed", None)],
    "RandomSharpness": [("factor", REQUIRED), ("value_range", (0, 255)), ("data_format", None),
                        ("seed", None)],
    "RandomShear": [("x_factor", 0.0), ("y_factor", 0.0), ("interpolation", "bilinear"),
                    ("fill_mode", "reflect"), ("fill_value", 0.0), ("data_format", None),
                    ("seed", None)],
    "RandomTranslation": [("height_factor", REQUIRED), ("width_factor", REQUIRED),
                          ("fill_mode", "reflect"), ("interpolation", "bilinear"),
                          ("seed", None), ("fill_value", 0.0), ("data_format", None)],
    "RandomZoom": [("height_factor", REQUIRED), ("width_factor", None),
                   ("fill_mode", "reflect"), ("interpolation", "bilinear"), ("seed", None),
                   ("fill_value", 0.0), ("data_format", None)],
}
SIZING: dict[str, list[tuple[str, Any]]] = {
    "Resizing": [("height", REQUIRED), ("width", REQUIRED), ("interpolation", "bilinear"),
                 ("crop_to_aspect_ratio", False), ("pad_to_aspect_ratio", False),
                 ("fill_mode", "constant"), ("fill_value", 0.0), ("antialias", False),
                 ("data_format", None)],
    "CenterCrop": [("height", REQUIRED), ("width", REQUIRED), ("data_format", None)],
    "RandomCrop": [("height", REQUIRED), ("width", REQUIRED), ("seed", None),
                   ("data_format", None)],
}
SIZING_WHY = {"Resizing": "every image is resized to height × width",
              "CenterCrop": "the centre height × width of each image is kept (a smaller image "
                            "is resized up first)",
              "RandomCrop": "a random height × width window of each image is kept while "
                            "training, the centre one otherwise"}


def keeping(type_: str) -> LayerFn:
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        data_format = args.data_format() if "data_format" in args.values else "channels_last"
        axes = axes_of(len(shape), data_format)
        return LayerOut(shape, steps=[*unchanged_steps(shape, axes, KEEPS), no_params(type_)],
                        axes=axes)
    return compute


def sizing(type_: str) -> LayerFn:
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        height, width = args.int("height"), args.int("width")
        if len(shape) not in (3, 4):
            raise args.error(f"{type_} works on images: batches of rank 4 (batch, height, "
                             f"width, channels), got shape {shape_text(shape)}")
        data_format = args.data_format()
        why = SIZING_WHY[type_]
        if len(shape) == 3:  # Keras takes a rank-3 tensor for one image, batch axis and all
            axes = {"height": 0, "width": 1, "depth": 2} if data_format == "channels_last" \
                else {"depth": 0, "height": 1, "width": 2}
            why += ("; a rank-3 input is taken as ONE image (height, width, channels), its "
                    "batch axis as the height: the batch axis is lost")
        else:
            axes = axes_of(4, data_format)
        out = list(shape)
        out[axes["height"]], out[axes["width"]] = height, width
        depth = shape[axes["depth"]]
        steps = [Step("height", "height", "output height (the `height` argument)", "H_out",
                      str(height), height, note=why),
                 Step("width", "width", "output width (the `width` argument)", "W_out",
                      str(width), width),
                 Step("depth", "depth", "output depth (unchanged)", "D_in",
                      "None" if depth is None else str(depth), depth),
                 no_params(type_)]
        return LayerOut(tuple(out), steps=steps, axes=axes)
    return compute


for _type, _args in SHAPE_KEEPING.items():
    register(_type, dict(_args), positional=tuple(a for a, _ in _args))(keeping(_type))
for _type, _args in SIZING.items():
    register(_type, dict(_args), positional=tuple(a for a, _ in _args))(sizing(_type))


@register("Normalization", {"axis": -1, "mean": None, "variance": None, "invert": False},
          positional=("axis", "mean", "variance", "invert"))
def normalization(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    axes = axes_of(len(shape))
    steps = unchanged_steps(shape, axes, "normalizing changes values, never the shape")
    given = args.raw("mean") is not None or args.raw("variance") is not None
    if given and (args.raw("mean") is None or args.raw("variance") is None):
        raise args.error("Normalization needs both `mean` and `variance`, or neither (then "
                         "`adapt()` computes them)")
    if given:  # constants, not weights
        steps.append(no_params("Normalization", "mean= and variance= are given: they are "
                                                "constants, not weights"))
        return LayerOut(shape, steps=steps, axes=axes)
    kept = kept_axes(args, shape)
    sizes = [shape[i] for i in kept]
    if any(size is None for size in sizes):
        raise args.error(f"Normalization keeps one mean per position of axis {kept}, whose "
                         f"size is unknown in {shape_text(shape)}")
    n = prod(sizes)  # type: ignore[arg-type]
    formula = " × ".join("D_in" if i == len(shape) - 1 else f"N{i}" for i in kept) or "1"
    numbers = " × ".join(str(s) for s in sizes) or "1"
    steps += [Step("params", "statistics", "a mean and a variance per normalized position "
                   "(set by adapt(), non-trainable)", f"2 × {formula}", f"2 × {numbers}",
                   2 * n),
              Step("params", "non_trainable", "non-trainable parameters (and one count)",
                   f"2 × {formula} + 1", f"2 × {numbers} + 1", 2 * n + 1,
                   note="Keras also keeps how many values adapt() has seen"),
              Step("params", "params", "parameters (none trainable)", f"2 × {formula} + 1",
                   f"2 × {numbers} + 1", 2 * n + 1)]
    return LayerOut(shape, non_trainable=2 * n + 1, steps=steps, axes=axes)


def kept_axes(args: Args, shape: Shape) -> list[int]:
    axis = args.raw("axis")
    if axis is None:
        return []
    chosen = (axis,) if isinstance(axis, int) and not isinstance(axis, bool) else axis
    if not isinstance(chosen, tuple) or not all(isinstance(a, int) for a in chosen):
        raise args.error(f"`axis` must be an integer, a tuple of integers or None, got {axis!r}")
    kept = []
    for a in chosen:
        if not -len(shape) < a < len(shape) or a % len(shape) == 0:
            raise args.error(f"`axis` {a} is not an axis of {shape_text(shape)} other than "
                             "the batch axis")
        kept.append(a % len(shape))
    return sorted(kept)
