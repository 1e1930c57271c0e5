"""The few pure functions snippets compute sizes with: len, max, int, range, np.prod, ...

Each works on constants only and checks sizes, so no argument can make it slow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tutor.models.snippet.arith import Cannot, checked, is_number
from tutor.models.snippet.values import MAX_INT_BITS, MAX_ITEMS, Array

MAX_ROUND_DIGITS = 400  # more digits than a float or a bounded int (MAX_INT_BITS) can have

BUILTINS = frozenset({
    "len", "min", "max", "abs", "round", "int", "float", "str", "bool", "tuple", "list",
    "range", "sum", "enumerate", "zip", "reversed", "sorted", "print",
})
# Library functions by canonical path, and the builtin-like name they are computed as.
LIBRARY = {
    "math.prod": "prod", "numpy.prod": "prod", "numpy.product": "prod",
    "math.ceil": "ceil", "math.floor": "floor", "numpy.ceil": "ceil", "numpy.floor": "floor",
    "math.sqrt": "sqrt", "numpy.sqrt": "sqrt",
}


def items(value: Any) -> list[Any]:
    """The elements of a value that can be iterated over, if not too many."""
    if isinstance(value, range):
        if len(value) > MAX_ITEMS:
            raise Cannot("the range is too long")
        return list(value)
    if isinstance(value, tuple | list | str):
        return list(value)
    if isinstance(value, dict):
        return list(value)
    raise Cannot("it is not a sequence of constants")


def _number(value: Any) -> int | float:
    if not is_number(value):
        raise Cannot("it is not a number")
    return value


def _to_int(value: Any) -> int:
    if isinstance(value, str):
        if len(value) > 100:
            raise Cannot("the number is too long")
        try:
            return int(value)
        except ValueError:
            raise Cannot("the text is not an integer") from None
    number = _number(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise Cannot("the number is not finite")
    return checked(int(number))


def _prod(value: Any) -> Any:
    result: int | float = 1
    for item in items(value):
        result = checked(result * _number(item))
    return result


def _range(*args: Any) -> range:
    if not 1 <= len(args) <= 3 or not all(isinstance(a, int) for a in args):
        raise Cannot("range takes one to three integers")
    if any(abs(a).bit_length() > MAX_INT_BITS for a in args):
        raise Cannot("the number is too large")
    try:
        return range(*args)
    except ValueError as error:  # a step of 0
        raise Cannot(str(error)) from None


def _extreme(fn: Callable[..., Any], *args: Any) -> Any:
    values = items(args[0]) if len(args) == 1 else list(args)
    if not values:
        raise Cannot("the sequence is empty")
    try:
        return fn(values)
    except TypeError as error:
        raise Cannot(str(error)) from None


def _str(value: Any) -> str:
    if value is None or isinstance(value, bool | int | float | str):
        return str(value)
    raise Cannot("only numbers and strings are converted to text")


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": lambda v: (v.shape[0] if isinstance(v, Array) and v.shape else len(v)
                      if isinstance(v, tuple | list | str | dict | range) else _no()),
    "min": lambda *a: _extreme(min, *a),
    "max": lambda *a: _extreme(max, *a),
    "abs": lambda v: checked(abs(_number(v))),
    "round": lambda v, n=None: _round(_number(v), n),
    "int": _to_int,
    "float": lambda v=0.0: float(v if is_number(v) else str(v)[:100]),
    "str": _str,
    "bool": lambda v=False: bool(v),
    "tuple": lambda v=(): tuple(items(v)),
    "list": lambda v=(): items(v),
    "range": _range,
    "sum": lambda v, start=0: checked(sum((_number(x) for x in items(v)), _number(start))),
    "enumerate": lambda v, start=0: [(start + i, x) for i, x in enumerate(items(v))],
    "zip": lambda *vs: list(zip(*(items(v) for v in vs), strict=False)),
    "reversed": lambda v: items(v)[::-1],
    "sorted": lambda v: sorted(items(v)),
    "print": lambda *a, **k: None,
    "prod": _prod,
    "ceil": lambda v: checked(math.ceil(_number(v))),
    "floor": lambda v: checked(math.floor(_number(v))),
    "sqrt": lambda v: math.sqrt(_number(v)),
}


def _round(value: Any, digits: Any = None) -> Any:
    """Python's round, with the digits bounded: round(5, -10**8) would compute 10**10**8."""
    if digits is None:
        return checked(round(value))
    if not isinstance(digits, int):
        raise Cannot("round takes a whole number of digits")
    if abs(digits) > MAX_ROUND_DIGITS:
        raise Cannot(f"round's digits must be between -{MAX_ROUND_DIGITS} and "
                     f"{MAX_ROUND_DIGITS}")
    return checked(round(value, digits))


def _no() -> Any:
    raise Cannot("it has no length the tutor knows")


def call(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if kwargs and name != "print":
        raise Cannot(f"{name}() is computed only with positional arguments")
    try:
        return checked(FUNCTIONS[name](*args))
    except Cannot:
        raise
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, RecursionError) as error:
        raise Cannot(str(error) or type(error).__name__) from None
