"""Operators on constants (`7 * 7 * latent_dim`, `(28, 28) + (1,)`), guarded against values so
large that computing them would hang or exhaust memory (`10**10**10`, `(0,) * 10**9`)."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from typing import Any

from tutor.models.snippet.values import MAX_INT_BITS, MAX_ITEMS, MAX_STR, size_exceeds


class Cannot(Exception):
    """An operation the reader will not compute; the message says why."""


BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
    ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
}
COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
# A %-format with no width or precision above three digits and no `*`.
SAFE_PERCENT = re.compile(r"%(?:%|[-+ #0]*\d{0,3}(?:\.\d{0,3})?[diouxXeEfFgGcrsa])")

Number = int | float


def is_number(value: Any) -> bool:
    return isinstance(value, int | float)


def is_sequence(value: Any) -> bool:
    return isinstance(value, tuple | list | str)


def binary(op: ast.operator, left: Any, right: Any) -> Any:
    fn = BINARY.get(type(op))
    if fn is None:
        raise Cannot("the operator is not supported")
    if not _operands_ok(left, right):
        raise Cannot("the operands are not numbers, strings or tuples")
    _guard(op, left, right)
    try:
        result = fn(left, right)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, MemoryError,
            RecursionError) as error:
        raise Cannot(str(error) or type(error).__name__) from None
    return checked(result)


def _operands_ok(left: Any, right: Any) -> bool:
    return all(is_number(v) or is_sequence(v) for v in (left, right))


def _guard(op: ast.operator, left: Any, right: Any) -> None:
    if (isinstance(op, ast.Pow) and isinstance(left, int) and isinstance(right, int)
            and right > 0 and right * abs(left).bit_length() > MAX_INT_BITS + 1
            and abs(left) > 1):
        raise Cannot("the number is too large")
    if isinstance(op, ast.LShift) and isinstance(right, int) and right > MAX_INT_BITS:
        raise Cannot("the number is too large")
    if isinstance(op, ast.Mult):
        for seq, times in ((left, right), (right, left)):
            if is_sequence(seq) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                raise Cannot("the repeated sequence is too long")
    if (isinstance(op, ast.Add) and is_sequence(left) and is_sequence(right)
            and len(left) + len(right) > MAX_ITEMS):
        raise Cannot("the joined sequence is too long")
    # Strings are formatted only with plain conversions (`"conv_%d" % i`): a width such as
    # "%999999999d" would build a gigantic string.
    if (isinstance(op, ast.Mod) and isinstance(left, str)
            and left.count("%") != len(SAFE_PERCENT.findall(left))):
        raise Cannot("this string formatting is not supported")


def checked(result: Any) -> Any:
    if isinstance(result, int) and not isinstance(result, bool):
        if result.bit_length() > MAX_INT_BITS:
            raise Cannot("the number is too large")
    elif isinstance(result, complex):
        raise Cannot("the result is a complex number")
    elif isinstance(result, str):
        if len(result) > MAX_STR:
            raise Cannot("the string is too long")
    elif isinstance(result, tuple | list) and size_exceeds(result):
        raise Cannot("the sequence is too long")
    return result


def unary(op: ast.unaryop, value: Any) -> Any:
    if isinstance(op, ast.Not):
        return not truth(value)
    if not is_number(value) or (isinstance(op, ast.Invert) and not isinstance(value, int)):
        raise Cannot("the operand is not a number")
    if isinstance(op, ast.USub):
        return checked(-value)
    if isinstance(op, ast.UAdd):
        return checked(+value)
    return checked(~value)


def compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    try:
        return bool(COMPARE[type(op)](left, right))
    except (TypeError, ValueError, KeyError, RecursionError) as error:
        raise Cannot(str(error) or type(error).__name__) from None


def truth(value: Any) -> bool:
    """Python's truth of a value the reader knows; objects such as layers are always true."""
    if value is None or isinstance(value, bool | int | float | str | tuple | list | dict | range):
        return bool(value)
    return True
