"""The practice loop in the app (issue #11's practice semantics): honest summaries, ^n that
says what it leaves, variants as fresh questions, re-checks that cost nothing, and questions
that look as they were left; and the packs loading in a worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from tutor.app.app import TutorApp
from tutor.app.main import prepare
from tutor.app.screens.exercises import ExercisesScreen
from tutor.app.screens.summary import SummaryScreen
from tutor.app.widgets.derivation import DerivationView
from tutor.app.widgets.hints import HintsView

from .pilot import answer, exercise_screen, open_lesson_exercise, packs_in

MakeApp = Callable[..., TutorApp]
SIZES = [(80, 24), (60, 20), (50, 16)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_summary_says_what_is_not_answered_and_enter_answers_it(
        make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    told: list[str] = []

    def heard(message: Message) -> None:
        if isinstance(message, Notify):
            told.append(message.notification.message)

    async with app.run_test(size=size, message_hook=heard) as pilot:
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "896")
        await pilot.press("ctrl+n")  # the last exercise of the pack: on to the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert any("Questions 2, 3" in m and "not answered yet" in m for m in told), told
        summary = app.screen.summary
        assert not summary.done and summary.unanswered == 2
        score = str(app.screen.query_one("#score").render())
        assert "2 not answered yet — ⏎ answers them" in score and "done" not in score
        await pilot.press("enter")
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.practice.question.id == "question-2"
        await answer(pilot, "32")
        await pilot.press("enter")  # on to question 3, the one still open
        await pilot.pause()
        assert screen.practice.question.id == "question-3"
        await answer(pilot, "60")  # wrong, but answered
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.done
        assert ": done" in str(app.screen.query_one("#score").render())
        await pilot.press("enter")  # everything answered: ⏎ goes back
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)


async def test_next_exercise_is_labelled_for_what_it_does(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        bindings = {b.binding.id: b.binding for b in screen.active_bindings.values()}
        assert bindings["exercise.next"].description == "Next exercise"


async def test_a_solved_answer_checked_again_is_not_a_try(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "896")
        await answer(pilot, "32*3*3*3 + 32")
        assert screen.practice.state.tries == 1 and screen.practice.state.verdict.correct
        assert len(app.session.store.attempts()) == 1


async def test_a_new_variant_is_a_fresh_question(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # padding-strides
        await pilot.pause()
        await pilot.press("down", "enter")  # valid-height: varied
        await pilot.pause()
        screen = exercise_screen(pilot)
        await answer(pilot, "1")
        await pilot.press("f2")
        await pilot.pause()
        assert screen.practice.state.tries == 1
        await pilot.press("f5")
        await pilot.pause()
        state = screen.practice.state
        assert (state.tries, state.hints_shown, state.verdict) == (0, 0, None)
        assert not screen.query_one("#feedback").display
        await answer(pilot, str(screen.practice.expected.value))
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        outcome = next(o for o in app.screen.summary.outcomes
                       if o.exercise.id == "valid-height")
        assert (outcome.tries, outcome.tries_to_solve) == (1, 1)  # counted on its variant


async def test_going_back_shows_a_question_as_it_was_left(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await pilot.press("f2", "f3", "f3")
        await answer(pilot, "864")
        await answer(pilot, "896")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.practice.question.id == "question-2"
        assert not screen.query_one("#feedback").display
        for back in ("up", "ctrl+p"):  # the previous question; the worked example and back
            await pilot.press(back)
            await pilot.pause()
            if back == "ctrl+p":
                assert screen.practice.worked
                await pilot.press("ctrl+n")
                await pilot.pause()
                await pilot.press("up")
                await pilot.pause()
            assert screen.practice.question.id == "question-1"
            feedback = screen.query_one("#feedback")
            assert feedback.display and "Correct" in str(feedback.border_title)
            assert screen.query_one(HintsView).revealed == 1
            derivation = screen.query_one("#derivation", DerivationView)
            assert derivation.display and derivation.revealed == 2


async def test_a_restart_shows_the_verdicts_and_help_already_given(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson_exercise(pilot)
        await pilot.press("f2", "f3")
        await answer(pilot, "864")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")  # the packs may still be loading: c waits for them
        await packs_in(pilot)
        screen = exercise_screen(pilot)
        verdict = screen.practice.state.verdict
        assert verdict is not None and verdict.mistake_id == "forgot-bias"
        assert screen.query_one("#feedback").display
        assert screen.query_one(HintsView).revealed == 1  # the help it had shown, too
        assert screen.query_one("#derivation", DerivationView).revealed == 1


async def test_packs_load_in_a_worker_and_a_choice_made_meanwhile_waits(
        data_dir: Path) -> None:
    first = prepare([], str(data_dir))
    assert isinstance(first, TutorApp) and first.session.loaded  # writes the index
    app = prepare([], str(data_dir))
    assert isinstance(app, TutorApp) and not app.session.loaded
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the first pack, maybe before the packs are in
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.loaded
        assert isinstance(app.screen, ExercisesScreen)
        assert app.screen.round.pack.id == "conv-dims"
