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
    # PyTorch: every output's shape when the layer has several (LSTM's output, h_n and c_n);
    # `output_shape` is the first, as torchinfo shows it.
    outputs: tuple[Shape | None, ...] = ()
    # PyTorch: a later call of a module already listed (torchinfo's "(recursive)"): its
    # parameters are counted on the first call's row, so here they are 0.
    recursive: bool = False
    framework: str = "keras"
    # Keras functional models: the tensors each call of the layer takes, as Keras's summary
    # writes them ("conv2d[0][0]": the layer that made it, which call, which output).
    connected_to: tuple[str, ...] = ()

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
    # PyTorch: every call `forward` makes, functional ones (`F.relu`, `x.view`) included, in
    # order; `layers` lists only the modules, as torchinfo does.
    calls: tuple[LayerResult, ...] = ()
    # PyTorch: the shapes of the model's other inputs, and the first input's element type
    # ("int" for token ids), which torchinfo's input size counts
    extra_inputs: tuple[Shape, ...] = ()
    input_dtype: str | None = None
    # Keras functional models that are not a chain: the summary shows "Connected to".
    graph: bool = False
    # PyTorch: modules `forward` never calls. torchinfo shows no row for them, but counts
    # their parameters in its totals (as `model.parameters()` has them).
    uncalled: tuple[LayerResult, ...] = ()

    @property
    def counted(self) -> tuple[LayerResult, ...]:
        """Every layer whose weights the totals count: the rows and the uncalled modules."""
        return self.layers + self.uncalled

    @property
    def total_buffers(self) -> int:
        return sum(layer.buffers for layer in self.counted)

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.counted)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable for layer in self.counted)

    @property
    def non_trainable_params(self) -> int:
        return sum(layer.non_trainable for layer in self.counted)

    @property
    def output_shape(self) -> Shape:
        return self.layers[-1].output_shape if self.layers else self.input_shape
