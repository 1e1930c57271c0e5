"""The mechanical check of a derivation: every `Step` is arithmetic that holds.

For each step: the formula and the numbers put in it are expressions (no `=`, no prose, no
placeholders), they have the same shape with each symbol replaced by exactly one number (the
formula's own constants kept), the numbers come to the step's value, and a symbol stands for
one number throughout a layer's derivation. For each layer: the last step of each quantity
agrees with the layer's shape and counts, a layer with no weights says so in one step, and no
step is an empty `0 = 0`.

The evaluator is our own and tiny: numbers, symbols, × / + − mod, floor ceil max min, brackets,
tuples (shapes, None for an unknown axis) and `A → B` (a shape becoming another). It never
evaluates Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tutor.calc.derivation import Step, fmt
from tutor.calc.result import LayerResult

FUNCTIONS = frozenset({"floor", "ceil", "max", "min"})
SYMBOL = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z][A-Za-z0-9_]*)|(→|\.\.\.|…|[×*/+−\-(),\[\]=]))")


class NotExpression(Exception):
    """The text is not an expression in the derivation's notation."""


# --- Reading -------------------------------------------------------------------------------

Node = tuple[Any, ...]


def tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None:
            raise NotExpression(f"unexpected {text[pos:].strip()[:12]!r}")
        out.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
    return out


