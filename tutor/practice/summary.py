"""The end of a round: each question's tries and whether it was solved, from the saved answers.

Tries are counted per variant: a new variant (F5) is a fresh question, so a question's outcome
is that of the variant last worked on; `earlier` says how many variants came before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tutor.packs import Exercise, Pack, Question
from tutor.practice.round import Round
from tutor.progress import Attempt


@dataclass(frozen=True)
class Outcome:
    """One question in a summary: tries on its last variant, and whether (and when) it was
    right; `earlier` variants were tried before it (and left unsolved if `gave_up`)."""

    index: int
    exercise: Exercise
    question: Question
    tries: int
    tries_to_solve: int | None
    earlier: int = 0
    gave_up: bool = False

    @property
    def solved(self) -> bool:
        return self.tries_to_solve is not None

    @property
    def answered(self) -> bool:
        return self.tries > 0

    @property
    def struggled(self) -> bool:
        """Took more than one try, was tried and never solved, or a variant was left for
        another: worth practising again."""
        return (self.tries > 0 and self.tries_to_solve != 1) or self.gave_up


@dataclass(frozen=True)
class Summary:
    pack: Pack
    outcomes: tuple[Outcome, ...]
    retry_round: bool = False

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def solved(self) -> int:
        return sum(o.solved for o in self.outcomes)

    @property
    def first_try(self) -> int:
        return sum(o.tries_to_solve == 1 for o in self.outcomes)

    @property
    def unanswered(self) -> int:
        return sum(not o.answered for o in self.outcomes)

    @property
    def done(self) -> bool:
        """Every question of the round has been answered (right or not)."""
        return self.unanswered == 0

    @property
    def first_unanswered(self) -> Outcome | None:
        return next((o for o in self.outcomes if not o.answered), None)

    @property
    def struggled(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.struggled)


def summarize(round_: Round, attempts: Iterable[Attempt]) -> Summary:
    """Each question of the round, from the answers saved since it began."""
    by_seed: dict[tuple[str, str], dict[int, list[bool]]] = {}
    for attempt in attempts:
        if attempt.at >= round_.since:
            seeds = by_seed.setdefault((attempt.exercise, attempt.question), {})
            # a seed tried again moves to the end: the variant last worked on is last
            results = seeds.pop(attempt.seed, [])
            results.append(attempt.correct)
            seeds[attempt.seed] = results
    outcomes = []
    for index, exercise, question in round_.questions():
        variants = list(by_seed.get((exercise.id, question.id), {}).values())
        results = variants[-1] if variants else []
        solved_at = results.index(True) + 1 if True in results else None
        gave_up = any(True not in earlier for earlier in variants[:-1])
        outcomes.append(Outcome(index, exercise, question, len(results), solved_at,
                                len(variants[:-1]), gave_up))
    return Summary(round_.pack, tuple(outcomes), retry_round=round_.retry)


def retry_round(summary: Summary, now: float) -> Round | None:
    """A round over the questions worth practising again (None if there are none); its
    summary counts the answers from `now` on."""
    only: dict[str, tuple[str, ...]] = {}
    for outcome in summary.struggled:
        only[outcome.exercise.id] = (*only.get(outcome.exercise.id, ()), outcome.question.id)
    return Round(summary.pack, only, since=now) if only else None
