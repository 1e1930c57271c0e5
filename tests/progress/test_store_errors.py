"""A progress file is set aside only when it is really damaged; a busy, read-only or full one
is left where it is with a message, and answers that cannot be saved now are kept, not lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.cli.main import main
from tutor.progress import Attempt, ProgressError, open_store
from tutor.progress import store as store_module
from tutor.progress.store import FILENAME, SAVE_TIMEOUT

NOBODY = 65534


def attempt(answer: str = "896", pack: str = "p") -> Attempt:
    return Attempt(pack, "e", "q", answer, answer == "896")


def saved_answers(folder: Path) -> list[str]:
    db = sqlite3.connect(folder / FILENAME)
    try:
        return [a for (a,) in db.execute("SELECT answer FROM attempts ORDER BY id")]
    finally:
        db.close()


def aside(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".corrupt-" in p.name]


@pytest.fixture
def locker(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock of a real progress file until the test ends."""
    store, _ = open_store(tmp_path)
    store.record(attempt("1"))
    store.close()
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


def test_a_save_while_the_file_is_locked_is_kept_and_saved_once_it_is_free(
        tmp_path: Path, locker: sqlite3.Connection) -> None:
    store, warning = open_store(tmp_path)  # WAL: opening is not blocked by a writer
    assert warning is None
    # The lock is held far past the save timeout: the save gives up, keeps the answer.
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == int(SAVE_TIMEOUT * 1000)
    assert store.record(attempt("896")) is False
    assert store.waiting == 1 and store.problem and "locked" in store.problem
    assert [a.answer for a in store.attempts("p")] == ["1", "896"]  # practice goes on
    assert store.records("p")[("e", "q")].solved
    assert store.flush() is False  # still locked
    locker.execute("ROLLBACK")
    assert store.record(attempt("3")) is True  # the next save takes the kept one too
    assert store.waiting == 0 and store.problem is None
    store.close()
    assert saved_answers(tmp_path) == ["1", "896", "3"]


def test_an_open_that_stays_locked_leaves_the_file_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = open_store(tmp_path)
    store.record(attempt("896"))
    store.close()
    other = sqlite3.connect(tmp_path / FILENAME, isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store_module, "OPEN_TIMEOUT", 0.2)
    try:
        with pytest.raises(ProgressError, match="locked") as raised:
            open_store(tmp_path)
        assert "left as it is" in str(raised.value)
        assert main(["progress", "--data-dir", str(tmp_path)]) == 2
    finally:
        other.close()
    assert aside(tmp_path) == []
    assert saved_answers(tmp_path) == ["896"]


def test_answers_still_unsaved_at_close_are_written_beside_and_taken_in_next_time(
        tmp_path: Path, locker: sqlite3.Connection) -> None:
    store, _ = open_store(tmp_path)
    store.record(attempt("896"))
    store.close()
    assert store.closing_note and "will be taken in" in store.closing_note
    [kept] = tmp_path.glob(f"{FILENAME}.unsaved-*.json")
    assert [row["answer"] for row in json.loads(kept.read_text())["attempts"]] == ["896"]
    locker.execute("ROLLBACK")
    again, _ = open_store(tmp_path)
    assert [a.answer for a in again.attempts()] == ["1", "896"]
    again.close()
    assert not kept.exists()


def test_a_full_disk_keeps_the_answer(tmp_path: Path) -> None:
    """Simulated: SQLite's own page limit gives the same SQLITE_FULL as a full disk (the real
    full filesystem is in test_full_tmpfs_keeps_the_answer)."""
    store, _ = open_store(tmp_path)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages}")
    big = "9" * 20_000
    assert store.record(attempt(big)) is False
    assert store.problem and "disk is full" in store.problem
    assert store.attempts("p")[-1].answer == big
    store.db.execute("PRAGMA max_page_count=1000000")
    assert store.flush() is True
    store.close()
    assert saved_answers(tmp_path) == [big]


@pytest.fixture
def tmpfs() -> Iterator[Path]:
    """A 1 MB tmpfs, when this process may mount one (as root); else the test is skipped
    and the simulated full disk above still runs."""
    folder = Path(tempfile.mkdtemp(prefix="tutor-full-"))
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True).returncode == 0
    if not mounted:
        folder.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)
    folder.rmdir()


