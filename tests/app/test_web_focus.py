"""In a browser (textual-serve) the app starts without focus, so a screen composed then never
takes its first focus; when the page gets focus, it is given, so ⏎ works without a Tab."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList

from tutor.app.app import TutorApp
from tutor.app.screens.exercises import ExercisesScreen
from tutor.practice import Round


async def test_a_screen_opened_without_focus_gets_it_when_the_app_does(
        make_app: Callable[..., TutorApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.app_focus = False  # as the web driver starts it: the page has no focus yet
        await pilot.pause()
        session = app.session
        await app.push_screen(ExercisesScreen(session, Round(session.pack("conv-dims"))))
        await pilot.pause()
        assert app.screen.focused is None
        app.app_focus = True
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen.focused, OptionList)
