"""The Keras reader's interpreter taught PyTorch: `nn.Module` classes (their `__init__` run
with `self`), modules and containers, example inputs, and tracing `forward` with symbolic
tensors. Statements, constants, loops and the snippet's own functions work as for Keras."""

from __future__ import annotations

import ast
from typing import Any

from tutor.errors import ModelError
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.effects import Effects
from tutor.models.snippet.execute import Interpreter
from tutor.models.snippet.state import MISSING, Reading, Scope
from tutor.models.snippet.values import CallArgs, Function, Method, Ref, Unknown
from tutor.models.spec import LayerSpec
from tutor.models.torch_snippet import calls, names, tensors
from tutor.models.torch_snippet.values import (
    CLASS,
    SELF,
    Bound,
    Container,
    Custom,
    Example,
    Layer,
    ModelCall,
    ModuleDict,
    SizeExpr,
    SizeOf,
    Sizes,
    Super,
    TorchClass,
    Traced,
    is_module,
    set_member,
)

MODULE_METHODS = frozenset({"to", "cuda", "cpu", "eval", "train", "float", "double", "half",
                            "requires_grad_", "apply", "add_module", "register_module",
                            "register_buffer", "parameters", "named_parameters", "modules",
                            "children", "zero_grad", "forward", "state_dict",
                            "load_state_dict"})


class TorchReading(Reading):
    """The reading's state, plus what PyTorch needs: the example calls of models, and while
    `forward` is traced, the calls it makes and the names of the model's modules."""

    def __init__(self, source: Any) -> None:
        super().__init__(source)
        self.model_calls: list[ModelCall] = []
        self.created: list[Any] = []  # modules made at module level, in order
        self.trace: list[LayerSpec] | None = None
        self.names: dict[int, str] = {}
        self.input_count = 0


