"""What only the calculator can tell about a pack: does every model compute, does every
question have an answer, and do the authors' `expect` and `choices` agree with it? And the
slips that break nothing but are surely not meant: warnings (a `vary` value that never gives a
valid variant, a `{NAME}` or `$NAME` in a text that will never be filled in)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice, product

from tutor.errors import TutorError
from tutor.packs.answers import show
from tutor.packs.model import Exercise, Vary
from tutor.packs.problems import Problem, warning
from tutor.packs.variants import Variant, VariantError, attempt

VALUE_TRIES = 24
"""Combinations of the other names tried with a value before it is said never to work."""
RANGE_CHECKED = 64
"""A range with more values has only its first and last checked (the likeliest to fail)."""


def check_exercise(exercise: Exercise) -> list[Problem]:
    """Every problem the calculator finds in one exercise (no error: it may be shown).

    The model is computed once (seed 0); for a varied exercise, that proves at least one
    valid variant exists, and every question has been answered for it.
    """
    texts = check_texts(exercise)
    try:
        variant = exercise.variant(0)
    except VariantError as error:
        return [Problem(error.position, error.where, error.message), *texts]
    except TutorError as error:
        return [Problem(exercise.position, exercise.where, error.message), *texts]
    except Exception as error:  # a calculator bug must not crash validation
        return [Problem(exercise.position, exercise.where,
                        f"the calculator failed on this exercise ({type(error).__name__}: "
                        f"{error}); please report it"), *texts]
    answers = check_answers(variant)
    if exercise.vary and any(q.mistakes for q in exercise.questions):
        answers += other_variants(exercise, answers)
    return [*answers, *check_values(exercise, variant), *texts]


MISTAKE_SEEDS = 4
"""Variants whose authors' mistakes are checked (each must be wrong in every one)."""


def other_variants(exercise: Exercise, found: list[Problem]) -> list[Problem]:
    """Authors' mistakes checked in a few more variants: an expression may hit the right
    answer for some values only. Each problem is said once, with the values it came with."""
    problems: list[Problem] = []
    said = {p.where for p in found}
    for seed in range(1, MISTAKE_SEEDS):
        try:
            variant = exercise.variant(seed)
        except TutorError:
            continue
        for problem in check_mistakes(variant):
            if problem.where not in said:
                said.add(problem.where)
                values = ", ".join(f"{k}={show(v)}" for k, v in variant.values.items())
                problems.append(replace(problem, message=f"with {values}: {problem.message}"))
    return problems


def check_answers(variant: Variant) -> list[Problem]:
    problems = check_mistakes(variant)
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


def check_mistakes(variant: Variant) -> list[Problem]:
    """Each author's mistake is wrong, and its `why` does not give the right answer away."""
    problems = []
    for question, answer in zip(variant.questions, variant.answers, strict=True):
        right = answer.value
        for mistake in question.mistakes:
            at = mistake.position or question.positions[""]
            if same_answer(right, mistake.value):
                problems.append(Problem(at, mistake.where,
                                        f"{show(mistake.value)} is the right answer: a "
                                        "mistake's `why` is for a wrong one"))
            elif gives_away(mistake.why, right):
                problems.append(Problem(at, mistake.where,
                                        f"`why` shows the right answer, {show(right)}: "
                                        "feedback must let the learner find it"))
    return problems


def same_answer(right: object, given: object) -> bool:
    """Whether an author's value is the right answer (a shape may leave the batch out)."""
    if isinstance(right, tuple) and isinstance(given, tuple) and right and right[0] is None:
        return given in (right, right[1:])
    return right == given


def gives_away(text: str, right: object) -> bool:
    if isinstance(right, tuple):
        return show(right) in text or (len(right) > 2 and show(right[1:]) in text)
    return str(right) in re.findall(r"(?<![\d.])\d+(?!\d|\.\d)", text.replace(",", ""))


def working(steps: tuple) -> str:
    """The last step of the derivation, so the author sees where the number comes from (a
    shape's last step only restates the shape, so it is left out)."""
    if not steps or steps[-1].quantity == "output_shape":
        return ""
    step = steps[-1]
    if step.substituted and step.substituted != show(step.value):
        return f" ({step.formula} = {step.substituted} = {show(step.value)})"
    return f" ({step.formula} = {show(step.value)})"


# -- vary values that never work -------------------------------------------------------------

