"""SimpleRNN, LSTM and GRU: one set of weights per gate, each gate seeing the step's input and
the previous step's output.

Per gate: N_in × U input weights, U × U recurrent weights and U biases (a GRU with
reset_after=True, Keras 3's default, has 2 × U). An LSTM has 4 gates (input, forget, cell,
output), a GRU 3 (update, reset, candidate), a SimpleRNN 1. The parameter count does not depend
on the number of time steps T: the same weights are used at every step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tutor.calc.args import ACTIVATIONS, REQUIRED, WEIGHT_ARGS, Args, unknown_activation
from tutor.calc.derivation import Step, shapes_with
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.conv import join_channels, kernel_text, split_channels
from tutor.calc.layers.shapes import shape_text, size_text
from tutor.calc.result import Shape
from tutor.calc.slips import Slip
from tutor.calc.spatial import Window, window_axes

RECURRENT_TYPES = frozenset({"SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D",
                             "ConvLSTM3D"})
"""Layers with `return_sequences` and `go_backwards`: what Bidirectional can wrap."""

RNN_ARGS = {
    "units": REQUIRED, "activation": "tanh", "use_bias": True, "recurrent_initializer": None,
    "recurrent_regularizer": None, "recurrent_constraint": None, "dropout": 0.0,
    "recurrent_dropout": 0.0, "return_sequences": False, "return_state": False,
    "go_backwards": False, "stateful": False, "unroll": False, "zero_output_for_mask": False,
    **{k: None for k in WEIGHT_ARGS if k != "activation"},
}
GATED_ARGS = {**RNN_ARGS, "recurrent_activation": "sigmoid", "use_cudnn": "auto",
              "implementation": 2}

LSTM_ORDER = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "unit_forget_bias",
              "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "activity_regularizer", "kernel_constraint", "recurrent_constraint",
              "bias_constraint", "dropout", "recurrent_dropout", "seed", "return_sequences",
              "return_state", "go_backwards", "stateful", "unroll", "use_cudnn")
GRU_ORDER = (*(k for k in LSTM_ORDER if k not in ("unit_forget_bias", "use_cudnn")),
             "reset_after", "use_cudnn")
SIMPLE_RNN_ORDER = ("units", "activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                    "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                    "recurrent_dropout", "return_sequences", "return_state", "go_backwards",
                    "stateful", "unroll", "seed")


@dataclass(frozen=True)
class Cell:
    """What differs between the three layers: gates, biases per gate, states kept."""

    type: str
    gates: int
    gate_names: str
    states: int  # LSTM keeps h and c; the others h only
    biases: int = 1  # per unit per gate


def sequence_input(args: Args, type_: str, shape: Shape) -> tuple[int | None, int]:
    """The time steps T and the features per step N_in of a (batch, T, N_in) input."""
    if len(shape) != 3:
        raise args.error(f"{type_} expects an input of rank 3 (batch, time steps, features), "
                         f"got shape {shape_text(shape)} of rank {len(shape)}"
                         f"{rank_hint(len(shape))}")
    steps, features = shape[1], shape[2]
    if features is None:
        raise args.error(f"the number of features per step (the last axis) must be known to "
                         f"make {type_}'s weights, got None in {shape_text(shape)}")
    return steps, features


def rank_hint(rank: int) -> str:
    if rank == 2:
        return (" (the layer before gives one vector per example: if it is a recurrent layer, "
                "give it return_sequences=True to pass on the whole sequence)")
    if rank > 3:
        return " (reshape it to (time steps, features) first, e.g. an image's rows as steps)"
    return ""


def check_options(args: Args, type_: str) -> None:
    """The arguments Keras refuses when the layer is built."""
    if args.int("units", minimum=None) <= 0:
        raise args.error(f"`units` must be a positive integer, got {args.raw('units')}")
    for key in ("return_sequences", "return_state", "go_backwards", "use_bias"):
        args.bool(key)
    recurrent = args.raw("recurrent_activation")
    if isinstance(recurrent, str) and recurrent not in ACTIVATIONS:
        raise args.error(unknown_activation(recurrent).replace("activation",
                                                               "recurrent_activation", 1))
    if args.raw("use_cudnn") not in (None, "auto", True, False):
        raise args.error(f"`use_cudnn` must be 'auto', True or False, "
                         f"got {args.raw('use_cudnn')!r}")
    if args.raw("stateful") is True:
        # The batch axis is None here (a model's inputs never fix it unless batch_shape does).
        raise args.error("stateful=True needs a fixed batch size, and this model's batch size "
                         "is not fixed (None): Keras refuses to build it")


def gate_params(cell: Cell, n_in: int, units: int, use_bias: bool, ctx: Ctx
                ) -> tuple[int, list[Step]]:
    """Input weights, recurrent weights and biases of one gate, then × the number of gates."""
    each = " per gate" if cell.gates > 1 else ""
    steps = [Step("params", "input_weights", f"input weights{each} (one per input feature "
                  "per unit)", "N_in × U", f"{n_in} × {units}", n_in * units)]
    recurrent = 0 if ctx.slip(Slip.NO_RECURRENT_WEIGHTS) else units * units
    steps.append(Step("params", "recurrent_weights", f"recurrent weights{each} (one per "
                      "unit per unit)", "U × U", f"{units} × {units}", units * units,
                      note="each unit also sees the previous step's output of every unit"))
    biases = cell.biases if use_bias and not ctx.slip(Slip.NO_BIAS) else 0
    if ctx.slip(Slip.GRU_ONE_BIAS):
        biases = min(biases, 1)
    bias_sym, bias_num = ("U", str(units)) if cell.biases == 1 else (
        f"{cell.biases} × U", f"{cell.biases} × {units}")
    if use_bias:
        note = ("reset_after=True (Keras 3's default): one bias for the input part and one "
                "for the recurrent part" if cell.biases == 2 else None)
        steps.append(Step("params", "bias", f"biases{each or ' (one per unit)'}", bias_sym,
                          bias_num,
                          cell.biases * units, note=note))
    per_gate = n_in * units + recurrent + biases * units
    formula = "N_in × U + U × U" + (f" + {bias_sym}" if use_bias else "")
    numbers = f"{n_in} × {units} + {units} × {units}" + (f" + {bias_num}" if use_bias else "")
    gates = 1 if ctx.slip(Slip.NO_GATES) else cell.gates
    if cell.gates == 1:
        steps.append(Step("params", "params", parameters_label(use_bias), formula, numbers,
                          per_gate))
        return per_gate, steps
    steps.append(Step("params", "per_gate", "parameters per gate", formula, numbers, per_gate))
    steps.append(Step("params", "params", parameters_label(use_bias),
                      f"{cell.gates} × ({formula})", f"{cell.gates} × ({numbers})",
                      gates * per_gate,
                      note=f"{cell.type} has {cell.gates} gates ({cell.gate_names}), each with "
                           "its own weights"))
    return gates * per_gate, steps


def parameters_label(use_bias: bool) -> str:
    return "parameters" if use_bias else "parameters (use_bias=False: no biases)"


def output_steps(steps: int | None, n_in: int, units: int, sequences: bool) -> list[Step]:
    if sequences:
        return [Step("length", "length", "output length (return_sequences=True: one output "
                     "per time step)", "T", size_text(steps), steps),
                Step("depth", "depth", "output features (one per unit)", "U", str(units),
                     units)]
    return [Step("output_shape", "return_sequences", "return_sequences=False: only the last "
                 "step's output", "(None, T, N_in) → (None, U)",
                 f"(None, {size_text(steps)}, {n_in}) → (None, {units})", (None, units),
                 note="the time axis is gone; return_sequences=True keeps one output per step"),
            Step("depth", "depth", "output features (one per unit)", "U", str(units), units)]


def recurrent_layer(cell: Cell):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        steps, features = sequence_input(args, cell.type, shape)
        check_options(args, cell.type)
        units, sequences = args.int("units"), args.bool("return_sequences")
        # the slip: T (the length) where N_in (the features per step) belongs
        slipped = ctx.slip(Slip.LENGTH_AS_FEATURES) and steps is not None
        n_in = steps if slipped and steps is not None else features
        params, param_steps = gate_params(cell, n_in, units, args.bool("use_bias"), ctx)
        output: Shape = (shape[0], steps, units) if sequences else (shape[0], units)
        out_steps = output_steps(steps, features, units, sequences)
        if args.raw("unroll") is True and steps is None:
            # Keras checks this only when the model runs on data, not when it is built
            out_steps[0] = replace(out_steps[0], note="unroll=True needs a known number of "
                                   "steps: Keras builds this model, but it fails on data")
        axes = {"length": 1, "depth": 2, "units": 2} if sequences else {"depth": 1, "units": 1}
        symbols = {"N_in": features, "U": units} | ({"T": steps} if steps else {})
        if args.bool("return_state"):
            return LayerOut(with_states(output, shape[0], units, cell), trainable=params,
                            steps=[*out_steps, states_step(cell, output, units),
                                   *param_steps],
                            symbols=symbols)
        return LayerOut(output, trainable=params, steps=out_steps + param_steps, axes=axes,
                        symbols=symbols)

    return compute


def with_states(output: Shape, batch: int | None, units: int, cell: Cell) -> tuple[Shape, ...]:
    """return_state=True: the output, then each final state (h; for an LSTM also c)."""
    return (output, *[(batch, units)] * cell.states)


def states_step(cell: Cell, output: Shape, units: int) -> Step:
    """return_state=True: the output, then each final state, (None, U) each."""
    names = "states h and c" if cell.states == 2 else "state h"
    state = (output[0], units)
    out_symbols = {1: "T", 2: "U"} if len(output) == 3 else {1: "U"}
    formula, numbers = shapes_with([(output, out_symbols), *[(state, {1: "U"})] * cell.states])
    return Step("output_shape", "states", f"return_state=True: the final {names} follow the "
                "output", formula, numbers, (output, *[state] * cell.states),
                note="the layer gives several tensors; in a Sequential model no layer can "
                     "follow it")


LSTM = Cell("LSTM", 4, "input, forget, cell and output", states=2)
GRU_RESET_BEFORE = Cell("GRU", 3, "update, reset and candidate", states=1)
GRU_RESET_AFTER = Cell("GRU", 3, "update, reset and candidate", states=1, biases=2)
SIMPLE_RNN = Cell("SimpleRNN", 1, "one", states=1)

register("SimpleRNN", RNN_ARGS, positional=SIMPLE_RNN_ORDER)(recurrent_layer(SIMPLE_RNN))
register("LSTM", {**GATED_ARGS, "unit_forget_bias": True}, positional=LSTM_ORDER)(
    recurrent_layer(LSTM))
_gru_before, _gru_after = recurrent_layer(GRU_RESET_BEFORE), recurrent_layer(GRU_RESET_AFTER)


@register("GRU", {**GATED_ARGS, "reset_after": True}, positional=GRU_ORDER)
def gru(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    # reset_after=True (Keras 3's default, and cuDNN's) keeps separate input and recurrent
    # biases; False is the original GRU, with one bias per gate.
    return (_gru_after if args.bool("reset_after") else _gru_before)(args, shape, ctx)


# -- ConvLSTM1D/2D/3D -----------------------------------------------------------------------
# An LSTM whose gates are convolutions: per gate, F × F × D_in × K input weights and
# F × F × K × K recurrent weights (the recurrent convolution always pads 'same'), K biases.

CONV_LSTM_ORDER = ("filters", "kernel_size", "strides", "padding", "data_format",
                   "dilation_rate", "activation", "recurrent_activation", "use_bias",
                   "kernel_initializer", "recurrent_initializer", "bias_initializer",
                   "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
                   "bias_regularizer", "activity_regularizer", "kernel_constraint",
                   "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
                   "seed", "return_sequences", "return_state", "go_backwards", "stateful")
CONV_LSTM_ARGS = {
    **{k: v for k, v in GATED_ARGS.items() if k not in ("units", "use_cudnn", "implementation",
                                                       "unroll")},
    "filters": REQUIRED, "kernel_size": REQUIRED, "strides": 1, "padding": "valid",
    "data_format": None, "dilation_rate": 1, "unit_forget_bias": True,
}


def conv_lstm_layer(rank: int, type_: str):
    def compute(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
        if len(shape) != rank + 3:
            raise args.error(f"{type_} expects an input of rank {rank + 3} (batch, time steps, "
                             f"{rank} spatial axes, channels), got shape {shape_text(shape)} "
                             f"of rank {len(shape)}")
        frame_in = (shape[0], *shape[2:])
        spatial, d_in, data_format = split_channels(args, frame_in, rank, type_)
        if None in spatial or d_in is None:
            raise args.error(f"{type_} needs known sizes for every axis but time, got "
                             f"{shape_text(shape)}")
        for key in ("return_sequences", "return_state", "go_backwards", "use_bias"):
            args.bool(key)
        if args.raw("stateful") is True:
            raise args.error("stateful=True needs a fixed batch size, and this model's batch "
                             "size is not fixed (None): Keras refuses to build it")
        filters, kernel = args.int("filters"), args.ints("kernel_size", rank)
        strides, dilation = args.ints("strides", rank), args.ints("dilation_rate", rank)
        if max(strides) > 1 and max(dilation) > 1:
            raise args.error(f"strides > 1 cannot be combined with dilation_rate > 1 "
                             f"(strides={strides}, dilation_rate={dilation})")
        window = Window(kernel, strides, dilation, args.choice("padding", ("valid", "same")))
        sizes, steps, symbols = window_axes(window, spatial, ctx, args.layer, args.line)
        steps.append(Step("depth", "depth", "output depth (one channel per filter)", "K",
                          str(filters), filters))
        frame, axes = join_channels(shape[0], sizes, filters, data_format)
        params, param_steps = conv_gate_params(kernel, d_in, filters, args.bool("use_bias"),
                                               ctx)
        symbols |= {"K": filters, "D_in": d_in}
        output: Shape = frame
        if args.bool("return_sequences"):
            output = (shape[0], shape[1], *frame[1:])
            axes = {name: index + 1 for name, index in axes.items()} | {"time": 1}
            steps.insert(0, Step("time", "time", "time steps (return_sequences=True: one "
                                 "output per step)", "T", size_text(shape[1]), shape[1]))
        if args.bool("return_state"):
            return LayerOut((output, frame, frame), trainable=params,
                            steps=steps + param_steps, symbols=symbols)
        return LayerOut(output, trainable=params, steps=steps + param_steps, axes=axes,
                        symbols=symbols)

    return compute


def conv_gate_params(kernel: tuple[int, ...], d_in: int, filters: int, use_bias: bool,
                     ctx: Ctx) -> tuple[int, list[Step]]:
    k_sym, k_num, area = kernel_text(kernel, len(kernel))
    input_w, recurrent_w = area * d_in * filters, area * filters * filters
    steps = [Step("params", "input_weights", "input weights per gate (a convolution of the "
                  "step's input)", f"{k_sym} × D_in × K", f"{k_num} × {d_in} × {filters}",
                  input_w),
             Step("params", "recurrent_weights", "recurrent weights per gate (a convolution "
                  "of the previous output)", f"{k_sym} × K × K",
                  f"{k_num} × {filters} × {filters}", recurrent_w,
                  note="the previous output has K channels, and is convolved with 'same' "
                       "padding")]
    if ctx.slip(Slip.NO_RECURRENT_WEIGHTS):
        recurrent_w = 0
    bias = filters if use_bias and not ctx.slip(Slip.NO_BIAS) else 0
    formula = f"{k_sym} × D_in × K + {k_sym} × K × K" + (" + K" if use_bias else "")
    numbers = (f"{k_num} × {d_in} × {filters} + {k_num} × {filters} × {filters}"
               + (f" + {filters}" if use_bias else ""))
    if use_bias:
        steps.append(Step("params", "bias", "biases per gate (one per filter)", "K",
                          str(filters), filters))
    per_gate = input_w + recurrent_w + bias
    gates = 1 if ctx.slip(Slip.NO_GATES) else 4
    steps += [Step("params", "per_gate", "parameters per gate", formula, numbers, per_gate),
              Step("params", "params", parameters_label(use_bias), f"4 × ({formula})",
                   f"4 × ({numbers})", gates * per_gate,
                   note="a ConvLSTM has an LSTM's 4 gates (input, forget, cell and output)")]
    return gates * per_gate, steps


for _rank in (1, 2, 3):
    register(f"ConvLSTM{_rank}D", CONV_LSTM_ARGS, positional=CONV_LSTM_ORDER)(
        conv_lstm_layer(_rank, f"ConvLSTM{_rank}D"))
