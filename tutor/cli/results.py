"""`tutor results`: a class's results for the teacher, per learner per question, and a summary
per question. Plain text, CSV or JSON; never loads Textual."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tutor.classroom.layout import LEARNERS
from tutor.classroom.results import ClassResults, LearnerQuestion, QuestionSummary, class_results
from tutor.progress import data_dir

ROW_FIELDS = ("learner", "pack", "exercise", "question", "attempts", "first_try", "solved",
              "hints", "steps", "mistakes", "seconds")
SUMMARY_FIELDS = ("pack", "exercise", "question", "learners", "solved", "first_try", "missed",
                  "attempts", "mistakes", "median_seconds")


def run(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    if not root.is_dir():
        print(f"tutor results: no data folder {root}", file=sys.stderr)
        return 2
    results = class_results(root)
    for problem in results.problems:
        print(f"tutor results: {problem}", file=sys.stderr)
    if not results.learners and not results.problems:
        print(f"tutor results: no learners' progress in {root} (expected "
              f"{root / LEARNERS}/NAME/)", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(as_json(results), indent=2))
    elif args.format == "csv":
        write_csv(results.questions if args.summary else results.rows,
                  SUMMARY_FIELDS if args.summary else ROW_FIELDS)
    else:
        print_text(results, root)
    return 1 if results.problems else 0


def slips(mistakes: Sequence[tuple[str, int]]) -> str:
    """`forgot-bias×2; valid-vs-same` (×1 left out)."""
    return "; ".join(name if count == 1 else f"{name}×{count}" for name, count in mistakes)


def cells(item: LearnerQuestion | QuestionSummary, fields: Sequence[str]) -> list[object]:
    values = []
    for name in fields:
        value = getattr(item, name)
        if name == "mistakes":
            value = slips(value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        values.append(value)
    return values


def write_csv(items: Sequence[LearnerQuestion | QuestionSummary], fields: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(fields)
    for item in items:
        writer.writerow(cells(item, fields))


def as_json(results: ClassResults) -> dict[str, object]:
    def plain(item: LearnerQuestion | QuestionSummary) -> dict[str, object]:
        data = dataclasses.asdict(item)
        data["mistakes"] = dict(item.mistakes)
        return data

    return {"learners": list(results.learners),
            "rows": [plain(row) for row in results.rows],
            "questions": [plain(summary) for summary in results.questions],
            "problems": list(results.problems)}


def print_text(results: ClassResults, root: Path) -> None:
    print(f"{len(results.learners)} learner{'s' if len(results.learners) != 1 else ''} "
          f"in {root}\n")
    table(["learner", "question", "tries", "1st", "solved", "hints", "steps", "time",
           "mistakes"],
          [[r.learner, f"{r.pack}/{r.exercise}/{r.question}", r.attempts,
            tick(r.first_try), tick(r.solved), r.hints, r.steps, duration(r.seconds),
            slips(r.mistakes)] for r in results.rows])
    print("\nPer question, the most missed first:\n")
    table(["question", "learners", "solved", "1st try", "missed", "tries", "median time",
           "commonest slips"],
          [[f"{q.pack}/{q.exercise}/{q.question}", q.learners, q.solved, q.first_try,
            q.missed, q.attempts, duration(q.median_seconds), slips(q.mistakes[:3])]
           for q in results.questions])


def tick(value: bool) -> str:
    return "yes" if value else "-"


def duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    texts = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in texts) for i in range(len(header))]
    for row in texts:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
