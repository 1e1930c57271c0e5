"""Saving what the learner did: a transition's result as rows for the progress store."""

from __future__ import annotations

from tutor.practice.state import Checked, Practice
from tutor.progress import Attempt, Event


def attempt_of(checked: Checked, at: float) -> Attempt | None:
    """The attempt to save for a checked answer; None when it did not count (unreadable, or
    a question already solved)."""
    if not checked.counted:
        return None
    verdict = checked.verdict
    mistake = verdict.mistake.mistakes[0].id if verdict.mistake else None
    return Attempt(checked.pack, checked.exercise, checked.question, checked.text,
                   verdict.correct, mistake, checked.seed, at)


def events_between(before: Practice | None, after: Practice, at: float) -> list[Event]:
    """What to keep of a change other than an answer: a question coming on screen (`view`,
    once per arrival), or more hints or derivation steps shown than before. A worked example
    asks nothing, so nothing is kept of it."""
    if after.worked:
        return []

    def event(kind: str, count: int) -> Event:
        return Event(after.pack.id, after.exercise.id, after.question.id, kind, count,
                     after.seed, at)

    if before is None or _place(before) != _place(after):
        return [event("view", 0)]
    found = []
    if after.state.hints_shown > before.state.hints_shown:
        found.append(event("hint", after.state.hints_shown))
    if after.state.steps_shown > before.state.steps_shown:
        found.append(event("step", after.state.steps_shown))
    return found


def _place(practice: Practice) -> tuple[str, int, int]:
    return practice.exercise.id, practice.seed, practice.current
