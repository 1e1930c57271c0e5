"""How far a learner has got in each pack: solved of total questions, and what comes next.

Shared by `tutor list` and `tutor progress`. Takes the packs as plain facts (ids, titles,
which questions each exercise asks) so this module needs neither the pack loader nor the UI.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tutor.progress.store import ProgressStore, QuestionRecord


@dataclass(frozen=True)
class PackOutline:
    """What a pack asks: its exercises in order, each with the ids of the questions it asks
    (a worked example asks none)."""

    id: str
    title: str
    exercises: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, title, question ids)

    @property
    def questions(self) -> tuple[tuple[str, str], ...]:
        return tuple((exercise, q) for exercise, _, qs in self.exercises for q in qs)


@dataclass(frozen=True)
class Standing:
    """One pack's progress: questions solved and tried, answers checked, the next exercise."""

    id: str
    title: str
    total: int
    solved: int
    tried: int
    answers: int
    next_exercise: tuple[int, str, str] | None  # (1-based number, id, title), None when done

    @property
    def done(self) -> bool:
        return self.total > 0 and self.solved == self.total


def standing(outline: PackOutline, records: dict[tuple[str, str], QuestionRecord]) -> Standing:
    keys = outline.questions
    asked = set(keys)
    solved = sum(1 for k in keys if k in records and records[k].solved)
    tried = sum(1 for k in keys if k in records)
    answers = sum(r.tries for k, r in records.items() if k in asked)
    return Standing(outline.id, outline.title, len(keys), solved, tried, answers,
                    next_unsolved(outline, records))


def next_unsolved(outline: PackOutline, records: dict[tuple[str, str], QuestionRecord]
                  ) -> tuple[int, str, str] | None:
    """The first exercise, in order, with a question not solved yet."""
    for number, (exercise, title, questions) in enumerate(outline.exercises, 1):
        if any(not (k in records and records[k].solved) for k in ((exercise, q)
                                                                   for q in questions)):
            return number, exercise, title
    return None


@dataclass(frozen=True)
class NextQuestion:
    """Where to go on: an exercise (0-based index) and, in it, a question not solved yet."""

    pack: str
    exercise_index: int
    exercise: str
    question_index: int
    question: str


def next_question(outline: PackOutline, records: dict[tuple[str, str], QuestionRecord],
                  start: int = 0) -> NextQuestion | None:
    """The first question not solved yet, looking from exercise `start` to the end and then
    from the beginning (a learner who skipped one is brought back to it); None when every
    question of the pack is solved."""
    count = len(outline.exercises)
    for offset in range(count):
        index = (start + offset) % count
        exercise, _, questions = outline.exercises[index]
        for number, question in enumerate(questions):
            record = records.get((exercise, question))
            if record is None or not record.solved:
                return NextQuestion(outline.id, index, exercise, number, question)
    return None


def standings(store: ProgressStore, outlines: Iterable[PackOutline]) -> list[Standing]:
    return [standing(outline, store.records(outline.id)) for outline in outlines]


def orphans(store: ProgressStore, known: Sequence[str]) -> list[tuple[str, int]]:
    """Packs with saved answers that are not among `known` (removed or renamed packs), with
    how many answers each holds: progress is never hidden just because its pack is gone."""
    counts: dict[str, int] = {}
    for attempt in store.attempts():
        if attempt.pack not in known:
            counts[attempt.pack] = counts.get(attempt.pack, 0) + 1
    return sorted(counts.items())
