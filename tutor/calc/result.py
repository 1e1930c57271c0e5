"""What the calculator returns: per-layer results and the model's totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tutor.calc.derivation import Step
from tutor.models.spec import Dim, LayerSpec

Shape = tuple[Dim, ...]


@dataclass(frozen=True)
class LayerResult:
    """One layer, computed: shapes (with the batch axis), parameter counts and their derivations.

    `axes` maps the names a question may use ("height", "width", "depth", "length", "channels")
    to indexes into `output_shape`. `symbols` holds the lesson's variables (K, F, S, D_in, ...)
    for this layer, so answer checking can reason about them.
    """

    name: str
    type: str
    input_shape: Shape
    output_shape: Shape
    trainable: int
    non_trainable: int
    steps: tuple[Step, ...]
    axes: Mapping[str, int] = field(default_factory=dict)
    symbols: Mapping[str, int] = field(default_factory=dict)
    buffers: int = 0
    spec: LayerSpec | None = None

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    def derivation(self, quantity: str) -> tuple[Step, ...]:
        """The steps that lead to `quantity` ("params", "output_shape", "width", ...)."""
        if quantity == "output_shape":
            return tuple(s for s in self.steps if s.quantity != "params")
        if quantity == "channels":
            quantity = "depth"
        return tuple(s for s in self.steps if s.quantity == quantity)


@dataclass(frozen=True)
class ModelSummary:
    """A whole Sequential model, computed."""

    layers: tuple[LayerResult, ...]
    input_shape: Shape
    framework: str = "keras"

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable for layer in self.layers)

    @property
    def non_trainable_params(self) -> int:
        return sum(layer.non_trainable for layer in self.layers)

    @property
    def output_shape(self) -> Shape:
        return self.layers[-1].output_shape if self.layers else self.input_shape
