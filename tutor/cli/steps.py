"""`tutor show ... --steps` and `tutor check ... --step KEY`: a question's derivation as blanks
to fill in, and one step's value checked with the same verdict as a whole answer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.calc.derivation import fmt
from tutor.checking.steps import check_step, work_steps
from tutor.cli.locate import EXIT, find_variant, question_index
from tutor.errors import TutorError


def show_steps(args: argparse.Namespace) -> int:
    try:
        _, variant = find_variant(args.pack, args.exercise, args.seed)
        index = question_index(variant, args.question)
    except TutorError as error:
        print(f"tutor show: {error}", file=sys.stderr)
        return 2
    steps = work_steps(variant, index)
    if args.json:
        rows: list[dict[str, Any]] = []
        for step in steps:
            row: dict[str, Any] = {"key": step.key, "label": step.label,
                                   "formula": step.formula}
            if args.reveal:
                value = step.value
                row.update(substituted=step.substituted,
                           value=list(value) if isinstance(value, tuple) else value)
            rows.append(row)
        print(json.dumps({"question": variant.questions[index].id, "steps": rows}))
        return 0
    print(variant.questions[index].text)
    for number, step in enumerate(steps, start=1):
        line = f"  {number}. {step.key}: {step.label} = {step.formula}"
        if args.reveal:
            line += f" = {step.substituted} = {fmt(step.value)}"
        print(line)
    if not args.reveal:
        print(f"Check a step: tutor check {args.pack} {args.exercise} VALUE --question "
              f"{args.question} --step KEY")
    return 0


def check_one_step(args: argparse.Namespace) -> int:
    try:
        _, variant = find_variant(args.pack, args.exercise, args.seed)
        index = question_index(variant, args.question)
        verdict = check_step(variant, index, args.step, args.answer)
    except TutorError as error:
        print(f"tutor check: {error}", file=sys.stderr)
        return 2
    # "consistent" (right given an earlier slip) needs the earlier steps, which a single
    # command does not have: here a step is right or wrong on its own
    status = "correct" if verdict.verdict == "correct" else verdict.verdict
    if args.json:
        print(json.dumps({"verdict": status, "step": verdict.key, "answer": verdict.answer,
                          "mistake": verdict.mistake.id if verdict.mistake else None,
                          "feedback": verdict.feedback}))
    else:
        print(f"{status.upper()}: {verdict.feedback}")
    return EXIT.get(status, 1)
