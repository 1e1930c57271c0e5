"""How much of the input one output sees: the receptive field and the jump of every layer of a
single-path model, per spatial axis, derived as `Step`s.

The recurrence is Araujo, Norris and Sim's ("Computing Receptive Fields of Convolutional
Neural Networks", Distill 2019), layer by layer from the input (r = 1, j = 1):
- a window (convolution, pooling) of size F, stride S and dilation D:
  r_out = r_in + (D × (F − 1)) × j_in, j_out = j_in × S;
- padding and cropping move the window, not its size: r and j stay;
- upsampling by U repeats each value: r stays (bilinear: + j_in, two neighbours are mixed),
  j_out = j_in / U;
- a transposed convolution with stride S spreads each input over F outputs, so one output
  sees at most ceil(F / S) neighbouring inputs: r_out = r_in + (ceil(F / S) − 1) × j_in,
  j_out = j_in / S;
- global pooling, Flatten and everything after them see the whole input;
- other layers (activations, normalization, dropout, 1×1 reshapes of channels) keep both.
Where the jump is a fraction (after upsampling), a window can straddle input pixels: the
receptive field is rounded up to whole pixels.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from tutor.calc.derivation import Step
from tutor.calc.result import LayerResult, ModelSummary

GLOBAL = ("Global", "Flatten", "Dense", "Linear", "AdaptiveAvgPool", "AdaptiveMaxPool",
          "F.adaptive_", "Tensor.view", "Tensor.flatten", "torch.flatten", "Tensor.reshape",
          "torch.reshape", "Reshape", "Tensor.mean", "torch.mean")


@dataclass(frozen=True)
class Reach:
    """A layer's receptive field and jump per spatial axis; `whole` when it sees everything."""

    field: tuple[int, ...]
    jump: tuple[Fraction, ...]
    steps: tuple[Step, ...]
    whole: bool = False
    # every step from the input up to this layer, for a question about its field
    chain: tuple[Step, ...] = ()

    @property
    def value(self) -> int | tuple[int, ...]:
        """One number when every axis agrees (a square field), else one per axis."""
        return self.field[0] if len(set(self.field)) == 1 else self.field


@dataclass(frozen=True)
class Window:
    size: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    kind: str  # "window" | "transposed" | "upsample" | "bilinear"


def spatial_rank(summary: ModelSummary) -> int:
    """How many spatial axes the model's input has (2 for images, 1 for sequences)."""
    for layer in chain(summary):
        window = window_of(layer)
        if window is not None:
            return len(window.size)
    return 0


def chain(summary: ModelSummary) -> tuple[LayerResult, ...]:
    """The model's operations in order: PyTorch's calls (F.max_pool2d counts), else layers."""
    return summary.calls or summary.layers


def receptive_fields(summary: ModelSummary, *, slips: frozenset[str] = frozenset()
                     ) -> dict[int, Reach]:
    """Each operation's reach, by `id` of its LayerResult (rows and calls alike).

    `slips` recompute it the way a learner's mistake would: "no_jump" (every jump taken as
    1), "no_dilation" (every dilation taken as 1)."""
    rank = spatial_rank(summary)
    out: dict[int, Reach] = {}
    if rank == 0 or summary.graph:  # branches that join see different fields: not one chain
        return out
    field = [1] * rank
    jump = [Fraction(1)] * rank
    whole = False
    input_sizes = _input_sizes(summary, rank)
    history: list[Step] = []
    for layer in chain(summary):
        steps: list[Step] = []
        window = None if whole else window_of(layer)
        if not whole and window is None and layer.type.startswith(GLOBAL):
            whole = True
            field = list(input_sizes)
            steps.append(Step("receptive_field", "receptive_field",
                              "receptive field (the whole input)", "H_in of the model",
                              " × ".join(map(str, field)), _one(field),
                              note=f"{layer.type} mixes every position: each output sees "
                                   "the whole input"))
        elif window is not None:
            if "no_dilation" in slips:
                window = replace(window, dilation=(1,) * len(window.dilation))
            field, jump, steps = _apply(window, field, jump)
            if "no_jump" in slips:
                jump = [Fraction(1)] * rank
        steps = [replace(step, label=f"{step.label}, after {layer.name}") for step in steps]
        history += steps
        out[id(layer)] = Reach(tuple(field), tuple(jump), tuple(steps), whole, tuple(history))
    for row in summary.layers:  # a module row is the same object as its call, or named alike
        if id(row) not in out:
            match = next((c for c in chain(summary) if c.name == row.name
                          and c.output_shape == row.output_shape), None)
            if match is not None:
                out[id(row)] = out[id(match)]
    return out


def _input_sizes(summary: ModelSummary, rank: int) -> list[int]:
    shape = summary.input_shape or ()
    sizes = shape[-rank:] if summary.framework == "pytorch" else shape[1:1 + rank]
    return [s or 0 for s in sizes]


def _one(values: list[int]) -> int | tuple[int, ...]:
    return values[0] if len(set(values)) == 1 else tuple(values)


AXES = {1: ("L",), 2: ("H", "W"), 3: ("D1", "D2", "D3")}


