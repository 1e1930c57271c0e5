"""Embedding: a lookup table with one learned vector of E numbers for each of V token ids.

V × E parameters, whatever the sequence length: each of the T ids in an example picks one row.
The output adds an axis of E features after the input's axes: (None, T) → (None, T, E).
"""

from __future__ import annotations

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut, register
from tutor.calc.layers.shapes import size_text
from tutor.calc.result import Shape
from tutor.calc.slips import Slip

EMBEDDING_ORDER = ("input_dim", "output_dim", "embeddings_initializer",
                   "embeddings_regularizer", "embeddings_constraint", "mask_zero", "weights",
                   "lora_rank", "lora_alpha", "quantization_config")
EMBEDDING_DEFAULTS = {
    "input_dim": REQUIRED, "output_dim": REQUIRED, "embeddings_initializer": "uniform",
    "embeddings_regularizer": None, "embeddings_constraint": None, "mask_zero": False,
    "weights": None, "lora_rank": None, "lora_alpha": None, "quantization_config": None,
    # Keras 2's argument: Keras 3 takes it only to warn "Argument `input_length` is
    # deprecated. Just remove it." and ignores it.
    "input_length": None,
}
INPUT_LENGTH_GONE = ("`input_length` is gone in Keras 3: Keras warns that it is deprecated and "
                     "ignores it; the length comes from the input shape")


def positive(args: Args, key: str) -> int:
    value = args.raw(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise args.error(f"`{key}` must be a positive integer, got {value!r}")
    return value


@register("Embedding", EMBEDDING_DEFAULTS, positional=EMBEDDING_ORDER)
def embedding(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    vocab, dim = positive(args, "input_dim"), positive(args, "output_dim")
    args.bool("mask_zero")
    steps = length_steps(args, shape, dim)
    steps.append(Step("depth", "depth", "output features (one vector of E per token)", "E",
                      str(dim), dim))
    rows = vocab
    length = shape[1] if len(shape) == 2 else None
    if ctx.slip(Slip.LENGTH_AS_FEATURES) and length is not None:
        rows = length  # the slip: one row per position instead of one per token id
    steps.append(Step("params", "params", "parameters (one vector of E numbers per token id)",
                      "V × E", f"{vocab} × {dim}", rows * dim, note=mask_note(args)))
    output = (*shape, dim)
    axes = {"length": 1, "depth": 2} if len(output) == 3 else {"depth": len(output) - 1}
    symbols = {"V": vocab, "E": dim} | ({"T": length} if length else {})
    return LayerOut(output, trainable=rows * dim, steps=steps, axes=axes, symbols=symbols)


def length_steps(args: Args, shape: Shape, dim: int) -> list[Step]:
    """The input's axes pass through; `input_length` (Keras 2) changes nothing."""
    length = shape[1] if len(shape) > 1 else None
    note = "each token id becomes a vector: the input's axes stay, one axis is added"
    given = args.raw("input_length")
    if given is not None:
        note = INPUT_LENGTH_GONE
        if length is None:
            note += f" (input_length={given!r}, but the input's length is not fixed: None)"
        elif given != length:
            note += f" (input_length={given!r}, but the input has {length} steps)"
    if len(shape) < 2:
        return [Step("output_shape", "rank", "one token id per example", "(None,) → (None, E)",
                     f"(None,) → (None, {dim})", (shape[0], dim), note=note)]
    return [Step("length", "length", "output length (unchanged: one vector per token)", "T",
                 size_text(length), length, note=note)]


def mask_note(args: Args) -> str:
    if args.raw("mask_zero") is True:
        return ("mask_zero=True reserves id 0 for padding; the table still has V rows, so V "
                "must count the padding id too")
    return "the count does not depend on the sequence length T"
