"""Read what a learner typed: a whole number, a shape, or something we cannot read.

`read_answer(text, expect)` never raises on any text and never evaluates it as Python: it has its
own tokenizer and recursive-descent parser, exact arithmetic (`fractions.Fraction`) and hard
limits, so a hostile or accidental paste costs next to nothing.

Rules for ambiguous input (each is pinned by tests/checking/test_answers.py):

* `expect` ("int", "shape" or None) only breaks ties. It never turns something that can only be a
  shape, like `(None, 64)`, into a number; the checker then says "we asked for a number".
* `x`, `X`, `×` and the word `by`, between the items of the outermost list when it has no commas,
  separate the axes of a shape if an axis is unknown (`None x 64`), or if `expect="shape"`
  (`64x64x16+16` is (64, 64, 32)), or if `expect=None` and there is no other operator
  (`64x64x32`; so `3 × 3` alone is the shape (3, 3)). Otherwise they multiply: `3x3x3 + 1`,
  `(None, 4x4x32)`, and `64x64x32` with `expect="int"`.
* Thousands. `1_024` is always 1024 (as in Python). Digit groups joined by commas with no space
  after them (`1,024`), or by spaces (`1 024`; thin and no-break spaces too), form one number when
  the groups look like one (1-3 digits, then groups of exactly 3) and one of these holds:
  - a later group starts with 0 (no axis is written 024, so `1,024` is 1024 even for a shape);
  - `expect="int"`, unless the commas separate a function's arguments (`max(128,256)`);
  - the separator cannot be what separates items there, because commas followed by a space do
    (`(None, 1,024)`, `64, 1 024`) or the brackets cannot hold a list (`ceil(1 024 / 2)`);
  - the run is outside all brackets, `expect=None` and no axis is unknown (`128,128,128` is
    128128128, `1 234 567` is 1234567).
  Otherwise the commas or spaces separate items: `(128,128,128)` and `None,128,128,128` are
  shapes, and so is `128 128 128` with `expect="shape"`.
* A decimal number is read exactly, so one equal to a whole number is that number: `64.0`,
  `64.` and `128/2.0` are 64, and `42.5` is not whole (NOT_WHOLE). One that reads as thousands
  in many countries (`1.024`, `64.000`: 1-3 digits, a point, three digits) is refused with
  problem DECIMAL, as is a point with no digit before it. Scientific notation is read with a
  non-negative exponent up to 18: `2e3` is 2000, `1.5e3` is 1500.
* A bracketed list is a shape; `(896)` is just 896 (as in Python), `(896,)` and `[896]` are shapes.
  With `expect="shape"` a lone number is a shape of one axis: `1024` is (1024,).
* Unknown axes: `None`, `null`, `?`, `batch`, `batch_size`, `N` and `B` (any case), standing alone
  as an axis. `-1` is an unknown axis only as the first of two or more axes (reshape's habit).
  `has_batch` says the first axis is unknown; unknown axes elsewhere stay `None` in `dims`.
* `/` is exact division: `ceil(127/2)` is 64. A result that is not whole (`128/3`) is Unreadable
  with problem NOT_WHOLE ("came to about 42.67"), so the checker need not count it as an attempt;
  intermediate fractions are fine. `//` is floor division, `^` and `**` are powers.
* Functions: ceil, floor, max, min, abs (also ⌈x⌉, ⌊x⌋). Not round or sqrt: they would hide the
  rounding the lesson is about, or give fractions.
* `A = B` is read when both sides come to the same answer (`32*3*3*3 + 32 = 896`); the reading keeps
  the side with the working. If they differ, it is Unreadable with problem SIDES_DIFFER.
* A number may have a unit after it (`params`, `filters`, `channels`, `px`, `units`...; see
  UNITS): `IntAnswer.unit` keeps its family, so the checker can point out one that does not fit
  what was asked (`32 params` for a depth). Any answer may start with `=`.
* Limits, each an Unreadable rather than work: 200 characters after stripping (longer text is
  refused before it is even stripped if it is over 800), 120 tokens, brackets 16 deep, every
  number along the way within 10^18 (numerators and denominators), powers at most 64.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Literal

Expect = Literal["int", "shape"] | None
Dim = int | None

MAX_LENGTH = 200  # characters, after stripping: far more than any answer needs
MAX_TOKENS = 120
MAX_DEPTH = 16  # brackets inside brackets; also keeps the parser's recursion shallow
MAX_MAGNITUDE = 10**18  # every number along the way, numerators and denominators alike
MAX_EXPONENT = 64
MAX_SCIENTIFIC_EXPONENT = 18

FUNCTIONS = ("ceil", "floor", "max", "min", "abs")
UNKNOWN_AXIS_WORDS = frozenset({"none", "null", "batch", "batch_size", "n", "b"})
UNITS = {
    **dict.fromkeys(("param", "params", "parameter", "parameters", "weight", "weights"),
                    "parameters"),
    **dict.fromkeys(("filter", "filters", "channel", "channels", "kernel", "kernels", "unit",
                     "units", "neuron", "neurons", "feature", "features", "map", "maps"),
                    "channels"),
    **dict.fromkeys(("px", "pixel", "pixels", "row", "rows", "column", "columns", "col", "cols",
                     "step", "steps", "timestep", "timesteps", "position", "positions"),
                    "positions"),
}
"""Words a number may carry, and what each counts: parameters, channels (filters, units) or
positions along an axis (pixels, rows, time steps)."""
UNIT_WORDS = frozenset(UNITS)
AMBIGUOUS_DECIMAL = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


class Problem(StrEnum):
    """Why an answer could not be read. None of them is a wrong answer."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNEXPECTED = "unexpected"
    DECIMAL = "decimal"
    UNBALANCED = "unbalanced"
    TOO_DEEP = "too_deep"
    UNKNOWN_FUNCTION = "unknown_function"
    DIVISION_BY_ZERO = "division_by_zero"
    TOO_LARGE = "too_large"
    NOT_WHOLE = "not_whole"
    SIDES_DIFFER = "sides_differ"

    @property
    def about_form(self) -> bool:
        """True when the learner needs reminding what forms we accept (not an arithmetic issue)."""
        return self in _FORM_PROBLEMS


