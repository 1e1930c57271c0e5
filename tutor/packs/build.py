"""Build a Pack from a document's nodes: every key checked, every problem reported with its
line and column. What the calculator says about the models is `tutor.packs.validate`'s part."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from tutor.calc.quantities import MODEL_QUANTITIES, QUANTITIES
from tutor.packs.answers import Answer, mistake_value, parse_answer, show
from tutor.packs.fields import (
    CHOICE_FIELDS,
    COMPARE_FIELDS,
    EXERCISE_FIELDS,
    ID_PATTERN,
    MISTAKE_FIELDS,
    NAME_PATTERN,
    PACK_FIELDS,
    QUESTION_FIELDS,
    RANGE_FIELDS,
)
from tutor.packs.model import AuthorMistake, Exercise, ModelSource, Pack, Question, Vary
from tutor.packs.nodes import FLOAT, INT, INVALID, STR, Reader, is_mapping, kind
from tutor.packs.problems import Position
from tutor.packs.variants import CODE_SLOT, TEXT_SLOT, WHOLE_SLOT

IDENT = re.compile(ID_PATTERN)
NAME = re.compile(NAME_PATTERN)
MAX_RANGE = 10_000
"""A `from`/`to` range may have at most this many values (a typo such as to: 10000000)."""

EXAMPLE_QUESTIONS = ("output_shape", "params")
"""What a worked example derives when it lists no questions."""

DEFAULT_TEXT = {
    "params": "How many parameters does {layer} have?",
    "output_shape": "What is the output shape of {layer}?",
    "height": "What is the height of {layer}'s output?",
    "width": "What is the width of {layer}'s output?",
    "depth": "What is the depth of {layer}'s output?",
    "channels": "How many channels does {layer}'s output have?",
    "length": "What is the length of {layer}'s output?",
    "size": "How many values does {layer} output per example?",
    "buffers": "How many buffers (values saved but not trained) does {layer} hold?",
    "total_buffers": "How many buffer values does the model hold in total?",
    "total_params": "How many parameters does the model have in total?",
    "trainable_params": "How many trainable parameters does the model have?",
    "non_trainable_params": "How many non-trainable parameters does the model have?",
    "mult_adds": "How many multiply-adds does {layer} compute?",
    "params_bytes": "How many bytes do {layer}'s parameters take?",
    "activation_bytes": "How many bytes does {layer}'s output take?",
    "receptive_field": "How many input pixels (along one side) does one output of {layer} "
                       "see?",
    "total_mult_adds": "How many multiply-adds does the whole model compute?",
}


@dataclass
class Draft:
    """What the nodes make: the pack (None if its own fields are wrong) holding the sound
    exercises, and every exercise the calculator can check, sound or not, so that its
    problems are reported along with the others."""

    pack: Pack | None
    checkable: list[tuple[Exercise, bool]] = field(default_factory=list)


def build_pack(reader: Reader, root: Node, *, builtin: bool = False) -> Draft:
    before = len(reader.problems)
    fields = reader.mapping(root, "", PACK_FIELDS, "a pack (a mapping with id, title, ...)")
    if fields is None:
        return Draft(None)
    pack_id = ident(reader, fields.get("id"), "id")
    title = text(reader, fields.get("title"), "title")
    description = text(reader, fields.get("description"), "description")
    version = read_version(reader, fields.get("version"))
    author = text(reader, fields.get("author"), "author")
    tags = reader.texts(fields["tags"], "tags") if "tags" in fields else ()
    pack_ok = len(reader.problems) == before
    items = fields.get("exercises")
    checkable = build_exercises(reader, items, pack_id if pack_ok else "")
    sound = tuple(exercise for exercise, ok in checkable if ok)
    if not pack_ok or items is None or not sound:
        return Draft(None, checkable)
    positions = {"": reader.position(root)} | {k: reader.position(v) for k, v in fields.items()}
    return Draft(Pack(pack_id, title, description, version, author, tags, sound,
                      file=reader.file, builtin=builtin, positions=positions), checkable)


def ident(reader: Reader, node: Node | None, where: str) -> str | Any:
    if node is None:
        return INVALID
    value = reader.scalar(node, where)
    if value is INVALID:
        return value
    if not isinstance(value, str) or not IDENT.match(value):
        reader.report(node, where, f"an id must start with a letter and hold only letters, "
                                   f"digits, '-', '_' and '.', got {value!r}")
        return INVALID
    return value


def text(reader: Reader, node: Node | None, where: str) -> str | Any:
    return INVALID if node is None else reader.text(node, where)


def read_version(reader: Reader, node: Node | None) -> str | Any:
    """Text or a number; kept as written, so `1.10` stays "1.10" rather than 1.1."""
    if node is None:
        return INVALID
    if isinstance(node, ScalarNode) and node.tag in (STR, INT, FLOAT):
        return node.value
    reader.report(node, "version", f"must be a version such as \"1.0\", got {kind(node)}")
    return INVALID


# -- exercises -------------------------------------------------------------------------------

def build_exercises(reader: Reader, node: Node | None, pack_id: str
                    ) -> list[tuple[Exercise, bool]]:
    """Each exercise the calculator can check, and whether it is otherwise sound."""
    if node is None:
        return []
    items = reader.sequence(node, "exercises", "a list of exercises")
    if items is None:
        return []
    if not items:
        reader.report(node, "exercises", "a pack needs at least one exercise")
    seen: dict[str, Position] = {}
    out = []
    for index, item in enumerate(items):
        where = f"exercises[{index}]"
        exercise, sound = build_exercise(reader, item, where, pack_id)
        written = written_id(reader, item)
        if written is not None:
            exercise_id, at = written
            if exercise_id in seen:
                reader.report(at, f"{where}.id", f"exercise id {exercise_id!r} is already used "
                                                 f"on line {seen[exercise_id].line}")
                sound = False
            seen.setdefault(exercise_id, at)
        if exercise is not None:
            out.append((exercise, sound))
    return out


def exercise_names(root: Node) -> dict[int, str]:
    """Each exercise's id as written, by its index in `exercises` (for naming broken ones)."""
    if not is_mapping(root):
        return {}
    for key, value in root.value:
        if getattr(key, "value", None) == "exercises" and isinstance(value, SequenceNode):
            return {index: item_id for index, item in enumerate(value.value)
                    if (item_id := plain_id(item)) is not None}
    return {}


