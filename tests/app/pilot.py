"""Helpers to drive the app as a learner would, key by key."""

from __future__ import annotations

from textual.pilot import Pilot

from tutor.app.screens.exercise import ExerciseScreen


async def answer(pilot: Pilot, text: str) -> None:
    """Clear the answer field, type `text` key by key, and press ⏎."""
    await pilot.press("ctrl+u", *text, "enter")
    await pilot.pause()


def exercise_screen(pilot: Pilot) -> ExerciseScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseScreen), screen
    return screen


async def open_lesson_exercise(pilot: Pilot) -> ExerciseScreen:
    """From the pack list: the lesson pack, past the worked example, to its questions."""
    await pilot.press("enter", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = exercise_screen(pilot)
    assert screen.practice.exercise.id == "lesson-questions"
    return screen


async def packs_in(pilot: Pilot) -> None:
    """Wait for the packs: a restarted app draws its pack list from the index and loads the
    packs in a worker; keys that need them (c, ⏎) are done once they are in."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
