"""Worked derivations as data: each step is a formula, the numbers put in it, and the value."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.models.spec import Dim

Value = int | tuple[Dim, ...] | None


@dataclass(frozen=True)
class Step:
    """One line of a derivation.

    `quantity` says what the step helps compute ("params", "height", "width", "depth", "length",
    "output_shape", ...), `key` names the step so a diagnosed mistake can point at it
    ("weights", "bias", "height", ...). `formula` is in the lesson's notation (K × F × F × D_in
    + K),
    `substituted` is the same formula with the numbers in, `value` what it comes to.
    """

    quantity: str
    key: str
    label: str
    formula: str
    substituted: str
    value: Value
    note: str | None = None


def fmt(value: Value) -> str:
    """Render a value the way Keras prints it: ints plainly, shapes as (None, 64, 64, 32),
    several outputs as [(None, 16), (None, 16)]."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        # several outputs (return_state=True): Keras lists their shapes
        return "[" + ", ".join(fmt(shape) for shape in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join("None" if d is None else str(d) for d in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return "None" if value is None else str(value)
