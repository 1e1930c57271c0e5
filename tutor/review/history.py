"""What the log says about the learner: their own mistakes, and answers per day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tutor.progress.store import Attempt


@dataclass
class MistakeRecord:
    """One catalogued slip the learner made: how often, when last, and where."""

    id: str
    count: int = 0
    last: float = 0.0
    where: Counter[tuple[str, str]] = field(default_factory=Counter)  # (pack, exercise)


def mistakes(attempts: Iterable[Attempt]) -> list[MistakeRecord]:
    """Every slip named in the learner's answers, the most frequent first (then the most
    recent)."""
    found: dict[str, MistakeRecord] = {}
    for attempt in attempts:
        if attempt.correct or not attempt.mistake:
            continue
        record = found.setdefault(attempt.mistake, MistakeRecord(attempt.mistake))
        record.count += 1
        record.last = max(record.last, attempt.at)
        record.where[(attempt.pack, attempt.exercise)] += 1
    return sorted(found.values(), key=lambda r: (-r.count, -r.last, r.id))


def day_of(seconds: float) -> date:
    return datetime.fromtimestamp(seconds, UTC).date()


def answers_per_day(attempts: Iterable[Attempt]) -> dict[date, int]:
    return dict(sorted(Counter(day_of(a.at) for a in attempts).items()))


def streak(attempts: Iterable[Attempt], today: date) -> int:
    """Days in a row with at least one answer, ending today (or yesterday: a streak is not
    lost before the day is over)."""
    days = set(answers_per_day(attempts))
    start = today if today in days else today - timedelta(days=1)
    count = 0
    while start - timedelta(days=count) in days:
        count += 1
    return count
