"""The model description every reader produces and the calculator consumes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Dim = int | None
"""One axis of a shape: a size, or None where it is unknown (the batch axis, a free length)."""


@dataclass(frozen=True)
class LayerSpec:
    """One layer as written: its class name, leading positional arguments and keyword arguments.

    Values are plain: int, float, str, bool, None, tuples of those, or a nested `LayerSpec`
    (the layer a wrapper such as Bidirectional holds). Readers do not know each layer's
    signature; the calculator names positional arguments (Conv2D(32, 3) → filters, kernel_size).
    """

    type: str
    args: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None
    line: int | None = None  # where it was written (snippet or YAML line), for error messages
    positional: tuple[Any, ...] = ()  # leading positional arguments, named by the calculator


@dataclass(frozen=True)
class ModelSpec:
    """A Sequential stack: the input shape (without the batch axis) and the layers in order."""

    layers: tuple[LayerSpec, ...]
    input_shape: tuple[Dim, ...] | None = None
    framework: str = "keras"
    source: str | None = None  # the snippet the model was read from, shown to learners
    batch_size: int | None = None  # PyTorch: the batch size of the example input, if known
