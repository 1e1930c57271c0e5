"""Tracing `forward`: every module call and every operation on a tensor becomes one call of the
model spec, its tensors named by (call, output) references; nothing is computed here — the
calculator works the shapes out."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tutor.errors import ModelError
from tutor.models.snippet.values import MAX_NESTING, CallArgs, Method, Ref, Unknown
from tutor.models.spec import LayerSpec
from tutor.models.torch_snippet import names
from tutor.models.torch_snippet.values import (
    Container,
    Custom,
    Example,
    Layer,
    ModuleDict,
    SizeExpr,
    SizeOf,
    Sizes,
    Traced,
)

if TYPE_CHECKING:
    from tutor.models.torch_snippet.interpreter import TorchInterpreter

SIZE_REF = "<size>"  # the calculator's marker for a size read off a tensor
BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv"}


SIZE_OP = "<size op>"  # the calculator's marker for arithmetic on such sizes
SIZE_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//"}


def size_ref(size: SizeOf | SizeExpr) -> tuple[Any, ...]:
    if isinstance(size, SizeExpr):
        return (SIZE_OP, size.op, *(size_ref(v) if isinstance(v, SizeOf | SizeExpr) else v
                                    for v in (size.left, size.right)))
    return (SIZE_REF, size.tensor.call, size.tensor.output, size.axis)


def structure(index: int, shape: tuple | int) -> Any:
    """The call's result as the snippet unpacks it: `out, (h, c) = self.lstm(x)`."""
    if isinstance(shape, int):
        return Traced(index, shape)
    return tuple(structure(index, item) for item in shape)


def refs(ev: TorchInterpreter, values: list[tuple[ast.AST, Any]], where: str
         ) -> tuple[tuple[int, int], ...]:
    """The tensors a call takes (tuples of tensors flattened, as LSTM's (h0, c0))."""
    out = []
    for node, value in values:
        items = value if isinstance(value, tuple | list) else (value,)
        for item in items:
            if isinstance(item, Traced):
                out.append(item.ref)
            elif isinstance(item, Unknown):
                raise ev.fail(item, node, where)
            else:
                raise ev.fail(ev.unknown(node, "it is not a tensor from forward's input"), node,
                              where)
    return tuple(out)


def arguments(ev: TorchInterpreter, values: list[tuple[ast.AST, Any]], where: str
              ) -> list[Any]:

    out = []
    for node, value in values:
        converted = plain(ev, value, node)
        if isinstance(converted, Unknown):
            raise ev.fail(converted, node, where)
        out.append(converted)
    return out


# -- modules ---------------------------------------------------------------------------------

def call_module(ev: TorchInterpreter, module: Any, node: ast.Call, args: CallArgs) -> Any:
    where = f"`{ev.quote(node)}`"
    if args.problem:
        raise ev.fail(args.problem, args.problem_node or node, where)
    if isinstance(module, Layer):
        return call_layer(ev, module, node, args, where)
    if isinstance(module, Container) and module.kind == "Sequential":
        if len(args.positional) != 1:
            raise ev.fail(ev.unknown(node, "nn.Sequential takes one input"), node, where)
        x = args.positional[0][1]
        for item in module:
            if isinstance(item, Layer):  # errors point at the layer as written in the list
                x = call_layer(ev, item, node, CallArgs([(node, x)]), where, own_line=True)
            else:
                x = call_module(ev, item, node, CallArgs([(node, x)]))
        return x
    if isinstance(module, Custom):
        forward = module.cls.method("forward")
        if forward is None:
            raise ev.fail(ev.unknown(node, f"{module.cls.name} has no forward method"), node,
                          where)
        from tutor.models.torch_snippet.values import Bound

        result = ev.call_bound(Bound(module, forward, "forward"), node, args)
        if isinstance(result, Unknown):  # what forward returns: the reason names its line
            raise ModelError(f"cannot follow {module.cls.name}.forward: {result.message}",
                             line=result.line or forward.node.lineno)
        return result
    kind = module.kind if isinstance(module, Container) else "ModuleDict"
    raise ev.fail(ev.unknown(node, f"an nn.{kind} is not called: call its modules"), node,
                  where)