_FORM_PROBLEMS = frozenset({Problem.EMPTY, Problem.TOO_LONG, Problem.UNEXPECTED,
                            Problem.UNBALANCED, Problem.TOO_DEEP, Problem.UNKNOWN_FUNCTION})

FORMS = {
    None: "Type a number (896, 1,024 or 32*3*3*3 + 32) "
          "or a shape ((None, 64, 64, 32) or 64x64x32).",
    "int": "Type a number, such as 896, 1,024 or 32*3*3*3 + 32.",
    "shape": "Type a shape, such as (None, 64, 64, 32) or 64x64x32.",
}


# --- What a reading is ---------------------------------------------------------------------


@dataclass(frozen=True)
class IntAnswer:
    """A whole number. `expression` is the learner's arithmetic, normalized, or None for a plain
    number ("32 × 3 × 3 × 3 + 32" for `32*3*3*3+32`, None for `1,024`)."""

    value: int
    expression: str | None = None
    unit: str | None = None
    """The family (a value of UNITS) of the unit word typed after the number, if any."""
    kind: Literal["int"] = field(default="int", init=False)

    @property
    def readable(self) -> bool:
        return True

    @property
    def answer(self) -> int:
        return self.value

    @property
    def shown(self) -> str:
        """What we understood: "896", or "32 × 3 × 3 × 3 + 32 = 896"."""
        return str(self.value) if self.expression is None else f"{self.expression} = {self.value}"


@dataclass(frozen=True)
class ShapeAnswer:
    """A shape. `dims` has None for an unknown axis; `has_batch` says the first axis is unknown
    (the learner wrote the batch axis). `expressions` has, per axis, the normalized arithmetic
    the learner typed for it, or None; it defaults to all None."""

    dims: tuple[Dim, ...]
    has_batch: bool
    expressions: tuple[str | None, ...] = ()
    kind: Literal["shape"] = field(default="shape", init=False)

    def __post_init__(self) -> None:
        if not self.expressions:
            # Always one entry per axis, so callers can zip them without checking.
            object.__setattr__(self, "expressions", (None,) * len(self.dims))
        elif len(self.expressions) != len(self.dims):
            raise ValueError("expressions must have one entry per axis")

    @property
    def readable(self) -> bool:
        return True

    @property
    def answer(self) -> tuple[Dim, ...]:
        return self.dims

    @property
    def with_batch(self) -> tuple[Dim, ...]:
        """The dims with a None batch axis first, as the calculator gives shapes."""
        return self.dims if self.has_batch else (None, *self.dims)

    @property
    def shown(self) -> str:
        """What we understood: "(None, 64, 64, 32)", or "(ceil(128 / 2), 64) = (64, 64)"."""
        plain = _tuple_text([_dim_text(d) for d in self.dims])
        if not any(self.expressions):
            return plain
        worked = [e or _dim_text(d) for e, d in zip(self.expressions, self.dims, strict=True)]
        return f"{_tuple_text(worked)} = {plain}"


