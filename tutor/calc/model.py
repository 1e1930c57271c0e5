"""Compute a whole Sequential model: shapes flow layer to layer, names as Keras gives them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from tutor.calc import layers as _layers  # noqa: F401  (registers every layer type)
from tutor.calc.args import Args, bind
from tutor.calc.layers.base import Ctx, LayerDef, Sublayer, lookup, suggest
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.calc.slips import Slip
from tutor.errors import LayerError, ModelError
from tutor.models.spec import LayerSpec, ModelSpec


def summarize(spec: ModelSpec, *, slips: Iterable[str] = (), slip_layer: int | None = None
              ) -> ModelSummary:
    """Every layer's output shape, parameter counts and derivation, as Keras computes them.

    `slips` (see `tutor.calc.slips`) change the calculation the way a learner's mistake would;
    with `slip_layer` they apply to that layer only, the others being computed correctly.
    Raises `ModelError` or `LayerError` with a message for the learner.
    A spec with `framework: pytorch` is computed with PyTorch's conventions instead.
    """
    if spec.framework == "pytorch":
        from tutor.calc.torch import summarize_torch  # only PyTorch models pay for its import

        return summarize_torch(spec, slips=slips, slip_layer=slip_layer)
    if spec.input_shape is None:
        raise ModelError("the model has no input shape: give `input_shape=` to the first layer "
                         f"or start with `keras.Input(shape=...)`{_input_length_hint(spec)}")
    wrong = frozenset(slips)
    shape: Shape = (None, *spec.input_shape)
    names = Namer()
    results: list[LayerResult] = []
    for index, layer in enumerate(spec.layers):
        definition, args = bind_layer(layer, names)
        name = args.layer
        check_single_input(definition, name, shape, layer)
        applies = slip_layer is None or slip_layer == index
        if slip_layer == index:  # reading the wrong layer's output: a slip about one layer
            shape = misread_input(wrong, shape, results, spec)
        out = definition.fn(args, shape, Ctx(wrong if applies else frozenset()))
        trainable, non_trainable = out.trainable, out.non_trainable
        if layer.args.get("trainable") is False and not out.ignores_trainable:
            trainable, non_trainable = 0, trainable + non_trainable
        results.append(LayerResult(
            name=name, type=definition.type, input_shape=shape, output_shape=out.output_shape,
            trainable=trainable, non_trainable=non_trainable, steps=tuple(out.steps),
            axes=out.axes, symbols=out.symbols, buffers=out.buffers, spec=layer))
        shape = out.output_shape
    return ModelSummary(tuple(results), (None, *spec.input_shape), spec.framework)


def misread_input(slips: frozenset[str], shape: Shape, results: list[LayerResult],
                  spec: ModelSpec) -> Shape:
    """The input a learner works from who takes the model's input, or skips the layer before
    (`MODEL_INPUT`, `SKIPPED_PREVIOUS`), instead of the previous layer's output."""
    if Slip.MODEL_INPUT in slips and results and spec.input_shape is not None:
        return (None, *spec.input_shape)
    # skipping the first layer is working from the model's input, said once, above
    if Slip.SKIPPED_PREVIOUS in slips and len(results) > 1:
        return results[-1].input_shape
    return shape


def bind_layer(layer: LayerSpec, names: Namer, *, inner: bool = False
               ) -> tuple[LayerDef, Args]:
    """Name and bind a layer. The layers it holds (a wrapper's `layer=`) are bound first, as
    Python evaluates arguments first: `Bidirectional(LSTM(8))` then `LSTM(8)` names the second
    LSTM `lstm_1`."""
    positional = tuple(nested(value, names) for value in layer.positional)
    given = {key: nested(value, names) for key, value in layer.args.items()}
    definition = definition_of(layer)
    name = names.inner_name(layer, definition) if inner else names.name_for(layer, definition)
    args = bind(definition.type, name, given, definition.defaults, layer.line,
                positional=positional, order=definition.positional)
    return definition, args


def nested(value: Any, names: Namer) -> Any:
    if isinstance(value, LayerSpec):
        definition, args = bind_layer(value, names, inner=True)
        return Sublayer(definition, args, trainable=value.args.get("trainable") is not False)
    if isinstance(value, tuple):
        return tuple(nested(item, names) for item in value)
    return value


def check_single_input(definition: LayerDef, name: str, shape: Shape | tuple[Shape, ...],
                       layer: LayerSpec) -> None:
    """A layer with several outputs (return_state=True, merge_mode=None) can only end a
    Sequential stack: the next layer would get a list of tensors."""
    if shape and isinstance(shape[0], tuple):
        raise LayerError(f"{definition.type} expects 1 input, but the layer before it gives "
                         f"{len(shape)} tensors (return_state=True or merge_mode=None make "
                         "several outputs; a Sequential model passes on one)",
                         layer=name, line=layer.line)


def _input_length_hint(spec: ModelSpec) -> str:
    first = spec.layers[0] if spec.layers else None
    if first is None or first.type != "Embedding" or "input_length" not in first.args:
        return ""
    length = first.args["input_length"]
    return (f" (Embedding's `input_length` is gone in Keras 3: it is ignored, so it does not "
            f"give the model its input shape; write `keras.Input(shape=({length},))` first)")


def definition_of(layer: LayerSpec) -> LayerDef:
    definition = lookup(layer.type)
    if definition is None:
        close = suggest(layer.type)
        hint = f" (did you mean {close}?)" if close else ""
        raise LayerError(f"unknown layer type {layer.type!r}{hint}", line=layer.line)
    return definition


class Namer:
    """Keras's automatic names: the first Conv2D is `conv2d`, the next `conv2d_1`, ...

    A `name=` given by the author is used as is and does not use up an automatic name;
    two layers with one name are an error, as in Keras.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.used: set[str] = set()

    def name_for(self, layer: LayerSpec, definition: LayerDef) -> str:
        name = layer.name or self.auto(definition.auto_name)
        if name in self.used:
            raise LayerError(f"two layers are named {name!r}; layer names must be unique",
                             layer=name, line=layer.line)
        self.used.add(name)
        return name

    def inner_name(self, layer: LayerSpec, definition: LayerDef) -> str:
        """A wrapped layer's name: it uses up an automatic name, but Sequential checks only
        its own layers' names for clashes."""
        return layer.name or self.auto(definition.auto_name)

    def auto(self, base: str) -> str:
        count = self.counts[base]
        self.counts[base] += 1
        return base if count == 0 else f"{base}_{count}"