def call_layer(ev: TorchInterpreter, layer: Layer, node: ast.Call, args: CallArgs,
               where: str, *, own_line: bool = False) -> Any:
    tensors = [(n, v) for n, v in args.positional if not _plain_value(v)]
    options = {k: v for k, (_, v) in args.keywords.items()}
    call_args = {k: v for k, v in options.items() if not isinstance(v, Traced | Unknown)
                 and k not in ("key_padding_mask", "attn_mask", "hx")}
    hx = args.keywords.get("hx")
    if hx is not None:
        tensors.append(hx)
    inputs = refs(ev, tensors, where)
    name = ev.reading.names.get(id(layer))
    line = layer.spec.line if own_line else node.lineno
    spec = replace(layer.spec, name=name, line=line, inputs=inputs,
                   call_args=arguments_dict(call_args))
    index = ev.emit(spec)
    return structure(index, names.outputs_of(layer.spec.type, layer.spec.positional,
                                             dict(layer.spec.args)))


def _plain_value(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def arguments_dict(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if _plain_value(v) or isinstance(v, tuple)}


# -- functions and methods -------------------------------------------------------------------

def function(ev: TorchInterpreter, type_: str, node: ast.Call, args: CallArgs) -> Any:
    """`F.relu(x)`, `torch.flatten(x, 1)`, `torch.cat([a, b], dim=1)`: the tensors first."""
    where = f"`{ev.quote(node)}`"
    if args.problem:
        raise ev.fail(args.problem, args.problem_node or node, where)
    positional = list(args.positional)
    keywords = dict(args.keywords)
    if "input" in keywords:
        positional.insert(0, keywords.pop("input"))
    if type_ in ("torch.cat", "torch.concat", "torch.stack") and "tensors" in keywords:
        positional.insert(0, keywords.pop("tensors"))
    if not positional:
        raise ev.fail(ev.unknown(node, "it is given no tensor"), node, where)
    inputs = refs(ev, positional[:1], where)
    rest = arguments(ev, positional[1:], where)
    options = {k: arguments(ev, [v], where)[0] for k, v in keywords.items()
               if k not in ("out", "device")}
    return op(ev, type_, node, inputs, rest, options)


def op(ev: TorchInterpreter, type_: str, node: ast.AST, inputs: tuple, positional: list[Any],
       keywords: dict[str, Any]) -> Any:
    index = ev.emit(LayerSpec(type_, keywords, None, getattr(node, "lineno", None),
                              tuple(positional), inputs=inputs))
    return structure(index, names.outputs_of(type_, tuple(positional), keywords))


def method(ev: TorchInterpreter, tensor: Traced, name: str, node: ast.Call,
           args: CallArgs) -> Any:
    where = f"`{ev.quote(node)}`"
    values = [v for _, v in args.positional]
    if name == "size":
        if not values:
            return Sizes(tensor)
        if isinstance(values[0], int) and not isinstance(values[0], bool):
            return SizeOf(tensor, values[0])
        raise ev.fail(ev.unknown(node, "the axis is not a number"), node, where)
    if name in names.SAME_TENSOR:
        return tensor
    if name not in names.TENSOR_OPS:
        raise ev.fail(ev.unknown(node, f"the tutor does not follow the tensor method "
                                       f"`.{name}()`"), node, where)
    positional = arguments(ev, list(args.positional), where)
    keywords = {k: arguments(ev, [v], where)[0] for k, v in args.keywords.items()}
    if name in ("view", "reshape", "permute"):
        key = "dims" if name == "permute" else "shape"
        given = keywords.pop(key, keywords.pop("size", None))
        if given is None:
            given = positional[0] if len(positional) == 1 and isinstance(
                positional[0], tuple) and positional[0][:1] != (SIZE_REF,) else tuple(
                positional)
        positional = [given]
    return op(ev, f"Tensor.{name}", node, (tensor.ref,), positional, keywords)


def attribute(ev: TorchInterpreter, tensor: Traced, attr: str, node: ast.Attribute) -> Any:
    if attr == "shape":
        return Sizes(tensor)
    if attr in names.SAME_TENSOR or attr in names.TENSOR_OPS or attr == "size":
        return Method(tensor, attr)
    if attr == "T":
        return op(ev, "Tensor.permute", node, (tensor.ref,), [(1, 0)], {})
    return ev.unknown(node, f"the tutor does not follow `.{attr}` of a tensor")


def getitem(ev: TorchInterpreter, tensor: Traced, index: Any, node: ast.Subscript) -> Any:
    items = index if isinstance(index, tuple) else (index,)
    encoded: list[Any] = []
    for item in items:
        if item is Ellipsis:
            encoded.append("...")
        elif item is None or (isinstance(item, int) and not isinstance(item, bool)):
            encoded.append(item)
        elif isinstance(item, slice):
            parts = (item.start, item.stop, item.step)
            if not all(p is None or isinstance(p, int) for p in parts):
                raise ev.fail(ev.unknown(node, "slice bounds must be numbers"), node,
                              f"`{ev.quote(node)}`")
            encoded.append(("slice", *parts))
        else:
            problem = item if isinstance(item, Unknown) else ev.unknown(
                node, "the tutor follows indexing with numbers, slices, None and ... only")
            raise ev.fail(problem, node, f"`{ev.quote(node)}`")
    return op(ev, "Tensor.__getitem__", node, (tensor.ref,), [tuple(encoded)], {})


def binary(ev: TorchInterpreter, node: ast.BinOp, left: Any, right: Any) -> Any:
    """`x + identity`, `x * 0.5`: elementwise, the shapes broadcast."""
    where = f"`{ev.quote(node)}`"
    name = BINARY.get(type(node.op))
    if name is None:
        raise ev.fail(ev.unknown(node, "the tutor follows +, -, * and / on tensors only"),
                      node, where)
    tensors = [v for v in (left, right) if isinstance(v, Traced)]
    for value, part in ((left, node.left), (right, node.right)):
        if not isinstance(value, Traced | int | float) or isinstance(value, bool):
            problem = value if isinstance(value, Unknown) else ev.unknown(
                part, "it is not a tensor or a number")
            raise ev.fail(problem, part, where)
    reflected = not isinstance(left, Traced)
    type_ = f"Tensor.__{'r' if reflected else ''}{name}__"
    return op(ev, type_, node, tuple(t.ref for t in tensors), [], {})


def factory(ev: TorchInterpreter, name: str, node: ast.Call, size: Any, kind: str) -> Any:

    converted = plain(ev, size, node)
    if isinstance(converted, Unknown) or not isinstance(converted, tuple):
        problem = converted if isinstance(converted, Unknown) else ev.unknown(
            node, "its sizes are not given")
        raise ev.fail(problem, node, f"`{ev.quote(node)}`")
    return op(ev, f"torch.{name}", node, (), [converted], {})


__all__ = ["Container", "Custom", "Example", "ModuleDict", "call_module", "function"]


def plain(ev: TorchInterpreter, value: Any, node: ast.AST, depth: int = 0) -> Any:
    """A module argument as a spec holds it: constants and tuples; `dtype=torch.long` and
    other library objects as an opaque "<torch.long>"."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Ref):
        return f"<{value.path}>"
    if isinstance(value, SizeOf | SizeExpr):
        return size_ref(value)
    if isinstance(value, tuple | list) and depth < MAX_NESTING:
        items = [plain(ev, item, node, depth + 1) for item in value]
        bad = next((i for i in items if isinstance(i, Unknown)), None)
        return bad if bad is not None else tuple(items)
    if isinstance(value, Unknown):
        return value
    return ev.unknown(node, "it is not a constant")