@dataclass(frozen=True)
class Unreadable:
    """Text we could not read as an answer: not a wrong answer. `message` is short and complete,
    ready to show; `detail` is just what went wrong ("unexpected 'abc'"), when we know."""

    message: str
    problem: Problem
    detail: str | None = None
    kind: Literal["unreadable"] = field(default="unreadable", init=False)

    @property
    def readable(self) -> bool:
        return False

    @property
    def answer(self) -> None:
        return None

    @property
    def shown(self) -> str:
        return self.message


Reading = IntAnswer | ShapeAnswer | Unreadable


def _dim_text(dim: Dim) -> str:
    return "None" if dim is None else str(dim)


def _tuple_text(parts: list[str]) -> str:
    # Python's and Keras's spelling: a one-axis shape keeps its comma.
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def read_answer(text: str, expect: Expect = None) -> Reading:
    """What the learner typed: an IntAnswer, a ShapeAnswer or an Unreadable; never raises.

    `expect` is what the question asks for ("int", "shape" or None); it breaks ties only.
    """
    if expect not in FORMS:
        raise ValueError(f"expect must be 'int', 'shape' or None, not {expect!r}")
    try:
        return _read(_bounded(text), expect)
    except _Refusal as refusal:
        return refusal.reading(expect)


class _Refusal(Exception):
    """Internal: why reading stopped. Turned into an Unreadable at the one public entry point."""

    def __init__(self, problem: Problem, detail: str | None = None) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail

    def reading(self, expect: Expect) -> Unreadable:
        detail = self.detail and self.detail[0].upper() + self.detail[1:]
        if not self.problem.about_form:
            return Unreadable(f"{detail}.", self.problem, self.detail)
        message = f"{detail}. {FORMS[expect]}" if detail else FORMS[expect]
        return Unreadable(message, self.problem, self.detail)


def _bounded(text: str) -> str:
    # Length first, before any per-character work, so a huge paste costs nothing.
    if len(text) > 4 * MAX_LENGTH:
        raise _Refusal(Problem.TOO_LONG, "that is too long for an answer")
    text = text.strip()
    if not text:
        raise _Refusal(Problem.EMPTY)
    if len(text) > MAX_LENGTH:
        raise _Refusal(Problem.TOO_LONG, "that is too long for an answer")
    return text


def _read(text: str, expect: Expect) -> Reading:
    tokens = _tokenize(_normalize(text))
    if not tokens:
        raise _Refusal(Problem.EMPTY)
    if len(tokens) > MAX_TOKENS:
        raise _Refusal(Problem.TOO_LONG, "that has too many parts for an answer")
    _check_brackets(tokens)
    return _agree([_read_side(side, expect) for side in _sides(tokens)])


# --- Characters and tokens -----------------------------------------------------------------

_TRANSLATION = str.maketrans({
    **dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\ufe63\uff0d", "-"),  # minus signs, dashes
    **dict.fromkeys("\u00b7\u22c5\u2219\u2217\uff0a", "*"),  # middle dots, asterisks
    **dict.fromkeys("\u2715\u2a2f", "×"),
    **dict.fromkeys("\u00f7\u2215\u2044", "/"),
    "\uff08": "(", "\uff09": ")", "\uff3b": "[", "\uff3d": "]", "\uff0c": ",",
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"),  # zero-width characters: drop
    **dict.fromkeys("\t\n\r\v\f", " "),
})


def _normalize(text: str) -> str:
    """One spelling per symbol: ASCII digits, plain spaces, '-', '*', '/'."""
    text = text.translate(_TRANSLATION)
    if not text.isascii():
        text = "".join(_ascii(c) for c in text)
    return text.strip()


def _ascii(char: str) -> str:
    if char.isspace():
        return " "  # thin, narrow and no-break spaces are thousands separators too
    digit = unicodedata.decimal(char, None)  # other scripts' digits; not superscripts
    return char if digit is None else str(digit)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, name, op, cross, open, close, comma, eq, ask, end
    text: str  # normalized: digits without '_', lower-case name, '^' for '**'
    raw: str  # as typed, for messages
    gap: str = ""  # the whitespace just before it

    def plain_digits(self) -> bool:
        return self.kind == "num" and self.raw.isdigit()


_END = _Token("end", "", "")