def plain_id(node: Node) -> str | None:
    if is_mapping(node):
        for key, value in node.value:
            if getattr(key, "value", None) == "id" and isinstance(value, ScalarNode):
                return value.value
    return None


def written_id(reader: Reader, node: Node) -> tuple[str, Position] | None:
    """An exercise's id as written, even if the exercise has problems, so that a duplicate
    id is reported along with them."""
    if is_mapping(node):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, ScalarNode):
                return value.value, reader.position(value)
    return None


def build_exercise(reader: Reader, node: Node, where: str, pack_id: str
                   ) -> tuple[Exercise | None, bool]:
    """The exercise and whether it is sound. It is None only when the calculator cannot
    check it either (its model, questions or vary are wrong)."""
    before = len(reader.problems)
    fields = reader.mapping(node, where, EXERCISE_FIELDS, "an exercise")
    if fields is None:
        return None, False
    positions = {"": reader.position(node)} | {k: reader.position(v) for k, v in fields.items()}
    exercise_id = ident(reader, fields.get("id"), f"{where}.id")
    title = text(reader, fields.get("title"), f"{where}.title")
    prompt = text(reader, fields.get("prompt"), f"{where}.prompt")
    example = reader.boolean(fields["example"], f"{where}.example") if "example" in fields \
        else False
    middle = len(reader.problems)
    vary = build_vary(reader, fields["vary"], f"{where}.vary") if "vary" in fields else ()
    model = build_model(reader, node, fields, where, vary)
    compare = build_compare(reader, fields["compare"], f"{where}.compare", vary) \
        if "compare" in fields else None
    questions = build_questions(reader, node, fields, where, example is True, bool(vary))
    if model is None or not questions or len(reader.problems) != middle:
        return None, False
    exercise = Exercise(or_blank(exercise_id), or_blank(title), or_blank(prompt), model,
                        questions, example is True, vary, pack_id, where, positions,
                        compare=compare, span=(node.start_mark.index, node.end_mark.index))
    return exercise, len(reader.problems) == before


def or_blank(value: Any) -> Any:
    return "" if value is INVALID else value


MODEL_KEYS = ("model", "keras", "pytorch")


