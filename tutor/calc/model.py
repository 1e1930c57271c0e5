"""Compute a whole Sequential model: shapes flow layer to layer, names as Keras gives them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tutor.calc import layers as _layers  # noqa: F401  (registers every layer type)
from tutor.calc.args import bind
from tutor.calc.layers.base import Ctx, LayerDef, lookup, suggest
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.errors import LayerError, ModelError
from tutor.models.spec import LayerSpec, ModelSpec


def summarize(spec: ModelSpec, *, slips: Iterable[str] = (), slip_layer: int | None = None
              ) -> ModelSummary:
    """Every layer's output shape, parameter counts and derivation, as Keras computes them.

    `slips` (see `tutor.calc.slips`) change the calculation the way a learner's mistake would;
    with `slip_layer` they apply to that layer only, the others being computed correctly.
    Raises `ModelError` or `LayerError` with a message for the learner.
    """
    if spec.input_shape is None:
        raise ModelError("the model has no input shape: give `input_shape=` to the first layer "
                         "or start with `keras.Input(shape=...)`")
    wrong = frozenset(slips)
    shape: Shape = (None, *spec.input_shape)
    names = Namer()
    results: list[LayerResult] = []
    for index, layer in enumerate(spec.layers):
        definition = definition_of(layer)
        name = names.name_for(layer, definition)
        args = bind(definition.type, name, layer.args, definition.defaults, layer.line,
                    positional=layer.positional, order=definition.positional)
        applies = slip_layer is None or slip_layer == index
        out = definition.fn(args, shape, Ctx(wrong if applies else frozenset()))
        trainable, non_trainable = out.trainable, out.non_trainable
        if layer.args.get("trainable") is False:
            trainable, non_trainable = 0, trainable + non_trainable
        results.append(LayerResult(
            name=name, type=definition.type, input_shape=shape, output_shape=out.output_shape,
            trainable=trainable, non_trainable=non_trainable, steps=tuple(out.steps),
            axes=out.axes, symbols=out.symbols, buffers=out.buffers, spec=layer))
        shape = out.output_shape
    return ModelSummary(tuple(results), (None, *spec.input_shape), spec.framework)


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

    def auto(self, base: str) -> str:
        count = self.counts[base]
        self.counts[base] += 1
        return base if count == 0 else f"{base}_{count}"