_TOKEN = re.compile(r"""
    (?P<gap>[ ]*)
    (?:
      (?P<num>[0-9]+(?:_[0-9]+)*(?:\.[0-9]*)?(?:[eE]\+?[0-9]+)?)
    | (?P<name>[A-Za-z]+(?:_[A-Za-z]+)*)
    | (?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
    | (?P<op>\*\*|//|[-+*/^])
    | (?P<cross>×)
    | (?P<open>[(\[⌈⌊])
    | (?P<close>[)\]⌉⌋])
    | (?P<comma>,)
    | (?P<eq>=)
    | (?P<ask>\?)
    )""", re.VERBOSE)

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CROSS_WORDS = frozenset({"x", "by"})
_KNOWN_WORDS = UNKNOWN_AXIS_WORDS | frozenset(FUNCTIONS)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _bad_character(text[pos:].lstrip(" ")[0])
        kind = match.lastgroup or ""
        tokens.extend(_tokens_for(kind, match.group(kind), match.group("gap")))
        pos = match.end()
    return tokens


def _bad_character(char: str) -> _Refusal:
    if char == ".":
        return _Refusal(Problem.DECIMAL, "unexpected '.' (a number has at most one decimal "
                                         "point, with a digit before it: 0.5)")
    return _Refusal(Problem.UNEXPECTED, f"unexpected '{char}'")


def _tokens_for(kind: str, raw: str, gap: str) -> list[_Token]:
    if kind == "num":
        if AMBIGUOUS_DECIMAL.fullmatch(raw):
            raise _Refusal(Problem.DECIMAL, _ambiguous_decimal(raw))
        return [_Token("num", raw.replace("_", ""), raw, gap)]
    if kind == "name":
        return _name_tokens(raw, gap)
    if kind == "sup":  # 2¹⁰ is 2^10
        return [_Token("op", "^", raw, gap), _Token("num", raw.translate(_SUPERSCRIPTS), raw)]
    if kind == "op":
        return [_Token("op", "^" if raw == "**" else raw, raw, gap)]
    if kind == "cross":
        return [_Token("cross", "x", raw, gap)]
    return [_Token(kind, raw, raw, gap)]


def _name_tokens(raw: str, gap: str) -> list[_Token]:
    word = raw.lower()
    if word in _CROSS_WORDS:
        return [_Token("cross", "x", raw, gap)]
    # Letters run together: 64xNone is 64 x None, Nonex64 is None x 64.
    if word[0] == "x" and word[1:] in _KNOWN_WORDS:
        return [_Token("cross", "x", raw[0], gap), _Token("name", word[1:], raw[1:])]
    if word[-1] == "x" and word[:-1] in _KNOWN_WORDS:
        return [_Token("name", word[:-1], raw[:-1], gap), _Token("cross", "x", raw[-1])]
    return [_Token("name", word, raw, gap)]


def _ambiguous_decimal(raw: str) -> str:
    """1.024 is a thousand and twenty-four where a point separates thousands: ask, never guess."""
    whole, decimals = raw.split(".")
    if set(decimals) == {"0"}:
        return f"{raw} could mean {whole}{decimals} (a point between thousands) or {whole}: " \
               f"write {whole}{decimals} or {whole}"
    return (f"{raw} could mean {whole}{decimals} (a point between thousands) or a fraction: "
            f"write {whole}{decimals} or {whole},{decimals} for {whole}{decimals}")


_CLOSER = {"(": ")", "[": "]", "⌈": "⌉", "⌊": "⌋"}


def _check_brackets(tokens: list[_Token]) -> None:
    """Brackets pair up and nest at most MAX_DEPTH deep, so the parser need not check."""
    stack: list[_Token] = []
    for token in tokens:
        if token.kind == "open":
            stack.append(token)
            if len(stack) > MAX_DEPTH:
                raise _Refusal(Problem.TOO_DEEP, "too many brackets inside brackets")
        elif token.kind == "close" and (not stack or _CLOSER[stack.pop().text] != token.text):
            raise _Refusal(Problem.UNBALANCED, f"unmatched '{token.raw}'")
    if stack:
        raise _Refusal(Problem.UNBALANCED, f"a '{stack[-1].raw}' is never closed")


def _sides(tokens: list[_Token]) -> list[list[_Token]]:
    """Split at '=' outside brackets; a leading '=' ("= 896") is allowed and dropped."""
    sides: list[list[_Token]] = [[]]
    depth = 0
    for token in tokens:
        depth += (token.kind == "open") - (token.kind == "close")
        if token.kind == "eq" and depth == 0:
            sides.append([])
        else:
            sides[-1].append(token)
    if not sides[0] and len(sides) > 1:
        sides.pop(0)
    if not all(sides):
        raise _Refusal(Problem.UNEXPECTED, "unexpected '='")
    return sides


