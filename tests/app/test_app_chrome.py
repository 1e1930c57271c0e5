"""What surrounds every screen: Ctrl+C quits, the palette offers the tutor's own actions, the
theme is remembered, and the header keeps the position when the title must give way."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Header, OptionList
from textual.widgets._header import HeaderTitle

from tutor.app.app import TutorApp, fit_title
from tutor.app.screens.exercise import ExerciseScreen

MakeApp = Callable[..., TutorApp]
SIZES = [(80, 24), (60, 20), (50, 16)]


@pytest.mark.parametrize("where", ["packs", "answer field"])
async def test_ctrl_c_quits(make_app: MakeApp, where: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if where == "answer field":
            await pilot.press("c")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExerciseScreen) and screen.answer.has_focus
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app._exit  # the app is on its way out, not copying or explaining


@pytest.mark.parametrize("size", SIZES)
async def test_palette_lists_only_the_tutors_actions(make_app: MakeApp,
                                                     size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+k")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        names = [str(option.prompt).split("\n")[0] for option in
                 app.screen.query_one("CommandList", OptionList)._options]
        listed = " ".join(names)
        for internal in ("Screenshot", "Maximize", "Keys", "Scroll", "cursor"):
            assert internal not in listed
        for ours in ("Help", "Theme", "Quit", "Hint", "Check"):
            assert ours in names
        assert len(names) == len(set(names))  # each action once


async def test_the_theme_is_remembered(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert json.loads((data_dir / "settings.json").read_text())["theme"] == "nord"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_damaged_settings_file_is_ignored(make_app: MakeApp, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text("{not json")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


@pytest.mark.parametrize("size", SIZES)
async def test_the_header_keeps_the_position(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        title = app.screen.query_one(Header).query_one(HeaderTitle)
        shown = str(title.render())
        assert shown.rstrip().endswith("· 2/2")
        assert len(shown.strip()) <= title.size.width
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "Dimensions of a convolutional layer · 2/2" in str(title.render())


def test_fit_title_shortens_the_title_not_the_position() -> None:
    text = "Dimensions of a convolutional layer · 12/19"
    assert fit_title(text, 100) == text
    assert fit_title(text, 25) == "Dimensions of a… · 12/19"
    assert len(fit_title(text, 25)) <= 25
    assert fit_title(text, 6) == "12/19"
