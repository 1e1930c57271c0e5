"""What a model costs: multiply-adds, bytes of parameters and activations, and what torchinfo
and Keras print about them — each number derived as `Step`s like every other.

Mult-adds follow torchinfo 1.8 (`LayerInfo.calculate_macs`), the reference for PyTorch:
- a convolution (any class with "Conv" in its name) counts each of its parameters, weights
  and biases alike, once per output position: N × (output positions) × P;
- a module whose parameters are named `weight`/`bias` (Linear, BatchNorm, LayerNorm,
  Embedding, PReLU ...) counts each once per example: N × P (for a 3-D input, torchinfo
  counts the first axis only);
- a recurrent module (parameters `weight_ih_l0` ...) counts each once per example and time
  step: N × T × P (the first two axes of its output);
- a module that holds other modules (MultiheadAttention's `out_proj`) is not a leaf, and
  torchinfo counts nothing for it;
- layers without parameters (activations, pooling, reshapes) count 0.
Keras layers use the same definitions, per example (the batch axis is None): a Conv2D is
H_out × W_out × P, a Dense P, an LSTM T × P, BatchNormalization its γ and β only.

Sizes follow torchinfo (PyTorch: input, forward/backward pass = 2 × the outputs of the leaf
layers that have parameters, parameters; megabytes of 10^6 bytes) and Keras 3's summary
(parameter bytes by dtype, in units of 1024).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tutor.calc.derivation import Step
from tutor.calc.result import LayerResult, ModelSummary, Shape

FLOAT_BYTES = 4
STORAGE_HEADER = 64
DTYPE_BYTES = {"float16": 2, "half": 2, "bfloat16": 2, "float32": 4, "float": 4,
               "float64": 8, "double": 8, "mixed_float16": 4, "mixed_bfloat16": 4,
               "int64": 8, "long": 8, "int32": 4, "int": 4}
# torchinfo's leaf rule: modules that hold other modules are not leaves
TORCH_CONTAINERS = frozenset({"MultiheadAttention", "Transformer", "TransformerEncoder",
                              "TransformerDecoder", "TransformerEncoderLayer",
                              "TransformerDecoderLayer"})
TORCH_RECURRENT = frozenset({"RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"})
KERAS_RECURRENT = frozenset({"SimpleRNN", "LSTM", "GRU", "Bidirectional"})


@dataclass(frozen=True)
class Cost:
    """A number with the steps that derive it."""

    value: int
    steps: tuple[Step, ...]


def prod(values: Sequence[int | None]) -> int:
    return math.prod(1 if v is None else v for v in values)


def times(values: Sequence[int | None]) -> str:
    return " × ".join(str(1 if v is None else v) for v in values)


# --- mult-adds ---------------------------------------------------------------------------

def layer_params(summary: ModelSummary, layer: LayerResult) -> int:
    """The module's parameter count, also on a recursive (second) call's row."""
    if not layer.recursive:
        return layer.params
    return next((row.params for row in summary.layers
                 if row.name == layer.name and not row.recursive), 0)


def is_conv(type_: str) -> bool:
    return "Conv" in type_ and "ConvLSTM" not in type_


def spatial_axes(layer: LayerResult) -> tuple[int, ...]:
    """Indexes of the output's spatial axes (not batch, not channels)."""
    shape = layer.output_shape or ()
    channel = layer.axes.get("depth")
    if layer.framework == "pytorch":
        return tuple(range(2, len(shape)))
    if channel is None:
        channel = len(shape) - 1
    return tuple(i for i in range(1, len(shape)) if i != channel)