def _agree(readings: list[Reading]) -> Reading:
    """One reading from the sides of `A = B`: they must agree; keep the one with working."""
    first = readings[0]
    for other in readings[1:]:
        if other.kind != first.kind or other.answer != first.answer:
            raise _Refusal(Problem.SIDES_DIFFER,
                           f"the two sides of '=' differ: {first.shown} but {other.shown}")
    return next((r for r in readings if _has_working(r)), first)


def _has_working(reading: Reading) -> bool:
    if isinstance(reading, IntAnswer):
        return reading.expression is not None
    return isinstance(reading, ShapeAnswer) and any(reading.expressions)


# --- One side: brackets, thousands, separators ---------------------------------------------


def _read_side(tokens: list[_Token], expect: Expect) -> Reading:
    tokens, unit = _strip_unit(tokens)
    tokens, bracket = _unwrap(tokens)
    if not tokens:
        raise _Refusal(Problem.EMPTY, "nothing between the brackets" if bracket else None)
    tokens = _merge_thousands(tokens, expect, wrapped=bracket is not None)
    separator = _separator(_levels(tokens)[1][-1], expect)
    items, trailing_comma = _Parser(tokens, separator).items()
    return _assemble(items, trailing_comma, bracket, expect, unit)


def _strip_unit(tokens: list[_Token]) -> tuple[list[_Token], str | None]:
    """Take off a unit word after the answer (`896 params`, `64 px`)."""
    last = tokens[-1]
    if last.kind == "name" and last.text in UNITS:
        if len(tokens) == 1:
            raise _Refusal(Problem.EMPTY)
        return tokens[:-1], last.raw
    return tokens, None


def _unwrap(tokens: list[_Token]) -> tuple[list[_Token], str | None]:
    """Take off a '(' or '[' that encloses everything: what is inside is the list of items."""
    if tokens[0].text not in ("(", "["):
        return tokens, None
    depth = 0
    for index, token in enumerate(tokens):
        depth += (token.kind == "open") - (token.kind == "close")
        if depth == 0:
            if index != len(tokens) - 1:
                return tokens, None  # (3*3*3+1)*32: the bracket closes early
            return tokens[1:-1], tokens[0].text
    return tokens, None  # unreachable: brackets are balanced


@dataclass
class _Level:
    """What one bracket level holds (-1 is the outermost list): it decides what separators mean."""

    commas: int = 0
    spaced_commas: int = 0  # a comma followed by a space can only separate items
    operators: int = 0  # binary + - * / // ^ (not x)
    crosses: int = 0
    unknown_axes: int = 0  # None, ?, batch...: x next to them can only separate axes
    call: bool = False  # the brackets of max(...) may hold a list; plain ones may not


def _levels(tokens: list[_Token]) -> tuple[list[int], dict[int, _Level]]:
    """Which level each token is on (the index of its opening bracket, -1 outside), and stats."""
    owner: list[int] = []
    levels = {-1: _Level()}
    stack = [-1]
    previous: _Token | None = None
    for index, token in enumerate(tokens):
        if token.kind == "close":
            stack.pop()
        owner.append(stack[-1])
        _count(levels[stack[-1]], token, previous, tokens[index + 1:index + 2])
        if token.kind == "open":
            levels[index] = _Level(call=previous is not None and previous.text in FUNCTIONS)
            stack.append(index)
        previous = token
    return owner, levels


def _count(level: _Level, token: _Token, previous: _Token | None, following: list[_Token]) -> None:
    if token.kind == "comma":
        level.commas += 1
        level.spaced_commas += bool(following and following[0].gap)
    elif token.kind == "cross":
        level.crosses += 1
    elif token.kind == "ask" or (token.kind == "name" and token.text in UNKNOWN_AXIS_WORDS):
        level.unknown_axes += 1
    elif token.kind == "op" and previous is not None and previous.kind in ("num", "name",
                                                                           "close", "ask"):
        level.operators += 1  # binary; a sign after an operator or bracket does not count


def _separator(top: _Level, expect: Expect) -> str:
    """What separates the items of the outermost list: 'comma', 'cross' or 'space'."""
    if top.commas:
        return "comma"
    if not top.crosses:
        return "space"
    if top.unknown_axes or expect == "shape" or (expect is None and not top.operators):
        return "cross"
    return "space"