class TorchInterpreter(Interpreter):
    reading: TorchReading

    # -- names, constants, attributes ------------------------------------------------------

    def eval_Name(self, node: ast.Name) -> Any:
        if self.scope.lookup(node.id) is MISSING:
            for module in reversed(self.scope.module.star_modules):
                if names.in_torch(module):
                    return Ref(f"{module}.{node.id}")
        return super().eval_Name(node)

    def eval_Constant(self, node: ast.Constant) -> Any:
        if node.value is Ellipsis:  # `x[..., 0]`
            return Ellipsis
        return super().eval_Constant(node)

    def eval_Attribute(self, node: ast.Attribute) -> Any:
        value = self.eval(node.value)
        attr = node.attr
        if isinstance(value, Ref):
            return Ref(names.canonical(f"{value.path}.{attr}"))
        if isinstance(value, Custom):
            return self.custom_attribute(value, attr, node)
        if isinstance(value, Super):
            return self.super_attribute(value, attr, node)
        if isinstance(value, TorchClass):
            found = value.attribute(attr)
            return found if found is not None else self.unknown(node, "not a class attribute")
        if isinstance(value, Container) and attr in ("append", "extend", "insert", "add_module"):
            return Method(value, attr)
        if isinstance(value, ModuleDict) and attr in ("items", "values", "keys", "update"):
            return Method(value, attr)
        if isinstance(value, Layer | Container | ModuleDict):
            return self.module_attribute(value, attr, node)
        if isinstance(value, Traced):
            return tensors.attribute(self, value, attr, node)
        if isinstance(value, Example):
            return calls.example_attribute(self, value, attr, node)
        return super().eval_Attribute(node)

    def custom_attribute(self, obj: Custom, attr: str, node: ast.Attribute) -> Any:
        if attr in obj.modules:
            return obj.modules[attr]
        if attr in obj.attrs:
            return obj.attrs[attr]
        function = obj.cls.method(attr)
        if function is not None:
            return Bound(obj, function, attr)
        class_value = obj.cls.attribute(attr)
        if class_value is not None:
            return class_value
        if attr == "training":
            return True  # a new module trains
        if attr in MODULE_METHODS:
            return Method(obj, attr)
        return Unknown(f"`{self.quote(node)}` is not set in __init__", node.lineno)

    def module_attribute(self, obj: Any, attr: str, node: ast.Attribute) -> Any:
        if attr in MODULE_METHODS:
            return Method(obj, attr)
        if isinstance(obj, Layer) and attr in obj.spec.args:
            return obj.spec.args[attr]  # `self.fc.out_features`, when given by name
        return self.unknown(node, "the tutor knows a module's arguments only when they are "
                                  "given by name")

    def super_attribute(self, sup: Super, attr: str, node: ast.Attribute) -> Any:
        base = sup.cls.base
        function = base.method(attr) if base is not None else None
        if function is not None:
            return Bound(sup.obj, function, attr)
        if attr == "__init__":
            return Method(sup.obj, "__noop__")  # nn.Module's own __init__
        return self.unknown(node, f"nn.Module has no method `{attr}` the tutor follows")

    def eval_Subscript(self, node: ast.Subscript) -> Any:
        value = self.eval(node.value)
        if isinstance(value, Traced):
            return tensors.getitem(self, value, self.eval(node.slice), node)
        if isinstance(value, Sizes):
            index = self.eval(node.slice)
            if isinstance(index, int) and not isinstance(index, bool):
                return SizeOf(value.tensor, index)
            return self.unknown(node, "only one size of a tensor's shape is followed, as in "
                                      "x.shape[0]")
        if isinstance(value, Example):
            return calls.example_index(self, value, self.eval(node.slice), node)
        return super().eval_Subscript(node)

    def eval_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.eval(node.left), self.eval(node.right)
        if isinstance(left, Traced) or isinstance(right, Traced):
            return tensors.binary(self, node, left, right)
        return super().eval_BinOp(node)

    def combine(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """`x + identity`, and `out += identity` in place (the same shape as `out + ...`)."""
        if isinstance(left, Traced) or isinstance(right, Traced):
            return tensors.binary(self, node, left, right)
        sizes = [p for p in (left, right) if isinstance(p, SizeOf | SizeExpr | Sizes)]
        if sizes:
            op = tensors.SIZE_OPS.get(type(node.op))
            whole = all(isinstance(p, SizeOf | SizeExpr) or (
                isinstance(p, int) and not isinstance(p, bool)) for p in (left, right))
            if op is None or not whole:
                return self.unknown(node, "the tutor works out + - * and // of a tensor's "
                                          "sizes (x.size(0), h * w) and whole numbers only")
            return SizeExpr(op, left, right)
        return super().combine(node, left, right)

    def unpack(self, targets: list[ast.expr], value: Any, node: ast.AST) -> None:
        if isinstance(value, Sizes) and not any(isinstance(t, ast.Starred) for t in targets):
            # `b, c, h, w = x.shape`: one size a name (the calculator checks the rank)
            value = tuple(SizeOf(value.tensor, i) for i in range(len(targets)))
        super().unpack(targets, value, node)

    # -- calls ----------------------------------------------------------------------------

    def call(self, func: Any, node: ast.Call, args: CallArgs) -> Any:
        if isinstance(func, Ref):
            found = calls.call_ref(self, func, node, args)
            return super().call(func, node, args) if found is calls.NOT_TORCH else found
        if isinstance(func, TorchClass):
            return self.construct(func, node, args)
        if isinstance(func, Bound):
            return self.call_bound(func, node, args)
        if is_module(func):
            return calls.call_module(self, func, node, args)
        if isinstance(func, Method) and isinstance(
                func.obj, Custom | Container | ModuleDict | Layer | Traced | Example):
            return calls.call_method(self, func, node, args)
        return super().call(func, node, args)

    def construct(self, cls: TorchClass, node: ast.Call, args: CallArgs) -> Any:
        obj = Custom(cls, node.lineno)
        init = cls.method("__init__")
        if init is not None:
            result = self.call_bound(Bound(obj, init, "__init__"), node, args)
            if isinstance(result, Unknown) and result.final:
                return result
        if self.reading.trace is None:
            self.reading.created.append(obj)
        return obj

    def call_bound(self, bound: Bound, node: ast.Call, args: CallArgs) -> Any:
        with_self = CallArgs([(node, bound.obj), *args.positional], dict(args.keywords),
                             args.problem, args.problem_node)
        owner = self.defining_class(bound.obj.cls, bound.name) or bound.obj.cls
        return self.call_function(bound.function, node, with_self, owner=(bound.obj, owner))

    @staticmethod
    def defining_class(cls: TorchClass, name: str) -> TorchClass | None:
        found: TorchClass | None = cls
        while found is not None and name not in found.methods:
            found = found.base
        return found

    def call_function(self, func: Function, node: ast.Call, args: CallArgs, *,
                      owner: tuple[Custom, TorchClass] | None = None,
                      bound: dict[str, Any] | None = None) -> Any:
        """The Keras reader's; for a method, its instance and class are known to `super()`."""
        if owner is not None:
            bound = {**(bound or {}), SELF: owner[0], CLASS: owner[1]}
        return super().call_function(func, node, args, bound=bound)

    # -- statements -----------------------------------------------------------------------

    def exec_ClassDef(self, stmt: ast.ClassDef) -> None:
        bases = [self.eval(base) for base in stmt.bases]
        base = next((b for b in bases if isinstance(b, TorchClass)), None)
        is_module_class = base is not None or any(
            isinstance(b, Ref) and names.canonical(b.path) == "torch.nn.Module" for b in bases)
        if not is_module_class:
            super().exec_ClassDef(stmt)
            return
        cls = TorchClass(stmt, self.scope, base)
        body = type(self)(self.reading, Scope(self.scope))
        for item in stmt.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                body.exec_FunctionDef(item)
                function = body.scope.vars.get(item.name)
                if isinstance(function, Function):
                    function.scope = self.scope  # methods see the module, not the class body
                    cls.methods[item.name] = function
            elif isinstance(item, ast.Assign | ast.AnnAssign):
                body.run([item])
        cls.attrs.update({k: v for k, v in body.scope.vars.items() if k not in cls.methods})
        self.scope.assign(stmt.name, cls)

    def set_attribute(self, target: ast.Attribute, value: Any) -> None:
        obj = self.eval(target.value)
        if isinstance(obj, Custom):
            set_member(obj, target.attr, value)
        else:
            super().set_attribute(target, value)

    def builds(self, fx: Effects) -> bool:
        """A loop that makes modules (`layers.append(nn.Linear(...))`) is unrolled."""
        for callee in fx.callees:
            path = self.static_path(callee)
            if path and (names.layer_class(path) or names.container(path)):
                return True
            if isinstance(callee, ast.Name) and isinstance(self.scope.lookup(callee.id),
                                                           TorchClass):
                return True
        return super().builds(fx)

    def static_path(self, node: ast.AST) -> str | None:
        path = super().static_path(node)
        return None if path is None else names.canonical(path)

    # -- tracing --------------------------------------------------------------------------

    def emit(self, spec: LayerSpec) -> int:
        """Record one call `forward` makes; its index names its outputs."""
        assert self.reading.trace is not None
        self.reading.trace.append(spec)
        return len(self.reading.trace) - 1

    def fail(self, value: Unknown, node: ast.AST, where: str) -> ModelError:
        """What `forward` needs but the reader cannot follow, as the error naming its line."""
        return self.needed(value, node, where).error()

    @property
    def tracing(self) -> bool:
        return self.reading.trace is not None


__all__ = ["Cannot", "TorchInterpreter", "TorchReading", "set_member"]
