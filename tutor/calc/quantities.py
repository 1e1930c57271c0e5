"""The quantities a question can ask for, read off a computed model with their derivations."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from tutor.calc import cost, reach
from tutor.calc.derivation import Step, fmt
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.errors import TutorError

COST_QUANTITIES = ("mult_adds", "params_bytes", "activation_bytes", "receptive_field")
LAYER_QUANTITIES = ("params", "output_shape", "height", "width", "depth", "length",
                    "channels", "size", "buffers", *COST_QUANTITIES)
MODEL_QUANTITIES = ("total_params", "trainable_params", "non_trainable_params",
                    "total_mult_adds", "total_buffers")
QUANTITIES = LAYER_QUANTITIES + MODEL_QUANTITIES
SYNONYMS = {"channels": "depth"}


@dataclass(frozen=True)
class Quantity:
    """The right answer to a question: its value and the steps that derive it."""

    name: str
    value: int | Shape
    steps: tuple[Step, ...]
    layer: LayerResult | None = None


def find_layer(summary: ModelSummary, layer: int | str | None) -> LayerResult:
    """A layer by 0-based index, by name, or the last one when `layer` is None."""
    if not summary.layers:
        raise TutorError("the model has no layers")
    if layer is None:
        return summary.layers[-1]
    if isinstance(layer, int):
        if not -len(summary.layers) <= layer < len(summary.layers):
            raise TutorError(f"the model has {len(summary.layers)} layers, so there is no "
                             f"layer {layer + 1}")
        return summary.layers[layer]
    for candidate in summary.counted:  # a module forward never calls still has its weights
        if candidate.name == layer:
            return candidate
    names = ", ".join(c.name for c in summary.layers)
    raise TutorError(f"the model has no layer named {layer!r} (its layers: {names})")


def quantity(summary: ModelSummary, name: str, layer: int | str | None = None) -> Quantity:
    if name in MODEL_QUANTITIES:
        return model_quantity(summary, name)
    if name not in LAYER_QUANTITIES:
        raise TutorError(f"unknown quantity {name!r} (one of {', '.join(QUANTITIES)})")
    result = find_layer(summary, layer)
    if name == "params":
        return Quantity(name, result.params, result.derivation("params"), result)
    if name == "buffers":
        return buffers(result)
    if result.output_shape is None:
        raise TutorError(unknown_shapes(name, summary))
    if name in COST_QUANTITIES:
        return cost_quantity(summary, name, result)
    if name == "output_shape":
        formula, numbers = shape_formula(result)
        steps = (*result.derivation("output_shape"),
                 Step("output_shape", "output_shape", "output shape (batch axis first)",
                      formula, numbers, result.output_shape))
        return Quantity(name, result.output_shape, steps, result)
    if name == "size":
        return size(result)
    axis = SYNONYMS.get(name, name)
    if axis not in result.axes:
        raise TutorError(f"layer {result.name!r} ({result.type}) has output shape "
                         f"{fmt(result.output_shape)}, which has no {name}")
    value = result.output_shape[result.axes[axis]]
    if value is None:
        raise TutorError(f"the {name} of layer {result.name!r} is unknown (None)")
    return Quantity(name, value, result.derivation(axis), result)


def unknown_shapes(name: str, summary: ModelSummary) -> str:
    """Why a PyTorch model has no shapes, and how to give it an input."""
    how = ("add an example input and call the model on it, such as `x = torch.randn(1, 3, 32, "
           "32)` then `out = model(x)` (or torchinfo's `summary(model, input_size=(1, 3, 32, "
           "32))`)")
    if summary.framework == "pytorch" and summary.input_shape is None:
        return (f"the {name} is unknown: the model is never called on an example input, so "
                f"its shapes are unknown (only parameter counts are); {how}, or in a YAML spec "
                "give `input_shape:`")
    return f"the {name} is unknown: the model's shapes are unknown here; {how}"


def cost_quantity(summary: ModelSummary, name: str, result: LayerResult) -> Quantity:
    """Mult-adds, bytes and the receptive field (see `tutor.calc.cost` and `.reach`)."""
    if name == "receptive_field":
        found = reach.receptive_fields(summary).get(id(result))
        if found is None:
            raise TutorError(f"layer {result.name!r} ({result.type}) has no receptive field: "
                             "the model slides no window over spatial axes")
        if not isinstance(found.value, int):
            raise TutorError(f"the receptive field of layer {result.name!r} differs per axis "
                             f"{found.field}: ask about a layer whose window is square")
        return Quantity(name, found.value, found.chain, result)
    compute = {"mult_adds": cost.mult_adds, "params_bytes": cost.params_bytes,
               "activation_bytes": cost.activation_bytes}[name]
    value = compute(summary, result)
    return Quantity(name, value.value, value.steps, result)


# The symbol of each named output axis: the value its own step above computed.
AXIS_SYMBOLS = {"height": "H_out", "width": "W_out", "depth": "D_out", "length": "L_out",
                "dim1": "D1_out", "dim2": "D2_out", "dim3": "D3_out", "time": "T"}


def shape_formula(result: LayerResult) -> tuple[str, str]:
    """The output shape as symbols and as numbers: (None, H_out, W_out, D_out) and
    (None, 64, 64, 32). An axis without a step of its own (the batch, a size the layer
    passes on) is written as its number in both."""
    shape = result.output_shape
    if not shape or isinstance(shape[0], tuple):  # several outputs: their shapes, as given
        return fmt(shape), fmt(shape)
    names = {index: AXIS_SYMBOLS[axis] for axis, index in result.axes.items()
             if axis in AXIS_SYMBOLS and index < len(shape)
             and any(s.quantity == axis for s in result.steps)}
    symbols = [names.get(index, fmt(size)) for index, size in enumerate(shape)]
    numbers = ["None" if d is None else str(d) for d in shape]
    return tuple_text(symbols), tuple_text(numbers)


def tuple_text(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def size(result: LayerResult) -> Quantity:
    """How many values the layer outputs per example: the product of its output's sizes
    without the batch axis (what a Flatten gives the next layer)."""
    sizes = result.output_shape[1:]
    if any(d is None for d in sizes):
        raise TutorError(f"the size of layer {result.name!r}'s output is unknown: its shape "
                         f"{fmt(result.output_shape)} has an axis of unknown size")
    value = prod(sizes)
    steps = result.derivation("output_shape")
    if len(sizes) == 1 and steps and steps[-1].value == value:  # Flatten, Dense: derived
        return Quantity("size", value, steps, result)
    symbols = shape_formula(result)[0].strip("()").split(", ")[1:]
    steps += (Step("size", "size", "values per example: the product of the output's sizes",
                   " × ".join(symbols), " × ".join(str(d) for d in sizes), value),)
    return Quantity("size", value, steps, result)


def buffers(result: LayerResult) -> Quantity:
    """PyTorch's buffers: tensors saved with the model that no gradient updates
    (BatchNorm's running mean and variance, and its count of batches)."""
    if result.framework != "pytorch":
        raise TutorError(f"layer {result.name!r} is a Keras layer: Keras has no buffers (its "
                         "moving statistics are non-trainable parameters: ask for "
                         "non_trainable_params)")
    steps = tuple(s for s in result.steps if "buffers" in (s.key, s.quantity)) or (
        Step("buffers", "buffers", f"buffers of {result.name}: none", "0", "0", 0),)
    return Quantity("buffers", result.buffers, steps, result)


def model_quantity(summary: ModelSummary, name: str) -> Quantity:
    if name == "total_mult_adds":
        total = cost.total_mult_adds(summary)
        return Quantity(name, total.value, total.steps)
    if name == "total_buffers":
        if summary.framework != "pytorch":
            raise TutorError("a Keras model has no buffers (its moving statistics are "
                             "non-trainable parameters: ask for non_trainable_params)")
        counts = [(layer.name, layer.buffers) for layer in summary.layers]
        step = Step(name, name, "total buffers: the sum over the layers",
                    " + ".join(f"B({layer})" for layer, _ in counts),
                    " + ".join(str(count) for _, count in counts),
                    sum(count for _, count in counts))
        return Quantity(name, step.value, (step,))
    attribute = {"total_params": "params", "trainable_params": "trainable",
                 "non_trainable_params": "non_trainable"}[name]
    counts = [(layer.name, getattr(layer, attribute)) for layer in summary.counted]
    total = sum(count for _, count in counts)
    label = name.replace("_", " ")
    prefix = {"params": "Params", "trainable": "Trainable", "non_trainable": "NonTrainable"}[
        attribute]
    step = Step(name, name, f"{label}: the sum over the layers",
                " + ".join(f"{prefix}_{symbol_name(layer)}" for layer, _ in counts),
                " + ".join(str(count) for _, count in counts), total)
    return Quantity(name, total, (step,))


def symbol_name(name: str) -> str:
    """A layer's name as part of a symbol (Params_conv2d_1): letters, digits and _ only."""
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name) or "layer"