def check_values(exercise: Exercise, variant: Variant) -> list[Problem]:
    """A warning for each `vary` value that gives no valid variant with any of the other
    values tried (`F: [3, 100, "three"]` on a 28 × 28 input: 100 and "three"). Learners never
    see such a value, so it is almost surely a slip."""
    if not exercise.vary:
        return []
    base = tuple(item.values.index(variant.values[item.name]) for item in exercise.vary)
    out = []
    for slot, item in enumerate(exercise.vary):
        failed = [(index, failure) for index in checked_indexes(item)
                  if (failure := never_valid(exercise, base, slot, index)) is not None]
        where = f"{exercise.where}.vary.{item.name}"
        if failed and len(item.value_positions) < len(item.values):  # a range: one warning
            values = [item.values[index] for index, _ in failed]
            at = item.position or exercise.position
            them = "them" if len(values) > 1 else "it"
            out.append(warning(at, where, f"{item.name} = {spans(values)} never give"
                                          f"{'s' * (len(values) == 1)} a valid variant, so "
                                          f"learners never see {them}: {failed[0][1].message}"))
            continue
        for index, failure in failed:
            at = item.value_positions.get(index) or item.position or exercise.position
            out.append(warning(at, where, f"{item.name} = {show_value(item.values[index])} "
                                          f"never gives a valid variant, so learners never see "
                                          f"it: {failure.message}"))
    return out


def spans(values: list[int]) -> str:
    """1, 2, 3, 7 as "1 to 3, 7"."""
    parts, start = [], 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[index - 1] + 1:
            first, last = values[start], values[index - 1]
            parts.append(str(first) if first == last else f"{first} to {last}")
            start = index
    return ", ".join(parts)


def checked_indexes(item: Vary) -> list[int]:
    count = len(item.values)
    if count <= RANGE_CHECKED or len(item.value_positions) >= count:
        return list(range(count))
    return [0, count - 1]


def never_valid(exercise: Exercise, base: tuple[int, ...], slot: int, index: int
                ) -> VariantError | None:
    """Why the value at `index` of name `slot` gives no valid variant, or None if it gives one."""
    first = None
    for combo in islice(combos_with(exercise, base, slot, index), VALUE_TRIES):
        result = attempt(exercise, combo)
        if isinstance(result, Variant):
            return None
        first = first or result
    return first


def combos_with(exercise: Exercise, base: tuple[int, ...], slot: int, index: int
                ) -> Iterator[tuple[int, ...]]:
    """The known valid combination with this value put in first, then the others in order."""
    yield (*base[:slot], index, *base[slot + 1:])
    ranges = [range(len(v.values)) if i != slot else (index,)
              for i, v in enumerate(exercise.vary)]
    yield from product(*ranges)


def show_value(value: object) -> str:
    return repr(value) if isinstance(value, str) else show(value)


# -- placeholders in texts -------------------------------------------------------------------

TEXT_NAME = re.compile(r"(?<![\\\w{])\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
"""`{W}` in a text; not LaTeX's `\\text{W}` (a word before the brace), not `{{W}}`."""
CODE_NAME = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def check_texts(exercise: Exercise) -> list[Problem]:
    """Warnings for `{NAME}`s that `vary` does not declare (they are shown as written) and
    for `$NAME`s in texts (only models take `$NAME`; texts take `{NAME}`)."""
    names = [item.name for item in exercise.vary]
    out = []
    for where, key_path, value in texts_of(exercise):
        at = position_of(exercise, key_path)
        for match in TEXT_NAME.finditer(value):
            if match.group(1) not in names:
                out.append(warning(at, where, undeclared_text(match.group(0), names)))
        for match in CODE_NAME.finditer(value):
            name = match.group(1)
            fix = (f"write {{{name}}} to show its value" if name in names else
                   undeclared_text(f"{{{name}}}", names, shown=match.group(0)))
            out.append(warning(at, where, f"{match.group(0)} in a text is shown as written: "
                                          f"texts take {{NAME}}, not $NAME; {fix}"))
    return out


def texts_of(exercise: Exercise) -> Iterator[tuple[str, tuple[str, ...], str]]:
    base = exercise.where
    yield f"{base}.title", ("title",), exercise.title
    yield f"{base}.prompt", ("prompt",), exercise.prompt
    for question in exercise.questions:
        if "text" in question.positions:
            yield f"{question.where}.text", (question.where, "text"), question.text
        for number, hint in enumerate(question.hints):
            yield f"{question.where}.hints[{number}]", (question.where, "hints"), hint
        if question.explain:
            yield f"{question.where}.explain", (question.where, "explain"), question.explain


def position_of(exercise: Exercise, key_path: tuple[str, ...]):
    if len(key_path) == 1:
        return exercise.positions.get(key_path[0], exercise.position)
    where, key = key_path
    for question in exercise.questions:
        if question.where == where:
            return question.positions.get(key, question.positions[""])
    return exercise.position


def undeclared_text(written: str, names: list[str], *, shown: str | None = None) -> str:
    name = written.strip("{}")
    if not names:
        return (f"{shown or written} is not filled in: the exercise has no `vary`; declare "
                f"{name} under `vary:` or write the value")
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f" (did you mean {{{close[0]}}}?)" if close else ""
    return (f"{shown or written} is not filled in: `vary` declares {', '.join(names)}"
            f"{hint}")
