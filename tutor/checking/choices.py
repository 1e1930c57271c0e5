"""The options of a multiple-choice question: the author's, or made from the mistake catalogue
so that each wrong option is what a real slip would give."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.calc.derivation import fmt
from tutor.checking.mistakes import Asked, Value, distractors

if TYPE_CHECKING:
    from tutor.packs import Variant


def options(variant: Variant, index: int) -> tuple[Value, ...]:
    """The choices to show for question `index` of `variant`, in a stable order; () for a
    question answered by typing."""
    question = variant.questions[index]
    if question.choices:
        return tuple(question.choices)
    if not question.auto_choices:
        return ()
    right = variant.answers[index]
    wrong = distractors(asked(variant, index), right, variant.summary,
                        question.auto_choices - 1)
    if not wrong:  # nothing in the catalogue fits this question: let the learner type it
        return ()
    return tuple(sorted([right.value, *(c.value for c in wrong)], key=_order))


def asked(variant: Variant, index: int) -> Asked:
    """Question `index` of a variant as the catalogue takes it, with its author's mistakes."""
    question = variant.questions[index]
    return Asked(variant.spec, question.quantity, question.layer, question.mistakes)


def _order(value: Value) -> tuple[int, ...]:
    """Numbers ascending; shapes by their sizes (an unknown axis first), so the right answer's
    place tells nothing."""
    if isinstance(value, tuple):
        return tuple(-1 if d is None else d for d in value)
    return (value,)


LETTERS = "abcdef"


def letter_of(index: int) -> str:
    return LETTERS[index]


def chosen(text: str, choices: tuple[Value, ...]) -> str:
    """A typed option letter (`b`, `B)`, `(b)`) as the option's value; other text unchanged."""
    letter = text.strip().strip("()").rstrip(").").lower()
    if choices and len(letter) == 1 and letter in LETTERS[:len(choices)]:
        return fmt(choices[LETTERS.index(letter)])
    return text
