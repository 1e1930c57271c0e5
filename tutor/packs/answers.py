"""Answers an author writes (`expect`, `choices`): whole numbers, or shapes for output_shape.

    expect: 896                       # params, depth, width, total_params, ...
    expect: [null, 64, 64, 32]        # output_shape, as a list with null for the batch axis
    expect: "(None, 64, 64, 32)"      # or as Keras prints it
"""

from __future__ import annotations

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
