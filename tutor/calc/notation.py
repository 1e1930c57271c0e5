"""The derivations' notation: one meaning per symbol, in both frameworks, after the lesson
(K filters, F kernel size, S stride, D_in input depth, H_in/W_in input height/width).

`SYMBOLS` is the table the README and the app's help show, and the one the notation test
holds every derivation to. A symbol may carry an axis (F_h, F_w, S_d1 ...: the same meaning
along one axis), `_eff` (the dilated size), or name what it counts (Params_conv2d).
PyTorch derivations keep PyTorch's own argument names where a learner reads them in the code
(C_in, C_out, in_features ...); each is listed with the lesson's symbol it stands beside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    symbol: str
    meaning: str
    short: bool = True  # shown in the short table (README, help screen)


SYMBOLS: tuple[Symbol, ...] = (
    Symbol("K", "number of filters (Keras `filters`): the output depth of a convolution"),
    Symbol("F", "kernel size, or pooling window (`kernel_size`, `pool_size`)"),
    Symbol("S", "stride (`strides`, `stride`)"),
    Symbol("P", "padding: zeros added on each side (PyTorch `padding`, ZeroPadding)"),
    Symbol("R", "dilation rate (`dilation_rate`, `dilation`)"),
    Symbol("G", "groups"),
    Symbol("D_in", "input depth: the channels of the input"),
    Symbol("H_in", "input height"),
    Symbol("W_in", "input width"),
    Symbol("L_in", "input length (1-D convolutions and pooling)"),
    Symbol("N_in", "input features (a Dense layer's inputs, an RNN's features per step)"),
    Symbol("U", "units: Dense units, an RNN's hidden units (`hidden_size`)"),
    Symbol("T", "time steps: the sequence length"),
    Symbol("V", "vocabulary size (Embedding `input_dim`)"),
    Symbol("E", "embedding size (Embedding `output_dim`, attention's `embed_dim`)"),
    Symbol("M", "depth multiplier (depthwise convolutions)"),
    Symbol("OP", "output padding (transposed convolutions)"),
    Symbol("Z", "up-sampling factor (UpSampling `size`)"),
    Symbol("C_in", "PyTorch: in_channels, the input's channels (D_in)"),
    Symbol("C_out", "PyTorch: out_channels, the number of filters (K)"),
    Symbol("in_features", "PyTorch Linear: inputs per example (N_in)"),
    Symbol("out_features", "PyTorch Linear: outputs per example (U)"),
    Symbol("num_embeddings", "PyTorch Embedding: vocabulary size (V)"),
    Symbol("embedding_dim", "PyTorch Embedding: embedding size (E)"),
    Symbol("H_out", "output height, W_out output width, D_out output depth, L_out output "
                    "length (from the steps before)"),
    Symbol("Params_X", "parameters of X (a layer, a direction: 2 × Params_LSTM)"),
    Symbol("d0", "PyTorch tensor functions: the sizes of the input's axes d0, d1, ... (a "
                 "second input's e0, e1, ...)"),
    # the rest, in full only
    Symbol("F_eff", "the kernel's size dilated, R × (F − 1) + 1", short=False),
    Symbol("U_proj", "LSTM proj_size: the projected size of each hidden state", short=False),
    Symbol("U_b", "Bidirectional: the backward layer's units when they differ", short=False),
    Symbol("T_inner", "TimeDistributed: a wrapped RNN's own time steps", short=False),
    Symbol("N_norm", "LayerNormalization: the values normalized together", short=False),
    Symbol("D1_in", "a 3-D input's sizes D1_in, D2_in, D3_in", short=False),
    Symbol("D1_out", "a 3-D output's sizes D1_out, D2_out, D3_out", short=False),
    Symbol("D_1", "Concatenate, Add ...: the i-th input's depth D_1, D_2, ... (L_1 its length, "
                  "H_1, W_1 ...); in a model's total, M_1, M_2 ... the layers' mult-adds",
           short=False),
    Symbol("H", "keras.Input: the shape given, (None, H, W, D) or (None, L, D)",
           short=False),
    Symbol("C_top", "Cropping: rows cut at one end (C_top, C_bottom, C_left, C_right)",
           short=False),
    Symbol("P_top", "ZeroPadding: rows added at one end (P_top, P_bottom, P_left, P_right)",
           short=False),
    Symbol("N", "batch size", short=False),
    Symbol("B", "bytes per number", short=False),
    Symbol("r_in", "receptive field of the layer before (r_in), and its jump (j_in)",
           short=False),
    Symbol("kdim", "MultiheadAttention: key and value sizes (kdim, vdim)", short=False),
    Symbol("n", "RepeatVector: repetitions", short=False),
    Symbol("num_parameters", "PReLU: slopes learned", short=False),
    Symbol("Trainable_X", "trainable (NonTrainable_X non-trainable) parameters of layer X",
           short=False),
    Symbol("P_H1", "PyTorch padding modules: what is added at the start (…1) and end (…2) of "
                   "an axis (P_L1, P_H2, P_W1, P_D11 ...)", short=False),
    Symbol("Crop_H1", "PyTorch padding modules with negative padding: what is cut at the "
                      "start (…1) and end (…2) of an axis", short=False),
    Symbol("N1", "Normalization: the sizes of the axes normalized together (N1, N2, ...)",
           short=False),
    Symbol("U_num", "Upsample: a scale factor written as a fraction, U_num / U_den",
           short=False),
)

# The symbols each entry stands for beyond its own name (the families it describes).
FAMILIES: dict[str, str] = {
    "H_out": r"(H|W|D|L)_out", "Params_X": r"Params(_\w+)?", "d0": r"[d-k]\d+",
    "D1_in": r"D[123]_in", "D1_out": r"D[123]_out", "D_1": r"[DLMHW]_\d+",
    "H": r"[HWDL]", "C_top": r"C(_d[123])?_(top|bottom|left|right)",
    "P_top": r"P(_d[123])?_(top|bottom|left|right)", "r_in": r"[rj]_in",
    "kdim": r"[kv]dim", "Trainable_X": r"(Non)?Trainable_\w+",
    "P_H1": r"P_(L|H|W|D[123])[12]", "Crop_H1": r"Crop_(L|H|W|D[123])[12]", "N1": r"N\d",
    "U_num": r"U_(num|den)",
}
# An axis a per-axis symbol is for: F_h, S_w, P_d1, R_d2, F_h_eff.
AXIS_SUFFIX = r"(_(h|w|d1|d2|d3))?"


def meaning(symbol: str) -> Symbol | None:
    """The table's entry for a symbol as it appears in a formula, or None if it has none."""
    for entry in SYMBOLS:
        family = FAMILIES.get(entry.symbol, re.escape(entry.symbol))
        if re.fullmatch(f"(?:{family}){AXIS_SUFFIX}", symbol):
            return entry
        if entry.symbol in ("F", "R") and re.fullmatch(f"{entry.symbol}{AXIS_SUFFIX}_eff",
                                                       symbol):
            return next(e for e in SYMBOLS if e.symbol == "F_eff")
    return None


def table(short: bool = True) -> list[tuple[str, str]]:
    """(symbol, meaning) rows, for the README and the help screen."""
    return [(e.symbol, e.meaning) for e in SYMBOLS if e.short or not short]
