"""kill -9 in the middle of practice loses at most the answer being typed: the real app in a
pseudo-terminal, answers checked, the process killed, the progress file intact."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tutor.progress import open_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def saved(data: Path) -> list[tuple[str, str, bool]]:
    if not (data / "progress.sqlite3").exists():
        return []
    store, _ = open_store(data)
    try:
        return [(a.question, a.answer, a.correct) for a in store.attempts()]
    finally:
        store.close()


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_kill_9_keeps_every_checked_answer(data_dir: Path) -> None:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    child = subprocess.Popen(
        [sys.executable, "-m", "tutor", "practice", "--data-dir", str(data_dir)],
        stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True)
    os.close(follower)
    output = bytearray()

    def read() -> bytes:
        try:
            while True:
                chunk = os.read(leader, 65536) if _readable(leader) else b""
                if not chunk:
                    return bytes(output)
                output.extend(chunk)
        except OSError:
            return bytes(output)

    def send(keys: str, pause: float = 0.6) -> None:
        os.write(leader, keys.encode())
        time.sleep(pause)
        read()

    try:
        wait_for(lambda: b"Packs" in read())
        wait_for(lambda: b"0 of 3 solved" in read())  # the list is drawn: keys reach it
        send("\r")  # the lesson pack
        wait_for(lambda: b"worked example" in read())
        send("\r")  # the worked example
        wait_for(lambda: b"Worked example 1 of 2" in read())
        send("\r", 1.0)  # on to the questions
        # keys sent before the answer field is there would be lost: wait for it (a busy
        # machine can take seconds)
        wait_for(lambda: b"Question 1 of 3" in read())
        send("864\r")
        wait_for(lambda: len(saved(data_dir)) == 1)
        send("\x15896\r")  # ctrl+u, then the right answer
        wait_for(lambda: len(saved(data_dir)) == 2)
        send("\r3", 0.3)  # next question, an answer typed but not checked
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        os.close(leader)
    assert saved(data_dir) == [("question-1", "864", False), ("question-1", "896", True)]
    store, warning = open_store(data_dir)
    store.close()
    assert warning is None


def _readable(fd: int) -> bool:
    import select

    return bool(select.select([fd], [], [], 0.05)[0])
