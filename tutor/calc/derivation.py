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

    @property
    def stated(self) -> bool:
        """Nothing is put in: the step states a number (a layer without weights has 0
        parameters, Reshape's height is target_shape's), shown once, not as `0 = 0`."""
        return self.formula == self.substituted


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


def last_axis_change(shape: tuple[Dim, ...], in_symbol: str, out_symbol: str, size: int
                     ) -> tuple[str, str, tuple[Dim, ...]]:
    """A layer acting on the last axis only (Dense, Linear on rank > 2): the shape before and
    after, the axes it passes on written as they are. Formula, numbers and the new shape:
    (None, 10, N_in) → (None, 10, U), (None, 10, 20) → (None, 10, 5)."""
    kept = ["None" if d is None else str(d) for d in shape[:-1]]
    formula = f"({', '.join([*kept, in_symbol])}) → ({', '.join([*kept, out_symbol])})"
    numbers = (f"({', '.join([*kept, str(shape[-1])])}) → "
               f"({', '.join([*kept, str(size)])})")
    return formula, numbers, (*shape[:-1], size)


def shape_with(shape: tuple[Dim, ...], symbols: dict[int, str | tuple[str, str]]
               ) -> tuple[str, str]:
    """A shape as a formula with some axes as symbols, and as numbers: (None, T, U) and
    (None, 10, 16) for `symbols` {1: "T", 2: "U"}; the other axes are written as they are.
    An axis may come as (formula, numbers) when it is worked out: ("2 × U", "2 × 16")."""
    numbers = ["None" if d is None else str(d) for d in shape]
    formula = list(numbers)
    for index, symbol in symbols.items():
        formula[index], numbers[index] = symbol if isinstance(symbol, tuple) else (
            symbol, numbers[index])
    return tuple_text(formula), tuple_text(numbers)


AxisSymbols = dict[int, str | tuple[str, str]]


def shapes_with(parts: list[tuple[tuple[Dim, ...], AxisSymbols]]) -> tuple[str, str]:
    """Several shapes (a layer's outputs), as `shape_with` writes each: [(None, U), ...]."""
    pairs = [shape_with(shape, symbols) for shape, symbols in parts]
    return ("[" + ", ".join(f for f, _ in pairs) + "]",
            "[" + ", ".join(n for _, n in pairs) + "]")


def tuple_text(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def frozen_steps(steps: list[Step]) -> list[Step]:
    """A frozen layer (trainable=False, on it or on the layer it wraps): every parameter is
    non-trainable, as the summary counts them; the steps say so, in place of any split the
    layer would make when trainable (BatchNormalization's gamma and beta)."""
    total = next((s for s in reversed(steps) if s.key == "params"), None)
    if total is None:
        return steps
    kept = [s for s in steps if s.key not in ("trainable", "non_trainable")]
    return [*kept,
            Step("params", "non_trainable", "non-trainable parameters (all of them)",
                 total.formula, total.substituted, total.value,
                 note="trainable=False freezes the weights: training leaves them as they are"),
            Step("params", "trainable", "trainable parameters", "0", "0", 0)]