def build_model(reader: Reader, node: Node, fields: dict[str, Node], where: str,
                vary: tuple[Vary, ...], *, check_unused: bool = True) -> ModelSource | None:
    given = [key for key in MODEL_KEYS if key in fields]
    if len(given) > 1:
        reader.report(fields[given[1]], f"{where}.{given[1]}",
                      "give the model once: one of `model` (a spec), `keras` or `pytorch` (a "
                      "snippet)")
        return None
    if "keras" in fields or "pytorch" in fields:
        kind = given[0]
        return build_snippet(reader, fields[kind], f"{where}.{kind}", vary, kind=kind,
                             check_unused=check_unused)
    if "model" in fields:
        return build_spec(reader, fields["model"], f"{where}.model", vary,
                          check_unused=check_unused)
    reader.report(node, where, "missing the model: give `model` (a spec with input_shape and "
                               "layers), `keras` (a Keras snippet) or `pytorch` (a PyTorch "
                               "snippet)")
    return None


def build_compare(reader: Reader, node: Node, where: str, vary: tuple[Vary, ...]
                  ) -> ModelSource | None:
    """`compare:` holds one more model, in the same forms; `vary` values may be used in it,
    and need not be."""
    fields = reader.mapping(node, where, COMPARE_FIELDS, "a model (`keras:`, `pytorch:` or "
                                                         "`model:`)")
    if fields is None:
        return None
    return build_model(reader, node, fields, where, vary, check_unused=False)


def build_spec(reader: Reader, node: Node, where: str, vary: tuple[Vary, ...], *,
               check_unused: bool = True) -> ModelSource | None:
    found: list[tuple[str, Node, str]] = []
    data = reader.plain(node, where, found=found)
    layers: list[Position] = []
    arguments: list[dict[str, Position]] = []
    if is_mapping(node):
        for key, value in node.value:
            if key.value == "layers" and isinstance(value, SequenceNode):
                layers = [reader.position(item) for item in value.value]
                arguments = [argument_positions(reader, item) for item in value.value]
    used = set()
    for written, at, at_where in found:
        if not written.startswith("$"):
            if CODE_SLOT.search(written):
                reader.warn(at, at_where, f"{written!r} is used as written: a `vary` value is "
                                          "put in only for a whole value such as `$F`")
            continue
        match = WHOLE_SLOT.match(written)
        if not match or match.group(1) not in {v.name for v in vary}:
            reader.report(at, at_where, undeclared(written, vary))
        else:
            used.add(match.group(1))
    if check_unused:
        unused(reader, vary, used, where, "$")
    return ModelSource("spec", data, reader.position(node), tuple(layers),
                       arg_positions=tuple(arguments))


def argument_positions(reader: Reader, item: Node) -> dict[str, Position]:
    """Where each argument of a spec's layer is written: `{type: Conv2D, filters: 8}` or
    `{Conv2D: {filters: 8}}`, the key's position (a typo'd key is where to look)."""
    if not is_mapping(item):
        return {}
    pairs = item.value
    if len(pairs) == 1 and is_mapping(pairs[0][1]):
        pairs = pairs[0][1].value
    return {key.value: reader.position(key) for key, _ in pairs
            if isinstance(key, ScalarNode)}


def build_snippet(reader: Reader, node: Node, where: str, vary: tuple[Vary, ...], *,
                  kind: str = "keras", check_unused: bool = True) -> ModelSource | None:
    snippet = reader.text(node, where)
    if snippet is INVALID:
        return None
    origin = snippet_origin(reader, node)
    names = {v.name for v in vary}
    used = set()
    for match in CODE_SLOT.finditer(snippet):
        if match.group(1) in names:
            used.add(match.group(1))
            continue
        before = snippet[:match.start()]
        line = before.count("\n")
        column = match.start() - (before.rfind("\n") + 1)
        at = Position(origin.file, origin.line + line, origin.column + column)
        reader.report(at, where, undeclared(match.group(0), vary))
    if check_unused:
        unused(reader, vary, used, where, "$")
    return ModelSource(kind, snippet, reader.position(node), snippet_origin=origin)


def snippet_origin(reader: Reader, node: Node) -> Position:
    """Where the snippet's first character is in the file, so that its line 3 is found."""
    mark = node.start_mark
    if node.style not in ("|", ">"):  # one line, possibly after a quote
        return Position(reader.file, mark.line + 1, mark.column + 1 + (node.style is not None))
    lines = reader.source.splitlines()
    first = mark.line + 1  # a block scalar's text starts on the line after `|`
    for line in lines[first:mark.line + 1 + max(1, node.value.count("\n"))]:
        if line.strip():
            return Position(reader.file, first + 1, len(line) - len(line.lstrip(" ")) + 1)
    return Position(reader.file, first + 1, mark.column + 1)