def _apply(window: Window, field: list[int], jump: list[Fraction]
           ) -> tuple[list[int], list[Fraction], list[Step]]:
    new_field, new_jump, steps = [], [], []
    rank = len(field)
    square = len(set(zip(window.size, window.stride, window.dilation, strict=True))) == 1 and (
        len(set(field)) == 1 and len(set(jump)) == 1)
    for i in range(rank):
        f, s, d = window.size[i], window.stride[i], window.dilation[i]
        r_in, j_in = field[i], jump[i]
        axis = "" if square else f" ({AXES[rank][i]})"
        if window.kind == "window":
            span = d * (f - 1)
            r = r_in + span * j_in
            j = j_in * s
            formula = ("r_in + D × (F − 1) × j_in" if d > 1 else "r_in + (F − 1) × j_in")
            numbers = (f"{r_in} + {d} × ({f} − 1) × {_f(j_in)}" if d > 1
                       else f"{r_in} + ({f} − 1) × {_f(j_in)}")
            j_formula, j_numbers = "j_in × S", f"{_f(j_in)} × {s}"
        elif window.kind == "transposed":
            reach = math.ceil(Fraction(f, s))
            r = r_in + (reach - 1) * j_in
            j = j_in / s
            formula, numbers = ("r_in + (ceil(F / S) − 1) × j_in",
                                f"{r_in} + (ceil({f} / {s}) − 1) × {_f(j_in)}")
            j_formula, j_numbers = "j_in / S", f"{_f(j_in)} / {s}"
        else:  # upsampling by S (nearest repeats, bilinear mixes two neighbours)
            extra = 1 if window.kind == "bilinear" else 0
            r = r_in + extra * j_in
            j = j_in / s
            formula, numbers = (("r_in + j_in", f"{r_in} + {_f(j_in)}") if extra
                                else ("r_in", str(r_in)))
            j_formula, j_numbers = "j_in / U", f"{_f(j_in)} / {s}"
        rounded = math.ceil(r)
        note = ("the jump is a fraction after upsampling: a window can straddle input pixels, "
                "so the field is rounded up" if rounded != r else None)
        steps.append(Step("receptive_field", f"receptive_field{'_' + str(i) if not square else ''}",
                          f"receptive field{axis}", formula, numbers, rounded, note=note))
        steps.append(Step("jump", f"jump{'_' + str(i) if not square else ''}",
                          f"jump (input pixels between neighbouring outputs){axis}",
                          j_formula, j_numbers, _jump_value(j)))
        new_field.append(rounded)
        new_jump.append(j)
        if square:
            new_field = [rounded] * rank
            new_jump = [j] * rank
            break
    return new_field, new_jump, steps


def _f(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _jump_value(value: Fraction) -> int | None:
    return int(value) if value.denominator == 1 else None


# --- windows of the layer types -----------------------------------------------------------

def window_of(layer: LayerResult) -> Window | None:
    """The sliding window (or upsampling) a layer applies, from its bound arguments."""
    args = _bound(layer)
    if args is None:
        return None
    type_ = layer.type
    if layer.framework == "pytorch":
        return _torch_window(type_, args)
    return _keras_window(type_, args)


def _bound(layer: LayerResult) -> dict[str, Any] | None:
    spec = layer.spec
    if spec is None:
        return None
    # imported here, not at the top: a summary exists, so its registry is loaded already,
    # and importing a registry package at start-up would register every layer type
    if layer.framework == "pytorch":
        from tutor.calc.torch.registry import lookup
    else:
        from tutor.calc.layers.base import lookup
    definition = lookup(layer.type)
    if definition is None:
        return None
    values = dict(definition.defaults)
    values.update(zip(definition.positional, spec.positional, strict=False))
    values.update(spec.args)
    return values


def _tuple(value: Any, rank: int) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * rank


RANK = re.compile(r"([123])[dD](?:Transpose)?$")


def _rank_of(type_: str) -> int | None:
    """2 for Conv2D, MaxPool2d, F.max_pool2d, Conv2DTranspose; None for other layers."""
    match = RANK.search(type_)
    return int(match.group(1)) if match else None


def _keras_window(type_: str, args: dict[str, Any]) -> Window | None:
    rank = _rank_of(type_)
    if rank is None:
        return None
    if "Transpose" in type_:
        return Window(_tuple(args["kernel_size"], rank), _tuple(args.get("strides", 1), rank),
                      _tuple(args.get("dilation_rate", 1), rank), "transposed")
    if type_.startswith(("Conv", "SeparableConv", "DepthwiseConv")) and "LSTM" not in type_:
        return Window(_tuple(args["kernel_size"], rank), _tuple(args.get("strides", 1), rank),
                      _tuple(args.get("dilation_rate", 1), rank), "window")
    if type_.startswith(("MaxPooling", "AveragePooling")):
        size = _tuple(args.get("pool_size", 2), rank)
        stride = args.get("strides")
        return Window(size, size if stride is None else _tuple(stride, rank), (1,) * rank,
                      "window")
    if type_.startswith("UpSampling"):
        kind = "bilinear" if args.get("interpolation") == "bilinear" else "upsample"
        size = _tuple(args.get("size", 2), rank)
        return Window((1,) * rank, size, (1,) * rank, kind)
    return None


def _torch_window(type_: str, args: dict[str, Any]) -> Window | None:
    name = type_.removeprefix("F.")
    rank = _rank_of(name)
    if rank is None or name.lower().startswith("adaptive"):
        return None
    if name.startswith("ConvTranspose"):
        return Window(_tuple(args["kernel_size"], rank), _tuple(args.get("stride", 1), rank),
                      _tuple(args.get("dilation", 1), rank), "transposed")
    if name.startswith("Conv"):
        return Window(_tuple(args["kernel_size"], rank), _tuple(args.get("stride", 1), rank),
                      _tuple(args.get("dilation", 1), rank), "window")
    if name.lower().startswith(("maxpool", "max_pool", "avgpool", "avg_pool")):
        size = _tuple(args["kernel_size"], rank)
        stride = args.get("stride")
        dilation = args.get("dilation", 1) if "max" in name.lower() else 1
        return Window(size, size if stride in (None, ()) else _tuple(stride, rank),
                      _tuple(dilation, rank), "window")
    return None
