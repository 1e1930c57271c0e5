"""nn.RNN, nn.LSTM and nn.GRU: gates of weights on the input and on the hidden state.

Per layer and direction PyTorch keeps W_ih (G·H × I), W_hh (G·H × H) and *two* bias vectors,
b_ih and b_hh (G·H each), with G = 4 gates for an LSTM, 3 for a GRU, 1 for a plain RNN:

    G × (H × (I + H) + 2H), written in the lesson's notation G × (U × (N_in + U) + 2 × U)

(Keras's LSTM has one bias per gate unit.) Layers after the first take the previous layer's
output, D × H wide with D = 2 directions when bidirectional. An LSTM with proj_size P also
projects each hidden state down to P (W_hr, P × H), and its recurrent weights then take P
(U_proj in the derivations).
"""

from __future__ import annotations

from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.slips import Slip
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import shape_text
from tutor.calc.torch.registry import TorchCtx, TorchOut, register

GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}
LSTM_ORDER = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
              "bidirectional", "proj_size", "device", "dtype")
RNN_ORDER = ("input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first",
             "dropout", "bidirectional", "device", "dtype")
BASE_DEFAULTS = {"input_size": REQUIRED, "hidden_size": REQUIRED, "num_layers": 1,
                 "bias": True, "batch_first": False, "dropout": 0.0, "bidirectional": False,
                 **FACTORY}


class Rnn:
    """The arguments, checked as RNNBase.__init__ checks them."""

    def __init__(self, args: Args, type_: str) -> None:
        self.type = type_
        for key in ("bias", "batch_first", "bidirectional"):
            if not isinstance(args.raw(key), bool):
                raise args.error(f"{key} should be of type bool, got: "
                                 f"{type(args.raw(key)).__name__}")
        dropout = args.raw("dropout")
        if isinstance(dropout, bool) or not isinstance(dropout, int | float) or not (
                0 <= dropout <= 1):
            raise args.error("dropout should be a number in range [0, 1] representing the "
                             f"probability of an element being zeroed, got {dropout!r}")
        self.input_size = positive(args, "input_size")
        self.hidden = positive(args, "hidden_size")
        self.layers = positive(args, "num_layers")
        self.proj = args.int("proj_size", minimum=None) if "proj_size" in args.values else 0
        if type_ != "LSTM" and self.proj:
            raise args.error("proj_size argument is only supported for LSTM, not RNN or GRU")
        if self.proj < 0:
            raise args.error("proj_size should be a positive integer or zero to disable "
                             "projections")
        if self.proj >= self.hidden and self.proj:
            raise args.error(f"proj_size has to be smaller than hidden_size ({self.proj} >= "
                             f"{self.hidden})")
        self.bias = args.bool("bias")
        self.batch_first = args.bool("batch_first")
        self.directions = 2 if args.bool("bidirectional") else 1
        if type_ == "RNN" and args.raw("nonlinearity") not in ("tanh", "relu"):
            raise args.error(f"Unknown nonlinearity '{args.raw('nonlinearity')}'. Select from "
                             "'tanh' or 'relu'.")

    @property
    def out_size(self) -> int:
        return self.proj or self.hidden


