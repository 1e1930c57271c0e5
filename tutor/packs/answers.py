"""Answers an author writes (`expect`, `choices`): whole numbers, or shapes for output_shape.

    expect: 896                       # params, depth, width, total_params, ...
    expect: [null, 64, 64, 32]        # output_shape, as a list with null for the batch axis
    expect: "(None, 64, 64, 32)"      # or as Keras prints it
"""

from __future__ import annotations

import ast
import operator
import re
from typing import Any

from tutor.calc.derivation import fmt
from tutor.packs.fields import SHAPE_QUANTITIES

Answer = int | tuple[int | None, ...]
"""A right answer: a count or a size, or a shape with None for unknown sizes (the batch)."""

SHAPE_TEXT = re.compile(r"\(\s*([^()]*?)\s*,?\s*\)\Z")


def parse_answer(value: Any, quantity: str) -> Answer | str:
    """The answer, or a message saying why `value` cannot be an answer to `quantity`."""
    if quantity in SHAPE_QUANTITIES:
        return parse_shape(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number for {quantity}, got {value!r}"
    if value < 0:
        return f"must not be negative, got {value}"
    return value


def parse_shape(value: Any) -> Answer | str:
    usage = ("must be a shape such as [null, 64, 64, 32] or \"(None, 64, 64, 32)\", "
             f"got {value!r}")
    if isinstance(value, str):
        match = SHAPE_TEXT.match(value.strip())
        if not match:
            return usage
        value = [part.strip() for part in match.group(1).split(",")] if match.group(1) else []
        value = [None if v in ("None", "null", "?") else int(v) if v.isdigit() else v
                 for v in value]
    if not isinstance(value, list) or not value:
        return usage
    for size in value:
        if size is not None and (isinstance(size, bool) or not isinstance(size, int)
                                 or size < 0):
            return usage
    return tuple(value)


def show(answer: Answer) -> str:
    """An answer as Keras prints it: 896, or (None, 64, 64, 32)."""
    return fmt(answer)


# -- the value of an author's mistake ---------------------------------------------------------

ARITHMETIC = {"×": "*", "·": "*", "−": "-", "÷": "/"}
MAX_EXPRESSION = 200
LIMIT = 10 ** 18
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
             ast.FloorDiv: operator.floordiv}


def mistake_value(value: Any, quantity: str) -> Answer | str:
    """An author's wrong answer (`{NAME}`s already filled in): an answer as `expect` takes it,
    or for a count an arithmetic text ("3 * 3 * 64"); a message if it is neither. The text is
    read with `ast` and only whole numbers and + − × / are worked out: nothing is run."""
    if quantity in SHAPE_QUANTITIES or not isinstance(value, str):
        return parse_answer(value, quantity)
    text = value.strip()
    for symbol, plain in ARITHMETIC.items():
        text = text.replace(symbol, plain)
    usage = ("must be a whole number or arithmetic of whole numbers (+ − × / and "
             f"parentheses), got {value!r}")
    if len(text) > MAX_EXPRESSION:
        return f"must be a short expression (at most {MAX_EXPRESSION} characters)"
    try:
        result = _worked_out(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return usage
    return parse_answer(result, quantity)


def _worked_out(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _worked_out(node.operand)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = _worked_out(node.left), _worked_out(node.right)
        if right == 0 or left % right:
            raise ValueError("not a whole number")
        return left // right
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        result = OPERATORS[type(node.op)](_worked_out(node.left), _worked_out(node.right))
        if abs(result) > LIMIT:
            raise ValueError("too large")
        return result
    raise ValueError("not arithmetic")
