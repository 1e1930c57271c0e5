"""Statements: assignments, imports, functions, and control flow the reader can decide.

Loops over constants are unrolled; a loop, `if` or `while` the reader cannot decide is skipped,
and whatever it might have changed (names it assigns, models it adds layers to) is marked as
unknown, so using it later is an error that names the loop.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Iterable
from typing import Any

from tutor.errors import ModelError
from tutor.models.snippet import arith, functional, names, pure
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.effects import Effects, effects
from tutor.models.snippet.evaluate import Evaluator
from tutor.models.snippet.sequential import is_model
from tutor.models.snippet.state import MAX_CALL_DEPTH, MAX_CALLS, MAX_TURNS, MISSING, Scope
from tutor.models.snippet.values import (
    CallArgs,
    Function,
    Functional,
    Ref,
    Sequential,
    Unknown,
    size_exceeds,
)
from tutor.models.spec import LayerSpec

MAX_UNROLL = 1000  # turns of one loop; more is training, not building


class Return(Exception):
    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Interpreter(Evaluator):
    def run(self, body: Iterable[ast.stmt]) -> None:
        for statement in body:
            self.reading.step(statement)
            method = getattr(self, f"exec_{type(statement).__name__}", None)
            if method is not None:  # pass, assert, raise, ...: nothing a model depends on
                method(statement)

    # -- assignments ----------------------------------------------------------------------

    def exec_Expr(self, stmt: ast.Expr) -> None:
        if not isinstance(stmt.value, ast.Constant):  # docstrings
            self.eval(stmt.value)

    def exec_Assign(self, stmt: ast.Assign) -> None:
        value = self.eval(stmt.value)
        for target in stmt.targets:
            self.assign(target, value)

    def exec_AnnAssign(self, stmt: ast.AnnAssign) -> None:
        if stmt.value is not None:
            self.assign(stmt.target, self.eval(stmt.value))

    def exec_AugAssign(self, stmt: ast.AugAssign) -> None:
        if not isinstance(stmt.target, ast.Name):
            self.forget(stmt.target, self.unknown(stmt, "the tutor does not follow it"))
            return
        current = self.eval(ast.Name(stmt.target.id, ast.Load(), lineno=stmt.lineno,
                                     col_offset=stmt.col_offset))
        value = self.eval(stmt.value)
        result = next((v for v in (current, value) if isinstance(v, Unknown)), None)
        if result is None:
            # `x += y` computes as `x + y` (on tensors too: in place, the same shape)
            as_binary = ast.BinOp(stmt.target, stmt.op, stmt.value)
            ast.copy_location(as_binary, stmt)
            result = self.combine(as_binary, current, value)
        self.scope.assign(stmt.target.id, result)

    def assign(self, target: ast.AST, value: Any) -> None:
        if isinstance(target, ast.Attribute):
            self.set_attribute(target, value)
        elif isinstance(target, ast.Subscript):
            self.set_item(target, value)
        else:
            self.bind(target, value)

    def set_attribute(self, target: ast.Attribute, value: Any) -> None:
        """Only `.trainable = False` matters to a model (its weights become non-trainable)."""
        if target.attr != "trainable" or not isinstance(value, bool):
            return
        obj = self.eval(target.value)
        if isinstance(obj, LayerSpec) and isinstance(obj.args, dict):
            obj.args["trainable"] = value  # the reader's own dict: later uses see the change
        elif isinstance(obj, Functional):
            # Keras sets it on every layer of the model at once: a model built later on
            # `base.output` sees them frozen
            for call in functional.reachable(obj.outputs):
                if call.inputs and isinstance(call.layer.args, dict):
                    call.layer.args["trainable"] = value
        elif is_model(obj):
            obj.trainable = value
        else:
            # freezing what the tutor cannot follow (`model.layers[0]`, a loop over layers)
            # would otherwise leave the counts silently wrong: refuse, at the line
            raise ModelError(f"`{self.quote(target)} = {value}`: the tutor cannot tell which "
                             "layers this freezes, so its trainable counts would be wrong; "
                             "give the layer `trainable=False` where it is made, or set "
                             "`.trainable` on a layer or model variable",
                             line=target.lineno)

    def set_item(self, target: ast.Subscript, value: Any) -> None:
        container, key = self.eval(target.value), self.eval(target.slice)
        if isinstance(container, Unknown):
            return
        settable = ((isinstance(container, dict) and isinstance(key, int | float | str))
                    or (isinstance(container, list) and isinstance(key, int)))
        if not settable:
            self.forget(target, self.unknown(target, "the tutor does not follow it"))
            return
        with contextlib.suppress(IndexError):
            container[key] = value
        if size_exceeds(container):
            self.forget(target, self.unknown(target, "it grows too large"))

    def forget(self, target: ast.AST, reason: Unknown) -> None:
        """A container changed in a way the reader does not follow is unknown from now on."""
        while isinstance(target, ast.Attribute | ast.Subscript | ast.Starred):
            target = target.value
        if isinstance(target, ast.Name) and not isinstance(
                self.scope.lookup(target.id), Ref | Unknown):
            self.scope.assign(target.id, reason)

    def exec_Delete(self, stmt: ast.Delete) -> None:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.scope.delete(target.id)

    # -- imports and definitions ----------------------------------------------------------

    def exec_Import(self, stmt: ast.Import) -> None:
        for alias in stmt.names:
            if alias.asname:
                self.scope.assign(alias.asname, Ref(names.canonical(alias.name)))
            else:  # `import tensorflow.keras` binds `tensorflow`
                top = alias.name.split(".")[0]
                self.scope.assign(top, Ref(names.canonical(top)))

    def exec_ImportFrom(self, stmt: ast.ImportFrom) -> None:
        module = names.canonical(stmt.module or "")
        for alias in stmt.names:
            if stmt.level:
                self.scope.assign(alias.asname or alias.name, self.unknown(
                    stmt, "the tutor does not read the snippet's own modules"))
            elif alias.name == "*":
                self.scope.module.star_modules.append(module)
            else:
                self.scope.assign(alias.asname or alias.name, Ref(names.join(module, alias.name)))

    def exec_FunctionDef(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        # Defaults are evaluated once, where the function is defined, as in Python.
        defaults = tuple(self.eval(d) for d in stmt.args.defaults)
        kw_defaults = {arg.arg: self.eval(d) for arg, d in
                       zip(stmt.args.kwonlyargs, stmt.args.kw_defaults, strict=True)
                       if d is not None}
        self.scope.assign(stmt.name, Function(stmt, self.scope, defaults, kw_defaults))

    exec_AsyncFunctionDef = exec_FunctionDef

    def exec_ClassDef(self, stmt: ast.ClassDef) -> None:
        self.scope.assign(stmt.name, Unknown(
            f"`{stmt.name}` is a class defined in the snippet: the tutor reads Sequential models "
            "and straight functional chains, not subclassed models or custom layers",
            stmt.lineno))

    def exec_Global(self, stmt: ast.Global) -> None:
        self.scope.global_names.update(stmt.names)

    # -- control flow ---------------------------------------------------------------------

    def exec_Return(self, stmt: ast.Return) -> None:
        raise Return(None if stmt.value is None else self.eval(stmt.value))

    def exec_Break(self, stmt: ast.Break) -> None:
        raise Break

    def exec_Continue(self, stmt: ast.Continue) -> None:
        raise Continue

    def exec_If(self, stmt: ast.If) -> None:
        test = self.eval(stmt.test)
        if isinstance(test, Unknown):
            self.skip(stmt, f"if {self.quote(stmt.test)}",
                      "the tutor cannot decide the condition without running the code")
        else:
            self.run(stmt.body if arith.truth(test) else stmt.orelse)

    def exec_While(self, stmt: ast.While) -> None:
        test = self.eval(stmt.test)
        if not isinstance(test, Unknown) and not arith.truth(test):
            self.run(stmt.orelse)
        else:
            self.skip(stmt, f"while {self.quote(stmt.test)}",
                      "the tutor does not follow while loops")

    def exec_For(self, stmt: ast.For | ast.AsyncFor) -> None:
        loop = f"for {self.quote(stmt.target)} in {self.quote(stmt.iter)}"
        iterable = self.eval(stmt.iter)
        items: list[Any] | None = None
        why = f"`{self.quote(stmt.iter)}` is not a constant list or range"
        if not isinstance(iterable, Unknown):
            try:
                items = pure.items(iterable)
            except Cannot:
                items = None
            if items is not None and len(items) > MAX_UNROLL:
                items, why = None, f"it runs more than {MAX_UNROLL} times"
        if items is None:
            if freezes(stmt):  # skipped, it would leave the trainable counts silently wrong
                raise ModelError(f"`{loop}` sets `.trainable` on layers the tutor cannot "
                                 f"follow ({why}); give each layer `trainable=False` where "
                                 "it is made instead", line=stmt.lineno)
            self.skip(stmt, loop, why)
            return
        if not self.changes_state(stmt):
            self.skip(stmt, loop, "the loop changes nothing a model uses, so it is not unrolled")
            return
        if not self.reading.unroll(len(items)):
            self.skip(stmt, loop, f"the snippet's loops run more than {MAX_TURNS} times")
            return
        for item in items:
            self.reading.step(stmt)
            self.assign(stmt.target, item)
            try:
                self.run(stmt.body)
            except Break:
                break
            except Continue:
                continue
        else:
            self.run(stmt.orelse)

    exec_AsyncFor = exec_For

    def exec_With(self, stmt: ast.With | ast.AsyncWith) -> None:
        for item in stmt.items:  # `with strategy.scope():` and the like change nothing here
            value = self.eval(item.context_expr)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value if isinstance(value, Unknown) else
                            self.unknown(item.context_expr, "the tutor does not run it"))
        self.run(stmt.body)

    exec_AsyncWith = exec_With

    def exec_Try(self, stmt: ast.Try) -> None:
        self.run(stmt.body)  # as if nothing raised: the handlers are for running the code
        self.run(stmt.orelse)
        self.run(stmt.finalbody)

    exec_TryStar = exec_Try

    def exec_Match(self, stmt: ast.Match) -> None:
        self.skip(stmt, f"match {self.quote(stmt.subject)}",
                  "the tutor does not follow match statements")

    def effects(self, node: ast.AST) -> Effects:
        return effects(node, self.reading.effects)

    def changes_state(self, stmt: ast.AST) -> bool:
        """Whether a loop could change anything a model depends on: names that hold known
        values, lists and models it adds to, layers it creates, functions of the snippet that
        do any of that. Training loops do none, and are skipped rather than unrolled."""
        fx = self.effects(stmt)
        own = fx.names - fx.loop_targets
        return (any(self.is_known(name) for name in (*own, *fx.mutated, *fx.stored))
                or self.builds(fx) or any(self.function_changes(c, set()) for c in fx.called))

    def builds(self, fx: Effects) -> bool:
        """Whether a block calls a Keras layer, `Sequential`, `Input` or `Model`."""
        for callee in fx.callees:
            path = self.static_path(callee)
            if path and (names.is_layer_class(path) or names.is_sequential(path)
                         or names.is_model(path) or names.is_input(path)):
                return True
        return False

    def static_path(self, node: ast.AST) -> str | None:
        """The imported path a `name.attr.attr` expression names, found without evaluating."""
        attributes = []
        while isinstance(node, ast.Attribute):
            attributes.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        value = self.scope.lookup(node.id)
        if not isinstance(value, Ref):
            return None
        path = value.path
        for attribute in reversed(attributes):
            path = names.join(path, attribute)
        return path

    def function_changes(self, call: ast.Call, seen: set[int]) -> bool:
        assert isinstance(call.func, ast.Name)
        function = self.scope.lookup(call.func.id)
        if not isinstance(function, Function) or id(function) in seen:
            return False
        seen.add(id(function))
        fx = self.effects(function.node)
        return bool(fx.mutated or fx.stored or fx.declares_global) or self.builds(fx) or any(
            self.function_changes(inner, seen) for inner in fx.called)

    def is_known(self, name: str) -> bool:
        """Whether a name holds something the reader knows (not an Unknown, not unset)."""
        value = self.scope.lookup(name)
        return value is not MISSING and not isinstance(value, Unknown)

    def skip(self, stmt: ast.AST, what: str, why: str) -> None:
        """Mark what a block the reader cannot follow might change."""
        line = getattr(stmt, "lineno", None)
        changed = Unknown(f"it is changed by `{what}`, which the tutor cannot follow: {why}",
                          line)
        spoiled = Unknown(f"cannot follow `{what}`: it changes the model, and {why}", line,
                          final=True)
        fx = self.effects(stmt)
        for name in fx.names:
            if not isinstance(self.scope.lookup(name), Unknown):  # keep the first reason
                self.scope.assign(name, changed)
        for name in (*fx.mutated, *fx.stored):
            self.spoil(name, changed, spoiled)
        for call in fx.called:
            function = self.scope.lookup(call.func.id)  # type: ignore[attr-defined]
            if isinstance(function, Function):
                # It may change the models it is given, or global ones it adds layers to.
                for arg in call.args:
                    if isinstance(arg, ast.Name):
                        self.spoil(arg.id, changed, spoiled, containers=False)
                for name in self.effects(function.node).mutated:
                    self.spoil(name, changed, spoiled, containers=False)

    def spoil(self, name: str, changed: Unknown, spoiled: Unknown, *,
              containers: bool = True) -> None:
        value = self.scope.lookup(name)
        if isinstance(value, Sequential):
            value.spoil(spoiled)
        elif containers and isinstance(value, list | dict):
            self.scope.assign(name, changed)

    # -- the snippet's own functions ------------------------------------------------------

    def call_function(self, func: Function, node: ast.Call, args: CallArgs, *,
                      bound: dict[str, Any] | None = None) -> Any:
        """Run one of the snippet's functions; `bound` names set in its scope before the
        parameters (a method's instance, for the PyTorch reader's `super()`)."""
        if args.problem:
            return args.problem
        # Refused, never cut short: a model half built by a builder would have wrong totals.
        if self.reading.depth >= MAX_CALL_DEPTH:
            raise ModelError(f"`{self.quote(node)}`: the snippet's functions call each other "
                             f"more than {MAX_CALL_DEPTH} deep, more than the tutor follows",
                             line=node.lineno)
        self.reading.calls += 1
        if self.reading.calls > MAX_CALLS:
            raise ModelError(f"`{self.quote(node)}`: the snippet calls its functions more than "
                             f"{MAX_CALLS:,} times, more than the tutor follows",
                             line=node.lineno)
        if self.effects(func.node).generator:
            return self.unknown(node, "it is a generator")
        scope = Scope(func.scope)
        scope.vars.update(bound or {})
        problem = bind_parameters(func, scope, node, args)
        if problem is not None:
            return problem
        self.reading.depth += 1
        try:
            type(self)(self.reading, scope).run(func.node.body)
        except Return as returned:
            return returned.value
        except (Break, Continue):  # outside a loop: Python would not have compiled it
            pass
        finally:
            self.reading.depth -= 1
        return None

    def call_defined_functions(self) -> None:
        """A snippet that only defines `def build_model(): ...` is read by calling it, when
        it needs no arguments: the last such function first."""
        functions = [f for f in self.scope.vars.values() if isinstance(f, Function)]
        for func in reversed(functions):
            arguments = func.node.args
            required = len(arguments.posonlyargs) + len(arguments.args) - len(func.defaults)
            if required or set(a.arg for a in arguments.kwonlyargs) - set(func.kw_defaults):
                continue
            call = ast.Call(ast.Name(func.node.name, ast.Load()), [], [],
                            lineno=func.node.lineno, col_offset=func.node.col_offset)
            self.call_function(func, call, CallArgs())
            if self.reading.built:
                return


def bind_parameters(func: Function, scope: Scope, node: ast.Call, args: CallArgs
                    ) -> Unknown | None:
    """Python's binding of arguments to parameters; a parameter given no value is unknown."""
    spec = func.node.args
    params = [*spec.posonlyargs, *spec.args]
    positional = [value for _, value in args.positional]
    keywords = {key: value for key, (_, value) in args.keywords.items()}
    first_default = len(params) - len(func.defaults)
    name = func.node.name
    if len(positional) > len(params) and spec.vararg is None:
        return Unknown(f"`{name}` is given too many arguments", node.lineno)
    for index, param in enumerate(params):
        if index < len(positional):
            value = positional[index]
        elif param.arg in keywords:
            value = keywords.pop(param.arg)
        elif index >= first_default:
            value = func.defaults[index - first_default]
        else:
            value = Unknown(f"`{name}` is called without `{param.arg}`", node.lineno)
        scope.assign(param.arg, value)
    if spec.vararg is not None:
        scope.assign(spec.vararg.arg, tuple(positional[len(params):]))
    for param in spec.kwonlyargs:
        value = keywords.pop(param.arg, func.kw_defaults.get(param.arg, MISSING))
        scope.assign(param.arg, Unknown(f"`{name}` is called without `{param.arg}`",
                                        node.lineno) if value is MISSING else value)
    if spec.kwarg is not None:
        scope.assign(spec.kwarg.arg, keywords)
    elif keywords:
        return Unknown(f"`{name}` has no parameter `{next(iter(keywords))}`", node.lineno)
    return None


def freezes(stmt: ast.AST) -> bool:
    """Whether a block sets `.trainable` on something (freezing or unfreezing layers)."""
    return any(isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Attribute) and target.attr == "trainable"
        for target in node.targets) for node in ast.walk(stmt))
