"""Saving what the learner did: a transition's result as a row for the progress store."""

from __future__ import annotations

from tutor.practice.state import Checked
from tutor.progress import Attempt


def attempt_of(checked: Checked, at: float) -> Attempt | None:
    """The attempt to save for a checked answer; None when it did not count (unreadable, or
    a question already solved)."""
    if not checked.counted:
        return None
    verdict = checked.verdict
    mistake = verdict.mistake.mistakes[0].id if verdict.mistake else None
    return Attempt(checked.pack, checked.exercise, checked.question, checked.text,
                   verdict.correct, mistake, checked.seed, at)
