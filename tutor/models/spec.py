"""The model description every reader produces and the calculator consumes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.text import first_unsafe, visible

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
    # PyTorch module models (see `ModelSpec.modules`): the tensors this call takes, each as
    # (call, output) — the index of an earlier call in `ModelSpec.layers` and which of its
    # outputs, or (-1 - k, 0) for the model's input k. Empty: the previous call's first output
    # (the first call takes the model's input), as in a Sequential stack.
    inputs: tuple[tuple[int, int], ...] = ()
    # PyTorch: keyword arguments of the call itself (`need_weights=False` of
    # MultiheadAttention), as opposed to those of the constructor in `args`.
    call_args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A name is printed wherever the layer is shown: `name="\x1b]0;..."` in a snippet
        # must not reach the terminal as an escape sequence.
        if self.name is not None and first_unsafe(self.name):
            object.__setattr__(self, "name", visible(self.name))
    # Where each keyword argument's value was written: (line, column), 1-based, in the snippet
    # the layer was read from, so that a wrong argument is reported on its own line.
    arg_positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class GraphNode:
    """One call of a layer in a Keras functional model (a layer applied twice, sharing its
    weights, has two nodes). `layer` indexes `ModelSpec.layers`; `inputs` are the tensors it
    takes, flattened in the order written, each as (node, output): an earlier node's index and
    which of its outputs. A node without inputs is a model input (its layer an `InputLayer`)."""

    layer: int
    inputs: tuple[tuple[int, int], ...] = ()
    line: int | None = None
    # The inputs were given as a list (`Concatenate()([a, b])`), as merge layers need, rather
    # than as one tensor; `state` counts the trailing inputs that are `initial_state=` tensors.
    listed: bool = False
    state: int = 0


@dataclass(frozen=True)
class Graph:
    """A Keras functional model: its nodes in the order the snippet makes them (each after
    the nodes it takes), the input nodes in the order `keras.Model(inputs=...)` lists them,
    and its outputs as (node, output) in the order of `outputs=`."""

    nodes: tuple[GraphNode, ...]
    inputs: tuple[int, ...]
    outputs: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ModelSpec:
    """A Sequential stack: the input shape (without the batch axis) and the layers in order."""

    layers: tuple[LayerSpec, ...]
    input_shape: tuple[Dim, ...] | None = None
    framework: str = "keras"
    source: str | None = None  # the snippet the model was read from, shown to learners
    batch_size: int | None = None  # PyTorch: the batch size of the example input, if known
    # PyTorch module models: the leaf modules in the order `__init__` registers them, each
    # named by its attribute path ("conv1", "main.0"); `layers` are then the calls `forward`
    # makes, in order — modules (by the same name) and functional operations (`F.relu`,
    # `x.view`, named None). Empty for a Sequential stack, whose layers are its modules.
    modules: tuple[LayerSpec, ...] = ()
    # PyTorch: the full shapes of the model's inputs after the first (MultiheadAttention's
    # key and value when they differ from the query), batch axis included.
    extra_inputs: tuple[tuple[Dim, ...], ...] = ()
    # PyTorch: "float" or "int" for the first input's element type, when the snippet says it
    # (`torch.randint` gives int indices, which Embedding needs and Conv2d refuses).
    input_dtype: str | None = None
    # Keras functional models: how the layers are connected. `layers` are then every layer in
    # the order the snippet creates them (which is how Keras numbers automatic names), model
    # inputs included as `InputLayer`s, and `input_shape` is the first input's shape.
    graph: Graph | None = None
