"""`tutor check PACK EXERCISE ANSWER`: the verdict and the feedback, as the app gives them."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from tutor.calc.derivation import fmt
from tutor.checking import Verdict, check
from tutor.cli.locate import EXIT, find_variant, question_index
from tutor.cli.stdin import STDIN, read_stdin
from tutor.errors import TutorError
from tutor.progress import Attempt, ProgressError, open_store
from tutor.progress.store import OPEN_TIMEOUT

MAX_ANSWER_BYTES = 4096  # far beyond any answer (the reader refuses 200 characters)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "step", None):
        if args.answer == STDIN:
            args.answer = read_stdin(MAX_ANSWER_BYTES, "an answer").strip()
        from tutor.cli.steps import check_one_step

        return check_one_step(args)
    try:
        if args.answer == STDIN:
            args.answer = read_stdin(MAX_ANSWER_BYTES, "an answer").strip()
        pack, variant = find_variant(args.pack, args.exercise, args.seed)
        index = question_index(variant, args.question)
        question = variant.questions[index]
    except TutorError as error:
        print(f"tutor check: {error}", file=sys.stderr)
        return 2
    verdict = check(variant, question, args.answer)
    if getattr(args, "record", False) and not verdict.unreadable:
        problem = record(args, pack.id, variant.exercise.id, question.id, verdict)
        if problem:
            print(f"tutor check: {problem}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(verdict_json(verdict)))
    else:
        print(f"{question.text}")
        print(describe(verdict))
    return EXIT[verdict.verdict]


def record(args: argparse.Namespace, pack: str, exercise: str, question: str,
           verdict: Verdict) -> str | None:
    """Save the attempt as the app does, so progress made here shows in the app and in
    `tutor progress`; a problem with the progress file is returned as a message."""
    try:
        store, warning = open_store(args.data_dir, save_timeout=OPEN_TIMEOUT)
    except ProgressError as error:
        return f"the answer was not recorded: {error}"
    if warning:
        print(warning, file=sys.stderr)
    mistake = verdict.mistake.mistakes[0].id if verdict.mistake else None  # as the app saves it
    try:
        saved = store.record(Attempt(pack, exercise, question, verdict.answer.strip(),
                                     verdict.correct, mistake, args.seed or 0, time.time()))
        problem = store.problem
    finally:
        store.close()  # an answer the file cannot take is written beside it (closing_note)
    if saved:
        return None
    return f"the answer was not recorded in {store.path}: {store.closing_note or problem}"


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
