"""An unbracketed paste into the answer field, typed as keystrokes (as some SSH clients send
it): the real app in a pseudo-terminal at 80×24, the paste written in 4 kB chunks, then ⏎.
Timed from the first byte until the checker's verdict on it is on the screen.

    .venv/bin/python bench/bench_paste.py [--sizes 10000 100000]

The first size is the baseline, measured in the same run: the time should grow linearly with
the size (about 10 times for 10 times the text), not with its square. The field keeps at
most `AnswerField.MAX_LENGTH` characters; the rest of the paste is read and dropped.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

CHUNK = 4096
CSI = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]")
DONE = b"too long for an answer"  # what the checker says of a paste of that size
PATIENCE = 900.0  # seconds before a size is reported as not finished


def drain(fd: int, seconds: float = 0.0) -> bytes:
    """Whatever the app has written, so that it never blocks on a full terminal."""
    out = bytearray()
    end = time.monotonic() + seconds
    while True:
        wait = max(0.0, end - time.monotonic())
        if not select.select([fd], [], [], wait)[0]:
            if time.monotonic() >= end:
                return bytes(out)
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return bytes(out)
        if not chunk:
            return bytes(out)
        out.extend(chunk)


def send(fd: int, payload: bytes) -> None:
    """Write the paste as the terminal takes it, reading the app's output meanwhile: with
    both pty buffers full, a blocking write would wait for ever on an app waiting to write."""
    os.set_blocking(fd, False)
    try:
        while payload:
            readable, writable, _ = select.select([fd], [fd], [], 1.0)
            if readable:
                with contextlib.suppress(BlockingIOError, OSError):
                    os.read(fd, 65536)
            if writable:
                with contextlib.suppress(BlockingIOError):
                    payload = payload[os.write(fd, payload[:CHUNK]):]
    finally:
        os.set_blocking(fd, True)


def wait_for(fd: int, text: bytes, seconds: float = 60.0) -> None:
    seen = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        seen = (seen + drain(fd, 0.2))[-200_000:]
        if text in seen:
            return
    raise SystemExit(f"the app never showed {text!r}")


def paste_time(size: int) -> float | None:
    data = Path(tempfile.mkdtemp(prefix="tutor-paste-"))
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", TUTOR_PACKS_DIR=str(data / "packs"))
    child = subprocess.Popen([sys.executable, "-m", "tutor", "practice", "--data-dir",
                              str(data)], stdin=follower, stdout=follower, stderr=follower,
                             env=env, start_new_session=True)
    os.close(follower)
    try:
        wait_for(leader, b"Packs")
        os.write(leader, b"\r")  # the lesson pack: its list of exercises
        drain(leader, 2.0)
        for expect in (b"1/2", b"2/2"):  # the worked example, then the questions
            os.write(leader, b"\r")
            wait_for(leader, expect)
        drain(leader, 1.0)
        payload = b"896" + b" " * (size - 3) + b"\r"
        start = time.perf_counter()
        send(leader, payload)
        seen = b""
        while DONE not in seen:  # the checker's answer to the pasted text is on screen
            if time.perf_counter() - start > PATIENCE:
                return None
            seen = (seen + CSI.sub(b"", drain(leader, 0.05)))[-20_000:]
        return time.perf_counter() - start
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(leader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    sizes = parser.parse_args().sizes
    times = [paste_time(size) for size in sizes]
    base_size, base = sizes[0], times[0]
    for size, seconds in zip(sizes, times, strict=True):
        if seconds is None:
            print(f"{size:>9,} characters: not done after {PATIENCE:.0f} s")
            continue
        ratio = f"{seconds / base:5.1f}× the baseline for {size / base_size:.0f}× the text" \
            if base else ""
        print(f"{size:>9,} characters: {seconds:7.2f} s  {ratio}")


if __name__ == "__main__":
    main()
