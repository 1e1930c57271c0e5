"""`tutor validate --watch`: a save is checked again, and only what changed is printed."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import MINIMAL

import tutor.packs.loader as loader
from tutor.cli.watch import Watcher

SECOND = MINIMAL.split("exercises:\n")[1].replace("id: one", "id: two")


def test_only_the_changed_file_and_exercise_are_computed_again(tmp_path: Path,
                                                                monkeypatch) -> None:
    path = tmp_path / "a.yaml"
    other = tmp_path / "b.yaml"
    path.write_text(MINIMAL + SECOND)
    other.write_text(MINIMAL.replace("id: demo", "id: b").replace("expect: 896", "expect: 1"))
    checked: list[str] = []
    real = loader.check_exercise

    def counting(exercise):
        checked.append(f"{Path(exercise.position.file).name}:{exercise.id}")
        return real(exercise)

    monkeypatch.setattr(loader, "check_exercise", counting)
    watcher = Watcher([str(tmp_path)])
    library = watcher.start()
    assert [p.file for p in library.problems] == [str(other)]
    assert sorted(checked) == ["a.yaml:one", "a.yaml:two", "b.yaml:one"]

    checked.clear()
    path.write_text(MINIMAL + SECOND.replace("expect: 896", "expect: 900"))
    change = watcher.refresh([str(path)])
    assert checked == ["a.yaml:two"]  # b.yaml not read, exercise one not computed
    assert [str(p) for p in change.new] == [
        f"{path}:26:17: exercises[1].questions[0].expect: expect is 900 but the calculator "
        "says 896 (K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896)"]
    assert change.fixed == []

    checked.clear()  # a line added above: the problem moves, it is neither new nor fixed
    path.write_text(MINIMAL.replace("author: Tests", "author: Tests\ntags: [x]")
                    + SECOND.replace("expect: 896", "expect: 900"))
    change = watcher.refresh([str(path)])
    assert (change.new, change.fixed, checked) == ([], [], [])
    assert [p.line for p in change.library.problems if p.file == str(path)] == [27]

    other.write_text(MINIMAL.replace("id: demo", "id: b"))
    change = watcher.refresh([str(other)])
    assert [p.file for p in change.fixed] == [str(other)] and change.new == []


def test_a_deleted_file_takes_its_problems_with_it(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("id: [broken\n")
    watcher = Watcher([str(tmp_path)])
    assert len(watcher.start().problems) == 1
    path.unlink()
    change = watcher.refresh([str(path)])
    assert len(change.fixed) == 1 and change.library.problems == ()


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_the_command_prints_what_a_save_fixes_and_breaks(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(MINIMAL.replace("expect: 896", "expect: 900"))
    child = subprocess.Popen([sys.executable, "-m", "tutor", "validate", "--watch",
                              str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout],
                     daemon=True).start()

    def wait_for(text: str) -> list[str]:
        seen, end = [], time.monotonic() + 60
        while time.monotonic() < end:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"no {text!r} in {seen}")

    try:
        first = wait_for("watching")
        assert "expect is 900" in first[0] and first[1] == "1 problem in 1 file\n"
        time.sleep(0.5)  # the watcher is set up just after it says so
        path.write_text(MINIMAL)
        fixed = wait_for("ok: 1 pack, 1 exercise")
        assert any(line.startswith(f"- {path}:16:17: ") for line in fixed)
        assert "0 new, 1 fixed" in fixed[0]
        path.write_text(MINIMAL.replace("title: One", "titel: One"))
        broken = wait_for("problems in 1 file")
        assert "2 new, 0 fixed" in broken[0]
        assert any("unknown key `titel`" in line and line.startswith("+ ") for line in broken)
    finally:
        os.killpg(child.pid, signal.SIGINT)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def test_a_path_that_is_not_there_cannot_be_watched(tmp_path: Path, capsys) -> None:
    from tutor.cli.main import main

    assert main(["validate", "--watch", str(tmp_path / "nope.yaml")]) == 2
    captured = capsys.readouterr()
    assert "no such file or folder" in captured.out and "cannot watch" in captured.err
