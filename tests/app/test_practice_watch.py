"""`tutor practice --watch FILE`: the app opens at the exercise and follows the file's saves,
keeping the learner's place; a broken save is shown and the last good version stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tutor.app.app import TutorApp
from tutor.app.main import prepare
from tutor.app.screens.exercises import ExercisesScreen
from tutor.app.watch import WatchTarget
from tutor.cli.main import main

from .pilot import answer, exercise_screen

PACK = """\
id: watched
title: Watched
description: d
version: "1"
author: a
exercises:
  - id: one
    title: One
    prompt: First version.
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 8, kernel_size: 3}
    questions:
      - {id: p, quantity: params}
      - {id: h, quantity: height}
  - id: two
    title: Two
    prompt: Second exercise.
    vary:
      F: [3, 5]
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 4, kernel_size: $F}
    questions:
      - {quantity: params}
"""


async def until(pilot: Pilot, condition, tries: int = 300) -> None:
    """Wait for the watcher (a bounded number of short pauses; no timing is asserted)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the app did not follow the file")


def app_for(path: Path, data_dir: Path, exercise: str | None = None,
            seed: int | None = None) -> TutorApp:
    app = prepare([], str(data_dir), watch=WatchTarget(str(path), exercise, seed))
    assert isinstance(app, TutorApp), app
    return app


async def test_a_save_reloads_the_exercise_and_keeps_the_place(tmp_path: Path,
                                                               data_dir: Path) -> None:
    path = tmp_path / "watched.yaml"
    path.write_text(PACK)
    app = app_for(path, data_dir, "one")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = exercise_screen(pilot)
        assert screen.practice.exercise.id == "one"
        await answer(pilot, "80")
        await pilot.press("enter")  # on to the second question
        await pilot.press("2")
        assert screen.practice.question.id == "h"

        path.write_text(PACK.replace("First version.", "Second version."))
        await until(pilot, lambda: screen.practice.variant.prompt == "Second version.")
        assert exercise_screen(pilot) is screen
        assert screen.practice.question.id == "h"
        assert screen.practice.states[0].solved  # the same answer: the work is kept
        assert screen.answer.value == "2"  # and what was being typed

        path.write_text(PACK.replace("filters: 8", "filters: 16"))  # the answer changes
        await until(pilot, lambda: screen.practice.variant.answers[0].value == 160)
        assert not screen.practice.states[0].solved
        assert app.session.library.pack("watched").exercises[0].variant(0).answers[0].value \
            == 160


async def test_a_broken_save_is_shown_and_the_last_good_version_stays(
        tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "watched.yaml"
    path.write_text(PACK)
    app = app_for(path, data_dir, "one")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = exercise_screen(pilot)
        good = screen.practice
        path.write_text(PACK.replace("kernel_size: 3}", "kernel_size: 3"))
        await until(pilot, lambda: any("invalid YAML" in n.message
                                       for n in app._notifications))
        (note,) = [n for n in app._notifications if "invalid YAML" in n.message]
        assert note.severity == "error" and "last good version stays" in note.title
        assert "watched.yaml:14:" in note.message
        assert screen.practice is good and exercise_screen(pilot) is screen

        path.write_text(PACK.replace("kernel_size: 3}", "kernel_size: 30}"))
        await until(pilot, lambda: any("'one' has errors" in n.title
                                       for n in app._notifications))
        assert screen.practice is good

        path.write_text(PACK.replace("First version.", "Fixed."))
        await until(pilot, lambda: screen.practice.variant.prompt == "Fixed.")


async def test_it_opens_at_the_exercise_and_variant_asked_for(tmp_path: Path,
                                                            data_dir: Path) -> None:
    path = tmp_path / "watched.yaml"
    path.write_text(PACK)
    app = app_for(path, data_dir, "2", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = exercise_screen(pilot)
        assert screen.practice.exercise.id == "two"
        assert screen.practice.seed == 1
        assert screen.practice.variant.values == screen.practice.exercise.variant(1).values
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExercisesScreen)  # back to the pack's list
        assert pilot.app.screen.round.pack.id == "watched"


@pytest.mark.parametrize(("args", "says"), [
    (["--watch", "a.yaml", "b.yaml"], "--watch takes one pack file"),
    (["--exercise", "one", "a.yaml"], "--watch takes one pack file"),
    (["--watch", "missing.yaml"], "no such file"),
    (["--watch", "pack.yaml", "--exercise", "nine"], "has no exercise 'nine'"),
])
def test_watch_arguments_are_checked_before_the_app_starts(
        tmp_path: Path, data_dir: Path, capsys, monkeypatch, args: list[str],
        says: str) -> None:
    (tmp_path / "pack.yaml").write_text(PACK)
    monkeypatch.chdir(tmp_path)
    assert main(["practice", *args]) == 2
    assert says in capsys.readouterr().err
