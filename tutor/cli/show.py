"""`tutor show PACK [EXERCISE]`: a pack's exercises and questions, or one exercise in plain
text, for authors, scripts (`--json`) and terminals that cannot run the app. `--reveal` adds
the answers and their derivations."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from tutor.calc.derivation import fmt
from tutor.calc.frameworks import framework
from tutor.checking.choices import letter_of, options
from tutor.cli.locate import find_pack, find_variant
from tutor.cli.render import step_lines
from tutor.errors import TutorError
from tutor.packs import Pack, Variant

WIDTH = 79


def run(args: argparse.Namespace) -> int:
    if getattr(args, "steps", False):
        if args.exercise is None:
            print("tutor show: --steps needs an exercise (and --question)", file=sys.stderr)
            return 2
        from tutor.cli.steps import show_steps

        return show_steps(args)
    try:
        if args.exercise is None:
            pack = find_pack(args.pack)
            variants = [exercise.variant(args.seed or 0) for exercise in pack.exercises]
        else:
            pack, variant = find_variant(args.pack, args.exercise, args.seed)
            variants = [variant]
    except TutorError as error:
        print(f"tutor show: {error}", file=sys.stderr)
        return 2
    if getattr(args, "json", False):
        print(json.dumps(pack_json(pack, variants, reveal=args.reveal)))
    elif args.exercise is None:
        print(listing(pack, variants, name=args.pack))
    else:
        print(render(variants[0], pack.title, reveal=args.reveal))
    return 0


def listing(pack: Pack, variants: list[Variant], name: str | None = None) -> str:
    """The pack's exercises and questions; the commands it suggests name the pack as the
    learner did (a file, such as a model made into a pack, is no installed id)."""
    """A pack's exercises, each with the questions it asks (ids, quantities, texts)."""
    questions = sum(len(v.questions) for v in variants if not v.exercise.example)
    out = [f"{pack.title} ({pack.id}): {plural(len(variants), 'exercise')}, "
           f"{plural(questions, 'question')}"]
    if pack.description.strip():
        out += [textwrap.fill(" ".join(pack.description.split()), WIDTH,
                              break_on_hyphens=False)]
    ids = max([len(q.id) for v in variants for q in v.questions] or [0])
    kinds = max([len(q.quantity) for v in variants for q in v.questions] or [0])
    for number, variant in enumerate(variants, 1):
        exercise = variant.exercise
        note = "  (worked example)" if exercise.example else ""
        out += ["", f"{number:>2}. {exercise.id}: {variant.title}{note}"]
        for question in variant.questions:
            head = f"      {question.id:<{ids}}  {question.quantity:<{kinds}}  "
            out.append(textwrap.fill(" ".join(question.text.split()), WIDTH,
                                     initial_indent=head,
                                     subsequent_indent=" " * len(head),
                                     break_on_hyphens=False))
    first = next((v for v in variants if not v.exercise.example and v.questions), None)
    if first is not None:
        key = name or pack.id
        out += ["", f"One exercise: tutor show {key} {first.exercise.id}",
                f"Answer a question: tutor check {key} {first.exercise.id} ANSWER "
                f"--question {first.questions[-1].id}"]
    return "\n".join(out)


def pack_json(pack: Pack, variants: list[Variant], *, reveal: bool) -> dict[str, Any]:
    return {
        "pack": {"id": pack.id, "title": pack.title, "description": pack.description,
                 "file": pack.file, "builtin": pack.builtin},
        "exercises": [exercise_json(pack, v, reveal=reveal) for v in variants],
    }


def exercise_json(pack: Pack, variant: Variant, *, reveal: bool) -> dict[str, Any]:
    exercise = variant.exercise
    questions = []
    for number, (question, right) in enumerate(zip(variant.questions, variant.answers,
                                                   strict=True), 1):
        entry: dict[str, Any] = {"number": number, "id": question.id, "text": question.text,
                                 "quantity": question.quantity, "layer": question.layer,
                                 "hints": len(question.hints)}
        choices = options(variant, number - 1)
        if choices:
            entry["choices"] = [fmt(choice) for choice in choices]
        if reveal or exercise.example:
            entry["answer"] = json_value(right.value)
        questions.append(entry)
    return {"number": pack.exercises.index(exercise) + 1, "id": exercise.id,
            "title": variant.title, "example": exercise.example, "varied": exercise.varied,
            "values": dict(variant.values), "questions": questions}


def json_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def render(variant: Variant, pack_title: str, *, reveal: bool) -> str:
    exercise = variant.exercise
    kind = "Worked example" if exercise.example else "Exercise"
    out = [f"{pack_title} › {variant.title}", f"{kind} {exercise.id!r}"]
    if variant.values:
        chosen = ", ".join(f"{k} = {v}" for k, v in variant.values.items())
        out.append(f"Variant: {chosen}")
    out += ["", variant.prompt.strip(), "", "Model:", textwrap.indent(variant.code.strip(), "    ")]
    compare = variant.compare
    if compare is not None:
        out += ["", f"For comparison ({compare.code_label}):",
                textwrap.indent(compare.code.strip(), "    ")]
    for number, (question, right) in enumerate(zip(variant.questions, variant.answers,
                                                   strict=True), 1):
        out += ["", f"Question {number} ({question.id}): {question.text}"]
        for index, choice in enumerate(options(variant, number - 1)):
            out.append(f"  {letter_of(index)}) {fmt(choice)}")
        if reveal or exercise.example:
            out.append(f"  Answer: {fmt(right.value)}")
            out += step_lines(right.steps, indent="    ")
            other = compare.answers[number - 1] if compare is not None else None
            if other is not None:
                name = framework(compare.spec.framework).name
                out.append(f"  {name}, for comparison: {fmt(other.value)}")
                out += step_lines(other.steps, indent="    ")
            if question.explain:
                out += ["", textwrap.indent(question.explain.strip(), "    ")]
        elif question.hints:
            out.append(f"  ({len(question.hints)} hint{'s' * (len(question.hints) > 1)} "
                       "in the app)")
    return "\n".join(out)
