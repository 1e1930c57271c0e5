"""Progress is saved at once, survives a restart, and a corrupt file is kept aside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tutor.progress import Attempt, data_dir, open_store
from tutor.progress.store import FILENAME


def test_attempts_survive_reopening(tmp_path: Path) -> None:
    store, warning = open_store(tmp_path)
    assert warning is None
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "864", False,
                         "forgot-bias"))
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "896", True))
    store.set_position("conv-dims", "lesson-questions")
    store.close()
    again, _ = open_store(tmp_path)
    record = again.records("conv-dims")[("lesson-questions", "question-1")]
    assert (record.tries, record.solved, record.tries_to_solve) == (2, True, 2)
    assert again.position("conv-dims") == "lesson-questions"
    assert again.last_pack() == "conv-dims"
    assert [a.mistake for a in again.attempts("conv-dims")] == ["forgot-bias", None]


def test_reset_one_pack_keeps_the_others(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.record(Attempt("a", "e", "q", "1", True))
    store.record(Attempt("b", "e", "q", "1", True))
    assert store.reset("a") == 1
    assert [a.pack for a in store.attempts()] == ["b"]
    assert store.reset() == 1
    assert store.attempts() == []


def test_corrupt_file_is_kept_aside_and_fresh_progress_starts(tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_bytes(b"this is not a database" * 100)
    store, warning = open_store(tmp_path)
    assert warning is not None and "kept as" in warning
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    store.record(Attempt("p", "e", "q", "1", True))
    assert len(store.attempts()) == 1


def test_data_dir_env_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "x"))
    assert data_dir() == tmp_path / "x"
    assert data_dir(tmp_path / "y") == tmp_path / "y"


def test_kill_9_loses_nothing_already_recorded(tmp_path: Path) -> None:
    """A process that records an attempt and is then killed with SIGKILL keeps that attempt."""
    script = textwrap.dedent(f"""
        import sys, time
        from tutor.progress import Attempt, open_store
        store, _ = open_store({str(tmp_path)!r})
        store.record(Attempt("p", "e", "q", "896", True))
        print("recorded", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "recorded"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store, warning = open_store(tmp_path)
    assert warning is None
    assert [a.answer for a in store.attempts()] == ["896"]