def undeclared(written: str, vary: tuple[Vary, ...]) -> str:
    names = [v.name for v in vary]
    if not names:
        return (f"{written} looks like a placeholder but the exercise has no `vary`; declare "
                f"it under `vary:` or write the value")
    close = difflib.get_close_matches(written.lstrip("$"), names, n=1, cutoff=0.5)
    hint = f" (did you mean ${close[0]}?)" if close else ""
    return f"{written} is not declared in `vary` ({', '.join(names)}){hint}"


def unused(reader: Reader, vary: tuple[Vary, ...], used: set[str], where: str, sigil: str
           ) -> None:
    for item in vary:
        if item.name not in used:
            reader.report(item.position or Position(reader.file, 1, 1),
                          where.rsplit(".", 1)[0] + f".vary.{item.name}",
                          f"`{item.name}` is never used in the model: write {sigil}{item.name} "
                          "where its value goes")


# -- vary ------------------------------------------------------------------------------------

def build_vary(reader: Reader, node: Node, where: str) -> tuple[Vary, ...]:
    if not is_mapping(node):
        reader.report(node, where, f"must map names to values, such as `S: [1, 2]` or "
                                   f"`F: {{from: 1, to: 5}}`, got {kind(node)}")
        return ()
    out = []
    for name, (key_node, value) in reader.pairs(node, where, 0).items():
        at = f"{where}.{name}"
        if not NAME.match(name):
            reader.report(key_node, at, f"a vary name must be a word such as F or S (letters, "
                                        f"digits, _), got {name!r}")
            continue
        # kept even when its values are wrong, so `$name` is not also called undeclared
        values = vary_values(reader, value, at)
        out.append(Vary(name, values, reader.position(key_node),
                        value_positions(reader, value, len(values))))
    return tuple(out)


def value_positions(reader: Reader, node: Node, count: int) -> dict[int, Position]:
    """Where each of a list's values is written; a range's first and last, at `from`/`to`."""
    if isinstance(node, SequenceNode):
        return {index: reader.position(item) for index, item in enumerate(node.value)}
    if not is_mapping(node) or not count:
        return {}
    keys = {key.value: reader.position(value) for key, value in node.value
            if isinstance(key, ScalarNode)}
    out = {}
    if "from" in keys:
        out[0] = keys["from"]
    if "to" in keys:
        out[count - 1] = keys["to"]
    return out


def vary_values(reader: Reader, node: Node, where: str) -> tuple[Any, ...]:
    if is_mapping(node):
        return vary_range(reader, node, where)
    items = reader.sequence(node, where, "a list of values or a range {from: 1, to: 5}")
    if items is None:
        return ()
    if not items:
        reader.report(node, where, "needs at least one value")
    values = []
    for index, item in enumerate(items):
        value = reader.plain(item, f"{where}[{index}]", depth=2)
        if isinstance(value, dict):
            reader.report(item, f"{where}[{index}]", "a value must be a number, a text or a "
                                                     "list such as [3, 5], not a mapping")
        values.append(value)
    return () if INVALID in values or any(isinstance(v, dict) for v in values) else tuple(values)


def vary_range(reader: Reader, node: Node, where: str) -> tuple[int, ...]:
    fields = reader.mapping(node, where, RANGE_FIELDS, "a range")
    if fields is None:
        return ()
    numbers = {key: reader.integer(value, f"{where}.{key}") for key, value in fields.items()}
    if INVALID in numbers.values() or "from" not in numbers or "to" not in numbers:
        return ()
    step = numbers.get("step", 1)
    if step < 1:
        reader.report(fields["step"], f"{where}.step", f"must be at least 1, got {step}")
        return ()
    if numbers["to"] < numbers["from"]:
        reader.report(fields["to"], f"{where}.to", f"must not be less than from "
                                                   f"({numbers['from']}), got {numbers['to']}")
        return ()
    values = range(numbers["from"], numbers["to"] + 1, step)
    if len(values) > MAX_RANGE:
        reader.report(node, where, f"has {len(values):,} values, more than {MAX_RANGE:,}")
        return ()
    return tuple(values)


# -- questions -------------------------------------------------------------------------------

