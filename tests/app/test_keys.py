"""Every key the footer or the help screen promises, pressed in a Pilot test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from tutor.app.app import TutorApp
from tutor.app.screens.exercises import ExercisesScreen
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.packs import PacksScreen
from tutor.app.screens.summary import SummaryScreen
from tutor.app.widgets.hints import HintsView

from .pilot import answer, exercise_screen, open_lesson_exercise

MakeApp = Callable[..., TutorApp]


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_opens_and_closes(make_app: MakeApp, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").render())
        assert "Open the highlighted entry" in keys and "Go to the next question" in keys
        assert "16*5*5*3 + 16" in app.screen.query_one("Markdown").source
        for close in ("escape", "q", "f1", "question_mark"):
            await pilot.press(close)
            await pilot.pause()
            assert isinstance(app.screen, PacksScreen)
            if close != "question_mark":
                await pilot.press(key)
                await pilot.pause()


async def test_help_on_the_exercise_screen_lists_its_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson_exercise(pilot)
        await pilot.press("question_mark")  # types into the answer field
        assert exercise_screen(pilot).answer.value == "?"
        await pilot.press("f1")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").render())
        for label in ("f2 · h", "Show the next hint", "f3 · s", "^n · n", "^p · p",
                      "Previous exercise", "^k", "Search every action"):
            assert label in keys
        assert "Back to the answer field" in keys
        assert "While you type an answer" in app.screen.query_one("Markdown").source


async def test_quit_keys(make_app: MakeApp) -> None:
    for key in ("q", "ctrl+q"):
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running


async def test_pack_and_exercise_lists(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
        assert app.screen.round.pack.id == "padding-strides"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.solved == 0
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert exercise_screen(pilot).practice.index == 1
        for _ in range(2):  # esc leaves the answer field, then the screen
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PacksScreen)


async def test_continue_needs_somewhere_to_continue(make_app: MakeApp, data_dir) -> None:
    from tutor.packs import load_library
    from tutor.progress import Attempt, open_store

    store, _ = open_store(data_dir)  # every question of every pack solved
    for pack in load_library().packs:
        for exercise in pack.exercises:
            for question in () if exercise.example else exercise.questions:
                store.record(Attempt(pack.id, exercise.id, question.id, "x", True))
    store.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Every question of every pack is solved" in str(
            app.screen.query_one("#welcome").render())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PacksScreen)  # nothing left to continue


async def test_hints_one_at_a_time_by_f2_and_h(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        hints = screen.query_one(HintsView)
        assert not hints.display
        await pilot.press("f2")
        await pilot.pause()
        assert hints.display and hints.revealed == 1
        assert "K = filters" in str(hints.render())
        await pilot.press("escape", "h")
        await pilot.pause()
        assert hints.revealed == 2
        await pilot.press("h", "h")
        await pilot.pause()
        assert hints.revealed == 3  # no more than there are


async def test_steps_by_f3_s_and_all_by_f4_a(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        view = screen.derivation
        assert not view.display  # nothing revealed before asking
        await pilot.press("f3")
        await pilot.pause()
        assert view.display and view.revealed == 1
        await pilot.press("escape", "s")
        await pilot.pause()
        assert view.revealed == 2
        await pilot.press("a")
        await pilot.pause()
        assert view.complete
        await pilot.press("i")
        await pilot.pause()
        assert screen.answer.has_focus
        await pilot.press("down")  # next question: its own derivation, not shown yet
        await pilot.pause()
        assert screen.practice.question.id == "question-2" and not view.display
        await pilot.press("f4")
        await pilot.pause()
        assert view.complete
        await pilot.press("up")
        await pilot.pause()
        assert screen.practice.question.id == "question-1" and view.complete


async def test_next_and_previous_exercise(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("enter")  # padding-strides: a worked example first
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.practice.index == 0
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.practice.index == 1 and screen.answer.has_focus
        await pilot.press("n")  # types into the answer field...
        assert screen.answer.value == "n" and screen.practice.index == 1
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.practice.index == 2
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert screen.practice.index == 1
        await pilot.press("escape", "n")  # ...but moves on once esc has left it
        await pilot.pause()
        assert screen.practice.index == 2
        await pilot.press("escape", "p")
        await pilot.pause()
        assert screen.practice.index == 1
        await pilot.press("ctrl+p", "ctrl+p")
        await pilot.pause()
        assert screen.practice.index == 0  # no further back than the first


@pytest.mark.parametrize("key", ["f5", "v"])
async def test_new_variant(make_app: MakeApp, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.practice.exercise.varied
        before = (screen.practice.seed, dict(screen.practice.variant.values))
        if key == "v":
            await pilot.press("escape")
        await pilot.press(key)
        await pilot.pause()
        after = (screen.practice.seed, dict(screen.practice.variant.values))
        assert after[0] != before[0] and after[1] != before[1]


async def test_no_new_variant_for_a_fixed_exercise(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        assert screen.check_action("new_variant", ()) is False
        seed = screen.practice.seed
        await pilot.press("f5")
        await pilot.pause()
        assert screen.practice.seed == seed


async def test_page_keys_scroll_the_exercise(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        assert screen.body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.body.scroll_y > 0 and screen.answer.has_focus
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.body.scroll_y == 0


async def test_enter_outside_the_field_goes_back_to_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await pilot.press("escape")
        assert not screen.answer.has_focus
        await pilot.press("enter")
        assert screen.answer.has_focus


async def test_unreadable_answer_costs_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "lots")
        assert screen.practice.state.tries == 0
        feedback = screen.query_one("#feedback")
        assert "could not read" in str(feedback.border_title)
        assert "did not count" in str(feedback.render())
        assert app.session.store.attempts() == []


async def test_summary_retry_round(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "864")
        await answer(pilot, "896")
        await pilot.press("enter")
        await answer(pilot, "32")
        await pilot.press("enter")
        await answer(pilot, "64")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("r")
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.practice.order == (0,)  # only question-1 comes back
        await answer(pilot, "896")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert summary.retry_round and (summary.total, summary.first_try) == (1, 1)
        assert app.screen.check_action("retry", ()) is False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)


async def test_palette_lists_and_runs_the_screen_actions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"hint")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(HintsView).revealed == 1


async def test_choice_letters_answer_multiple_choice(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 4  # rectangular-kernel
        await pilot.press("enter")
        await pilot.pause()
        screen = exercise_screen(pilot)
        assert screen.practice.exercise.id == "rectangular-kernel"
        await pilot.press("down")
        question = screen.practice.question
        assert question.choices
        assert "a) " in str(screen.query_one("#question").render())

        right = next(i for i, c in enumerate(question.choices)
                     if c == screen.practice.expected.value)
        await answer(pilot, "abcdefghij"[right])
        assert screen.practice.state.solved
