"""Work it out, step by step: each step of a question's derivation checked on its own, and a
wrong one diagnosed *for that step* by the same catalogue of slips as a whole answer.

A step that follows from an earlier wrong one is judged against the learner's own earlier
value: the slip that explains the earlier step is carried through the derivation, and a later
step that agrees with it is "right, given your 9 weights per filter" — one slip is not punished
twice. Help comes in levels: the step's label and the symbols it uses, then its general
formula, then the numbers put in, and the value only at the last level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.calc import summarize
from tutor.calc.derivation import Step, fmt
from tutor.calc.quantities import quantity
from tutor.checking.answers import IntAnswer, ShapeAnswer, Unreadable, read_answer
from tutor.checking.mistakes import SLIP_MISTAKES, Asked, Mistake, find_layer
from tutor.checking.sentences import Seen
from tutor.errors import TutorError

if TYPE_CHECKING:
    from tutor.packs import Question, Variant

HELP_LEVELS = ("label", "formula", "numbers", "value")
"""Next-step help, in order: what the step is and what it uses; its general formula; the
formula with the numbers put in; the value."""


@dataclass(frozen=True)
class StepVerdict:
    """The outcome of one step's value: right, right given an earlier slip, or wrong (with the
    slip that explains it, if the catalogue knows it)."""

    key: str
    verdict: str  # "correct" | "consistent" | "incorrect" | "unreadable"
    answer: str
    feedback: str
    value: object = None
    mistake: Mistake | None = None

    @property
    def accepted(self) -> bool:
        """Right, or right given the learner's own earlier values."""
        return self.verdict in ("correct", "consistent")


def work_steps(variant: Variant, question: Question | int | str) -> tuple[Step, ...]:
    """The steps a learner fills in for a question: its derivation, each step a blank."""
    return tuple(s for s in variant.answer(question).steps if s.key)


def step_of(variant: Variant, question: Question | int | str, key: str) -> Step:
    steps = work_steps(variant, question)
    for step in steps:
        if step.key == key:
            return step
    keys = ", ".join(s.key for s in steps)
    raise TutorError(f"this question has no step {key!r} (its steps: {keys})")


def help_text(step: Step, level: int) -> str:
    """Next-step help at `level` (0-based, see HELP_LEVELS); the value only at the last."""
    level = max(0, min(level, len(HELP_LEVELS) - 1))
    symbols = sorted({t for t in step.formula.replace("(", " ").replace(")", " ").split()
                      if t[:1].isalpha() and t not in ("ceil", "floor", "max", "min")})
    if level == 0:
        uses = f"; it uses {', '.join(symbols)}" if symbols else ""
        return f"This step is the {step.label}{uses}."
    if level == 1:
        return f"{step.label}: {step.formula}"
    if level == 2:
        return f"{step.label}: {step.formula} = {step.substituted}"
    return f"{step.label}: {step.formula} = {step.substituted} = {fmt(step.value)}"


def _read(text: str, value: object) -> object | None:
    kind = "shape" if isinstance(value, tuple) else "int"
    reading = read_answer(text, kind)
    if isinstance(reading, Unreadable):
        return None
    if isinstance(reading, IntAnswer):
        return reading.value
    if isinstance(reading, ShapeAnswer) and isinstance(value, tuple):
        dims = tuple(reading.dims)
        if len(dims) == len(value) - 1 and value[0] is None:
            dims = (None, *dims)
        return dims
    return None


def slipped_steps(variant: Variant, question: Question | int | str, mistake: Mistake
                  ) -> dict[str, object]:
    """Each step's value as the calculation would give it with the mistake's slip on the
    question's layer (empty when the slip changes nothing or does not apply)."""
    index = variant.index(question)
    asked = variant.questions[index]
    if mistake.slip is None:
        return {}
    target = None
    if asked.layer is not None or asked.quantity not in ("total_params", "trainable_params",
                                                         "non_trainable_params"):
        layer = find_layer(variant.summary, asked.layer)
        target = variant.summary.layers.index(layer)
    try:
        wrong = summarize(variant.spec, slips={mistake.slip}, slip_layer=target)
        steps = quantity(wrong, asked.quantity, asked.layer).steps
    except TutorError:
        return {}
    return {s.key: s.value for s in steps if s.key}


def check_step(variant: Variant, question: Question | int | str, key: str, text: str,
               earlier: Mapping[str, object] | None = None) -> StepVerdict:
    """Check one step's value. `earlier` holds the values the learner gave to the steps before
    (by key), so that a step consistent with an earlier slip is accepted as such."""
    step = step_of(variant, question, key)
    value = _read(text, step.value)
    if value is None:
        kind = "a shape" if isinstance(step.value, tuple) else "a number"
        return StepVerdict(key, "unreadable", text, f"This step's value is {kind}.")
    if value == step.value:
        return StepVerdict(key, "correct", text, f"Right: {step.label}.", value)
    ways = [(m, slipped_steps(variant, question, m)) for m in SLIP_MISTAKES]
    ways = [(m, values) for m, values in ways if values]
    # a slip the learner already made in an earlier step: this one follows from it
    for mistake, values in ways:
        made_before = [k for k, v in (earlier or {}).items() if k in values and k != key
                       and v == values[k] and v != _right(variant, question, k)]
        if made_before and values.get(key) == value:
            before = step_of(variant, question, made_before[0])
            return StepVerdict(key, "consistent", text,
                               f"Right, given your {fmt((earlier or {})[made_before[0]])} "
                               f"for the {before.label}: this step follows from it. Fix that "
                               "one and this one follows.", value, mistake)
    for mistake, values in ways:
        if values.get(key) == value:
            seen = Seen(_layer(variant, question), variant.questions[variant.index(question)]
                        .quantity, value)
            return StepVerdict(key, "incorrect", text, mistake.sentence(seen), value, mistake)
    return StepVerdict(key, "incorrect", text,
                       f"Not quite. Look at the {step.label}: {step.formula}.", value)


def _right(variant: Variant, question: Question | int | str, key: str) -> object:
    return step_of(variant, question, key).value


def _layer(variant: Variant, question: Question | int | str):  # type: ignore[no-untyped-def]
    asked = variant.questions[variant.index(question)]
    try:
        return find_layer(variant.summary, asked.layer)
    except TutorError:
        return None


def implied_by_final(variant: Variant, question: Question | int | str,
                     text: str) -> dict[str, object]:
    """A right final answer fills in the steps it implies: every step's value."""
    steps = work_steps(variant, question)
    final = steps[-1] if steps else None
    if final is None or _read(text, final.value) != final.value:
        return {}
    return {s.key: s.value for s in steps}


__all__ = ["HELP_LEVELS", "Asked", "StepVerdict", "check_step", "help_text",
           "implied_by_final", "work_steps"]
