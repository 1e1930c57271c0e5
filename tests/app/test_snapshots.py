"""SVG snapshots of the main screens at 80×24 (and the exercise at 60×20).

The packs are frozen copies in tests/app/packs, so edits to the built-in packs do not move
the screenshots; progress starts empty in a temporary folder. Regenerate after a deliberate
change to the screens with `pytest tests/app/test_snapshots.py --snapshot-update`, and look at
the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tutor.app.app import TutorApp
from tutor.app.screens.exercise import ExerciseScreen
from tutor.packs import discover

PACKS = Path(__file__).parent / "packs"


@pytest.fixture
def frozen_app(make_app: Callable[..., TutorApp], monkeypatch: pytest.MonkeyPatch
               ) -> TutorApp:
    monkeypatch.setattr(discover, "builtin_dir", lambda: PACKS)
    return make_app()


async def steady(pilot: Pilot) -> None:
    """No blinking cursor, nothing left to lay out: the same picture every time."""
    screen = pilot.app.screen
    if isinstance(screen, ExerciseScreen):
        screen.answer.cursor_blink = False
    await pilot.pause()


async def to_questions(pilot: Pilot) -> None:
    await pilot.press("enter", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def type_answer(pilot: Pilot, text: str) -> None:
    await pilot.press("ctrl+u", *text, "enter")
    await pilot.pause()


def test_pack_list(snap_compare, frozen_app: TutorApp) -> None:
    assert snap_compare(frozen_app, run_before=steady)


def test_worked_example(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("enter", "enter")
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before)


def test_exercise(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_questions(pilot)
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before)


def test_feedback_and_derivation_in_part(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_questions(pilot)
        await type_answer(pilot, "864")
        await pilot.press("f3", "f3", "f3")
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before)


def test_exercise_at_60x20(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_questions(pilot)
        await type_answer(pilot, "864")
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before, terminal_size=(60, 20))


def test_summary(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_questions(pilot)
        for text in ("864", "896", "", "32", "", "64", ""):
            await type_answer(pilot, text)
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before)


def test_help(snap_compare, frozen_app: TutorApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_questions(pilot)
        await pilot.press("f1")
        await steady(pilot)

    assert snap_compare(frozen_app, run_before=run_before)
