"""PyTorch's layer registry: a second `Registry`, kept apart from Keras's because the names,
signatures and defaults are PyTorch's own (`nn.Conv2d(in_channels, out_channels, ...)`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.registry import Registry
from tutor.calc.result import Shape

TORCH = Registry("pytorch")
"""PyTorch's modules, functions and tensor methods (`tutor.calc.torch`'s modules register
theirs on import)."""
REGISTRY = TORCH.layers
register = TORCH.register
lookup = TORCH.lookup
is_functional = TORCH.is_functional
suggest = TORCH.suggest


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


def out_of(out: LayerOut) -> TorchOut:
    """Any layer result as a `TorchOut` (shared helpers return plain `LayerOut`s)."""
    if isinstance(out, TorchOut):
        return out
    return TorchOut(out.output_shape, out.trainable, out.non_trainable, out.steps, out.axes,
                    out.symbols, out.buffers)
