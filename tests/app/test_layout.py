"""Small terminals, resizing, NO_COLOR and themes: the answer field always stays in view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.filter import Monochrome, NoColor

from tutor.app.app import TutorApp
from tutor.app.screens.exercise import ExerciseScreen

from .pilot import answer, open_lesson_exercise

MakeApp = Callable[..., TutorApp]


def fully_visible(screen: ExerciseScreen) -> bool:
    """The answer field lies wholly inside the screen and has a line to type on."""
    region = screen.answer.region
    return region.height >= 1 and screen.region.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (50, 16)])
async def test_answer_field_stays_visible(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_lesson_exercise(pilot)
        assert fully_visible(screen)
        await answer(pilot, "864")
        # the verdict is brought into view, above the field
        feedback = screen.query_one("#feedback")
        assert screen.body.region.contains(feedback.region.x, feedback.region.y)
        await pilot.press("f4", "f2")
        await pilot.pause()
        assert fully_visible(screen) and screen.answer.has_focus
        hints = screen.query_one("#hints")
        assert screen.body.region.overlaps(hints.region)


async def test_short_terminal_drops_the_field_border(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_lesson_exercise(pilot)
        assert screen.has_class("-short")
        assert screen.answer.region.height == 1


async def test_resizing_never_crashes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "864")
        await pilot.press("f3", "f3")
        for size in [(60, 20), (20, 6), (1, 1), (200, 60), (40, 12), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert fully_visible(screen)
        await pilot.press("f1")
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.press("escape", "escape", "escape")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.is_running


async def test_no_color(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        assert any(isinstance(f, Monochrome | NoColor) for f in app._filters)
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "864")
        await pilot.press("f4")
        await pilot.pause()
        # the marked step and the verdict read without colour: markers and words
        assert "▶ 3." in str(screen.derivation.render())
        assert "✗ Not quite" in str(screen.query_one("#feedback").border_title)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "ansi-dark", "ansi-light",
                                   "solarized-light"])
async def test_themes(make_app: MakeApp, theme: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        screen = await open_lesson_exercise(pilot)
        await answer(pilot, "864")
        await pilot.press("f4", "f2")
        await pilot.pause()
        assert app.current_theme.name == theme
        assert fully_visible(screen)
