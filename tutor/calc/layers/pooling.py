"""MaxPooling1D/2D/3D, AveragePooling1D/2D/3D and their global forms: no weights, and a
window that slides like a convolution's, with strides defaulting to the pool size."""

from __future__ import annotations

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import join_channels, split_channels
from tutor.calc.layers.shapes import no_params, size_text
from tutor.calc.result import Shape
from tutor.calc.spatial import AXIS_NAMES, Window, window_axes

POOL_ORDER = ("pool_size", "strides", "padding", "data_format")
GLOBAL_ORDER = ("data_format", "keepdims")
CHANNELS_FIRST = "with channels_first the channels come before the spatial axes"


def pool_padding(args: Args) -> str:
    """Keras's pooling layers compare `padding` as given: 'Same' is an error there, unlike in
    the convolutions, which lower-case it first."""
    padding = args.raw("padding")
    if padding not in ("valid", "same"):
        raise args.error(f"`padding` must be 'valid' or 'same' (in lower case), "
                         f"got {padding!r}")
    return padding


def pool_layer(rank: int, type_: str, mode: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        pool = args.ints("pool_size", rank)
        default_strides = args.raw("strides") is None
        strides = pool if default_strides else args.ints("strides", rank)
        padding = pool_padding(args)
        window = Window(pool, strides, (1,) * rank, padding, size_symbol="F",
                        size_label="pool size")
        sizes, steps, symbols = window_axes(window, spatial, ctx, args.layer, args.line)
        if default_strides:
            steps = [strides_note(step) for step in steps]
        note = f"{mode} pooling works on each channel separately"
        if data_format == "channels_first":
            note += f"; {CHANNELS_FIRST}"
        steps.append(Step("depth", "depth", "output depth (unchanged)", "D_in",
                          size_text(d_in), d_in, note=note))
        steps.append(no_params(type_, "pooling takes the max or mean of each window; "
                                      "it learns nothing"))
        output, axes = join_channels(shape[0], sizes, d_in, data_format)
        symbols = symbols | ({"D_in": d_in} if d_in is not None else {})
        return LayerOut(output, steps=steps, axes=axes, symbols=symbols)

    return compute


def strides_note(step: Step) -> Step:
    """Say why S is the pool size when strides were not given: learners expect 1."""
    why = "strides not given: Keras uses the pool size, so windows do not overlap"
    note = f"{step.note}; {why}" if step.note else why
    return Step(step.quantity, step.key, step.label, step.formula, step.substituted,
                step.value, note=note)


def global_layer(rank: int, type_: str, mode: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        spatial, d_in, data_format = split_channels(args, shape, rank, type_)
        keepdims = args.bool("keepdims")
        steps: list[Step] = []
        if keepdims:
            steps += [Step(name, name, f"output {name} (keepdims=True)", "1", "1", 1,
                           note="keepdims keeps each pooled axis, with size 1")
                      for name in AXIS_NAMES[rank]]
        note = f"one number per channel: the {mode} over all {positions_text(spatial)} positions"
        if data_format == "channels_first":
            note += f"; {CHANNELS_FIRST}"
        steps.append(Step("depth", "depth", "output depth (unchanged)", "D_in",
                          size_text(d_in), d_in, note=note))
        steps.append(no_params(type_))
        batch = shape[0]
        if keepdims:
            output, axes = join_channels(batch, (1,) * rank, d_in, data_format)
        else:
            output, axes = (batch, d_in), {"depth": 1, "units": 1}
        return LayerOut(output, steps=steps, axes=axes,
                        symbols={"D_in": d_in} if d_in is not None else {})

    return compute


def positions_text(spatial: list[int | None]) -> str:
    return " × ".join(size_text(s) for s in spatial)


POOL_DEFAULTS = {"strides": None, "padding": "valid", "data_format": None}
GLOBAL_DEFAULTS = {"data_format": None, "keepdims": False}
for _rank in (1, 2, 3):
    _max, _avg = f"MaxPooling{_rank}D", f"AveragePooling{_rank}D"
    register(_max, {"pool_size": (2,) * _rank, **POOL_DEFAULTS}, positional=POOL_ORDER,
             aliases=(f"MaxPool{_rank}D",))(pool_layer(_rank, _max, "max"))
    register(_avg, {"pool_size": REQUIRED, **POOL_DEFAULTS}, positional=POOL_ORDER,
             aliases=(f"AvgPool{_rank}D",))(pool_layer(_rank, _avg, "average"))
    _gmax, _gavg = f"GlobalMaxPooling{_rank}D", f"GlobalAveragePooling{_rank}D"
    register(_gmax, GLOBAL_DEFAULTS, positional=GLOBAL_ORDER,
             aliases=(f"GlobalMaxPool{_rank}D",))(global_layer(_rank, _gmax, "max"))
    register(_gavg, GLOBAL_DEFAULTS, positional=GLOBAL_ORDER,
             aliases=(f"GlobalAvgPool{_rank}D",))(global_layer(_rank, _gavg, "mean"))
