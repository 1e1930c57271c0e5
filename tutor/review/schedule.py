"""Spaced review with FSRS (py-fsrs 6), derived from the learner's own log.

A card is a question (pack, exercise, question). Its scheduler state is not stored apart: it
is replayed from the attempts and events the progress file already keeps, so it can never
disagree with them, survives whatever they survive (kill -9 included), moves with them on
export and import, and needs no migration of an older file. Replaying a few thousand reviews
takes milliseconds.

The attempts on one question are cut into *encounters*: from the first thing done with it
until it is answered right (or, with no right answer, until the learner leaves it for more than
an hour). Each encounter is one review, rated (see `rate`):
    Again  not answered right, or answered only after the whole derivation was shown
    Hard   answered right after a wrong try, a hint or a derivation step
    Good   answered right at the first try, without help
    Easy   that, and within EASY_SECONDS of the question coming on screen in the app
Checking again a question answered in the last few minutes is not a new review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from tutor.progress.store import Attempt, Event

EASY_SECONDS = 20
"""Right at the first try, with no help, this soon after the question showed: Easy."""
GAP = timedelta(hours=1)
"""An unanswered question left this long ends its encounter (as a lapse)."""
REPEAT = timedelta(minutes=10)
"""A right answer this soon after the last review of the card is not a new review."""

Key = tuple[str, str, str]  # pack, exercise, question

# Days, not minutes: a learner comes back on another day, so no same-day learning steps.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass
class Encounter:
    key: Key
    start: float
    tries: int = 0
    wrong: int = 0
    hints: int = 0
    steps: int = 0
    viewed_at: float | None = None
    solved_at: float | None = None
    last_at: float = 0.0


@dataclass(frozen=True)
class Review:
    key: Key
    at: datetime
    rating: Rating


@dataclass
class CardState:
    key: Key
    card: Card
    reviews: list[Review] = field(default_factory=list)

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def last_rating(self) -> Rating | None:
        return self.reviews[-1].rating if self.reviews else None


def when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def rate(encounter: Encounter, all_steps: int | None = None) -> Rating:
    if encounter.solved_at is None:
        return Rating.Again
    if all_steps is not None and encounter.steps >= all_steps:
        return Rating.Again  # the answer was on screen before it was typed
    if encounter.wrong or encounter.hints or encounter.steps:
        return Rating.Hard
    # fast only where the question is known to have come on screen (the app says so; an
    # answer from the command line has no such moment)
    shown = encounter.viewed_at
    if shown is not None and encounter.solved_at - shown <= EASY_SECONDS:
        return Rating.Easy
    return Rating.Good


def encounters(attempts: Iterable[Attempt], events: Iterable[Event]) -> list[Encounter]:
    """Every encounter with every question, in time order."""
    items: list[tuple[float, int, Attempt | Event]] = [(a.at, 0, a) for a in attempts]
    items += [(e.at, 1, e) for e in events]
    items.sort(key=lambda item: (item[0], item[1]))
    open_: dict[Key, Encounter] = {}
    last_review: dict[Key, float] = {}
    done: list[Encounter] = []
    for at, _, item in items:
        key = (item.pack, item.exercise, item.question)
        current = open_.get(key)
        if current is not None and at - current.last_at > GAP.total_seconds():
            open_.pop(key)
            if current.tries:
                done.append(current)  # left unanswered: a lapse
            current = None
        if isinstance(item, Attempt):
            if item.correct and current is None and at - last_review.get(key, -1e18) < \
                    REPEAT.total_seconds():
                continue  # checked again right after a review: not a new one
            current = current or open_.setdefault(key, Encounter(key, at))
            current.tries += 1
            current.last_at = at
            if item.correct:
                current.solved_at = at
                done.append(open_.pop(key))
                last_review[key] = at
            else:
                current.wrong += 1
        else:
            current = current or open_.setdefault(key, Encounter(key, at))
            current.last_at = max(current.last_at, at)
            if item.kind == "view" and current.viewed_at is None:
                current.viewed_at = at
            elif item.kind == "hint":
                current.hints = max(current.hints, item.count)
            elif item.kind == "step":
                current.steps = max(current.steps, item.count)
    done += [e for e in open_.values() if e.tries]  # still unanswered: a lapse so far
    return sorted(done, key=lambda e: e.solved_at or e.last_at)


def cards(attempts: Iterable[Attempt], events: Iterable[Event], *,
          steps_of: Callable[[Key], int | None] | None = None) -> dict[Key, CardState]:
    """Every question answered at least once, with its FSRS card after all its reviews.
    `steps_of` tells how many derivation steps a question has, where known, so that an answer
    typed after the whole derivation was shown is rated Again."""
    out: dict[Key, CardState] = {}
    for encounter in encounters(attempts, events):
        at = when(encounter.solved_at or encounter.last_at)
        state = out.get(encounter.key)
        if state is None:
            state = out[encounter.key] = CardState(encounter.key, Card(due=at))
        rating = rate(encounter, steps_of(encounter.key) if steps_of else None)
        state.card, _ = SCHEDULER.review_card(state.card, rating, review_datetime=at)
        state.reviews.append(Review(encounter.key, at, rating))
    return out


def due(states: Iterable[CardState], at: datetime) -> list[CardState]:
    """The cards due at `at`, the longest overdue first."""
    return sorted((s for s in states if s.due <= at), key=lambda s: (s.due, s.key))


def next_due(states: Iterable[CardState], at: datetime) -> datetime | None:
    later = [s.due for s in states if s.due > at]
    return min(later) if later else None
