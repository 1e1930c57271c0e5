"""PyTorch calls: modules and containers made, example inputs made, models called on them
(`model(x)`, torchinfo's `summary`), and modules called while `forward` is traced."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from tutor.models.snippet import pure
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.values import CallArgs, Function, Method, Ref, Unknown
from tutor.models.spec import LayerSpec
from tutor.models.torch_snippet import names, tensors
from tutor.models.torch_snippet.tensors import plain
from tutor.models.torch_snippet.values import (
    CLASS,
    SELF,
    Container,
    Custom,
    Example,
    Layer,
    ModelCall,
    ModuleDict,
    Sizes,
    Super,
    TorchClass,
    Traced,
    is_module,
    set_member,
)

if TYPE_CHECKING:
    from tutor.models.torch_snippet.interpreter import TorchInterpreter

NOT_TORCH = object()
"""`call_ref`'s answer for a path it leaves to the Keras reader (Python's builtins, numpy)."""
NOT_RUN = "the tutor does not run the model; it reads the shapes off the layers"


def call_ref(ev: TorchInterpreter, ref: Ref, node: ast.Call, args: CallArgs) -> Any:
    path = names.canonical(ref.path)
    if (kind := names.container(path)) is not None:
        return make_container(ev, kind, node, args)
    if (type_ := names.layer_class(path)) is not None:
        return make_layer(ev, type_, node, args)
    if (name := names.factory(path)) is not None:
        return make_tensor(ev, name, node, args)
    if path in ("torchinfo.summary", "torchsummary.summary"):
        return summary_call(ev, path, node, args)
    if path == "collections.OrderedDict":
        return ordered_dict(ev, node, args)
    if path == "builtins.super":
        return make_super(ev, node, args)
    if path == "builtins.setattr":
        return set_attr(ev, node, args)
    if (type_ := names.function_type(path)) is not None and has_tensor(args):
        return tensors.function(ev, type_, node, args)
    if names.in_torch(path):
        return Unknown(f"the tutor does not run `{ev.quote(node)}`", node.lineno,
                       label=f"<{path}>")
    return NOT_TORCH


def has_tensor(args: CallArgs) -> bool:
    values = [v for _, v in args.positional] + [v for _, v in args.keywords.values()]
    return any(isinstance(v, Traced) or (isinstance(v, list | tuple) and any(
        isinstance(i, Traced) for i in v)) for v in values)


# -- making modules --------------------------------------------------------------------------

def make_layer(ev: TorchInterpreter, type_: str, node: ast.Call, args: CallArgs) -> Any:
    where = f"nn.{type_}(...)"
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, where)
    positional = []
    for arg_node, value in args.positional:
        converted = plain(ev, value, arg_node)
        if isinstance(converted, Unknown):
            return ev.needed(converted, arg_node, where)
        positional.append(converted)
    keywords = {}
    for key, (arg_node, value) in args.keywords.items():
        converted = plain(ev, value, arg_node)
        if isinstance(converted, Unknown):
            if key in ("device", "dtype"):  # `device=device` changes no shape or count
                converted = f"<{ev.quote(arg_node)}>"
            else:
                return ev.needed(converted, arg_node, where)
        keywords[key] = converted
    layer = Layer(LayerSpec(type_, keywords, None, node.lineno, tuple(positional),
                            arg_positions=args.positions()))
    remember(ev, layer)
    return layer


def remember(ev: TorchInterpreter, module: Any) -> None:
    """Modules made outside `forward`, in order: the model is among them (those another
    module holds are its parts)."""
    if not ev.tracing:
        ev.reading.created.append(module)


def make_container(ev: TorchInterpreter, kind: str, node: ast.Call, args: CallArgs) -> Any:
    where = f"nn.{kind}(...)"
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, where)
    values = [value for _, value in args.positional]
    if kind == "ModuleDict":
        given = values[0] if values else {}
        if not isinstance(given, dict) or not all(is_module(v) for v in given.values()):
            return ev.needed(ev.unknown(node, "it is not a dictionary of modules"), node, where)
        result: Any = ModuleDict(given)
    elif kind == "Sequential" and len(values) == 1 and isinstance(values[0], dict):
        result = Container(kind, list(values[0].values()), [str(k) for k in values[0]],
                           node.lineno)
    else:
        if kind == "ModuleList":
            items = values[0] if values else []
            if isinstance(items, Unknown):
                return ev.needed(items, node, where)
            try:
                values = pure.items(items)
            except Cannot:
                return ev.needed(ev.unknown(node, "it is not a list of modules"), node, where)
        result = Container(kind, values, line=node.lineno)
    bad = next((i for i in result if not is_module(i)), None) if isinstance(
        result, Container) else None
    if bad is not None:
        problem = bad if isinstance(bad, Unknown) else ev.unknown(node, "it holds something "
                                                                        "that is not a module")
        return ev.needed(problem, node, where)
    remember(ev, result)
    return result


def ordered_dict(ev: TorchInterpreter, node: ast.Call, args: CallArgs) -> Any:
    values = [value for _, value in args.positional]
    pairs = values[0] if values else []
    try:
        items = pure.items(pairs) if not isinstance(pairs, dict) else list(pairs.items())
        result = {}
        for pair in items:
            key, value = pure.items(pair) if not isinstance(pair, tuple) else pair
            result[key] = value
    except (Cannot, ValueError, TypeError):
        return ev.unknown(node, "it is not a list of (name, value) pairs")
    return result


def make_super(ev: TorchInterpreter, node: ast.Call, args: CallArgs) -> Any:

    values = [value for _, value in args.positional]
    if len(values) == 2 and isinstance(values[0], TorchClass) and isinstance(values[1], Custom):
        return Super(values[1], values[0])
    obj, cls = ev.scope.lookup(SELF), ev.scope.lookup(CLASS)
    if isinstance(obj, Custom) and isinstance(cls, TorchClass):
        return Super(obj, cls)
    return ev.unknown(node, "super() outside a method of an nn.Module class")


def set_attr(ev: TorchInterpreter, node: ast.Call, args: CallArgs) -> Any:

    values = [value for _, value in args.positional]
    if len(values) == 3 and isinstance(values[0], Custom) and isinstance(values[1], str):
        set_member(values[0], values[1], values[2])
        return None
    return NOT_TORCH


# -- example inputs --------------------------------------------------------------------------

def make_tensor(ev: TorchInterpreter, name: str, node: ast.Call, args: CallArgs) -> Any:
    """`torch.randn(2, 3, 32, 32)`: an example input at module level; in `forward`, a new
    tensor whose sizes may be read off others (`torch.zeros(2, x.size(0), 64)`)."""
    values = [value for _, value in args.positional]
    keywords = {k: v for k, (_, v) in args.keywords.items()}
    if name == "randint":
        size = keywords.get("size", values[-1] if len(values) >= 2 else None)
    elif len(values) == 1 and isinstance(values[0], tuple | list):
        size = values[0]
    else:
        size = tuple(values) if values else keywords.get("size")
    dtype = keywords.get("dtype")
    kind = "int" if name == "randint" or (
        isinstance(dtype, Ref) and dtype.path in names.INT_DTYPES) else "float"
    if ev.tracing:
        return tensors.factory(ev, name, node, size, kind)
    if not isinstance(size, tuple | list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in size):
        return ev.unknown(node, "its sizes are not whole numbers")
    return Example(tuple(size), kind)


def example_attribute(ev: TorchInterpreter, example: Example, attr: str,
                      node: ast.Attribute) -> Any:
    if attr == "shape":
        return example.shape
    if attr in names.SAME_TENSOR or attr in ("size", "unsqueeze", "view", "reshape"):
        return Method(example, attr)
    return ev.unknown(node, "the tutor knows only an example tensor's shape")


def example_index(ev: TorchInterpreter, example: Example, index: Any, node: ast.AST) -> Any:
    if isinstance(index, int) and example.shape:
        return Example(example.shape[1:], example.dtype)
    if isinstance(index, slice) and example.shape:
        return Example((len(range(example.shape[0])[index]), *example.shape[1:]), example.dtype)
    return ev.unknown(node, "only an integer or a slice of the first axis is followed")


def example_method(ev: TorchInterpreter, example: Example, name: str, node: ast.Call,
                   values: list[Any]) -> Any:
    if name == "size":
        if not values:
            return example.shape
        if isinstance(values[0], int) and -len(example.shape) <= values[0] < len(example.shape):
            return example.shape[values[0]]
        return ev.unknown(node, "the axis is out of range")
    if name == "unsqueeze" and values and isinstance(values[0], int):
        dims = list(example.shape)
        dims.insert(values[0] % (len(dims) + 1), 1)
        return Example(tuple(dims), example.dtype)
    if name in ("view", "reshape"):
        from tutor.models.snippet.arrays import reshape
        from tutor.models.snippet.values import Array

        try:
            return Example(reshape(Array(example.shape), values).shape, example.dtype)
        except Cannot as error:
            return ev.unknown(node, str(error))
    if name in ("long", "int"):
        return Example(example.shape, "int")
    if name in ("float", "double", "half"):
        return Example(example.shape, "float")
    return example


# -- calling models and modules --------------------------------------------------------------

def summary_call(ev: TorchInterpreter, path: str, node: ast.Call, args: CallArgs) -> Any:
    """torchinfo's `summary(model, input_size=(2, 3, 32, 32))` runs the model on random
    inputs of those sizes (batch axis included); torchsummary's leaves the batch out."""
    model = args.get("model", 0)
    if model is None or not is_module(model[1]):
        return Unknown("summary(...) is not given a model the tutor read", node.lineno)
    data = args.get("input_data")
    if data is not None:
        given = data[1] if isinstance(data[1], list | tuple) else [data[1]]
        inputs = [item for item in given if isinstance(item, Example)]
    else:
        size = args.get("input_size", 1)
        if size is None:
            return None
        sizes = size[1]
        if isinstance(sizes, tuple | list) and sizes and not isinstance(sizes[0], int):
            sizes_list = list(sizes)
        else:
            sizes_list = [sizes]
        inputs = []
        for one in sizes_list:
            if not isinstance(one, tuple | list) or not all(isinstance(d, int) for d in one):
                return ev.unknown(node, "input_size is not a tuple of sizes")
            shape = tuple(one) if path == "torchinfo.summary" else (None, *one)
            inputs.append(Example(shape))  # type: ignore[arg-type]
    if inputs:
        ev.reading.model_calls.append(ModelCall(model[1], inputs, node.lineno))
    return None


