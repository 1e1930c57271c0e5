"""Concrete exercises: `vary` values put in, the model computed, every answer derived.

How `vary` works (see AUTHORING.md): the exercise names arguments and their possible values,

    vary:
      S: [1, 2, 3]                  # a list of values
      F: {from: 1, to: 5}           # or whole numbers from..to, both included (step: 1)

the model uses `$S`, `$F` where a value goes (`strides: $S` in a spec, `strides=$S` in a
snippet), and texts show the values with `{S}`, `{F}`. A seed picks one value per name with
`random.Random(seed)`, so a seed always gives the same variant; a combination the calculator
rejects (or for which a question has no answer) is skipped and the next draw tried.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from math import prod
from typing import TYPE_CHECKING, Any

from tutor.calc import summarize
from tutor.calc.frameworks import framework
from tutor.calc.quantities import Quantity, find_layer, quantity
from tutor.calc.result import ModelSummary
from tutor.errors import ModelError, TutorError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec
from tutor.packs.answers import mistake_value
from tutor.packs.keras_code import keras_code
from tutor.packs.problems import Position

if TYPE_CHECKING:
    from tutor.packs.model import AuthorMistake, Exercise, Question

DRAWS = 64
"""Random draws before falling back to walking the combinations in order."""
SCAN = 4096
"""Combinations walked in order, at most, before giving up on finding a valid variant."""

TEXT_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CODE_SLOT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
WHOLE_SLOT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\Z")


class VariantError(TutorError):
    """The calculator rejected a model or a question, with where in the pack it was written."""

    def __init__(self, message: str, position: Position, where: str) -> None:
        super().__init__(message, line=position.line, column=position.column)
        self.position = position
        self.where = where


@dataclass(frozen=True, eq=False)
class Variant:
    """An exercise made concrete: what the app shows and what the checker checks against.

    `values` are the chosen `vary` values ({} without `vary`); `title`, `prompt` and the
    questions' texts have them filled in. `code` is the Keras code to show: the author's
    snippet, or the YAML spec rendered as equivalent Keras code (`code_is_snippet` says
    which; rendered only when asked for). `answers[i]` is the calculator's answer to
    `questions[i]`, with its derivation.
    """

    exercise: Exercise
    values: Mapping[str, Any]
    title: str
    prompt: str
    questions: tuple[Question, ...]
    spec: ModelSpec
    summary: ModelSummary
    snippet: str | None
    answers: tuple[Quantity, ...]
    compare: Comparison | None = None

    @cached_property
    def code(self) -> str:
        """The code to show: the snippet, or the spec rendered as Keras (or PyTorch) code."""
        return self.snippet if self.snippet is not None else spec_code(self.spec)

    @property
    def code_label(self) -> str:
        """What the code is, for a heading: "Keras code", "model (as PyTorch code)", ..."""
        return code_label(self.spec.framework, self.code_is_snippet)

    @property
    def code_is_snippet(self) -> bool:
        return self.snippet is not None

    def answer(self, question: Question | int | str) -> Quantity:
        """The right answer and its derivation steps, for a question given as itself, its
        0-based index or its id."""
        return self.answers[self.index(question)]

    def index(self, question: Question | int | str) -> int:
        if isinstance(question, int):
            if not 0 <= question < len(self.questions):
                raise TutorError(f"exercise {self.exercise.id!r} has {len(self.questions)} "
                                 f"questions, so there is no question {question + 1}")
            return question
        key = question if isinstance(question, str) else question.id
        for index, candidate in enumerate(self.questions):
            if candidate.id == key:
                return index
        ids = ", ".join(q.id for q in self.questions)
        raise TutorError(f"exercise {self.exercise.id!r} has no question {key!r} ({ids})")


@dataclass(frozen=True, eq=False)
class Comparison:
    """An exercise's `compare:` model made concrete: its code, and its answer to each question
    (None where the question does not apply to it, such as a layer named in one framework)."""

    spec: ModelSpec
    summary: ModelSummary
    code: str
    code_is_snippet: bool
    answers: tuple[Quantity | None, ...]

    @property
    def code_label(self) -> str:
        return code_label(self.spec.framework, self.code_is_snippet)


def code_label(framework_id: str, snippet: bool) -> str:
    return framework(framework_id).code_label(snippet)


def spec_code(spec: ModelSpec) -> str:
    if spec.framework == "pytorch":
        from tutor.models.torch_snippet.code import torch_code

        return torch_code(spec)
    return keras_code(spec)


def expected(variant: Variant, question: Question | int | str) -> Quantity:
    """`quantity(summarize(spec), question.quantity, question.layer)`, cached in the variant."""
    return variant.answer(question)


# -- choosing a variant ----------------------------------------------------------------------

def variant_of(exercise: Exercise, seed: int | str = 0) -> Variant:
    """The variant `seed` picks (see the module's docstring); cached per exercise."""
    if not exercise.vary:
        return settle(attempt(exercise, ()))
    sizes = [len(v.values) for v in exercise.vary]
    rng = random.Random(seed)
    tried: set[tuple[int, ...]] = set()
    first: VariantError | None = None
    for combo in candidates(rng, sizes):
        if combo in tried:
            continue
        tried.add(combo)
        result = attempt(exercise, combo)
        if isinstance(result, Variant):
            return result
        first = first or result
    assert first is not None
    raise no_variant(exercise, len(tried), first)


def candidates(rng: random.Random, sizes: list[int]):
    """Random draws first (so seeds differ), then combinations in order from a seeded start
    (so a rare valid combination is still found)."""
    for _ in range(DRAWS):
        yield tuple(rng.randrange(n) for n in sizes)
    total = prod(sizes)
    start = rng.randrange(total)
    for k in range(min(total, SCAN)):
        yield unrank((start + k) % total, sizes)


def unrank(number: int, sizes: list[int]) -> tuple[int, ...]:
    out = []
    for size in reversed(sizes):
        number, index = divmod(number, size)
        out.append(index)
    return tuple(reversed(out))


def no_variant(exercise: Exercise, tried: int, first: VariantError) -> VariantError:
    where = f"{exercise.where}.vary"
    return VariantError(f"no valid variant: the calculator rejected all {tried} combinations "
                        f"tried, for example {first.message}",
                        exercise.positions.get("vary", exercise.position), where)


def settle(result: Variant | VariantError) -> Variant:
    if isinstance(result, VariantError):
        raise result
    return result


def attempt(exercise: Exercise, combo: tuple[int, ...]) -> Variant | VariantError:
    """The variant for one combination of value indexes, or why it is rejected (cached)."""
    cache = exercise._cache
    if combo not in cache:
        values = {v.name: v.values[i] for v, i in zip(exercise.vary, combo, strict=True)}
        try:
            cache[combo] = build(exercise, values)
        except VariantError as error:
            cache[combo] = located(error, values)
        except Exception as error:  # a calculator bug: skip the combination, never crash
            cache[combo] = located(VariantError(
                f"the calculator failed ({type(error).__name__}: {error}); please report it",
                exercise.position, exercise.where), values)
    return cache[combo]


def located(error: VariantError, values: Mapping[str, Any]) -> VariantError:
    """The error, saying which values it happened with."""
    if not values:
        return error
    shown = ", ".join(f"{k}={show(v)}" for k, v in values.items())
    return VariantError(f"with {shown}: {error.message}", error.position, error.where)


# -- building one variant --------------------------------------------------------------------

def build(exercise: Exercise, values: Mapping[str, Any]) -> Variant:
    spec, code, summary = made(exercise, exercise.model, values)
    questions = tuple(fill_question(q, values) for q in exercise.questions)
    answers = tuple(answer_to(summary, q) for q in questions)
    compare = comparison(exercise, questions, values)
    return Variant(exercise, dict(values), fill_text(exercise.title, values),
                   fill_text(exercise.prompt, values), questions, spec, summary,
                   code.strip("\n") if code is not None else None, answers, compare)


def made(exercise: Exercise, source: Any, values: Mapping[str, Any]
         ) -> tuple[ModelSpec, str | None, ModelSummary]:
    """One model of the exercise (its own or `compare`'s), read and computed."""
    if source.kind in ("keras", "pytorch"):
        code = fill_code(source.data, values)
        spec = snippet_spec(exercise, code, source)
    else:
        spec = mapping_spec(exercise, fill_data(source.data, values), source)
        code = None
    try:
        summary = summarize(spec)
    except TutorError as error:
        raise model_error(exercise, at_argument(error, spec), source) from None
    return spec, code, summary


def at_argument(error: TutorError, spec: ModelSpec) -> TutorError:
    """The error moved to the argument it is about (`kernel_sise=3` on its own line of a
    call written over several), when the reader knows where that argument was written."""
    if error.argument is None or error.line is None:
        return error
    for layer in (*spec.layers, *spec.modules):
        if layer.line == error.line and error.argument in layer.arg_positions:
            error.line, error.column = layer.arg_positions[error.argument]
            break
    return error


def comparison(exercise: Exercise, questions: tuple[Question, ...],
               values: Mapping[str, Any]) -> Comparison | None:
    source = exercise.compare
    if source is None:
        return None
    spec, code, summary = made(exercise, source, values)
    answers = []
    for question in questions:
        try:
            answers.append(quantity(summary, question.quantity, question.layer))
        except TutorError:
            answers.append(None)
    return Comparison(spec, summary, code.strip("\n") if code is not None else spec_code(spec),
                      code is not None, tuple(answers))


def mapping_spec(exercise: Exercise, data: Any, source: Any = None) -> ModelSpec:
    source = source or exercise.model
    lines = {i: p.line for i, p in enumerate(source.layer_positions)}
    try:
        spec = spec_from_mapping(data, lines=lines)
    except TutorError as error:
        raise model_error(exercise, error, source) from None
    if spec.input_shape is None and spec.framework == "keras":
        raise model_error(exercise, ModelError(NO_INPUT), source)
    return spec


NO_INPUT = ("the model has no input shape: give `input_shape: [28, 28, 1]` (without the batch "
            "axis) beside `layers`, or on the first layer, or start the layers with "
            "`{type: Input, shape: [28, 28, 1]}`")


def snippet_spec(exercise: Exercise, code: str, source: Any = None) -> ModelSpec:
    source = source or exercise.model
    try:
        if source.kind == "pytorch":
            from tutor.models.torch_snippet import spec_from_torch_snippet as read
        else:
            from tutor.models.snippet import spec_from_snippet as read
    except ImportError:  # the snippet reader ships separately; say so instead of failing
        raise model_error(exercise, ModelError(
            "Keras snippets cannot be read yet (tutor.models.snippet is missing)"),
            source) from None
    try:
        spec = read(code)
    except TutorError as error:
        raise model_error(exercise, error, source) from None
    except (SyntaxError, ValueError, RecursionError) as error:  # a reader bug must not crash
        raise model_error(exercise, ModelError(f"cannot read the snippet: {error}"),
                          source) from None
    return spec


def model_error(exercise: Exercise, error: TutorError, source: Any = None) -> VariantError:
    """The calculator's message, placed where the author wrote the offending part."""
    source = source or exercise.model
    base = exercise.where if source is exercise.model else f"{exercise.where}.compare"
    message = f"layer {error.layer!r}: {error.message}" if error.layer else error.message
    if source.kind in ("keras", "pytorch"):
        return VariantError(message, snippet_position(source, error.line, error.column),
                            f"{base}.{source.kind}")
    where = f"{base}.model"
    for index, position in enumerate(source.layer_positions):
        if error.line is not None and position.line == error.line:
            arguments = source.arg_positions[index] if index < len(source.arg_positions) else {}
            if error.argument in arguments:
                return VariantError(message, arguments[error.argument],
                                    f"{where}.layers[{index}].{error.argument}")
            return VariantError(message, position, f"{where}.layers[{index}]")
    return VariantError(message, source.position, where)


def snippet_position(source: Any, line: int | None, column: int | None) -> Position:
    origin = source.snippet_origin or source.position
    if line is None:
        return origin
    return Position(origin.file, origin.line + line - 1,
                    origin.column + (column - 1 if column else 0))


def answer_to(summary: ModelSummary, question: Question) -> Quantity:
    """The calculator's answer; a question the model cannot answer is the author's mistake."""
    try:
        if question.layer is not None:
            find_layer(summary, question.layer)
    except TutorError as error:
        raise question_error(question, "layer", error) from None
    try:
        return quantity(summary, question.quantity, question.layer)
    except TutorError as error:
        raise question_error(question, "quantity", error) from None


def question_error(question: Question, key: str, error: TutorError) -> VariantError:
    position = question.positions.get(key) or question.positions[""]
    return VariantError(error.message, position, f"{question.where}.{key}")


# -- filling in values -----------------------------------------------------------------------

def fill_data(data: Any, values: Mapping[str, Any]) -> Any:
    """A spec with each `$NAME` string replaced by its value (lists become tuples in the spec)."""
    if not values:
        return data
    if isinstance(data, str):
        match = WHOLE_SLOT.match(data)
        return values.get(match.group(1), data) if match else data
    if isinstance(data, list):
        return [fill_data(item, values) for item in data]
    if isinstance(data, dict):
        return {key: fill_data(item, values) for key, item in data.items()}
    return data


def fill_code(code: str, values: Mapping[str, Any]) -> str:
    """A snippet with each `$NAME` replaced by its value as Python source ('same', (3, 3))."""
    if not values:
        return code
    return CODE_SLOT.sub(lambda m: python(values[m.group(1)]) if m.group(1) in values
                         else m.group(0), code)


def fill_text(text: str, values: Mapping[str, Any]) -> str:
    """A text with each `{NAME}` of a varied name replaced; other braces are left alone, so
    Markdown and LaTeX such as `\\text{ceil}` are safe."""
    if not values:
        return text
    return TEXT_SLOT.sub(lambda m: show(values[m.group(1)]) if m.group(1) in values
                         else m.group(0), text)


def fill_question(question: Question, values: Mapping[str, Any]) -> Question:
    if values:
        question = replace(question, text=fill_text(question.text, values),
                           hints=tuple(fill_text(h, values) for h in question.hints),
                           explain=fill_text(question.explain, values) if question.explain
                           else None)
    if any(isinstance(m.value, str) or "{" in m.why for m in question.mistakes):
        question = replace(question, mistakes=tuple(
            worked_out(m, question.quantity, values) for m in question.mistakes))
    return question


def worked_out(mistake: AuthorMistake, quantity: str, values: Mapping[str, Any]
               ) -> AuthorMistake:
    """An author's mistake with this variant's values put in, its value worked out."""
    why = fill_text(mistake.why, values)
    if not isinstance(mistake.value, str):
        return replace(mistake, why=why)
    text = fill_text(mistake.value, values)
    where = f"{mistake.where}.value"
    position = mistake.position or Position("", 0, 0)
    if unknown := TEXT_SLOT.search(text):
        raise VariantError(f"{{{unknown.group(1)}}} is not a name `vary` declares", position,
                           where)
    value = mistake_value(text, quantity)
    if isinstance(value, str):
        raise VariantError(value, position, where)
    return replace(mistake, value=value, why=why)


def python(value: Any) -> str:
    if isinstance(value, list | tuple):
        inner = ", ".join(python(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def show(value: Any) -> str:
    """A value as a learner reads it in a text: same, 3, (3, 5)."""
    if isinstance(value, str):
        return value
    return python(value)