def _merge_thousands(tokens: list[_Token], expect: Expect, wrapped: bool) -> list[_Token]:
    """Join 1,024 and 1 024 into one number where the rules in the module docstring say so."""
    owner, levels = _levels(tokens)
    merged: list[_Token] = []
    index = 0
    while index < len(tokens):
        end, groups, separator = _digit_run(tokens, index)
        level = owner[index]
        if len(groups) > 1 and _is_thousands(groups, separator, levels[level], level == -1,
                                             expect, wrapped):
            raw = "".join(t.raw for t in tokens[index:end])
            merged.append(_Token("num", "".join(groups), raw, tokens[index].gap))
        else:
            merged.extend(tokens[index:end])  # a whole run, so it is never re-read from its middle
        index = end
    return merged


def _digit_run(tokens: list[_Token], start: int) -> tuple[int, list[str], str]:
    """The longest run of digit groups from `start`, all joined by ',' or all by spaces."""
    if not tokens[start].plain_digits():
        return start + 1, [], ""
    groups = [tokens[start].text]
    end = start + 1
    while (end + 1 < len(tokens) and tokens[end].kind == "comma" and not tokens[end].gap
           and tokens[end + 1].plain_digits() and not tokens[end + 1].gap):
        groups.append(tokens[end + 1].text)
        end += 2
    if len(groups) > 1:
        return end, groups, "comma"
    while end < len(tokens) and tokens[end].plain_digits() and tokens[end].gap:
        groups.append(tokens[end].text)
        end += 1
    return end, groups, "space"


def _is_thousands(groups: list[str], separator: str, level: _Level, top: bool, expect: Expect,
                  wrapped: bool) -> bool:
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return False
    if any(g[0] == "0" for g in groups[1:]):
        return True
    if separator == "comma" and level.call and not level.spaced_commas:
        return False  # max(128,256): a function's arguments
    if expect == "int":
        return True
    # Could this separator be what separates the items here? If not, it must be thousands.
    if separator == "comma":
        may_separate = not level.spaced_commas and top
    else:
        may_separate = not level.commas and top
    if not may_separate:
        return True
    if level.unknown_axes:
        return False  # None,128,128,128 is a shape
    return top and not wrapped and expect is None


# --- Expressions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Num:
    value: int | Fraction
    raw: str | None = field(default=None, compare=False)  # a decimal as typed ("64.0")


@dataclass(frozen=True)
class _Unary:
    signs: str  # e.g. "-" or "--+": kept as typed for display
    operand: _Node


@dataclass(frozen=True)
class _Chain:
    """a op b op c, left to right, all of one precedence (1: + -, 2: * / // x)."""

    first: _Node
    rest: tuple[tuple[str, _Node], ...]
    precedence: int


@dataclass(frozen=True)
class _Power:
    base: _Node
    exponent: _Node


@dataclass(frozen=True)
class _Call:
    name: str
    args: tuple[_Node, ...]


_Node = _Num | _Unary | _Chain | _Power | _Call


class _UnknownAxis:
    """An item that is an unknown axis: None, ?, batch, ..."""


_UNKNOWN = _UnknownAxis()
_Item = _Node | _UnknownAxis


