"""`tutor check PACK EXERCISE ANSWER`: the verdict and the feedback, as the app gives them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.calc.derivation import fmt
from tutor.checking import Question, Verdict, check_answer
from tutor.checking.choices import chosen, options
from tutor.cli.locate import find_variant
from tutor.errors import TutorError

EXIT = {"correct": 0, "incorrect": 1, "unreadable": 2}


def run(args: argparse.Namespace) -> int:
    try:
        _, variant = find_variant(args.pack, args.exercise, args.seed)
        index = args.question - 1
        question = variant.questions[variant.index(index)]
    except TutorError as error:
        print(f"tutor check: {error}", file=sys.stderr)
        return 2
    asked = Question(variant.spec, question.quantity, question.layer)
    typed = chosen(args.answer, options(variant, index))
    verdict = check_answer(typed, asked, summary=variant.summary)
    if args.json:
        print(json.dumps(verdict_json(verdict)))
    else:
        print(f"{question.text}")
        print(describe(verdict))
    return EXIT[verdict.verdict]


def describe(verdict: Verdict) -> str:
    if verdict.unreadable:
        return f"Could not read {verdict.answer!r}: {verdict.feedback}"
    lines = [f"{verdict.verdict.upper()}: you answered {verdict.shown}.", verdict.feedback]
    marked = [s for s in verdict.expected.steps if s.key == verdict.step_key]
    if marked:  # the formula, not its value: the learner may want to try again
        lines.append(f"Look again at this step: {marked[0].label}: {marked[0].formula}")
    return "\n".join(lines)


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    value = verdict.reading.answer if verdict.reading is not None else None
    return {
        "verdict": verdict.verdict,
        "answer": verdict.answer,
        "understood": None if verdict.unreadable else verdict.shown,
        "value": list(value) if isinstance(value, tuple) else value,
        "expected": json_value(verdict.expected.value),
        "expected_text": fmt(verdict.expected.value),
        "mistake": verdict.mistake_id,
        "step": verdict.step_key,
        "feedback": verdict.feedback,
    }


def json_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