class Parser:
    """item := sum | tuple;  arrow := item ['→' item];  sum := term (('+'|'−') term)*;
    term := unary (('×'|'/'|'mod') unary)*;  unary := '−' unary | atom;
    atom := NUM | SYMBOL | None | FUNC '(' sum (',' sum)* ')' | '(' ... ')' | '[' ... ']'."""

    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise NotExpression(f"expected {expected or 'more'}, got {token!r}")
        self.index += 1
        return token

    def whole(self) -> Node:
        if "=" in self.tokens:
            raise NotExpression("'=' inside")
        node = self.sum()
        if self.peek() == "→":
            self.take()
            node = ("arrow", node, self.sum())
        if self.peek() is not None:
            raise NotExpression(f"unexpected {self.peek()!r} after an expression (prose?)")
        return node

    def sum(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "−", "-"):
            op = "−" if self.take() in ("−", "-") else "+"
            node = ("op", op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in ("×", "*", "/", "mod"):
            op = self.take()
            node = ("op", "×" if op == "*" else op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() in ("−", "-"):
            self.take()
            return ("neg", self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token.isdigit():
            return ("num", int(token))
        if token in ("...", "…"):
            raise NotExpression("a placeholder (…) instead of numbers")
        if token == "None":
            return ("none",)
        if token in FUNCTIONS and self.peek() == "(":
            self.take("(")
            args = [self.sum()]
            while self.peek() == ",":
                self.take()
                args.append(self.sum())
            self.take(")")
            return ("call", token, tuple(args))
        if token in ("(", "["):
            return self.bracket(token)
        if SYMBOL.match(token) and token != "mod":
            return ("sym", token)
        raise NotExpression(f"unexpected {token!r}")

    def bracket(self, opening: str) -> Node:
        closing = ")" if opening == "(" else "]"
        items = [self.sum()]
        comma = False
        while self.peek() == ",":
            comma = True
            self.take()
            if self.peek() == closing:
                break
            items.append(self.sum())
        self.take(closing)
        if opening == "(" and not comma:
            return items[0]  # brackets that group
        return ("tuple", tuple(items))


def parse(text: str) -> Node:
    return Parser(text).whole()


# --- Matching the formula with its numbers and evaluating ----------------------------------


def match(formula: Node, numbers: Node, bound: dict[str, set[Any]]) -> None:
    """The numbers have the formula's shape: each symbol replaced by one number (or None)."""
    kind = formula[0]
    if kind == "sym":
        if numbers[0] == "num":
            bound.setdefault(formula[1], set()).add(numbers[1])
            return
        if numbers[0] == "none":
            bound.setdefault(formula[1], set()).add(None)
            return
        if numbers[0] == "neg" and numbers[1][0] == "num":  # a negative number: (−1)
            bound.setdefault(formula[1], set()).add(-numbers[1][1])
            return
        raise NotExpression(f"{formula[1]} is replaced by {show(numbers)}, not by one number")
    if kind != numbers[0]:
        raise NotExpression(f"{show(formula)} has {show(numbers)} in its place")
    if kind in ("num", "none"):
        if formula != numbers:
            raise NotExpression(f"the formula's {show(formula)} became {show(numbers)}")
    elif kind == "op":
        if formula[1] != numbers[1]:
            raise NotExpression(f"{formula[1]} became {numbers[1]}")
        match(formula[2], numbers[2], bound)
        match(formula[3], numbers[3], bound)
    elif kind == "neg":
        match(formula[1], numbers[1], bound)
    elif kind == "call":
        if formula[1] != numbers[1] or len(formula[2]) != len(numbers[2]):
            raise NotExpression(f"{show(formula)} became {show(numbers)}")
        for f, n in zip(formula[2], numbers[2], strict=True):
            match(f, n, bound)
    elif kind in ("tuple", "arrow"):
        left = formula[1] if kind == "tuple" else formula[1:]
        right = numbers[1] if kind == "tuple" else numbers[1:]
        if len(left) != len(right):
            raise NotExpression(f"{show(formula)} has {len(left)} items, the numbers "
                                f"{len(right)}")
        for f, n in zip(left, right, strict=True):
            match(f, n, bound)


def evaluate(node: Node) -> Any:
    """Exact arithmetic; None (an unknown size) makes an unknown result."""
    kind = node[0]
    if kind == "num":
        return Fraction(node[1])
    if kind == "none":
        return None
    if kind == "sym":
        raise NotExpression(f"a symbol {node[1]} among the numbers")
    if kind == "neg":
        value = evaluate(node[1])
        return None if value is None else -value
    if kind == "tuple":
        return tuple(evaluate(item) for item in node[1])
    if kind == "arrow":
        return evaluate(node[2])
    if kind == "call":
        args = [evaluate(a) for a in node[2]]
        if any(a is None for a in args):
            return None
        if node[1] in ("floor", "ceil"):
            return Fraction(math.floor(args[0]) if node[1] == "floor" else math.ceil(args[0]))
        return max(args) if node[1] == "max" else min(args)
    left, right = evaluate(node[2]), evaluate(node[3])
    if left is None or right is None or isinstance(left, tuple) or isinstance(right, tuple):
        if isinstance(left, tuple) or isinstance(right, tuple):
            raise NotExpression("arithmetic on a shape")
        return None
    op = node[1]
    if op == "+":
        return left + right
    if op == "−":
        return left - right
    if op == "×":
        return left * right
    if right == 0:
        raise NotExpression("division by zero")
    return left / right if op == "/" else left % right


def same_value(got: Any, value: Any) -> bool:
    if isinstance(value, tuple):
        return (isinstance(got, tuple) and len(got) == len(value)
                and all(same_value(g, v) for g, v in zip(got, value, strict=True)))
    if value is None or got is None:
        return value is None and got is None
    return got == value


def show(node: Node) -> str:
    kind = node[0]
    if kind in ("num", "sym"):
        return str(node[1])
    if kind == "none":
        return "None"
    if kind == "neg":
        return f"−{show(node[1])}"
    if kind == "op":
        return f"({show(node[2])} {node[1]} {show(node[3])})"
    if kind == "call":
        return f"{node[1]}({', '.join(show(a) for a in node[2])})"
    if kind == "tuple":
        return f"({', '.join(show(i) for i in node[1])})"
    return f"{show(node[1])} → {show(node[2])}"


def symbols_of(node: Node) -> Iterator[str]:
    if node[0] == "sym":
        yield node[1]
    for part in node[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            yield from symbols_of(part)
        elif isinstance(part, tuple):
            for item in part:
                if isinstance(item, tuple) and item and isinstance(item[0], str):
                    yield from symbols_of(item)


# --- Steps and layers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    where: str
    step: Step | None
    problem: str

    def __str__(self) -> str:
        if self.step is None:
            return f"{self.where}: {self.problem}"
        s = self.step
        return (f"{self.where} [{s.quantity}/{s.key}] {s.formula} = {s.substituted} = "
                f"{fmt(s.value)}: {self.problem}")


def check_step(step: Step, bound: dict[str, set[Any]] | None = None) -> str | None:
    """Why the step does not hold, or None. `bound` collects each symbol's numbers."""
    if "=" in step.formula or "=" in step.substituted:
        return "'=' inside the formula or its numbers"
    try:
        formula, numbers = parse(step.formula), parse(step.substituted)
        found: dict[str, set[Any]] = {}
        match(formula, numbers, found)
        for name, values in found.items():
            if len(values) > 1:
                return f"{name} stands for {sorted(values, key=str)} in one step"
            if bound is not None:
                bound.setdefault(name, set()).update(values)
        got = evaluate(numbers)
    except NotExpression as problem:
        return str(problem)
    if not same_value(got, step.value):
        return f"the numbers come to {fmt(plain(got))}, not {fmt(step.value)}"
    return None


def plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def is_constant(step: Step) -> bool:
    try:
        return not list(symbols_of(parse(step.formula)))
    except NotExpression:
        return False


def check_layer(layer: LayerResult, where: str) -> Iterator[Failure]:
    """Every step of the layer, then the layer's steps as a whole against its numbers."""
    bound: dict[str, set[Any]] = {}
    for step in layer.steps:
        problem = check_step(step, bound)
        if problem:
            yield Failure(where, step, problem)
    for name, values in bound.items():
        if len(values) > 1:
            yield Failure(where, None, f"{name} stands for {sorted(values, key=str)} in one "
                                       "derivation")
    yield from check_agreement(layer, where)


def check_agreement(layer: LayerResult, where: str) -> Iterator[Failure]:
    steps = layer.steps
    params = [s for s in steps if s.quantity == "params"]
    if not params:
        yield Failure(where, None, "no step gives the parameter count")
    elif not any(s.key == "params" and s.value == layer.params for s in params):
        yield Failure(where, params[-1], f"no `params` step gives the summary's "
                                         f"{layer.params}")
    for key, count in (("trainable", layer.trainable), ("non_trainable", layer.non_trainable)):
        shown = [s for s in params if s.key == key]
        if shown and shown[-1].value != count:
            yield Failure(where, shown[-1], f"the summary has {count} {key}")
        if not shown and layer.trainable and layer.non_trainable:
            yield Failure(where, None, f"trainable and non-trainable both non-zero, but no "
                                       f"`{key}` step ({count})")
        if not shown and layer.params and count == layer.params and key == "non_trainable":
            yield Failure(where, None, f"all {count} parameters are non-trainable, but no "
                                       "`non_trainable` step says so")
    for step in steps:
        if step.quantity == "params" or not isinstance(step.value, int | type(None)):
            continue
        axis = step.quantity
        if axis in layer.axes and layer.output_shape is not None and step is last_of(
                steps, axis):
            index = layer.axes[axis]
            if index < len(layer.output_shape) and step.value != layer.output_shape[index]:
                yield Failure(where, step, f"the output's {axis} is "
                                           f"{layer.output_shape[index]}")
    shapes = [s for s in steps if s.quantity == "output_shape"]
    if shapes and layer.output_shape is not None and layer.outputs == ():
        final = shapes[-1]
        if isinstance(final.value, tuple) and final.value != layer.output_shape and not (
                final.value and isinstance(final.value[0], tuple)):
            yield Failure(where, final, f"the layer outputs {fmt(layer.output_shape)}")
    yield from check_empty(layer, where)


def last_of(steps: Iterable[Step], quantity: str) -> Step | None:
    found = None
    for step in steps:
        if step.quantity == quantity:
            found = step
    return found


def check_empty(layer: LayerResult, where: str) -> Iterator[Failure]:
    """No `0 = 0`: a layer without weights says so in its one parameter step."""
    frozen = layer.non_trainable and not layer.trainable
    zeros = [s for s in layer.steps if s.value == 0 and is_constant(s)
             and not (s.key == "trainable" and frozen)]
    for step in zeros:
        if step.key != "params" or len(zeros) > 1:
            yield Failure(where, step, "an empty step (a constant 0)")


def check_steps(steps: Iterable[Step], where: str) -> Iterator[Failure]:
    """Steps outside a layer (a question's answer): each on its own."""
    for step in steps:
        problem = check_step(step)
        if problem:
            yield Failure(where, step, problem)
