"""Paste a model on the first screen: it becomes a pack, opened at once and kept by hash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static, TextArea

from tests.app.pilot import answer, exercise_screen, packs_in
from tutor.app.app import TutorApp
from tutor.app.screens.exercises import ExercisesScreen
from tutor.app.screens.paste import PasteScreen

MakeApp = Callable[..., TutorApp]
LESSON = ("from keras.models import Sequential\nfrom keras.layers import Conv2D\n"
          "model = Sequential()\n"
          "model.add(Conv2D(32, 3, strides=2, padding='same', input_shape=(128, 128, 3)))")


async def paste(app: TutorApp, pilot, text: str) -> PasteScreen:  # type: ignore[no-untyped-def]
    await packs_in(pilot)
    await pilot.press("p")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PasteScreen)
    screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_pasted_model_is_practised(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await paste(app, pilot, LESSON)
        screen = app.screen
        assert isinstance(screen, ExercisesScreen), screen
        assert screen.round.pack.id.startswith("model-pasted-")
        assert [e.id for e in screen.round.pack.exercises] == ["layer-1", "totals"]
        assert screen.round.pack.id in [p.id for p in app.session.packs]
        kept = list((data_dir / "pasted").glob("*.py"))
        assert len(kept) == 1 and kept[0].read_text() == LESSON
        await pilot.press("enter")
        await pilot.pause()
        exercise = exercise_screen(pilot)
        assert exercise.practice.exercise.id == "layer-1"
        await answer(pilot, "(None, 64, 64, 32)")
        state = exercise.practice.state
        assert state.verdict is not None and state.verdict.correct


async def test_a_broken_model_shows_its_line(make_app: MakeApp, data_dir: Path) -> None:
    app = make_app()
    broken = "from keras.models import Sequential\nmodel = Sequential()\nmodel.add(Conv2D(32, 3))"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await paste(app, pilot, broken)
        assert app.screen is screen
        assert "Line 3" in str(screen.query_one("#problem", Static).render())
        assert "Conv2D" in str(screen.query_one("#problem", Static).render())
        assert screen.query_one(TextArea).cursor_location == (2, 0)
        assert not (data_dir / "pasted").exists()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PasteScreen)