def mult_adds(summary: ModelSummary, layer: LayerResult) -> Cost:
    """The layer's multiply-adds, as torchinfo counts them (per example for Keras)."""
    shape = layer.output_shape
    params = layer_params(summary, layer)
    if layer.framework == "pytorch" and layer.type in TORCH_CONTAINERS:
        return Cost(0, (Step("mult_adds", "mult_adds", "mult-adds (not counted)", "0", "0", 0,
                             note=f"torchinfo counts nothing for {layer.type}: it holds other "
                                  "modules (out_proj), so it is not a leaf layer"),))
    if not params or not shape:
        return Cost(0, (Step("mult_adds", "mult_adds", "mult-adds (no weights)", "0", "0", 0,
                             note="a layer without weights multiplies nothing that is "
                                  "counted"),))
    if layer.framework != "pytorch" and layer.type == "BatchNormalization":
        return _keras_batchnorm(layer)
    positions, symbols, values, why = _repeats(layer, shape)
    value = prod(values) * params
    formula = " × ".join([*symbols, "Params"])
    substituted = " × ".join([*(str(v) for v in values), str(params)])
    steps = (Step("mult_adds", "mult_adds_params", "parameters (weights and biases)", "Params",
                  str(params), params),
             Step("mult_adds", "mult_adds", f"mult-adds ({positions})", formula, substituted,
                  value, note=why))
    return Cost(value, steps)


def _repeats(layer: LayerResult, shape: Shape
             ) -> tuple[str, list[str], list[int], str]:
    """How many times each parameter is used: (what, symbols, numbers, why)."""
    torch = layer.framework == "pytorch"
    batch = ["N"] if torch else []
    batch_value = [shape[0] or 1] if torch else []
    if is_conv(layer.type) or "ConvLSTM" in layer.type:
        axes = spatial_axes(layer)
        names = _position_symbols(len(axes))
        return ("each parameter once per output position", [*batch, *names],
                [*batch_value, *(shape[i] or 1 for i in axes)],
                "every weight and bias is used once at each output position")
    if torch and layer.type in TORCH_RECURRENT:
        return ("each parameter once per example and time step", ["N", "T"],
                [shape[0] or 1, shape[1] or 1] if len(shape) > 1 else [shape[0] or 1, 1],
                "torchinfo counts every weight once per item of the output's first two "
                "axes (batch and time)")
    if not torch and (layer.type in KERAS_RECURRENT or layer.type == "TimeDistributed"):
        steps = layer.input_shape[1] if len(layer.input_shape) > 2 else 1
        return ("each parameter once per time step", ["T"], [steps or 1],
                "the cell's weights are used once at every time step")
    if torch:
        return ("each parameter once per example", ["N"], [shape[0] or 1],
                "torchinfo counts each weight once per example (the output's first axis)")
    return ("each parameter once", [], [], "each weight is used once per example")


def _position_symbols(rank: int) -> list[str]:
    return {1: ["L_out"], 2: ["H_out", "W_out"]}.get(
        rank, [f"N{i + 1}_out" for i in range(rank)])


def _bn_moving(layer: LayerResult) -> int:
    """Keras's BatchNormalization keeps a moving mean and variance per channel."""
    return 2 * layer.symbols.get("D_in", 0)


def _keras_batchnorm(layer: LayerResult) -> Cost:
    """Keras counts BatchNormalization's moving statistics as parameters; torchinfo's
    equivalent (BatchNorm2d's weight and bias) does not: only γ and β multiply."""
    moving = _bn_moving(layer)
    learned = layer.params - moving
    return Cost(learned, (
        Step("mult_adds", "mult_adds_params", "γ and β (the moving statistics do not multiply)",
             "P − 2 × D_in", f"{layer.params} − 2 × {moving // 2}", learned),
        Step("mult_adds", "mult_adds", "mult-adds (each γ and β once)", "P_γβ", str(learned),
             learned, note="one scale and one shift per channel, used once per example"),))


def total_mult_adds(summary: ModelSummary) -> Cost:
    rows = [mult_adds(summary, layer).value for layer in summary.layers]
    value = sum(rows)
    symbols = " + ".join(f"M_{i}" for i in range(1, len(rows) + 1)) or "0"
    return Cost(value, (Step("total_mult_adds", "total_mult_adds",
                             "total mult-adds: the sum over the layers (M_i: layer i's)",
                             symbols, " + ".join(map(str, rows)) or "0", value),))


# --- bytes ---------------------------------------------------------------------------------

def dtype_bytes(layer: LayerResult) -> int:
    """Bytes per parameter: float32 unless the layer's code gives another `dtype=`."""
    spec = layer.spec
    given = spec.args.get("dtype") if spec is not None else None
    if isinstance(given, str):  # 'float16' in Keras; torch.float16 reads as '<torch.float16>'
        name = given.strip("<>").removeprefix("torch.")
        return DTYPE_BYTES.get(name, FLOAT_BYTES)
    return FLOAT_BYTES