def build_questions(reader: Reader, node: Node, fields: dict[str, Node], where: str,
                    example: bool, varied: bool) -> tuple[Question, ...]:
    if "questions" not in fields:
        if example:
            at = reader.position(node)
            return tuple(default_question(q, i, f"{where}.questions[{i}]", at)
                         for i, q in enumerate(EXAMPLE_QUESTIONS))
        reader.report(node, where, "missing `questions` (or mark a worked example with "
                                   "`example: true`)")
        return ()
    items = reader.sequence(fields["questions"], f"{where}.questions", "a list of questions")
    if items is None:
        return ()
    if not items:
        reader.report(fields["questions"], f"{where}.questions", "needs at least one question")
    out: list[Question] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        at = f"{where}.questions[{index}]"
        question = build_question(reader, item, at, index, varied)
        if question is None:
            continue
        if question.id in seen:
            reader.report(question.positions.get("id", question.positions[""]), f"{at}.id",
                          f"question id {question.id!r} is already used by question "
                          f"{seen[question.id] + 1}")
        seen[question.id] = index
        out.append(question)
    return tuple(out)


def default_question(name: str, index: int, where: str, at: Position) -> Question:
    return Question(f"q{index + 1}", DEFAULT_TEXT[name].format(layer="the last layer"), name,
                    where=where, positions={"": at})


def build_question(reader: Reader, node: Node, where: str, index: int, varied: bool
                   ) -> Question | None:
    before = len(reader.problems)
    fields = reader.mapping(node, where, QUESTION_FIELDS, "a question")
    if fields is None:
        return None
    positions = {"": reader.position(node)} | {k: reader.position(v) for k, v in fields.items()}
    name = read_quantity(reader, fields.get("quantity"), f"{where}.quantity")
    layer = read_layer(reader, fields.get("layer"), f"{where}.layer", name)
    question_id = ident(reader, fields["id"], f"{where}.id") if "id" in fields \
        else f"q{index + 1}"
    wording = text(reader, fields["text"], f"{where}.text") if "text" in fields \
        else default_text(name, layer)
    hints = reader.texts(fields["hints"], f"{where}.hints") if "hints" in fields else ()
    explain = text(reader, fields["explain"], f"{where}.explain") if "explain" in fields \
        else None
    expect = choices = None
    mistakes: list[AuthorMistake] = []
    auto = read_auto_choices(reader, fields.get("choices"), f"{where}.choices")
    if isinstance(fields.get("choices"), ScalarNode):  # read (or reported) as `auto` / N
        fields = {k: v for k, v in fields.items() if k != "choices"}
    if name is not INVALID:
        for key in ("expect", "choices"):
            if key in fields and varied:
                reader.report(fields[key], f"{where}.{key}",
                              f"`{key}` cannot be used with `vary`: the answer changes with "
                              "each variant (the calculator checks every one)")
        if "expect" in fields and not varied:
            expect = read_answer(reader, fields["expect"], f"{where}.expect", name)
        if "mistakes" in fields:
            read_mistakes(reader, fields["mistakes"], f"{where}.mistakes", name, mistakes)
        if "choices" in fields and not varied:
            choices = read_choices(reader, fields["choices"], f"{where}.choices", name,
                                   mistakes)
    if len(reader.problems) != before:
        return None
    return Question(question_id, wording, name, layer, hints, choices or (), expect, explain,
                    where, positions, auto_choices=auto, mistakes=tuple(mistakes))


