"""A round: one pass through a pack, or (a retry) through some of its questions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tutor.packs import Exercise, Pack, Question


@dataclass(frozen=True)
class Round:
    """A pass through a pack: every exercise, or (a retry) only some questions of some.

    `only` maps exercise ids to the question ids to practise; `since` is when the round began,
    so its summary counts only the answers given in it (0: every answer ever given).
    """

    pack: Pack
    only: Mapping[str, tuple[str, ...]] | None = None
    since: float = 0.0

    @property
    def retry(self) -> bool:
        return self.only is not None

    @property
    def indexes(self) -> tuple[int, ...]:
        """The exercises of the round, as indexes into the pack."""
        if self.only is None:
            return tuple(range(len(self.pack.exercises)))
        return tuple(i for i, e in enumerate(self.pack.exercises) if e.id in self.only)

    def asks(self, exercise: Exercise, question: Question) -> bool:
        """Whether the round asks this question (worked examples ask nothing)."""
        if exercise.example:
            return False
        return self.only is None or question.id in self.only.get(exercise.id, ())

    def questions(self) -> Iterator[tuple[int, Exercise, Question]]:
        """The questions a learner answers in the round, in order, with their exercise's
        index in the pack."""
        for index, exercise in enumerate(self.pack.exercises):
            for question in exercise.questions:
                if self.asks(exercise, question):
                    yield index, exercise, question
