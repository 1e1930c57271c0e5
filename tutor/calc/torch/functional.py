"""Operations `forward` applies to tensors that are not modules: reshaping (`x.view`,
`torch.flatten`), indexing (`out[:, -1, :]`), joining (`torch.cat`), arithmetic (`x + y`) and
making new tensors (`torch.zeros(2, x.size(0), 64)`). They have no weights and torchinfo does
not list them, but they change the shapes the modules after them see."""

from __future__ import annotations

from math import prod
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.torch.common import generic_axes, no_params, normalize_dim, shape_text
from tutor.calc.torch.core import flatten, resolve_sizes
from tutor.calc.torch.registry import TorchCtx, TorchOut, register

SOURCES: set[str] = set()
"""Operations that make a tensor rather than take one."""
BINARY = ("add", "sub", "mul", "truediv", "radd", "rsub", "rmul", "rtruediv")


def shaped(shape: Any, label: str, formula: str, text: str, type_: str) -> LayerOut:
    steps = [Step("output_shape", "output_shape", label, formula, text, shape),
             no_params(type_)]
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
        text = ", ".join("?" if d is None else str(d) for d in new)
        return shaped(new, f"{type_}: the same {total} values in a new shape",
                      "−1 takes whatever size is left", f"[{text}]", type_)

    return compute


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
    new = indexed(args, shape, items)
    return shaped(new, "indexing: an integer drops its axis, a slice keeps it",
                  "x[...]", shape_text(new), "Tensor.__getitem__")


def is_slice(item: Any) -> bool:
    return isinstance(item, tuple) and len(item) == 4 and item[0] == "slice"


def indexed(args: Args, shape: Any, items: tuple[Any, ...]) -> tuple[Any, ...]:
    used = sum(1 for item in items if item not in (None, "...", Ellipsis))
    if used > len(shape):
        raise args.error(f"too many indices for tensor of dimension {len(shape)}")
    out: list[Any] = []
    axis = 0
    for item in items:
        if item in ("...", Ellipsis):
            skip = len(shape) - used
            out.extend(shape[axis:axis + skip])
            axis += skip
        elif item is None:
            out.append(1)
        elif is_slice(item):
            size = shape[axis]
            out.append(None if size is None else len(range(size)[slice(*item[1:])]))
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
    return (*out, *shape[axis:])


def squeeze(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("squeeze")
    dim = args.raw("dim")
    if dim is None:
        new = tuple(d for d in shape if d != 1)
    else:
        dims = dim if isinstance(dim, tuple) else (dim,)
        index = {normalize_dim(args, "dim", d, len(shape)) for d in dims}
        new = tuple(d for i, d in enumerate(shape) if not (i in index and d == 1))
    return shaped(new, "squeeze drops axes of size 1", "", shape_text(new), "squeeze")


def unsqueeze(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("unsqueeze")
    dim = normalize_dim(args, "dim", args.int("dim", minimum=None), len(shape) + 1)
    new = (*shape[:dim], 1, *shape[dim:])
    return shaped(new, f"unsqueeze adds an axis of size 1 at {dim}", "", shape_text(new),
                  "unsqueeze")


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
    return shaped(new, "permute reorders the axes", "", shape_text(new), "permute")


def transpose(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    if shape is None:
        return unknown("transpose")
    a = normalize_dim(args, "dim0", args.int("dim0", minimum=None), len(shape))
    b = normalize_dim(args, "dim1", args.int("dim1", minimum=None), len(shape))
    new = list(shape)
    new[a], new[b] = new[b], new[a]
    return shaped(tuple(new), f"transpose swaps axes {a} and {b}", "", shape_text(new),
                  "transpose")


def reduce(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        if shape is None:
            return unknown(type_)
        dim, keep = args.raw("dim"), args.bool("keepdim")
        if dim is None:
            new: tuple[Any, ...] = (1,) * len(shape) if keep else ()
        else:
            dims = dim if isinstance(dim, tuple) else (dim,)
            index = {normalize_dim(args, "dim", d, len(shape)) for d in dims}
            new = tuple(1 if i in index else d for i, d in enumerate(shape)
                        if keep or i not in index)
        return shaped(new, f"{type_} over dim {dim}", "", shape_text(new), type_)

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
        if new_axis:
            new = (*first[:dim], len(shapes), *first[dim:])
        else:
            sizes = [s[dim] for s in shapes]
            total = None if None in sizes else sum(sizes)
            new = (*first[:dim], total, *first[dim + 1:])
        return shaped(new, f"{type_} along dim {dim}", "", shape_text(new), type_)

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
        return shaped(tuple(out), "elementwise arithmetic: the shapes broadcast", "",
                      shape_text(out), type_)

    return compute


def factory(type_: str):
    def compute(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
        sizes = sizes_arg(args, "size")
        if any(d is not None and d < 0 for d in sizes):
            raise args.error(f"{type_}: sizes cannot be negative, got {list(sizes)}")
        out = TorchOut(tuple(sizes), steps=[Step("output_shape", "output_shape",
                                                 f"a new tensor from {type_}", "size",
                                                 shape_text(sizes), tuple(sizes)),
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