def params_bytes(summary: ModelSummary, layer: LayerResult) -> Cost:
    size = dtype_bytes(layer)
    value = layer.params * size
    return Cost(value, (Step("params_bytes", "params_bytes",
                             "parameter bytes (parameters × bytes per number)", "P × B",
                             f"{layer.params} × {size}", value,
                             note=f"{size} bytes per {_dtype_name(size)} number"),))


def _dtype_name(size: int) -> str:
    return {2: "16-bit", 4: "float32", 8: "64-bit"}.get(size, f"{size}-byte")


AXIS_SYMBOLS = {"height": "H_out", "width": "W_out", "depth": "C_out", "length": "L_out"}


def activation_bytes(summary: ModelSummary, layer: LayerResult) -> Cost:
    """The bytes of the layer's output (PyTorch: the whole batch; Keras: one example)."""
    shape = layer.output_shape or ()
    names = {index: AXIS_SYMBOLS[axis] for axis, index in layer.axes.items()
             if axis in AXIS_SYMBOLS}
    torch = layer.framework == "pytorch"
    axes = range(len(shape)) if torch else range(1, len(shape))
    symbols = ["N" if i == 0 else names.get(i, f"n_{i}") for i in axes]
    dims = [shape[i] or 1 for i in axes]
    value = prod(dims) * FLOAT_BYTES
    return Cost(value, (Step("activation_bytes", "activation_bytes",
                             "activation bytes (the output's numbers × B bytes each)",
                             " × ".join([*symbols, "B"]), f"{times(dims)} × {FLOAT_BYTES}",
                             value, note="B = 4 bytes per float32 number"
                             + ("" if torch else ", for one example")),))


@dataclass(frozen=True)
class TorchSizes:
    """torchinfo's closing block, in bytes."""

    total_mult_adds: int
    input_bytes: int
    forward_backward_bytes: int
    params_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.input_bytes + self.forward_backward_bytes + self.params_bytes


def torch_sizes(summary: ModelSummary) -> TorchSizes:
    # torchinfo lists only the modules forward calls
    leaves = [row for row in summary.layers
              if row.type not in TORCH_CONTAINERS and row.output_shape is not None]
    fwd_bwd = sum(2 * prod(row.output_shape or ()) * dtype_bytes(row) for row in leaves
                  if layer_params(summary, row) > 0)
    param_bytes = sum(row.params * dtype_bytes(row) for row in leaves if not row.recursive)
    # torchinfo measures the input with sys.getsizeof(tensor.untyped_storage()): the data
    # and the storage object's 64-byte header
    element = 8 if summary.input_dtype == "int" else FLOAT_BYTES
    inputs = [summary.input_shape, *summary.extra_inputs] if summary.input_shape else []
    input_bytes = sum(prod(shape) * element + STORAGE_HEADER for shape in inputs)
    return TorchSizes(total_mult_adds(summary).value, input_bytes, fwd_bwd, param_bytes)


@dataclass(frozen=True)
class KerasSizes:
    total_bytes: int
    trainable_bytes: int
    non_trainable_bytes: int


def keras_sizes(summary: ModelSummary) -> KerasSizes:
    def part(attribute: str) -> int:
        return sum(getattr(row, attribute) * dtype_bytes(row) for row in summary.layers)

    return KerasSizes(part("params"), part("trainable"), part("non_trainable"))


def readable_bytes(size: float) -> str:
    """Keras 3's `readable_memory_size`: 320.00 B, 3.50 KB, 1.31 MB (units of 1024)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def megabytes(size: int) -> str:
    """torchinfo's sizes: megabytes of 10^6 bytes, two decimals."""
    return f"{size / 1e6:0.2f}"


def readable_mult_adds(count: int) -> str:
    """torchinfo's `Total mult-adds (M): 0.42` (G and T for larger counts)."""
    for unit, scale in (("T", 1e12), ("G", 1e9)):
        if count >= scale:
            return f"({unit}): {count / scale:,.2f}"
    value = count / 1e6
    return f"(M): {int(value):,}" if value.is_integer() else f"(M): {value:,.2f}"
