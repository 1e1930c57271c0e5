"""What a teacher's results need from the app: the question coming on screen, hints and
derivation steps revealed are kept in the learner's progress file as they happen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.app.app import TutorApp
from tutor.classroom.results import learner_results
from tutor.progress import open_store

from .pilot import answer, open_lesson_exercise


async def test_views_hints_and_steps_are_kept(make_app: Callable[..., TutorApp],
                                              data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson_exercise(pilot)
        await answer(pilot, "864")
        await pilot.press("f3", "f3")
        await pilot.pause()
        await answer(pilot, "896")
        await pilot.press("enter")  # on to question 2
        await pilot.pause()
    store, _ = open_store(data_dir)
    try:
        events, attempts = store.events(), store.attempts()
    finally:
        store.close()
    kinds = [(e.question, e.kind, e.count) for e in events]
    assert kinds == [("question-1", "view", 0), ("question-1", "step", 1),
                     ("question-1", "step", 2), ("question-2", "view", 0)]
    q1 = learner_results("me", attempts, events)[0]
    assert (q1.attempts, q1.first_try, q1.solved, q1.steps, q1.hints) == (2, False, True, 2, 0)
    assert q1.mistakes == (("forgot-bias", 1),)
