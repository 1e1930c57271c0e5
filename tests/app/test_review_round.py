"""The review queue on the first screen: "Review · N due", r answers the question due longest
afresh, and coming back shows one fewer due; `tutor review` opens straight on it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from tutor.app.app import TutorApp
from tutor.app.screens.exercise import ExerciseScreen
from tutor.app.screens.packs import PacksScreen
from tutor.progress import Attempt, open_store

MakeApp = Callable[..., TutorApp]
MONTH = 30 * 86400


def answered_a_month_ago(data: Path) -> None:
    store, _ = open_store(data)
    at = time.time() - MONTH
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "864", False,
                         "forgot-bias", 0, at))
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "896", True, None, 0,
                         at + 20))
    store.record(Attempt("conv-dims", "lesson-questions", "question-2", "32", True, None, 0,
                         at + 40))
    store.close()


def welcome(app: TutorApp) -> str:
    return str(app.screen.query_one("#welcome", Static).render())


async def wait_for(pilot, what: Callable[[], bool]) -> None:
    for _ in range(200):
        if what():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_review_round_from_the_first_screen(make_app: MakeApp, data_dir: Path,
                                                    size: tuple[int, int]) -> None:
    answered_a_month_ago(data_dir)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Review · 2 due" in welcome(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        practice = app.screen.practice
        # the question due longest (it was Hard), asked afresh: not shown as solved
        assert (practice.exercise.id, practice.question.id) == ("lesson-questions",
                                                                "question-1")
        assert not practice.state.solved and practice.order == (practice.current,)
        await pilot.press(*"896", "enter")
        await wait_for(pilot, lambda: app.screen.practice.state.solved)
        while not isinstance(app.screen, PacksScreen):
            await pilot.press("escape")
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: "Review · 1 due" in welcome(app))
        assert "1 answer today" in welcome(app)


async def test_nothing_due_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Review" not in welcome(app)
        app.screen.action_review()
        await pilot.pause()
        assert isinstance(app.screen, PacksScreen)


async def test_tutor_review_opens_on_the_first_due_question(make_app: MakeApp,
                                                            data_dir: Path) -> None:
    answered_a_month_ago(data_dir)
    app = make_app()
    app.start_review = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        assert app.screen.practice.question.id == "question-1"
        # let the new screen finish drawing (its header's title) before the app closes
        await pilot.pause(0.3)
