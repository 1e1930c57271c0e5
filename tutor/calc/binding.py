"""Binding a Keras layer as written to its definition, and Keras's automatic names: shared
by Sequential stacks (`model.py`) and functional graphs (`graph.py`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tutor.calc import layers as _layers  # noqa: F401  (registers every layer type)
from tutor.calc.args import Args, bind
from tutor.calc.layers.base import LayerDef, Sublayer, lookup, suggest
from tutor.calc.result import Shape
from tutor.errors import LayerError
from tutor.models.spec import LayerSpec


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
