"""The layer registry: each layer type is a function from (arguments, input shape) to a result."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.result import Shape
from tutor.calc.slips import Ctx

__all__ = ["Ctx", "LayerDef", "LayerOut", "lookup", "register", "suggest"]


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
class LayerDef:
    type: str
    fn: LayerFn
    defaults: Mapping[str, Any]
    positional: tuple[str, ...] = ()
    auto_name: str = ""


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


REGISTRY: dict[str, LayerDef] = {}
ALIASES: dict[str, str] = {}


def register(type_: str, defaults: Mapping[str, Any], *, positional: tuple[str, ...] = (),
             aliases: tuple[str, ...] = (), auto_name: str | None = None
             ) -> Callable[[LayerFn], LayerFn]:
    """Declare a layer type: its Keras class name, its arguments with defaults, and the order
    Keras takes leading positional arguments in."""

    def decorate(fn: LayerFn) -> LayerFn:
        REGISTRY[type_] = LayerDef(type_, fn, dict(defaults), positional,
                                   auto_name or snake_case(type_))
        for alias in aliases:
            ALIASES[alias] = type_
        return fn

    return decorate


def lookup(type_: str) -> LayerDef | None:
    return REGISTRY.get(ALIASES.get(type_, type_))


def suggest(type_: str) -> str | None:
    names = sorted(set(REGISTRY) | set(ALIASES))
    close = difflib.get_close_matches(type_, names, n=1, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[type_.lower()]] if type_.lower() in lowered else []
    return close[0] if close else None


def snake_case(name: str) -> str:
    """Keras's own `to_snake_case`, which makes automatic layer names (LeakyReLU → leaky_re_lu)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()
