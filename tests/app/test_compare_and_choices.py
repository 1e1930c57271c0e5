"""An exercise that compares two frameworks shows the other's derivation beside the answer's,
and `choices: auto` questions list their options and take a letter."""

from __future__ import annotations

from collections.abc import Callable

from tutor.app.app import TutorApp
from tutor.app.widgets.code import CodeView
from tutor.app.widgets.derivation import DerivationView
from tutor.packs import builtin_dir

from .pilot import answer, exercise_screen


async def open_exercise(pilot, pack_index: int, exercise_index: int):
    await pilot.press(*["down"] * pack_index, "enter")
    await pilot.pause()
    await pilot.press(*["down"] * exercise_index, "enter")
    await pilot.pause()
    return exercise_screen(pilot)


async def test_pytorch_lesson_shows_the_keras_derivation_beside(
        make_app: Callable[..., TutorApp]) -> None:
    app = make_app(str(builtin_dir() / "lesson-pytorch.yaml"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, 0, 0)
        assert screen.practice.variant.spec.framework == "pytorch"
        assert screen.query_one("#compare-code", CodeView).display
        beside = screen.query_one("#compare", DerivationView)
        assert not beside.display  # nothing beside until the derivation is whole
        await answer(pilot, "864")
        await pilot.press("f4")
        await pilot.pause()
        assert screen.derivation.complete
        assert beside.display and beside.complete
        assert beside.title == "In Keras: 896"
        assert beside.steps[-1].formula == "K × F × F × D_in + K"
        assert screen.derivation.steps[-1].formula.startswith("C_out")


async def test_auto_choices_are_listed_and_a_letter_answers(
        make_app: Callable[..., TutorApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, 1, 3)  # padding-strides, padding-choice
        assert screen.practice.exercise.id == "padding-choice"
        choices = screen.practice.choices
        assert len(choices) >= 3
        right = screen.practice.expected.value
        letter = "abcdef"[choices.index(right)]
        assert f"{letter}) " in str(screen.query_one("#question").render())
        await answer(pilot, letter)
        assert screen.practice.state.solved
