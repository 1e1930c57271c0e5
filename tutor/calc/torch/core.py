"""nn.Linear, nn.Embedding, nn.Flatten, nn.Unflatten, nn.Identity and the dropouts."""

from __future__ import annotations

from dataclasses import replace
from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step, last_axis_change
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.slips import Slip
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import (
    generic_axes,
    given,
    kept,
    known_product,
    no_params,
    normalize_dim,
    number,
    product,
    quotient,
    shape_step,
    shape_text,
    unchanged,
)
from tutor.calc.torch.registry import TorchCtx, TorchOut, register


@register("Linear", {"in_features": REQUIRED, "out_features": REQUIRED, "bias": True,
                     **FACTORY}, positional=("in_features", "out_features", "bias", "device",
                                             "dtype"))
def linear(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    n_in, n_out = args.int("in_features", minimum=0), args.int("out_features", minimum=0)
    use_bias = args.bool("bias") or ctx.slip(Slip.EXTRA_BIAS)
    steps: list[Step] = []
    if shape is not None:
        check_features(args, shape, n_in, n_out)
        if len(shape) > 2:
            steps.append(Step(
                "output_shape", "rank", "Linear acts on the last axis only",
                *last_axis_change(shape, "in_features", "out_features", n_out),
                note="on an input of rank > 2, Linear applies the same weights at every "
                     "position; it does not flatten"))
            if ctx.slip(Slip.DENSE_NOT_FLATTENED):
                n_in = prod(d for d in shape[1:] if d is not None)
    if ctx.slip(Slip.CHANNELS_SWAPPED):
        n_in, n_out = n_out, n_in
    steps.append(Step("depth", "depth", "output features (out_features)", "out_features",
                      str(n_out), n_out))
    weights = n_in * n_out
    steps.append(Step("params", "weights", "weights (one per input per output feature)",
                      "in_features × out_features", f"{n_in} × {n_out}", weights,
                      note=f"the weight tensor is [out_features, in_features] = "
                           f"[{n_out}, {n_in}]"))
    bias = n_out if use_bias and not ctx.slip(Slip.NO_BIAS) else 0
    if use_bias:
        steps.append(Step("params", "bias", "biases (one per output feature)", "out_features",
                          str(n_out), bias))
        steps.append(Step("params", "params", "parameters",
                          "in_features × out_features + out_features",
                          f"{n_in} × {n_out} + {n_out}", weights + bias))
    else:
        steps.append(Step("params", "params", "parameters (bias=False: no biases)",
                          "in_features × out_features", f"{n_in} × {n_out}", weights))
    symbols = {"in_features": args.int("in_features", minimum=0), "out_features": n_out}
    if shape is None:
        return LayerOut(None, trainable=weights + bias, steps=steps, axes={"depth": 1},
                        symbols=symbols)
    output = (*shape[:-1], n_out)
    axes = {"depth": len(output) - 1, "units": len(output) - 1}
    return LayerOut(output, trainable=weights + bias, steps=steps, axes=axes, symbols=symbols)


def check_features(args: Args, shape: Any, n_in: int, n_out: int) -> None:
    if not shape:
        raise args.error("Linear needs an input with at least one axis, got a scalar")
    if shape[-1] is not None and shape[-1] != n_in:
        rows = known_product(shape[:-1])
        left = f"{rows if rows is not None else '?'}x{shape[-1]}"
        raise args.error(
            f"the input's last axis has {shape[-1]} features but in_features is {n_in}: input "
            f"{shape_text(shape)}; PyTorch says: mat1 and mat2 shapes cannot be multiplied "
            f"({left} and {n_in}x{n_out})")


@register("Flatten", {"start_dim": 1, "end_dim": -1}, positional=("start_dim", "end_dim"))
def flatten_module(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    return flatten(args, shape, "Flatten", no_channels=ctx.slip(Slip.NO_INPUT_DEPTH))


def flattened(shape: Any, first: int, last: int) -> tuple[str, str]:
    """The sizes multiplied, in the lesson's symbols where the input is an (N, C, H, W)-like
    batch (C_in × H_in × W_in), else as the input's axes d1 × d2 × ..."""
    names = {index: name for name, index in generic_axes(shape).items() if name != "units"}
    symbols = {"depth": "C_in", "height": "H_in", "width": "W_in", "length": "L_in",
               "dim1": "D1_in", "dim2": "D2_in", "dim3": "D3_in"}
    indexes = range(first, last + 1)
    if all(i in names for i in indexes):
        return (" × ".join(symbols[names[i]] for i in indexes),
                " × ".join(number(shape[i]) for i in indexes))
    return product(shape, indexes)


def flatten(args: Args, shape: Any, type_: str, *, no_channels: bool = False) -> LayerOut:
    """`no_channels` is the slip of a learner who multiplies the sizes but not the channels."""
    start, end = args.int("start_dim", minimum=None), args.int("end_dim", minimum=None)
    steps = [no_params(type_)]
    if shape is None:
        return LayerOut(None, steps=steps)
    rank = len(shape)
    if rank == 0:
        return LayerOut((1,), steps=steps, axes={})
    first = normalize_dim(args, "start_dim", start, rank)
    last = normalize_dim(args, "end_dim", end, rank)
    if first > last:
        raise args.error(f"flatten() has invalid args: start_dim ({start}) cannot come after "
                         f"end_dim ({end}) for an input of rank {rank}")
    merged = shape[first:last + 1]
    size = known_product(merged)
    if no_channels and first <= 1 < last and size is not None:
        size = known_product((*shape[first:1], *shape[2:last + 1]))
    output = (*shape[:first], size, *shape[last + 1:])
    formula, numbers = flattened(shape, first, last)
    to_the_end = first == len(output) - 1
    before = ("the axes before it" if first > 1 else "the batch axis" if first == 1
              else "no axis")
    after = "" if to_the_end else f", and keeps the axes after end_dim={end}"
    steps.insert(0, Step("depth" if to_the_end else "output_shape",
                         "depth" if to_the_end else "flatten",
                         f"flattened size (axes {first} to {last} multiplied)", formula, numbers,
                         size, note=f"{type_} with start_dim={start} keeps {before} and "
                                    f"multiplies axes {first} to {last} together{after}"))
    axes = {"depth": first, "units": first} if to_the_end else generic_axes(output)
    return LayerOut(output, steps=steps, axes=axes)


@register("Unflatten", {"dim": REQUIRED, "unflattened_size": REQUIRED},
          positional=("dim", "unflattened_size"))
def unflatten(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    dim = args.int("dim", minimum=None)
    sizes = args.raw("unflattened_size")
    if not isinstance(sizes, tuple | list) or not sizes or any(
            isinstance(d, bool) or not isinstance(d, int) for d in sizes):
        raise args.error(f"unflattened_size must be a tuple of integers, got {sizes!r}")
    steps = [no_params("Unflatten")]
    if shape is None:
        return LayerOut(None, steps=steps)
    index = normalize_dim(args, "dim", dim, len(shape))
    total = shape[index]
    new = resolve_sizes(args, tuple(sizes), total, "unflatten")
    output = (*shape[:index], *new, *shape[index + 1:])
    axes = [kept(shape, i) for i in range(len(shape))]
    split_axes = [quotient(kept(shape, index), [d for d in sizes if d != -1]) if d == -1
                  else given(n) for d, n in zip(sizes, new, strict=True)]
    steps.insert(0, shape_step(f"axis {index} split into {shape_text(new)}",
                               [*axes[:index], *split_axes, *axes[index + 1:]], output,
                               note=None if total is None else
                               f"the sizes multiply to the axis's {total}: "
                               f"{' × '.join(number(d) for d in new)} = {total}"))
    steps[0] = replace(steps[0], key="unflatten")
    return LayerOut(output, steps=steps, axes=generic_axes(output))


def resolve_sizes(args: Args, sizes: tuple[Any, ...], total: int | None, what: str
                  ) -> tuple[int | None, ...]:
    """Sizes with at most one -1, which is inferred so the product is `total`."""
    if sum(d == -1 for d in sizes) > 1:
        raise args.error("only one dimension can be inferred (-1)")
    if any(d is not None and d < -1 for d in sizes):
        raise args.error(f"invalid shape dimension in {list(sizes)}")
    known = prod(d for d in sizes if d not in (-1, None))
    if total is None or None in sizes:
        return tuple(None if d == -1 else d for d in sizes)
    if -1 in sizes:
        if known == 0 or total % known:
            raise args.error(f"shape {list(sizes)} is invalid for input of size {total} "
                             f"({what}: {total} is not a multiple of {known})")
        return tuple(total // known if d == -1 else d for d in sizes)
    if known != total:
        raise args.error(f"shape {list(sizes)} is invalid for input of size {total} ({what}: "
                         f"the sizes multiply to {known}, not {total})")
    return tuple(sizes)


def dropout(type_: str, ranks: tuple[int, ...] | None = None):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        p = args.float("p")
        if not 0 <= p <= 1:
            raise args.error(f"dropout probability has to be between 0 and 1, but got {p}")
        steps = [no_params(type_, "dropout zeroes random values while training; it learns "
                                  "nothing")]
        if shape is None:
            return LayerOut(None, steps=steps)
        if ranks and len(shape) not in ranks:
            wanted = " or ".join(f"{r}D" for r in ranks)
            raise args.error(f"{type_}: Expected {wanted} input, but received a "
                             f"{len(shape)}D input {shape_text(shape)}")
        axes = generic_axes(shape)
        return LayerOut(shape, steps=[*unchanged(shape, axes, "dropout keeps the shape"),
                                      *steps], axes=axes)

    return compute


DROPOUT_DEFAULTS = {"p": 0.5, "inplace": False}
register("Dropout", DROPOUT_DEFAULTS, positional=("p", "inplace"))(dropout("Dropout"))
register("AlphaDropout", DROPOUT_DEFAULTS, positional=("p", "inplace"))(dropout("AlphaDropout"))
register("Dropout1d", DROPOUT_DEFAULTS, positional=("p", "inplace"))(
    dropout("Dropout1d", (2, 3)))
register("Dropout2d", DROPOUT_DEFAULTS, positional=("p", "inplace"))(dropout("Dropout2d"))
register("Dropout3d", DROPOUT_DEFAULTS, positional=("p", "inplace"))(dropout("Dropout3d"))
register("F.dropout", {"p": 0.5, "training": True, "inplace": False},
         positional=("p", "training", "inplace"), functional=True)(dropout("F.dropout"))


@register("Identity", {}, positional=())
def identity(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    steps = [no_params("Identity")]
    if shape is None:
        return LayerOut(None, steps=steps)
    axes = generic_axes(shape)
    return LayerOut(shape, steps=[*unchanged(shape, axes, "Identity passes its input on"),
                                  *steps], axes=axes)


EMBEDDING_ORDER = ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type",
                   "scale_grad_by_freq", "sparse", "_weight", "_freeze", "device", "dtype")


@register("Embedding", {"num_embeddings": REQUIRED, "embedding_dim": REQUIRED,
                        "padding_idx": None, "max_norm": None, "norm_type": 2.0,
                        "scale_grad_by_freq": False, "sparse": False, "_weight": None,
                        "_freeze": False, **FACTORY}, positional=EMBEDDING_ORDER)
def embedding(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    vocab, dim = args.int("num_embeddings", minimum=0), args.int("embedding_dim", minimum=0)
    padding_idx = args.raw("padding_idx")
    if padding_idx is not None and not -vocab <= args.int("padding_idx", minimum=None) < vocab:
        raise args.error(f"Padding_idx must be within num_embeddings: padding_idx="
                         f"{padding_idx}, num_embeddings={vocab}")
    steps = [
        Step("depth", "depth", "output features (embedding_dim)", "embedding_dim", str(dim), dim,
             note="each index is replaced by its row of the table: a new last axis"),
        Step("params", "params", "parameters (the table: one row per index)",
             "num_embeddings × embedding_dim", f"{vocab} × {dim}", vocab * dim)]
    symbols = {"num_embeddings": vocab, "embedding_dim": dim}
    if shape is None:
        return TorchOut(None, trainable=vocab * dim, steps=steps, symbols=symbols, dtype="float")
    if isinstance(ctx, TorchCtx) and ctx.dtype == "float":
        raise args.error("Embedding takes integer indices, but the input holds floats "
                         "(torch.randn, torch.rand, torch.zeros make floats; use "
                         "torch.randint or dtype=torch.long); PyTorch says: Expected tensor for "
                         "argument #1 'indices' to have one of the following scalar types: "
                         "Long, Int; but got torch.FloatTensor instead")
    output = (*shape, dim)
    if ctx.slip(Slip.LENGTH_AS_FEATURES) and len(shape) >= 2 and shape[-1] is not None:
        vocab = shape[-1]  # the slip: one row per position instead of one per index
    return TorchOut(output, trainable=vocab * dim, steps=steps, symbols=symbols,
                    axes={"length": len(output) - 2, "depth": len(output) - 1}
                    if len(output) >= 3 else {"depth": len(output) - 1}, dtype="float")

