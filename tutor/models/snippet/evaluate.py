"""Expressions: constants, names, arithmetic, containers and calls, without running anything.

Whatever cannot be known becomes an `Unknown` carrying the reason; it turns into an error only
where a model needs it (`Evaluator.needed`).
"""

from __future__ import annotations

import ast
import builtins
from typing import Any

from tutor.models.snippet import arith, arrays, calls, functional, names, pure, sequential
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.state import MISSING, Reading, Scope
from tutor.models.snippet.values import (
    MAX_ITEMS,
    Array,
    CallArgs,
    Function,
    Functional,
    Method,
    Ref,
    Sequential,
    Tensor,
    Unknown,
    is_plain,
    size_exceeds,
)
from tutor.models.spec import LayerSpec

TENSOR_OPS = "it computes with a tensor; the tutor reads only layers applied to tensors"
PYTHON_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))


class Evaluator:
    def __init__(self, reading: Reading, scope: Scope) -> None:
        self.reading = reading
        self.scope = scope

    # -- messages -------------------------------------------------------------------------

    def quote(self, node: ast.AST) -> str:
        return self.reading.source.quote(node)

    def unknown(self, node: ast.AST, why: str) -> Unknown:
        return Unknown(f"cannot follow `{self.quote(node)}`: {why}", getattr(node, "lineno", None))

    def needed(self, value: Unknown, node: ast.AST, where: str) -> Unknown:
        """The Unknown a model needs: its message now names the expression and where it was
        needed ("cannot follow `x_train.shape[1:]` in Dense(...): ... (line 3)")."""
        if value.final:
            return value
        line = getattr(node, "lineno", None)
        quoted = f"cannot follow `{self.quote(node)}`"
        reason = value.message.removeprefix(f"{quoted}: ")
        at = f" (line {value.line})" if value.line not in (None, line) else ""
        return Unknown(f"{quoted} in {where}: {reason}{at}", line, final=True)

    # -- expressions ----------------------------------------------------------------------

    def eval(self, node: ast.AST) -> Any:
        method = getattr(self, f"eval_{type(node).__name__}", None)
        if method is None:
            return self.unknown(node, f"the tutor does not read {_kind(node)} here")
        try:
            return method(node)
        except Cannot as error:
            return self.unknown(node, str(error))

    def eval_Constant(self, node: ast.Constant) -> Any:
        if is_plain(node.value):
            return arith.checked(node.value)
        raise Cannot("only numbers, strings, True, False and None are read")

    def eval_Name(self, node: ast.Name) -> Any:
        value = self.scope.lookup(node.id)
        if value is not MISSING:
            return value
        for module in reversed(self.scope.module.star_modules):
            if names.in_keras(module):
                return Ref(names.join(module, node.id))
        if node.id in PYTHON_BUILTINS:  # computed if `pure` knows it, otherwise not run
            return Ref(f"builtins.{node.id}")
        return Unknown(f"`{node.id}` is not defined", node.lineno)

    def eval_Attribute(self, node: ast.Attribute) -> Any:
        value = self.eval(node.value)
        if isinstance(value, Unknown):
            return value
        if isinstance(value, Ref):
            return Ref(names.join(value.path, node.attr))
        if isinstance(value, Array):
            return (Method(value, node.attr) if node.attr in arrays.METHODS
                    else arrays.attribute(value, node.attr))
        if isinstance(value, Sequential) and node.attr in ("add", "pop", "build", "get_layer"):
            return Method(value, node.attr)
        if isinstance(value, Functional):
            if node.attr == "get_layer":
                return Method(value, node.attr)
            if node.attr in ("input", "inputs", "output", "outputs"):
                return functional.attribute(self, value, node.attr, node)
        if isinstance(value, LayerSpec) and node.attr in ("input", "output"):
            return functional.layer_output(self, value, node.attr, node)
        if isinstance(value, list) and node.attr in ("append", "extend", "insert", "pop"):
            return Method(value, node.attr)
        if isinstance(value, dict) and node.attr == "get":
            return Method(value, node.attr)
        return Unknown(f"the tutor does not run `{self.quote(node)}`", node.lineno)

    def eval_Subscript(self, node: ast.Subscript) -> Any:
        value = self.eval(node.value)
        index = self.eval(node.slice)
        for part in (value, index):
            if isinstance(part, Unknown):
                return part
        if isinstance(value, Array):
            return arrays.index(value, index)
        if isinstance(value, dict):
            if _hashable(index) and index in value:
                return value[index]
            raise Cannot("the key is not in the dictionary")
        if not isinstance(value, tuple | list | str | range):
            return Unknown(f"the tutor does not run `{self.quote(node)}`", node.lineno)
        if not isinstance(index, int | slice):
            raise Cannot("the index is not an integer")
        try:
            return value[index]  # a slice of a range is a range, whatever its length
        except (IndexError, ValueError, TypeError, OverflowError) as error:
            raise Cannot(str(error)) from None

    def eval_Slice(self, node: ast.Slice) -> Any:
        parts = [None if part is None else self.eval(part)
                 for part in (node.lower, node.upper, node.step)]
        for part in parts:
            if isinstance(part, Unknown):
                return part
            if part is not None and not isinstance(part, int):
                raise Cannot("slice bounds must be integers")
        return slice(*parts)

    def eval_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.eval(node.left), self.eval(node.right)
        for part in (left, right):
            if isinstance(part, Unknown):
                return part
        return self.combine(node, left, right)

    def combine(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """`left op right` of known values (a tensor makes an operation of the graph)."""
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return functional.operator(self, node, node.op, left, right)
        try:
            return operate(node.op, left, right)
        except Cannot as error:
            return self.unknown(node, str(error))

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        return value if isinstance(value, Unknown) else arith.unary(node.op, value)

    def eval_BoolOp(self, node: ast.BoolOp) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.eval(operand)
            if isinstance(value, Unknown):
                return value
            if arith.truth(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def eval_Compare(self, node: ast.Compare) -> Any:
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.eval(comparator)
            for part in (left, right):
                if isinstance(part, Unknown):
                    return part
            if not arith.compare(op, left, right):
                return False
            left = right
        return True

    def eval_IfExp(self, node: ast.IfExp) -> Any:
        test = self.eval(node.test)
        if isinstance(test, Unknown):
            return test
        return self.eval(node.body if arith.truth(test) else node.orelse)

    def eval_Tuple(self, node: ast.Tuple) -> Any:
        values = self.elements(node.elts)
        return values if isinstance(values, Unknown) else tuple(values)

    def eval_List(self, node: ast.List) -> Any:
        return self.elements(node.elts)

    def elements(self, nodes: list[ast.expr]) -> list[Any] | Unknown:
        values: list[Any] = []
        for element in nodes:
            if isinstance(element, ast.Starred):
                inner = self.eval(element.value)
                if isinstance(inner, Unknown):
                    return inner
                values.extend(pure.items(inner))
            else:
                values.append(self.eval(element))
        if size_exceeds(values):
            raise Cannot("the sequence is too long")
        return values

    def eval_Dict(self, node: ast.Dict) -> Any:
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.eval(value_node)
            if key_node is None:  # {**other}
                if not isinstance(value, dict):
                    return value if isinstance(value, Unknown) else self.unknown(
                        value_node, "it is not a dictionary")
                result.update(value)
                continue
            key = self.eval(key_node)
            if isinstance(key, Unknown):
                return key
            if not _hashable(key):
                raise Cannot("dictionary keys must be constants")
            result[key] = value
        if size_exceeds(result):
            raise Cannot("the dictionary is too large")
        return result

    def eval_JoinedStr(self, node: ast.JoinedStr) -> Any:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
                continue
            if not isinstance(part, ast.FormattedValue) or part.format_spec is not None:
                raise Cannot("only plain {value} fields are read in f-strings")
            value = self.eval(part.value)
            if isinstance(value, Unknown):
                return value
            if not is_plain(value):
                raise Cannot("only numbers and strings are formatted")
            parts.append(repr(value) if part.conversion == ord("r") else str(value))
        return arith.checked("".join(parts))

    def eval_NamedExpr(self, node: ast.NamedExpr) -> Any:
        value = self.eval(node.value)
        self.scope.assign(node.target.id, value)
        return value

    def eval_ListComp(self, node: ast.ListComp | ast.GeneratorExp) -> Any:
        inner = type(self)(self.reading, Scope(self.scope))
        results: list[Any] = []
        inner.comprehend(node.generators, node.elt, results)
        return results

    eval_GeneratorExp = eval_ListComp

    def comprehend(self, generators: list[ast.comprehension], elt: ast.expr,
                   results: list[Any]) -> None:
        first, rest = generators[0], generators[1:]
        iterable = self.eval(first.iter)
        if isinstance(iterable, Unknown):
            raise Cannot(iterable.message)
        for item in pure.items(iterable):
            self.reading.step(first.iter)
            self.bind(first.target, item)
            conditions = [self.eval(condition) for condition in first.ifs]
            if any(isinstance(c, Unknown) for c in conditions):
                raise Cannot("its condition cannot be decided")
            if not all(arith.truth(c) for c in conditions):
                continue
            if rest:
                self.comprehend(rest, elt, results)
            else:
                results.append(self.eval(elt))
                if len(results) > MAX_ITEMS:
                    raise Cannot("the list is too long")

    def bind(self, target: ast.AST, value: Any) -> None:
        """Assign to a name or unpack into a tuple of names; other targets are the statement
        reader's business (see `Interpreter.assign`)."""
        if isinstance(target, ast.Name):
            self.scope.assign(target.id, value)
        elif isinstance(target, ast.Tuple | ast.List):
            self.unpack(target.elts, value, target)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value)

    def unpack(self, targets: list[ast.expr], value: Any, node: ast.AST) -> None:
        if isinstance(value, Tensor) and value.index == -1 and not any(
                isinstance(t, ast.Starred) for t in targets):
            # `out, h, c = LSTM(8, return_state=True)(x)`: the call's outputs, one a name
            value = [Tensor(value.node, i) for i in range(len(targets))]
        try:
            values = None if isinstance(value, Unknown) else pure.items(value)
        except Cannot:
            values = None
        star = next((i for i, t in enumerate(targets) if isinstance(t, ast.Starred)), None)
        fits = values is not None and (len(values) == len(targets) if star is None
                                       else len(values) >= len(targets) - 1)
        if not fits or values is None:
            missing = value if isinstance(value, Unknown) else self.unknown(
                node, "the values cannot be unpacked into these names")
            for target in targets:
                self.bind(target, missing)
            return
        if star is None:
            for target, item in zip(targets, values, strict=True):
                self.bind(target, item)
            return
        after = len(targets) - star - 1
        for target, item in zip(targets[:star], values, strict=False):
            self.bind(target, item)
        self.bind(targets[star], values[star:len(values) - after])
        for target, item in zip(targets[star + 1:], values[len(values) - after:], strict=True):
            self.bind(target, item)

    # -- calls ----------------------------------------------------------------------------

    def eval_Call(self, node: ast.Call) -> Any:
        func = self.eval(node.func)
        if isinstance(func, Unknown):
            return func
        return self.call(func, node, self.call_args(node))

    def call_args(self, node: ast.Call) -> CallArgs:
        args = CallArgs()
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                value = self.eval(arg.value)
                try:
                    expanded = None if isinstance(value, Unknown) else pure.items(value)
                except Cannot:
                    expanded = None
                if expanded is None:
                    args.set_problem(self.unknown(arg, "the tutor cannot see which values it "
                                                       "holds"), arg)
                    continue
                args.positional.extend((arg, item) for item in expanded)
            else:
                args.positional.append((arg, self.eval(arg)))
        for keyword in node.keywords:
            value = self.eval(keyword.value)
            if keyword.arg is not None:
                args.keywords[keyword.arg] = (keyword.value, value)
            elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
                args.keywords.update((k, (keyword.value, v)) for k, v in value.items())
            else:
                args.set_problem(self.unknown(
                    keyword, "the tutor cannot see which arguments it holds"), keyword)
        return args

    def call(self, func: Any, node: ast.Call, args: CallArgs) -> Any:
        if isinstance(func, Ref):
            return calls.call_ref(self, func, node, args)
        if isinstance(func, Method):
            return calls.call_method(self, func, node, args)
        if isinstance(func, LayerSpec) or sequential.is_model(func):
            return functional.apply(self, func, node, args)
        if isinstance(func, Function):
            return self.call_function(func, node, args)
        return self.unknown(node, "it is not something the tutor can call")

    def call_pure(self, name: str, node: ast.Call, args: CallArgs) -> Any:
        if args.problem:
            return args.problem
        values = [value for _, value in args.positional]
        keywords = {key: value for key, (_, value) in args.keywords.items()}
        for value in [*values, *keywords.values()]:
            if isinstance(value, Unknown) and name != "print":
                return value
        try:
            return pure.call(name, values, keywords)
        except Cannot as error:
            return self.unknown(node, str(error))

    def call_function(self, func: Function, node: ast.Call, args: CallArgs) -> Any:
        raise NotImplementedError  # statements are read by the Interpreter subclass


def operate(op: ast.operator, left: Any, right: Any) -> Any:
    """`left op right` for known values; raises `Cannot`."""
    if isinstance(left, Tensor) or isinstance(right, Tensor):
        raise Cannot(TENSOR_OPS)
    if isinstance(left, Array) or isinstance(right, Array):
        return arrays.binary(left, right)
    return arith.binary(op, left, right)


def _hashable(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_hashable(v) for v in value)
    return is_plain(value)


def _kind(node: ast.AST) -> str:
    kinds = {"Lambda": "lambdas", "Set": "sets", "SetComp": "set comprehensions",
             "DictComp": "dictionary comprehensions", "Await": "await", "Yield": "yield",
             "YieldFrom": "yield", "Starred": "starred expressions"}
    return kinds.get(type(node).__name__, type(node).__name__)
