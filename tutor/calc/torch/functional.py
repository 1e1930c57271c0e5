"""Operations `forward` applies to tensors that are not modules: reshaping (`x.view`,
`torch.flatten`), indexing (`out[:, -1, :]`), joining (`torch.cat`), arithmetic (`x + y`) and
making new tensors (`torch.zeros(2, x.size(0), 64)`). They have no weights and torchinfo does
not list them, but they change the shapes the modules after them see."""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.torch.common import (
    LETTERS,
    Axis,
    generic_axes,
    given,
    kept,
    no_params,
    normalize_dim,
    product,
    quotient,
    shape_step,
    shape_text,
)
from tutor.calc.torch.core import flatten, resolve_sizes
from tutor.calc.torch.registry import TorchCtx, TorchOut, register

SOURCES: set[str] = set()
"""Operations that make a tensor rather than take one."""
BINARY = ("add", "sub", "mul", "truediv", "radd", "rsub", "rmul", "rtruediv")


def shaped(shape: Any, label: str, axes: Sequence[Axis], type_: str) -> LayerOut:
    """A tensor function's result: one step showing how each output axis follows."""
    steps = [shape_step(label, axes, tuple(shape)), no_params(type_)]
    return LayerOut(shape, steps=steps, axes=generic_axes(shape) if shape is not None else {})


def unknown(type_: str) -> LayerOut:
    return LayerOut(None, steps=[no_params(type_)])


