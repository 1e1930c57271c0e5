"""The app keeps going when its files are in trouble: an answer the progress file cannot take
now is kept, the learner is told, and it is saved once the file is free; a pack index or a
progress file of the wrong shape is not a crash at start."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.app.pilot import answer, open_lesson_exercise
from tutor.app.app import TutorApp
from tutor.app.index import FILENAME as INDEX
from tutor.app.index import read_index
from tutor.app.screens.notice import NoticeScreen
from tutor.progress.store import FILENAME


async def test_an_answer_saved_while_the_file_is_locked_is_kept_told_and_saved_later(
        make_app: Callable[..., TutorApp], data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson_exercise(pilot)
        other = sqlite3.connect(data_dir / FILENAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # held far past the save timeout
        try:
            await answer(pilot, "864")
            app.retry_saves()
            await pilot.pause()
            assert app.session.store.waiting == 1 and app.unsaved == 1
            shown = [n.message for n in app._notifications]
            assert any("kept but not saved yet" in m and "locked" in m for m in shown), shown
            # Practice goes on with the kept answer counted.
            assert app.session.store.records("conv-dims")[("lesson-questions",
                                                           "question-1")].tries == 1
        finally:
            other.execute("ROLLBACK")
            other.close()
        app.retry_saves()
        await pilot.pause()
        assert app.session.store.waiting == 0 and app.unsaved == 0
        assert any("are saved" in n.message for n in app._notifications)
    db = sqlite3.connect(data_dir / FILENAME)
    assert db.execute("SELECT answer FROM attempts").fetchall() == [("864",)]


def test_a_pack_index_nested_200000_deep_is_not_read(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / INDEX).write_text("[" * 200_000 + "]" * 200_000)
    assert read_index(data_dir) is None


def test_a_pack_index_that_is_a_fifo_is_not_waited_on(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    os.mkfifo(data_dir / INDEX)
    assert read_index(data_dir) is None


async def test_a_start_over_a_deep_index_and_a_foreign_database(
        make_app: Callable[..., TutorApp], data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / INDEX).write_text('{"key": ' * 200_000 + "0" + "}" * 200_000)
    db = sqlite3.connect(data_dir / FILENAME)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        assert "another program's tables (notes)" in str(app.screen.query_one("Static").render())
    assert len(list(data_dir.glob(f"{FILENAME}.corrupt-*"))) == 1
