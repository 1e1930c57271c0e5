"""Check a learner's answer against the calculator and explain a wrong one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tutor.calc import summarize
from tutor.calc.derivation import fmt
from tutor.calc.quantities import Quantity, quantity
from tutor.calc.result import LayerResult, ModelSummary
from tutor.checking.answers import IntAnswer, Reading, ShapeAnswer, Unreadable, read_answer
from tutor.checking.choices import asked, chosen, options
from tutor.checking.mistakes import Asked, Candidate, Value, diagnose, layer_before

if TYPE_CHECKING:
    from tutor.packs import Question, Variant

FORM_HINT = {
    "int": "This question asks for a single number, such as 896 or 32*3*3*3 + 32.",
    "shape": "This question asks for a shape, such as (None, 64, 64, 32) or 64x64x32.",
}


UNIT_FITS = {
    **dict.fromkeys(("params", "total_params", "trainable_params", "non_trainable_params"),
                    "parameters"),
    "depth": "channels", "channels": "channels",
    "height": "positions", "width": "positions", "length": "positions",
}
"""The unit family (see answers.UNITS) a number may carry for each quantity asked."""
UNIT_SAYS = {"parameters": "parameters", "channels": "channels (filters, units)",
             "positions": "positions along an axis (pixels, steps)"}
UNIT_EXAMPLE = {"parameters": "params", "channels": "channels", "positions": "px"}
QUANTITY_SAYS = {"params": "a number of parameters", "depth": "a depth (a number of channels)",
                 "channels": "a number of channels", "height": "a height", "width": "a width",
                 "length": "a length"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer; data for whichever front end shows it."""

    verdict: Literal["correct", "incorrect", "unreadable"]
    answer: str
    shown: str
    expected: Quantity
    feedback: str
    mistake: Candidate | None = None
    reading: Reading | None = None

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    @property
    def unreadable(self) -> bool:
        return self.verdict == "unreadable"

    @property
    def step_key(self) -> str | None:
        """The key of the derivation step the diagnosed mistake happens at, if it has one."""
        if self.mistake is None:
            return None
        keys = {step.key for step in self.expected.steps}
        for mistake in self.mistake.mistakes:
            for key in mistake.points_at:
                if key in keys:
                    return key
        return None

    @property
    def mistake_id(self) -> str | None:
        if self.mistake is None:
            return None
        return "+".join(m.id for m in self.mistake.mistakes)


def check(variant: Variant, question: Question | int | str, text: str) -> Verdict:
    """The one way to check a learner's answer to a question of a pack.

    `question` is the variant's question, its 0-based index or its id. For a multiple-choice
    question a letter (`b`, `(b)`) stands for that option. The app, `tutor check` and the
    multiple-choice options all come through here, so they always agree.
    """
    index = variant.index(question)
    typed = chosen(text, options(variant, index))
    return check_answer(typed, asked(variant, index), summary=variant.summary,
                        right=variant.answers[index])


def expects(question: Asked) -> Literal["int", "shape"]:
    return "shape" if question.quantity == "output_shape" else "int"


def check_answer(text: str, question: Asked, *, summary: ModelSummary | None = None,
                 right: Quantity | None = None) -> Verdict:
    """Read `text`, compare it with the calculator's answer, and name the likely mistake.

    The catalogue's own entry point, for any model spec; pack questions go through `check`.
    """
    summary = summary or summarize(question.spec)
    right = right or quantity(summary, question.quantity, question.layer)
    kind = expects(question)
    reading = read_answer(text, kind)
    if isinstance(reading, Unreadable):
        return Verdict("unreadable", text, reading.shown, right, reading.message, reading=reading)
    clash = _unit_clash(reading, question.quantity)
    if clash:
        return Verdict("unreadable", text, reading.shown, right, clash, reading=reading)
    value = _comparable(reading, right.value)
    if value is None:
        return Verdict("unreadable", text, reading.shown, right, FORM_HINT[kind],
                       reading=reading)
    if value == right.value:
        return Verdict("correct", text, reading.shown, right, _praise(reading, right),
                       reading=reading)
    found = diagnose(question, right, summary, value)
    said = _feedback(found, right, reading, question.quantity, layer_before(summary, right.layer))
    return Verdict("incorrect", text, reading.shown, right, said, mistake=found,
                   reading=reading)


def _unit_clash(reading: Reading, asked: str) -> str | None:
    """A unit that contradicts the question (`32 params` for a depth) is pointed out, never
    taken silently: the number may be right for the wrong reason."""
    if not isinstance(reading, IntAnswer) or reading.unit is None:
        return None
    fits = UNIT_FITS.get(asked)
    if fits is None or fits == reading.unit:
        return None
    wanted = QUANTITY_SAYS.get(asked, "a " + asked.replace("_", " "))
    return (f"That unit counts {UNIT_SAYS[reading.unit]}, but this question asks for {wanted}. "
            f"Type the number alone ({reading.value}) or with a unit that fits "
            f"({reading.value} {UNIT_EXAMPLE[fits]}).")


def _comparable(reading: Reading, expected: Value) -> Value | None:
    """The learner's value in the calculator's form, or None if it is the wrong kind."""
    if isinstance(expected, tuple):
        if not isinstance(reading, ShapeAnswer):
            return None
        dims = reading.dims
        if not reading.has_batch and len(dims) == len(expected) - 1:
            # the learner left out the batch axis, which is fine (Keras's None, or the batch
            # size a PyTorch example gave)
            return (expected[0], *dims)
        return dims
    return reading.value if isinstance(reading, IntAnswer) else None


def _praise(reading: Reading, right: Quantity) -> str:
    came = f" ({reading.shown})" if isinstance(reading, IntAnswer) and reading.expression else ""
    return f"Correct: {fmt(right.value)}{came}."


def _feedback(found: Candidate | None, right: Quantity, reading: Reading, asked: str,
              before: LayerResult | None) -> str:
    came = ""
    if isinstance(reading, IntAnswer) and reading.expression:
        came = f"Your expression came to {reading.value}. "
    if found is None:
        return (f"{came}Not quite, and it does not match a mistake we know. Try a hint, or "
                "reveal the derivation one step at a time.")
    seen = found.seen(right.layer, asked, before)
    sentences = [m.sentence(seen) for m in found.mistakes]
    text = came + " ".join(sentences)
    if found.also:
        others = "; or ".join(" and ".join(m.title for m in way) for way in found.also[:2])
        text += f" (Or perhaps you {others}.)"
    return text