def call_module(ev: TorchInterpreter, module: Any, node: ast.Call, args: CallArgs) -> Any:
    values = [value for _, value in args.positional]
    if ev.tracing:
        return tensors.call_module(ev, module, node, args)
    if args.problem:
        return args.problem
    if values and all(isinstance(v, Example) for v in values):
        keywords = {k: v for k, (_, v) in args.keywords.items()
                    if v is None or isinstance(v, bool | int | float | str)}
        ev.reading.model_calls.append(ModelCall(module, values, node.lineno, keywords))
        return Unknown(f"cannot follow `{ev.quote(node)}`: {NOT_RUN}", node.lineno)
    return Unknown(f"cannot follow `{ev.quote(node)}`: {NOT_RUN}", node.lineno)


def call_method(ev: TorchInterpreter, method: Method, node: ast.Call, args: CallArgs) -> Any:
    obj, name = method.obj, method.name
    values = [value for _, value in args.positional]
    if isinstance(obj, Traced):
        return tensors.method(ev, obj, name, node, args)
    if isinstance(obj, Example):
        return example_method(ev, obj, name, node, values)
    if name in ("to", "cuda", "cpu", "eval", "train", "float", "double", "half",
                "requires_grad_"):
        return obj  # the same module, wherever it runs
    if name == "__noop__":
        return None
    if name == "forward" and is_module(obj):
        return call_module(ev, obj, node, args)
    if name in ("add_module", "register_module") and len(values) == 2:
        return add_module(obj, values[0], values[1])
    if isinstance(obj, Container) and name in ("append", "extend", "insert"):
        return container_method(ev, obj, name, node, values)
    if isinstance(obj, ModuleDict):
        return {"items": lambda: list(obj.items()), "values": lambda: list(obj.values()),
                "keys": lambda: list(obj)}.get(name, lambda: None)()
    return Unknown(f"the tutor does not run `{ev.quote(node)}`", node.lineno)


def add_module(obj: Any, name: Any, module: Any) -> None:

    if isinstance(obj, Custom) and isinstance(name, str):
        set_member(obj, name, module)
    elif isinstance(obj, Container) and isinstance(name, str):
        obj.keys = [*obj.names(), name]
        obj.append(module)
    elif isinstance(obj, ModuleDict) and isinstance(name, str):
        obj[name] = module


def container_method(ev: TorchInterpreter, obj: Container, name: str, node: ast.Call,
                     values: list[Any]) -> Any:
    try:
        if name == "append" and len(values) == 1:
            obj.append(values[0])
        elif name == "extend" and len(values) == 1:
            obj.extend(pure.items(values[0]))
        elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
            obj.insert(values[0], values[1])
        else:
            return ev.unknown(node, "the call's arguments are not understood")
    except Cannot as error:
        return ev.unknown(node, str(error))
    if any(not is_module(item) for item in obj):
        bad = next(i for i in obj if not is_module(i))
        obj[:] = [bad if isinstance(bad, Unknown) else ev.unknown(node, "it is not a module")]
    return obj if name != "insert" else None


__all__ = ["NOT_TORCH", "Function", "Sizes", "call_ref"]