def positive(args: Args, key: str) -> int:
    value = args.raw(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise args.error(f"{key} should be of type int, got: {type(value).__name__}")
    if value <= 0:
        raise args.error(f"{key} must be greater than zero, got {value}")
    return value


def rnn_params(rnn: Rnn, ctx: Ctx) -> tuple[int, list[Step]]:
    """Every layer's weights and biases, their sum over the layers, times the directions.

    In the lesson's notation: U hidden units (hidden_size), N_in features per step
    (input_size), U_proj the projected size (proj_size); a later layer reads the one before's
    output, U (or 2 × U when bidirectional) wide."""
    gates = GATES[rnn.type]
    g = "" if gates == 1 else f"{gates} × "
    h, r, proj = rnn.hidden, rnn.out_size, rnn.proj
    biases = 0 if not rnn.bias or ctx.slip(Slip.NO_BIAS) else (
        1 if ctx.slip(Slip.ONE_RNN_BIAS) else 2)
    directions = 1 if ctx.slip(Slip.NO_BIDIRECTIONAL) else rnn.directions
    steps: list[Step] = []
    terms: list[tuple[str, str]] = []  # each layer's counts, as formula and numbers
    per_direction = 0
    out_sym = "U_proj" if proj else "U"
    for layer in range(rnn.layers):
        i = rnn.input_size if layer == 0 else rnn.directions * r
        i_sym = "N_in" if layer == 0 else (f"2 × {out_sym}" if rnn.directions == 2
                                           else out_sym)
        i_num = str(i) if layer == 0 else (f"2 × {r}" if rnn.directions == 2 else str(r))
        weights = gates * h * (i + r)
        bias = biases * gates * h
        per_direction += weights + bias + (proj * h if proj else 0)
        suffix = f" (layer {layer + 1})" if rnn.layers > 1 else ""
        layer_terms = [(f"{g}U × ({i_sym} + {out_sym})", f"{g}{h} × ({i_num} + {r})")]
        steps.append(Step("params", "weights" if layer == 0 else f"weights_l{layer}",
                          f"weights W_ih and W_hh{suffix}", *layer_terms[0], weights,
                          note=gate_note(rnn.type) if layer == 0 else None))
        if rnn.bias and biases:
            term = (f"{g}2 × U", f"{g}2 × {h}") if biases == 2 else (f"{g}U", f"{g}{h}")
            layer_terms.append(term)
            steps.append(Step("params", "bias" if layer == 0 else f"bias_l{layer}",
                              f"biases b_ih and b_hh{suffix}" if biases == 2
                              else f"biases{suffix}", *term, bias,
                              note="PyTorch keeps two bias vectors, one for the input and "
                                   "one for the hidden state" if layer == 0 and biases == 2
                              else None))
        if proj:
            layer_terms.append(("U_proj × U", f"{proj} × {h}"))
            steps.append(Step("params", "projection" if layer == 0 else f"projection_l{layer}",
                              f"projection W_hr{suffix}", "U_proj × U", f"{proj} × {h}",
                              proj * h, note="proj_size projects each hidden state down to "
                                             "U_proj values"))
        terms += layer_terms
    formula, numbers = per_direction_formula(rnn, biases, terms)
    label = "parameters per direction" + (" (all layers)" if rnn.layers > 1 else "")
    steps.append(Step("params", "per_direction", label, formula, numbers, per_direction))
    total = directions * per_direction
    if rnn.directions == 2:
        steps.append(Step("params", "directions", "both directions (bidirectional=True)",
                          "2 × Params_direction", f"{directions} × {per_direction}", total,
                          note="the backward direction has weights of its own"))
        formula, numbers = f"2 × ({formula})", f"{directions} × ({numbers})"
    steps.append(Step("params", "params", "parameters", formula, numbers, total))
    return total, steps


def per_direction_formula(rnn: Rnn, biases: int, terms: list[tuple[str, str]]
                          ) -> tuple[str, str]:
    """One layer without projection: G × (U × (N_in + U) + 2 × U), the lesson's form. Several
    layers (or a projection): the sum of every count above."""
    if rnn.layers > 1 or rnn.proj:
        return " + ".join(f for f, _ in terms), " + ".join(n for _, n in terms)
    gates = GATES[rnn.type]
    h, i = rnn.hidden, rnn.input_size
    bias_sym, bias_num = {0: ("", ""), 1: (" + U", f" + {h}"), 2: (" + 2 × U", f" + 2 × {h}")}[
        biases if rnn.bias else 0]
    inner, numbers = f"U × (N_in + U){bias_sym}", f"{h} × ({i} + {h}){bias_num}"
    if gates == 1:
        return inner, numbers
    return f"{gates} × ({inner})", f"{gates} × ({numbers})"


def gate_note(type_: str) -> str:
    return {"LSTM": "4 gates: input, forget, cell and output, each with its own weights",
            "GRU": "3 gates: reset, update and new, each with its own weights",
            "RNN": "a plain RNN has one set of weights"}[type_]


def rnn_layer(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        rnn = Rnn(args, type_)
        params, steps = rnn_params(rnn, ctx)
        directions = 1 if ctx.slip(Slip.NO_BIDIRECTIONAL) else rnn.directions
        width = directions * rnn.out_size
        out_sym = "U_proj" if rnn.proj else "U"
        depth = Step("depth", "depth", "output features (hidden units, × 2 for two directions)",
                     f"2 × {out_sym}" if rnn.directions == 2 else out_sym,
                     f"2 × {rnn.out_size}" if rnn.directions == 2 else str(rnn.out_size), width,
                     note="both directions' outputs are concatenated" if rnn.directions == 2
                     else None)
        states = 2 if type_ == "LSTM" else 1
        if shape is None:
            return TorchOut(None, trainable=params, steps=[depth, *steps],
                            outputs=[None] * states)
        output, outputs, axes = rnn_shapes(args, rnn, shape, width, type_)
        check_state(args, rnn, shape, ctx)
        return TorchOut(output, trainable=params, steps=[*length_steps(shape, rnn, axes),
                                                         depth, *steps],
                        axes=axes, outputs=outputs[:states],
                        symbols={"N_in": rnn.input_size, "U": rnn.hidden})

    return compute


def rnn_shapes(args: Args, rnn: Rnn, shape: Any, width: int, type_: str
               ) -> tuple[Any, list[Any], dict[str, int]]:
    if len(shape) not in (2, 3):
        raise args.error(f"{type_}: Expected input to be 2D or 3D, got {len(shape)}D instead: "
                         f"{shape_text(shape)}")
    if shape[-1] is not None and shape[-1] != rnn.input_size:
        raise args.error(f"input.size(-1) must be equal to input_size. Expected "
                         f"{rnn.input_size}, got {shape[-1]}")
    stacked = rnn.directions * rnn.layers
    if len(shape) == 2:  # one sequence without a batch axis: (L, H_in)
        output = (shape[0], width)
        h_n = (stacked, rnn.out_size)
        c_n = (stacked, rnn.hidden)
        return output, [h_n, c_n], {"length": 0, "depth": 1}
    batch = shape[0] if rnn.batch_first else shape[1]
    output = (*shape[:2], width)
    axes = {"length": 1 if rnn.batch_first else 0, "depth": 2}
    return output, [(stacked, batch, rnn.out_size), (stacked, batch, rnn.hidden)], axes


def length_steps(shape: Any, rnn: Rnn, axes: dict[str, int]) -> list[Step]:
    index = axes["length"]
    layout = "(N, T, N_in)" if rnn.batch_first else "(T, N, N_in)"
    return [Step("length", "length", "output length (one output per time step)", "T",
                 str(shape[index]), shape[index],
                 note=f"batch_first={rnn.batch_first}: the layout is {layout}"
                 if len(shape) == 3 else None)]


def check_state(args: Args, rnn: Rnn, shape: Any, ctx: Ctx) -> None:
    """An initial state passed to the call (`self.lstm(x, (h0, c0))`) must have the shapes
    the layer returns."""
    if not isinstance(ctx, TorchCtx) or len(ctx.inputs) < 2:
        return
    stacked = rnn.directions * rnn.layers
    batch = () if len(shape) == 2 else (shape[0] if rnn.batch_first else shape[1],)
    expected = [(stacked, *batch, rnn.out_size), (stacked, *batch, rnn.hidden)]
    for given, wanted, name in zip(ctx.inputs[1:], expected, ("hidden", "cell"), strict=False):
        if given is not None and tuple(given) != wanted:
            raise args.error(f"Expected {name} size {wanted}, got {list(given)}")


register("LSTM", {**BASE_DEFAULTS, "proj_size": 0}, positional=LSTM_ORDER)(rnn_layer("LSTM"))
register("GRU", {**BASE_DEFAULTS, "proj_size": 0},
         positional=(*LSTM_ORDER[:7], "device", "dtype"))(rnn_layer("GRU"))
register("RNN", {**BASE_DEFAULTS, "nonlinearity": "tanh", "proj_size": 0},
         positional=RNN_ORDER)(rnn_layer("RNN"))
