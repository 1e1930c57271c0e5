"""The model description every reader produces and the calculator consumes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Dim = int | None
"""One axis of a shape: a size, or None where it is unknown (the batch axis, a free length)."""


@dataclass(frozen=True)
class LayerSpec:
    """One layer as written: its class name and keyword arguments (positional ones already named).

    `args` holds plain values only: int, float, str, bool, None, and tuples of those.
    """

    type: str
    args: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None
    line: int | None = None  # where it was written (snippet or YAML line), for error messages


@dataclass(frozen=True)
class ModelSpec:
    """A Sequential stack: the input shape (without the batch axis) and the layers in order."""

    layers: tuple[LayerSpec, ...]
    input_shape: tuple[Dim, ...] | None = None
    framework: str = "keras"
    source: str | None = None  # the snippet the model was read from, shown to learners
    batch_size: int | None = None  # PyTorch: the batch size of the example input, if known
