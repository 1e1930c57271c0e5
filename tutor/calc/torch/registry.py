"""PyTorch's layer registry: the same `LayerDef` as Keras's, kept apart because the names,
signatures and defaults are PyTorch's own (`nn.Conv2d(in_channels, out_channels, ...)`)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.calc.layers.base import Ctx, LayerDef, LayerFn, LayerOut
from tutor.calc.result import Shape

REGISTRY: dict[str, LayerDef] = {}
ALIASES: dict[str, str] = {}
FUNCTIONAL: set[str] = set()
"""Types that are functions or tensor methods (`F.relu`, `Tensor.view`), not modules."""


@dataclass(frozen=True)
class TorchCtx(Ctx):
    """PyTorch calls can take several tensors (MultiheadAttention's query, key and value) and
    keyword arguments of their own (`need_weights=False`); `dtype` is the first input's element
    type ("float", "int", or None when unknown)."""

    inputs: tuple[Shape | None, ...] = ()
    call_args: Mapping[str, Any] = field(default_factory=dict)
    dtype: str | None = None


@dataclass
class TorchOut(LayerOut):
    """A layer's result with PyTorch's extras: further outputs (LSTM's h_n and c_n) and the
    element type of the output."""

    outputs: list[Shape | None] = field(default_factory=list)
    dtype: str | None = None  # None: the same as the input's


def register(type_: str, defaults: Mapping[str, Any], *, positional: tuple[str, ...] = (),
             aliases: tuple[str, ...] = (), functional: bool = False
             ) -> Callable[[LayerFn], LayerFn]:
    """Declare a PyTorch type: its name, its arguments with defaults, and the order its
    `__init__` (or function) takes them by position."""

    def decorate(fn: LayerFn) -> LayerFn:
        REGISTRY[type_] = LayerDef(type_, fn, dict(defaults), positional, "")
        for alias in aliases:
            ALIASES[alias] = type_
        if functional:
            FUNCTIONAL.add(type_)
        return fn

    return decorate


def lookup(type_: str) -> LayerDef | None:
    return REGISTRY.get(ALIASES.get(type_, type_))


def is_functional(type_: str) -> bool:
    return ALIASES.get(type_, type_) in FUNCTIONAL


def suggest(type_: str) -> str | None:
    names = sorted(n for n in set(REGISTRY) | set(ALIASES) if not is_functional(n))
    close = difflib.get_close_matches(type_, names, n=1, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[type_.lower()]] if type_.lower() in lowered else []
    return close[0] if close else None


def out_of(out: LayerOut) -> TorchOut:
    """Any layer result as a `TorchOut` (shared helpers return plain `LayerOut`s)."""
    if isinstance(out, TorchOut):
        return out
    return TorchOut(out.output_shape, out.trainable, out.non_trainable, out.steps, out.axes,
                    out.symbols, out.buffers)