def flatten_op(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        return flatten(args, shape, type_)

    return compute


def view(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        sizes = sizes_arg(args, "shape")
        if shape is None:
            return unknown(type_)
        total = None if None in shape else prod(shape)
        new = resolve_sizes(args, sizes, total, type_)
        if total is None and -1 in sizes:
            new = infer_unknown(shape, sizes, new)
        return shaped(new, f"{type_}: the same values in a new shape",
                      view_axes(shape, sizes, new), type_)

    return compute


def view_axes(shape: Any, sizes: tuple[Any, ...], new: tuple[Any, ...]) -> list[Axis]:
    """Each size as given, and the -1 as what the others leave of the input's values (with
    an unknown batch size on both sides, of its known values)."""
    known_in = [i for i, d in enumerate(shape) if d is not None]
    everything = product(shape, known_in if None in shape else range(len(shape)))
    others = [d for d in sizes if d not in (-1, None)]
    return [quotient(everything, others) if d == -1 and n is not None else given(n)
            for d, n in zip(sizes, new, strict=True)]


def infer_unknown(shape: Any, sizes: tuple[Any, ...], new: tuple[Any, ...]
                  ) -> tuple[Any, ...]:
    """`x.view(x.size(0), -1)` with the batch size unknown (torchsummary's): the unknown sizes
    on both sides are the same ones, so -1 is what the known sizes leave."""
    known_in = [d for d in shape if d is not None]
    known_out = [d for d in sizes if d not in (None, -1)]
    if sum(d is None for d in shape) != sum(d is None for d in sizes):
        return new
    rest, part = prod(known_in), prod(known_out)
    if part == 0 or rest % part:
        return new
    return tuple(rest // part if d == -1 else d for d in sizes)


def sizes_arg(args: Args, key: str) -> tuple[Any, ...]:
    value = args.raw(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, tuple | list) or any(
            d is not None and (isinstance(d, bool) or not isinstance(d, int)) for d in value):
        raise args.error(f"`{key}` must be integers, got {value!r}")
    return tuple(value)


def getitem(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    index = args.raw("index")
    items = index if isinstance(index, tuple) and not is_slice(index) else (index,)
    if shape is None:
        return unknown("Tensor.__getitem__")
    new, origins = indexed(args, shape, items)
    axes = [kept(shape, o) if o is not None and new[i] == shape[o] else given(new[i])
            for i, o in enumerate(origins)]
    return shaped(new, "indexing: an integer drops its axis, a slice keeps it (cut to its "
                       "range)", axes, "Tensor.__getitem__")


def is_slice(item: Any) -> bool:
    return isinstance(item, tuple) and len(item) == 4 and item[0] == "slice"


def indexed(args: Args, shape: Any, items: tuple[Any, ...]
            ) -> tuple[tuple[Any, ...], list[int | None]]:
    """The shape indexing leaves, and where each of its axes comes from (None: a new axis)."""
    used = sum(1 for item in items if item not in (None, "...", Ellipsis))
    if used > len(shape):
        raise args.error(f"too many indices for tensor of dimension {len(shape)}")
    out: list[Any] = []
    origins: list[int | None] = []
    axis = 0
    for item in items:
        if item in ("...", Ellipsis):
            skip = len(shape) - used
            out.extend(shape[axis:axis + skip])
            origins.extend(range(axis, axis + skip))
            axis += skip
        elif item is None:
            out.append(1)
            origins.append(None)
        elif is_slice(item):
            size = shape[axis]
            out.append(None if size is None else len(range(size)[slice(*item[1:])]))
            origins.append(axis)
            axis += 1
        elif isinstance(item, int) and not isinstance(item, bool):
            size = shape[axis]
            if size is not None and not -size <= item < size:
                raise args.error(f"index {item} is out of bounds for dimension {axis} with size "
                                 f"{size}")
            axis += 1
        else:
            raise args.error(f"the tutor follows indexing with integers, slices, None and ... "
                             f"only, got {item!r}")
    return (*out, *shape[axis:]), [*origins, *range(axis, len(shape))]


def squeeze(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("squeeze")
    dim = args.raw("dim")
    if dim is None:
        keep = [i for i, d in enumerate(shape) if d != 1]
    else:
        dims = dim if isinstance(dim, tuple) else (dim,)
        index = {normalize_dim(args, "dim", d, len(shape)) for d in dims}
        keep = [i for i, d in enumerate(shape) if not (i in index and d == 1)]
    new = tuple(shape[i] for i in keep)
    return shaped(new, "squeeze drops axes of size 1", [kept(shape, i) for i in keep],
                  "squeeze")


def unsqueeze(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("unsqueeze")
    dim = normalize_dim(args, "dim", args.int("dim", minimum=None), len(shape) + 1)
    new = (*shape[:dim], 1, *shape[dim:])
    axes = [kept(shape, i) for i in range(len(shape))]
    return shaped(new, f"unsqueeze adds an axis of size 1 at {dim}",
                  [*axes[:dim], given(1), *axes[dim:]], "unsqueeze")


def permute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    dims = sizes_arg(args, "dims")
    if shape is None:
        return unknown("permute")
    if len(dims) != len(shape):
        raise args.error(f"permute(sparse_coo): number of dimensions in the tensor input does "
                         f"not match the length of the desired ordering of dimensions i.e. "
                         f"input.dim() = {len(shape)} is not equal to len(dims) = {len(dims)}")
    index = [normalize_dim(args, "dims", d, len(shape)) for d in dims]
    if len(set(index)) != len(index):
        raise args.error(f"permute(): duplicate dims are not allowed: {list(dims)}")
    new = tuple(shape[i] for i in index)
    return shaped(new, "permute reorders the axes", [kept(shape, i) for i in index], "permute")


def transpose(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("transpose")
    a = normalize_dim(args, "dim0", args.int("dim0", minimum=None), len(shape))
    b = normalize_dim(args, "dim1", args.int("dim1", minimum=None), len(shape))
    order = list(range(len(shape)))
    order[a], order[b] = order[b], order[a]
    return shaped(tuple(shape[i] for i in order), f"transpose swaps axes {a} and {b}",
                  [kept(shape, i) for i in order], "transpose")


def reduce(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        if shape is None:
            return unknown(type_)
        dim, keep = args.raw("dim"), args.bool("keepdim")
        if dim is None:
            index = set(range(len(shape)))
        else:
            dims = dim if isinstance(dim, tuple) else (dim,)
            index = {normalize_dim(args, "dim", d, len(shape)) for d in dims}
        axes = [given(1) if i in index else kept(shape, i) for i in range(len(shape))
                if keep or i not in index]
        new = tuple(1 if i in index else d for i, d in enumerate(shape)
                    if keep or i not in index)
        return shaped(new, f"{type_} over dim {dim}", axes, type_)

    return compute


def inputs_of(ctx: Ctx, shape: Any) -> tuple[Any, ...]:
    return ctx.inputs if isinstance(ctx, TorchCtx) and ctx.inputs else (shape,)


def cat(type_: str, new_axis: bool):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        shapes = inputs_of(ctx, shape)
        if any(s is None for s in shapes):
            return unknown(type_)
        first = shapes[0]
        rank = len(first) + new_axis
        dim = normalize_dim(args, "dim", args.int("dim", minimum=None), rank)
        for other in shapes[1:]:
            same = [(i, a, b) for i, (a, b) in enumerate(zip(first, other, strict=False))
                    if (new_axis or i != dim) and a != b]
            if len(other) != len(first) or same:
                raise args.error(f"{type_}: the tensors must have the same shape"
                                 f"{'' if new_axis else ' except in dimension ' + str(dim)}: "
                                 f"{shape_text(first)} and {shape_text(other)}")
        axes = [kept(first, i) for i in range(len(first))]
        if new_axis:
            new = (*first[:dim], len(shapes), *first[dim:])
            axes.insert(dim, given(len(shapes)))
        else:
            sizes = [s[dim] for s in shapes]
            total = None if None in sizes else sum(sizes)
            new = (*first[:dim], total, *first[dim + 1:])
            parts = [kept(s, dim, LETTERS[k % len(LETTERS)]) for k, s in enumerate(shapes)]
            axes[dim] = (" + ".join(f for f, _ in parts), " + ".join(n for _, n in parts))
        return shaped(new, f"{type_} along dim {dim}", axes, type_)

    return compute


def broadcast(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        shapes = inputs_of(ctx, shape)
        if any(s is None for s in shapes):
            return unknown(type_)
        rank = max(len(s) for s in shapes)
        padded = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]
        out = []
        for axis, sizes in enumerate(zip(*padded, strict=True)):
            others = {d for d in sizes if d != 1}
            if len(others) > 1:
                a, b = sizes[0], sizes[1]
                raise args.error(f"The size of tensor a ({a}) must match the size of tensor b "
                                 f"({b}) at non-singleton dimension {axis}")
            out.append(others.pop() if others else 1)
        return shaped(tuple(out), "elementwise arithmetic: the shapes broadcast (a size 1 "
                      "stretches to the other's)", broadcast_axes(shapes, rank, out), type_)

    return compute


def broadcast_axes(shapes: Sequence[Any], rank: int, out: list[Any]) -> list[Axis]:
    """Each output axis: the one input that has it, or the larger of the inputs' sizes
    (equal, or 1 against the size it stretches to)."""
    axes: list[Axis] = []
    for axis in range(rank):
        parts = [kept(s, axis - (rank - len(s)), LETTERS[k % len(LETTERS)])
                 for k, s in enumerate(shapes) if axis >= rank - len(s)]
        if len(parts) == 1 or out[axis] is None or out[axis] == 0:
            axes.append(parts[0] if len(parts) == 1 else given(out[axis]))
        else:
            axes.append((f"max({', '.join(f for f, _ in parts)})",
                         f"max({', '.join(n for _, n in parts)})"))
    return axes


def factory(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        sizes = sizes_arg(args, "size")
        if any(d is not None and d < 0 for d in sizes):
            raise args.error(f"{type_}: sizes cannot be negative, got {list(sizes)}")
        out = TorchOut(tuple(sizes), steps=[shape_step(f"a new tensor from {type_}, of the "
                                                       "size given", [given(d) for d in sizes],
                                                       tuple(sizes)),
                                            no_params(type_)],
                       dtype="int" if type_ == "torch.randint" else "float")
        return out

    return compute


for _name in ("torch.flatten", "Tensor.flatten"):
    register(_name, {"start_dim": 0, "end_dim": -1}, positional=("start_dim", "end_dim"),
             functional=True)(flatten_op(_name))
for _name in ("Tensor.view", "Tensor.reshape", "torch.reshape"):
    register(_name, {"shape": REQUIRED}, positional=("shape",), functional=True)(view(_name))
register("Tensor.__getitem__", {"index": REQUIRED}, positional=("index",),
         functional=True)(getitem)
for _name in ("Tensor.squeeze", "torch.squeeze"):
    register(_name, {"dim": None}, positional=("dim",), functional=True)(squeeze)
for _name in ("Tensor.unsqueeze", "torch.unsqueeze"):
    register(_name, {"dim": REQUIRED}, positional=("dim",), functional=True)(unsqueeze)
for _name in ("Tensor.permute", "torch.permute"):
    register(_name, {"dims": REQUIRED}, positional=("dims",), functional=True)(permute)
for _name in ("Tensor.transpose", "torch.transpose"):
    register(_name, {"dim0": REQUIRED, "dim1": REQUIRED}, positional=("dim0", "dim1"),
             functional=True)(transpose)
for _name in ("Tensor.mean", "torch.mean", "Tensor.sum", "torch.sum", "Tensor.amax",
              "torch.amax"):
    register(_name, {"dim": None, "keepdim": False, "dtype": None},
             positional=("dim", "keepdim"), functional=True)(reduce(_name))
register("torch.cat", {"dim": 0}, positional=("dim",), aliases=("torch.concat",),
         functional=True)(cat("torch.cat", new_axis=False))
register("torch.stack", {"dim": 0}, positional=("dim",), functional=True)(
    cat("torch.stack", new_axis=True))
for _op in BINARY:
    register(f"Tensor.__{_op}__", {}, functional=True)(broadcast(f"Tensor.__{_op}__"))
register("torch.add", {"alpha": 1}, functional=True)(broadcast("torch.add"))
for _name in ("torch.zeros", "torch.ones", "torch.randn", "torch.rand", "torch.empty",
              "torch.randint"):
    register(_name, {"size": REQUIRED, "dtype": None, "device": None, "requires_grad": False,
                     "low": 0, "high": None, "generator": None, "layout": None,
                     "pin_memory": False, "out": None},
             positional=("size",), functional=True)(factory(_name))
    SOURCES.add(_name)