def read_quantity(reader: Reader, node: Node | None, where: str) -> str | Any:
    if node is None:
        return INVALID
    value = reader.scalar(node, where)
    if value is INVALID:
        return value
    if value not in QUANTITIES:
        close = difflib.get_close_matches(str(value), QUANTITIES, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        reader.report(node, where, f"unknown quantity {value!r}{hint}; one of "
                                   f"{', '.join(QUANTITIES)}")
        return INVALID
    return value


def read_layer(reader: Reader, node: Node | None, where: str, quantity: str | Any
               ) -> int | str | None:
    """YAML's 1-based layer number (or -1 for the last, or a name) as the calculator's
    0-based index or name."""
    if node is None:
        return None
    if quantity in MODEL_QUANTITIES:
        reader.report(node, where, f"`layer` does not apply to {quantity}, which counts the "
                                   "whole model")
        return None
    value = reader.scalar(node, where)
    if value is INVALID:
        return None
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value != 0:
        return value - 1 if value > 0 else value
    reader.report(node, where, f"must be a layer number counted from 1 (-1 for the last) or a "
                               f"layer name, got {value!r}")
    return None


def read_answer(reader: Reader, node: Node, where: str, quantity: str) -> Answer | None:
    answer = parse_answer(reader.plain(node, where, depth=3), quantity)
    if isinstance(answer, str):
        reader.report(node, where, answer)
        return None
    return answer


AUTO_CHOICES = 4
"""How many options `choices: auto` offers: the right answer and three catalogued mistakes."""


def read_auto_choices(reader: Reader, node: Node | None, where: str) -> int:
    """`choices: auto`, or `choices: N` for N options: wrong options made from the mistake
    catalogue. 0 when the author wrote the choices out (or wrote none)."""
    if not isinstance(node, ScalarNode):
        return 0
    value = reader.scalar(node, where)
    if value == "auto":
        return AUTO_CHOICES
    if isinstance(value, int) and not isinstance(value, bool) and 2 <= value <= 6:
        return value
    reader.report(node, where, f"must be a list of answers, `auto`, or a number of options "
                               f"from 2 to 6, got {value!r}")
    return 0


def read_mistakes(reader: Reader, node: Node, where: str, quantity: str,
                  out: list[AuthorMistake]) -> None:
    """`mistakes:`, each a wrong `value` and the `why` feedback says. A value with `{NAME}`s
    is worked out for each variant; any other is read now."""
    items = reader.sequence(node, where, "a list of mistakes ({value: ..., why: ...})")
    for index, item in enumerate(items or ()):
        at = f"{where}[{index}]"
        fields = reader.mapping(item, at, MISTAKE_FIELDS, "a mistake ({value: ..., why: ...})")
        if fields is None or "value" not in fields or "why" not in fields:
            continue
        raw = reader.plain(fields["value"], f"{at}.value", depth=3)
        why = reader.text(fields["why"], f"{at}.why")
        mistake_id = ident(reader, fields["id"], f"{at}.id") if "id" in fields else "author"
        if raw is INVALID or why is INVALID or mistake_id is INVALID:
            continue
        value: Answer | str = raw
        if not (isinstance(raw, str) and TEXT_SLOT.search(raw)):  # no {NAME}: read it now
            value = mistake_value(raw, quantity)
            if isinstance(value, str):
                reader.report(fields["value"], f"{at}.value", value)
                continue
        add_mistake(reader, out, AuthorMistake(value, why, mistake_id, at,
                                               reader.position(item)), item)


def add_mistake(reader: Reader, out: list[AuthorMistake], mistake: AuthorMistake,
                node: Node) -> None:
    if not isinstance(mistake.value, str) and any(m.value == mistake.value for m in out):
        reader.report(node, mistake.where, f"{show(mistake.value)} already has a `why`")
        return
    out.append(mistake)


def read_choices(reader: Reader, node: Node, where: str, quantity: str,
                 mistakes: list[AuthorMistake]) -> tuple[Answer, ...] | None:
    items = reader.sequence(node, where, "a list of answers")
    if items is None:
        return None
    if len(items) < 2:
        reader.report(node, where, f"multiple choice needs at least 2 choices, got "
                                   f"{len(items)}")
    out: list[Answer] = []
    for index, item in enumerate(items):
        answer = read_option(reader, item, f"{where}[{index}]", quantity, mistakes)
        if answer is None:
            continue
        if answer in out:
            reader.report(item, f"{where}[{index}]", f"{show(answer)} is listed twice")
        out.append(answer)
    return tuple(out)


def read_option(reader: Reader, item: Node, where: str, quantity: str,
                mistakes: list[AuthorMistake]) -> Answer | None:
    """An option: an answer, or `{value: ..., why: ...}` saying why it is wrong."""
    if not is_mapping(item):
        return read_answer(reader, item, where, quantity)
    fields = reader.mapping(item, where, CHOICE_FIELDS, "an option ({value: ..., why: ...})")
    if fields is None or "value" not in fields or "why" not in fields:
        return None
    answer = read_answer(reader, fields["value"], f"{where}.value", quantity)
    why = reader.text(fields["why"], f"{where}.why")
    mistake_id = ident(reader, fields["id"], f"{where}.id") if "id" in fields else "author"
    if answer is None or why is INVALID or mistake_id is INVALID:
        return None
    add_mistake(reader, mistakes, AuthorMistake(answer, why, mistake_id, f"{where}.why",
                                                reader.position(fields["why"])), item)
    return answer


def default_text(quantity: str | Any, layer: int | str | None) -> str:
    if quantity is INVALID:
        return ""
    if layer is None or layer == -1:
        phrase = "the last layer"
    elif isinstance(layer, int):
        phrase = f"layer {layer + 1}" if layer >= 0 else f"layer {-layer} from the end"
    else:
        phrase = f"the layer `{layer}`"
    return DEFAULT_TEXT[quantity].format(layer=phrase)
