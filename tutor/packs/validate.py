"""What only the calculator can tell about a pack: does every model compute, does every
question have an answer, and do the authors' `expect` and `choices` agree with it?"""

from __future__ import annotations

from tutor.errors import TutorError
from tutor.packs.answers import show
from tutor.packs.model import Exercise
from tutor.packs.problems import Problem
from tutor.packs.variants import Variant, VariantError


def check_exercise(exercise: Exercise) -> list[Problem]:
    """Every problem the calculator finds in one exercise (none: it may be shown).

    The model is computed once (seed 0); for a varied exercise, that proves at least one
    valid variant exists, and every question has been answered for it.
    """
    try:
        variant = exercise.variant(0)
    except VariantError as error:
        return [Problem(error.position, error.where, error.message)]
    except TutorError as error:
        return [Problem(exercise.position, exercise.where, error.message)]
    except Exception as error:  # a calculator bug must not crash validation
        return [Problem(exercise.position, exercise.where,
                        f"the calculator failed on this exercise ({type(error).__name__}: "
                        f"{error}); please report it")]
    return check_answers(variant)


def check_answers(variant: Variant) -> list[Problem]:
    problems = []
    for question, answer in zip(variant.questions, variant.answers, strict=True):
        if question.expect is not None and question.expect != answer.value:
            problems.append(Problem(
                question.positions["expect"], f"{question.where}.expect",
                f"expect is {show(question.expect)} but the calculator says "
                f"{show(answer.value)}{working(answer.steps)}"))
        if question.choices and answer.value not in question.choices:
            problems.append(Problem(
                question.positions["choices"], f"{question.where}.choices",
                f"none of the choices is right: the calculator says {show(answer.value)}"
                f"{working(answer.steps)}"))
    return problems


def working(steps: tuple) -> str:
    """The last step of the derivation, so the author sees where the number comes from (a
    shape's last step only restates the shape, so it is left out)."""
    if not steps or steps[-1].quantity == "output_shape":
        return ""
    step = steps[-1]
    if step.substituted and step.substituted != show(step.value):
        return f" ({step.formula} = {step.substituted} = {show(step.value)})"
    return f" ({step.formula} = {show(step.value)})"
