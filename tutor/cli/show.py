"""`tutor show PACK EXERCISE`: an exercise in plain text, for authors and for terminals that
cannot run the app. `--reveal` adds the answers and their derivations."""

from __future__ import annotations

import argparse
import sys
import textwrap

from tutor.calc.derivation import fmt
from tutor.checking.choices import letter_of, options
from tutor.cli.locate import find_variant
from tutor.cli.render import step_lines
from tutor.errors import TutorError
from tutor.packs import Variant


def run(args: argparse.Namespace) -> int:
    try:
        pack, variant = find_variant(args.pack, args.exercise, args.seed)
    except TutorError as error:
        print(f"tutor show: {error}", file=sys.stderr)
        return 2
    print(render(variant, pack.title, reveal=args.reveal))
    return 0


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
                framework = "PyTorch" if compare.spec.framework == "pytorch" else "Keras"
                out.append(f"  {framework}, for comparison: {fmt(other.value)}")
                out += step_lines(other.steps, indent="    ")
            if question.explain:
                out += ["", textwrap.indent(question.explain.strip(), "    ")]
        elif question.hints:
            out.append(f"  ({len(question.hints)} hint{'s' * (len(question.hints) > 1)} "
                       "in the app)")
    return "\n".join(out)