def fill(folder: Path) -> Path:
    """Take every free block of the filesystem `folder` is on; returns the file to remove."""
    filler = folder / "filler"
    try:
        with filler.open("wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
    except OSError:
        pass
    return filler


def test_full_tmpfs_keeps_the_answer_and_the_file(tmpfs: Path) -> None:
    store, _ = open_store(tmpfs)
    store.record(attempt("1"))
    filler = fill(tmpfs)
    big = "7" * 100_000
    assert store.record(attempt(big)) is False
    assert store.problem and "disk is full" in store.problem
    assert [a.answer for a in store.attempts("p")] == ["1", big]
    filler.unlink()
    assert store.flush() is True, store.problem
    store.close()
    assert saved_answers(tmpfs) == ["1", big]
    assert aside(tmpfs) == []


def test_an_open_on_a_full_disk_leaves_the_file(tmpfs: Path) -> None:
    store, _ = open_store(tmpfs)
    store.record(attempt("896"))
    store.close()
    for suffix in ("-wal", "-shm"):
        (tmpfs / (FILENAME + suffix)).unlink(missing_ok=True)
    db = sqlite3.connect(tmpfs / FILENAME)
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    filler = fill(tmpfs)
    with pytest.raises(ProgressError, match="left as it is"):
        open_store(tmpfs)
    filler.unlink()
    assert aside(tmpfs) == [] and saved_answers(tmpfs) == ["896"]


def test_another_programs_database_is_set_aside_not_a_crash(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILENAME)
    db.execute("CREATE TABLE users (name TEXT)")
    db.execute("INSERT INTO users VALUES ('ada')")
    db.commit()
    db.close()
    # A read-only command reports it and touches nothing.
    with pytest.raises(ProgressError, match="another program's tables"):
        open_store(tmp_path, read_only=True)
    assert aside(tmp_path) == []
    store, warning = open_store(tmp_path)
    assert warning and "another program's tables (users)" in warning
    [kept] = aside(tmp_path)
    assert sqlite3.connect(kept).execute("SELECT name FROM users").fetchall() == [("ada",)]
    assert store.record(attempt()) is True


def test_our_table_with_other_columns_is_foreign(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILENAME)
    db.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, score REAL)")
    db.commit()
    db.close()
    store, warning = open_store(tmp_path)
    assert warning and "attempts table is not tutor's" in warning
    assert len(aside(tmp_path)) == 1
    store.close()


def test_a_newer_format_is_left_alone(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / FILENAME)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(ProgressError, match="newer version of tutor"):
        open_store(tmp_path)
    assert aside(tmp_path) == []


def test_progress_listing_opens_read_only_and_never_moves_a_damaged_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / FILENAME).write_bytes(b"not a database at all" * 50)
    assert main(["progress", "--data-dir", str(tmp_path)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert aside(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == [FILENAME]


def test_progress_listing_creates_nothing(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "new"
    assert main(["progress", "--data-dir", str(folder)]) == 0
    assert "No progress yet" in capsys.readouterr().out
    assert not folder.exists()


def test_a_failed_rename_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / FILENAME).write_bytes(b"not a database at all" * 50)

    def refuse(self: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(ProgressError, match="could not be moved aside: Permission denied"):
        open_store(tmp_path)
    assert (tmp_path / FILENAME).read_bytes().startswith(b"not a database")


# -- read-only files and folders, as a user without root's power to write anyway ---------

def run_as_nobody(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root to run as another user; as a user chmod already applies")
    env = {**os.environ, "HOME": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=env, cwd="/", timeout=120)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder with a progress file that user nobody can reach (pytest's is private)."""
    folder = Path(tempfile.mkdtemp(prefix="tutor-ro-"))
    folder.chmod(0o755)
    store, _ = open_store(folder)
    store.record(attempt("896"))
    store.close()
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=True)


CHECK = """
    import sys
    sys.path.insert(0, {root!r})
    from tutor.progress import ProgressError, open_store
    from tutor.cli.main import main
    try:
        open_store({folder!r})
    except ProgressError as error:
        print("ERROR", error)
    print("LIST", main(["progress", "--data-dir", {folder!r}]))
"""


def test_a_read_only_file_is_a_message_and_stays(shared: Path) -> None:
    os.chown(shared, NOBODY, NOBODY)  # nobody may write the folder, not the file
    (shared / FILENAME).chmod(0o444)
    result = run_as_nobody(shared, CHECK.format(root=str(Path.cwd()), folder=str(shared)))
    assert "ERROR cannot use the progress file" in result.stdout, result
    assert "read-only" in result.stdout and "left as it is" in result.stdout
    assert "LIST 0" in result.stdout  # the listing still reads it
    assert aside(shared) == [] and saved_answers(shared) == ["896"]


def test_a_read_only_folder_is_a_message_and_the_listing_still_works(shared: Path) -> None:
    (shared / FILENAME).chmod(0o666)
    result = run_as_nobody(shared, CHECK.format(root=str(Path.cwd()), folder=str(shared)))
    assert "ERROR cannot use the progress file" in result.stdout, result
    assert "LIST 0" in result.stdout and "p: 1 answer saved" in result.stdout, result
    assert aside(shared) == [] and saved_answers(shared) == ["896"]
