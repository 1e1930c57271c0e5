"""What each learner of a class has done with each question, and a summary per question:
read from the learners' progress files (read-only), returned as data for any front end.

Time spent on a question is the time between the learner's actions on it (the question coming
on screen, a hint, a step, an answer) up to their next action anywhere; a pause longer than
`IDLE_CAP` counts as `IDLE_CAP`, so a learner who walked away is not charged for the break.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from tutor.classroom.layout import learners
from tutor.progress.store import FILENAME, Attempt, Event, ProgressStore

IDLE_CAP = 300.0
"""Seconds: the most one pause between two actions adds to the time spent."""

Key = tuple[str, str, str]
"""(pack, exercise, question)."""


@dataclass(frozen=True)
class LearnerQuestion:
    """One learner and one question."""

    learner: str
    pack: str
    exercise: str
    question: str
    attempts: int
    first_try: bool  # the first answer checked was right
    solved: bool
    hints: int  # the most hints shown at once
    steps: int  # the most derivation steps shown at once
    mistakes: tuple[tuple[str, int], ...]  # diagnosed slips, most frequent first
    seconds: float

    @property
    def key(self) -> Key:
        return (self.pack, self.exercise, self.question)


@dataclass(frozen=True)
class QuestionSummary:
    """One question across the class."""

    pack: str
    exercise: str
    question: str
    learners: int  # who answered it at least once
    solved: int
    first_try: int
    missed: int  # answered, and not right on the first try
    attempts: int
    mistakes: tuple[tuple[str, int], ...]  # slips across the class, most frequent first
    median_seconds: float

    @property
    def top_mistake(self) -> str | None:
        return self.mistakes[0][0] if self.mistakes else None


@dataclass(frozen=True)
class ClassResults:
    rows: tuple[LearnerQuestion, ...]
    questions: tuple[QuestionSummary, ...]  # the most missed first
    learners: tuple[str, ...]
    problems: tuple[str, ...] = field(default=())  # learners whose progress could not be read


def class_results(root: Path) -> ClassResults:
    """Every learner's results under the data folder `root` (see `layout`)."""
    rows: list[LearnerQuestion] = []
    names: list[str] = []
    problems: list[str] = []
    for name, folder in learners(root):
        try:
            attempts, events = read_progress(folder / FILENAME)
        except sqlite3.Error as error:
            problems.append(f"{name}: cannot read {folder / FILENAME}: {error}")
            continue
        names.append(name)
        rows.extend(learner_results(name, attempts, events))
    return ClassResults(tuple(rows), summarize(rows), tuple(names), tuple(problems))


def read_progress(path: Path) -> tuple[list[Attempt], list[Event]]:
    store = ProgressStore(path, read_only=True)
    try:
        return store.attempts(), store.events()
    finally:
        store.close()


def learner_results(name: str, attempts: Sequence[Attempt],
                    events: Sequence[Event]) -> list[LearnerQuestion]:
    """One row per question the learner answered or looked at, in the order first met."""
    order: dict[Key, None] = {}
    tries: dict[Key, list[Attempt]] = {}
    shown: dict[tuple[Key, str], int] = {}
    timeline: list[tuple[float, Key]] = []
    for attempt in attempts:
        key = (attempt.pack, attempt.exercise, attempt.question)
        tries.setdefault(key, []).append(attempt)
        timeline.append((attempt.at, key))
    for event in events:
        key = (event.pack, event.exercise, event.question)
        if event.kind in ("hint", "step"):
            shown[key, event.kind] = max(shown.get((key, event.kind), 0), event.count)
        timeline.append((event.at, key))
    timeline.sort(key=lambda item: item[0])
    for _, key in timeline:
        order.setdefault(key)
    seconds = time_spent(timeline)
    rows = []
    for key in order:
        answers = tries.get(key, [])
        rows.append(LearnerQuestion(
            name, *key, attempts=len(answers),
            first_try=bool(answers) and answers[0].correct,
            solved=any(a.correct for a in answers),
            hints=shown.get((key, "hint"), 0), steps=shown.get((key, "step"), 0),
            mistakes=ranked(a.mistake for a in answers if a.mistake),
            seconds=round(seconds.get(key, 0.0), 1)))
    return rows


def time_spent(timeline: Sequence[tuple[float, Key]]) -> dict[Key, float]:
    """Each gap between consecutive actions goes to the question of the earlier one."""
    spent: dict[Key, float] = {}
    for (at, key), (later, _) in pairwise(timeline):
        spent[key] = spent.get(key, 0.0) + min(max(later - at, 0.0), IDLE_CAP)
    return spent


def ranked(names: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Counts, the most frequent first (ties by name, so the order is stable)."""
    return tuple(sorted(Counter(names).items(), key=lambda item: (-item[1], item[0])))


def summarize(rows: Sequence[LearnerQuestion]) -> tuple[QuestionSummary, ...]:
    """One summary per question, the ones most learners missed first."""
    grouped: dict[Key, list[LearnerQuestion]] = {}
    for row in rows:
        grouped.setdefault(row.key, []).append(row)
    first_seen = {key: n for n, key in enumerate(grouped)}
    out = []
    for key, group in grouped.items():
        answered = [r for r in group if r.attempts]
        slips: Counter[str] = Counter()
        for row in answered:
            slips.update(dict(row.mistakes))
        out.append(QuestionSummary(
            *key, learners=len(answered), solved=sum(r.solved for r in answered),
            first_try=sum(r.first_try for r in answered),
            missed=sum(not r.first_try for r in answered),
            attempts=sum(r.attempts for r in answered),
            mistakes=ranked(slips.elements()),
            median_seconds=median([r.seconds for r in group])))
    out.sort(key=lambda s: (-s.missed, first_seen[(s.pack, s.exercise, s.question)]))
    return tuple(out)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round((ordered[middle - 1] + ordered[middle]) / 2, 1)
