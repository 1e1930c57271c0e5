"""The layer registry: each layer type is a function from (arguments, input shape) to a result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.registry import LayerDef, Registry, snake_case
from tutor.calc.result import Shape
from tutor.calc.slips import Ctx

__all__ = ["KERAS", "Ctx", "LayerDef", "LayerOut", "lookup", "register", "snake_case",
           "suggest"]


@dataclass
class LayerOut:
    """What a layer function computes; the model adds the name, the input shape and the spec."""

    output_shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    steps: list[Step] = field(default_factory=list)
    axes: dict[str, int] = field(default_factory=dict)
    symbols: dict[str, int] = field(default_factory=dict)
    buffers: int = 0
    # A Keras wrapper given trainable=False creates its inner layers after setting it, so they
    # stay trainable: the model trains them, and its summary counts them as trainable.
    ignores_trainable: bool = False


LayerFn = Callable[[Args, Shape, Ctx], LayerOut]


@dataclass(frozen=True)
class Sublayer:
    """A layer a wrapper holds (Bidirectional's LSTM, TimeDistributed's Dense), already named
    and bound: Keras creates it, and so uses up its automatic name, before the wrapper."""

    definition: LayerDef
    args: Args
    trainable: bool = True

    @property
    def type(self) -> str:
        return self.definition.type

    @property
    def name(self) -> str:
        return self.args.layer

    def compute(self, shape: Shape, ctx: Ctx) -> LayerOut:
        out = self.definition.fn(self.args, shape, ctx)
        if not self.trainable:  # trainable=False on the inner layer freezes its weights only
            out.non_trainable += out.trainable
            out.trainable = 0
        return out

    def __repr__(self) -> str:  # as an argument's value shows up in messages
        return f"{self.type}(...)"


KERAS = Registry("keras", auto_names=True)
"""Keras's layer types (the modules of `tutor.calc.layers` register theirs on import)."""
REGISTRY = KERAS.layers
ALIASES = KERAS.aliases
register = KERAS.register
lookup = KERAS.lookup
suggest = KERAS.suggest
