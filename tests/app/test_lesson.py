"""Play the lesson as the issue's checks say, at 80×24: worked example, 864 (forgot the
bias), 896, 32, 64, a derivation step by step, the summary; then the progress is saved and
survives a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from tutor.app.app import TutorApp
from tutor.app.screens.exercises import ExercisesScreen
from tutor.app.screens.packs import PacksScreen
from tutor.app.screens.summary import SummaryScreen
from tutor.app.widgets.derivation import DerivationView
from tutor.app.widgets.feedback import FeedbackPanel
from tutor.progress import open_store

from .pilot import answer, exercise_screen, packs_in


def plain(widget) -> str:
    return str(widget.render())


async def test_play_the_lesson_then_restart(make_app: Callable[..., TutorApp],
                                            data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # The pack list, the lesson first.
        assert isinstance(app.screen, PacksScreen)
        packs = app.screen.query_one(OptionList)
        assert packs.get_option_at_index(0).id == "conv-dims"
        assert packs.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)

        # The worked example: every answer shown, every derivation whole.
        await pilot.press("enter")
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.worked
        views = list(screen.query(".worked-derivation").results(DerivationView))
        assert len(views) == 2 and all(v.complete and v.revealed for v in views)
        assert "(None, 100, 100, 16)" in " ".join(
            plain(w) for w in screen.query(".worked-question"))
        await pilot.press("enter")  # on to the questions
        await pilot.pause()
        assert screen.practice.exercise.id == "lesson-questions"
        assert screen.answer.has_focus

        # Question 1: 864 is the weights without the biases.
        await answer(pilot, "864")
        feedback = screen.query_one(FeedbackPanel)
        assert "Not quite" in str(feedback.border_title)
        assert "bias" in plain(feedback)
        verdict = screen.practice.state.verdict
        assert verdict is not None and verdict.mistake_id == "forgot-bias"
        derivation = screen.derivation
        assert derivation.display and derivation.revealed == 0
        assert derivation.mark == "bias"

        # The derivation, one step at a time; the bias step is marked.
        for expected in (1, 2, 3):
            await pilot.press("f3")
            await pilot.pause()
            assert derivation.revealed == expected
        text = plain(derivation)
        assert "▶ 3. biases" in text and "forgot the bias" in text
        assert "= 32 × 3 × 3 × 3 = 864" in text

        await answer(pilot, "896")
        assert "Correct" in str(feedback.border_title)
        assert screen.practice.state.solved

        await pilot.press("enter")  # ⏎ on the empty field: next question
        await answer(pilot, "32")
        assert screen.practice.question.id == "question-2"
        assert screen.practice.state.solved
        await pilot.press("enter")
        await answer(pilot, "64")
        assert screen.practice.question.id == "question-3"
        assert screen.practice.state.solved
        await pilot.press("f4")  # the whole derivation of the width at once
        await pilot.pause()
        assert derivation.complete and "ceil(128 / 2)" in plain(derivation)

        await pilot.press("enter")  # last question, last exercise: the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert (summary.total, summary.solved, summary.first_try) == (3, 3, 2)
        assert [o.question.id for o in summary.struggled] == ["question-1"]
        assert "took more than one try" in plain(app.screen.query_one("#struggled"))

    store, warning = open_store(data_dir)
    assert warning is None
    assert [(a.question, a.answer, a.correct, a.mistake) for a in store.attempts()] == [
        ("question-1", "864", False, "forgot-bias"),
        ("question-1", "896", True, None),
        ("question-2", "32", True, None),
        ("question-3", "64", True, None),
    ]
    store.close()

    # A restart: progress shows on the pack list, and c continues where the learner was.
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert "3 of 3 solved" in str(again.screen.query_one(OptionList)
                                       .get_option_at_index(0).prompt)
        # the lesson is finished, so c offers the next pack, and says so
        said = plain(again.screen.query_one("#welcome"))
        assert "solved every question of Dimensions of a convolutional layer" in said
        assert "goes on to Drills: padding and strides" in said
        await pilot.press("c")
        await packs_in(pilot)
        screen = exercise_screen(pilot)
        assert screen.practice.pack.id == "padding-strides"


async def test_killed_mid_exercise_resumes_at_the_open_question(
        make_app: Callable[..., TutorApp]) -> None:
    """Every checked answer is saved at once: a new app (as after kill -9) resumes at the
    first question not yet solved."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "896")
        await pilot.press("enter")
        await answer(pilot, "16")  # wrong depth, then "killed"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await packs_in(pilot)
        practice = exercise_screen(pilot).practice
        assert practice.question.id == "question-2"
        assert practice.states[0].solved and practice.states[1].tries == 1