class _Parser:
    """Recursive descent with Python's precedence ('^' is '**'; 'x' is '*' where it multiplies):

    items  := item (SEPARATOR item)* [',']      item := unknown-axis | expr
    expr   := term (('+' | '-') term)*          term := signed (('*' | '/' | '//' | 'x') signed)*
    signed := ('+' | '-')* power                power := atom ['^' signed]
    atom   := NUM | '(' expr ')' | '[' expr ']' | '⌈' expr '⌉' | '⌊' expr '⌋' | FUNC '(' args ')'
    """

    def __init__(self, tokens: list[_Token], separator: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.separator = separator
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index] if self.index < len(self.tokens) else _END

    def take(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def items(self) -> tuple[list[_Item], bool]:
        items = [self.item()]
        while (token := self.peek()) is not _END:
            if token.kind == self.separator:  # 'comma' or 'cross'
                self.take()
                if token.kind == "comma" and self.peek() is _END:
                    return items, True  # (10,)
            elif not self.space(token):
                raise _unexpected(token)
            items.append(self.item())
        return items, False

    def space(self, token: _Token) -> bool:
        """Whether `token` starts a new item of a list separated by spaces (64 64 32)."""
        return (self.separator == "space" and bool(token.gap)
                and token.kind in ("num", "name", "open", "ask"))

    def item(self) -> _Item:
        token = self.peek()
        if token.kind == "ask" or (token.kind == "name" and token.text in UNKNOWN_AXIS_WORDS):
            self.take()
            return _UNKNOWN
        return self.expr()

    def expr(self) -> _Node:
        return self.chain(self.term, 1, lambda t: t.kind == "op" and t.text in ("+", "-"))

    def term(self) -> _Node:
        return self.chain(self.signed, 2, self.multiplies)

    def multiplies(self, token: _Token) -> bool:
        if token.kind == "cross":
            return self.depth > 0 or self.separator != "cross"
        return token.kind == "op" and token.text in ("*", "/", "//")

    def chain(self, operand: Callable[[], _Node], precedence: int,
              is_operator: Callable[[_Token], bool]) -> _Node:
        first = operand()
        rest = []
        while is_operator(self.peek()):
            rest.append((self.take().text, operand()))
        return _Chain(first, tuple(rest), precedence) if rest else first

    def signed(self) -> _Node:
        signs = ""
        while (token := self.peek()).kind == "op" and token.text in ("+", "-"):
            signs += self.take().text
        operand = self.power()
        return _Unary(signs, operand) if signs else operand

    def power(self) -> _Node:
        base = self.atom()
        if self.peek().text == "^":
            self.take()
            return _Power(base, self.signed())
        return base

    def atom(self) -> _Node:
        token = self.take()
        if token.kind == "num":
            return _Num(_literal(token), token.raw if "." in token.raw else None)
        if token.kind == "open":
            inner = self.enclosed()
            rounding = {"⌈": "ceil", "⌊": "floor"}.get(token.text)
            return _Call(rounding, (inner,)) if rounding else inner
        if token.kind == "name" and self.peek().text in ("(", "["):
            return self.call(token)
        raise _unexpected(token)

    def enclosed(self) -> _Node:
        """An expression and the closing bracket (balance and pairing were checked already)."""
        self.depth += 1
        inner = self.expr()
        if (token := self.take()).kind != "close":
            raise _unexpected(token)
        self.depth -= 1
        return inner

    def call(self, name: _Token) -> _Call:
        if name.text not in FUNCTIONS:
            raise _Refusal(Problem.UNKNOWN_FUNCTION,
                           f"'{name.raw}' is not a function we know ({', '.join(FUNCTIONS)})")
        self.take()
        self.depth += 1
        args = [self.expr()]
        while self.peek().kind == "comma":
            self.take()
            args.append(self.expr())
        if (token := self.take()).kind != "close":
            raise _unexpected(token)
        self.depth -= 1
        if name.text in ("ceil", "floor", "abs") and len(args) != 1:
            raise _Refusal(Problem.UNEXPECTED, f"{name.text} takes one number")
        return _Call(name.text, tuple(args))


def _unexpected(token: _Token) -> _Refusal:
    if token is _END:
        return _Refusal(Problem.UNEXPECTED, "it stops short: something is missing at the end")
    return _Refusal(Problem.UNEXPECTED, f"unexpected '{token.raw}'")


def _literal(token: _Token) -> Fraction:
    digits, _, exponent = token.text.lower().partition("e")
    scale = int(exponent) if exponent else 0  # int() accepts the '+' of 2e+3
    if scale > MAX_SCIENTIFIC_EXPONENT or len(digits) > 40:
        raise _too_large()
    whole, _, decimals = digits.partition(".")
    return _checked(Fraction(int(whole + decimals) * 10**scale, 10**len(decimals)))


# --- Turning items into a reading ----------------------------------------------------------


def _assemble(items: list[_Item], trailing_comma: bool, bracket: str | None, expect: Expect,
              unit: str | None) -> Reading:
    alone = len(items) == 1 and not trailing_comma and bracket != "["
    if alone and isinstance(items[0], _Node) and (unit or expect != "shape"):
        return IntAnswer(_whole(items[0]), _working(items[0]),
                         UNITS[unit.lower()] if unit else None)
    if unit:
        raise _Refusal(Problem.UNEXPECTED, f"unexpected '{unit}' after a shape")
    dims: list[Dim] = []
    expressions: list[str | None] = []
    for index, item in enumerate(items):
        if isinstance(item, _UnknownAxis) or (index == 0 and len(items) > 1 and _minus_one(item)):
            dims.append(None)
            expressions.append(None)
        else:
            dims.append(_whole(item))
            expressions.append(_working(item))
    return ShapeAnswer(tuple(dims), dims[0] is None, tuple(expressions))


def _minus_one(node: _Node) -> bool:
    return node == _Unary("-", _Num(1))


def _working(node: _Node) -> str | None:
    """The normalized expression, or None when the learner just wrote a number (-5 included)."""
    if isinstance(node, _Num) or (isinstance(node, _Unary) and isinstance(node.operand, _Num)):
        return None
    return _render(node)


def _whole(node: _Node) -> int:
    value = _value(node)
    if value.denominator != 1:
        if _working(node) is None:  # 42.5 as typed
            raise _Refusal(Problem.NOT_WHOLE, f"{_render(node)} is not a whole number")
        raise _Refusal(Problem.NOT_WHOLE,
                       f"{_render(node)} came to {_decimal(value)}, not a whole number")
    return value.numerator


def _decimal(value: Fraction) -> str:
    rounded = round(value, 2)
    text = f"{float(rounded):.2f}".rstrip("0").rstrip(".")
    return text if rounded == value else f"about {text}"


# --- Arithmetic, exact and bounded ---------------------------------------------------------


def _too_large() -> _Refusal:
    return _Refusal(Problem.TOO_LARGE, "a number in it is too large (over 10^18)")


def _checked(value: Fraction) -> Fraction:
    if abs(value.numerator) > MAX_MAGNITUDE or value.denominator > MAX_MAGNITUDE:
        raise _too_large()
    return value


def _value(node: _Node) -> Fraction:
    match node:
        case _Num(value):
            return Fraction(value)
        case _Unary(signs, operand):
            value = _value(operand)
            return -value if signs.count("-") % 2 else value
        case _Chain(first, rest):
            total = _value(first)
            for op, operand in rest:
                total = _checked(_apply(op, total, _value(operand), operand))
            return total
        case _Power(base, exponent):
            return _power(_value(base), _value(exponent))
        case _Call(name, args):
            return _call(name, [_value(arg) for arg in args])
    raise AssertionError(node)  # unreachable: the parser builds only the nodes above


def _apply(op: str, left: Fraction, right: Fraction, right_node: _Node) -> Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op in ("*", "x"):
        return left * right
    if right == 0:
        raise _Refusal(Problem.DIVISION_BY_ZERO, "it divides by zero" if isinstance(
            right_node, _Num) else f"it divides by {_render(right_node)}, which is 0")
    return left / right if op == "/" else Fraction(left // right)


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    if exponent.denominator != 1:
        raise _Refusal(Problem.NOT_WHOLE, "a power must be a whole number")
    if abs(exponent) > MAX_EXPONENT:
        raise _Refusal(Problem.TOO_LARGE, f"a power over {MAX_EXPONENT} is too large")
    if base == 0 and exponent < 0:
        raise _Refusal(Problem.DIVISION_BY_ZERO, "it divides by zero")
    # Both are bounded (|base| <= 10^18, exponent <= 64), so this is quick before the check.
    return _checked(base ** int(exponent))


def _call(name: str, args: list[Fraction]) -> Fraction:
    if name == "ceil":
        return Fraction(math.ceil(args[0]))
    if name == "floor":
        return Fraction(math.floor(args[0]))
    if name == "abs":
        return abs(args[0])
    return max(args) if name == "max" else min(args)


# --- Showing an expression in the lesson's notation ----------------------------------------

_SYMBOLS = {"+": "+", "-": "−", "*": "×", "x": "×", "/": "/", "//": "//"}


def _precedence(node: _Node) -> int:
    if isinstance(node, _Chain):
        return node.precedence
    return {_Unary: 3, _Power: 4}.get(type(node), 5)


def _render(node: _Node, needs: int = 0) -> str:
    """The lesson's notation (32 × 3 × 3 × 3 + 32, ceil(128 / 2)), with only the brackets needed."""
    text = _text(node)
    return f"({text})" if _precedence(node) < needs else text


def _text(node: _Node) -> str:
    match node:
        case _Num(value, raw):
            return raw or str(value)
        case _Unary(signs, operand):
            return signs.replace("-", "−") + _render(operand, 4)
        case _Chain(first, rest, precedence):
            # The right operand of '-' or '/' keeps its brackets: a − (b + c).
            return _render(first, precedence) + "".join(
                f" {_SYMBOLS[op]} {_render(operand, precedence + 1)}" for op, operand in rest)
        case _Power(base, exponent):
            return f"{_render(base, 5)}^{_render(exponent, 3)}"
        case _Call(name, args):
            return f"{name}({', '.join(_render(arg) for arg in args)})"
    raise AssertionError(node)  # unreachable
