"""One learner's app in its own process on its own pseudo-terminal, driven from asyncio:
bytes in and out, resizes forwarded, stopped as a terminal hang-up stops it."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

MAX_COLUMNS, MAX_ROWS = 500, 200
"""A window larger than this is drawn at this size: a client cannot make the app allocate
screens of 10,000 × 10,000 cells."""

SAFE_TERMS = ("xterm", "screen", "tmux", "vt", "linux", "rxvt", "alacritty", "kitty", "foot",
              "wezterm", "putty", "ansi", "dumb", "konsole", "gnome", "st-")


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """A usable size: 0 × 0 (unknown) is 80 × 24; anything else kept within bounds."""
    columns = 80 if columns <= 0 else min(columns, MAX_COLUMNS)
    rows = 24 if rows <= 0 else min(rows, MAX_ROWS)
    return columns, rows


def safe_term(term: str) -> str:
    """TERM as the client sent it, when it is a plain terminal name we can pass on."""
    plain = term if term.isascii() and len(term) <= 64 else ""
    ok = plain and all(c.isalnum() or c in "-_.+" for c in plain)
    return plain if ok and plain.startswith(SAFE_TERMS) else "xterm-256color"


class AppProcess:
    """`tutor practice --data-dir DIR` on a new pty; output goes to `on_output`, and
    `on_exit(status)` is called once when the app has gone."""

    def __init__(self, data_dir: Path, *, term: str, size: tuple[int, int], memory_mb: int,
                 on_output: Callable[[bytes], None], on_exit: Callable[[int], None]) -> None:
        self.data_dir = data_dir
        self.term = safe_term(term)
        self.size = clamp_size(*size)
        self.memory_mb = memory_mb
        self.on_output = on_output
        self.on_exit = on_exit
        self.process: subprocess.Popen[bytes] | None = None
        self.fd = -1
        self._pending = bytearray()
        self._reading = False
        self._done = False

    def start(self) -> None:
        leader, follower = pty.openpty()
        self.fd = leader
        self._set_size(follower)
        env = {key: value for key, value in os.environ.items()
               if key in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "TZ")}
        env.update(TERM=self.term, COLORTERM="truecolor", TUTOR_DATA_DIR=str(self.data_dir))
        env.setdefault("LANG", "C.UTF-8")
        command = [sys.executable, "-m", "tutor.serve.child", str(self.memory_mb),
                   "practice", "--data-dir", str(self.data_dir)]
        try:
            self.process = subprocess.Popen(
                command, stdin=follower, stdout=follower, stderr=follower, env=env,
                start_new_session=True, close_fds=True, cwd=self.data_dir)
        finally:
            os.close(follower)
        os.set_blocking(leader, False)
        self.resume()

    # -- output ------------------------------------------------------------------------

    def pause(self) -> None:
        """Stop reading the app's output (the client is not keeping up)."""
        if self._reading:
            asyncio.get_running_loop().remove_reader(self.fd)
            self._reading = False

    def resume(self) -> None:
        if not self._reading and not self._done and self.fd >= 0:
            asyncio.get_running_loop().add_reader(self.fd, self._read)
            self._reading = True

    def _read(self) -> None:
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app closed its terminal
            data = b""
        if data:
            self.on_output(data)
        else:
            self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self.pause()
        self._done = True
        asyncio.get_running_loop().create_task(self._reap())

    async def _reap(self) -> None:
        status = await asyncio.get_running_loop().run_in_executor(None, self._wait)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.on_exit(status)

    def _wait(self) -> int:
        assert self.process is not None
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            status = self.process.wait()
        return status if status >= 0 else 128 - status

    # -- input -------------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Keys from the learner; what the pty cannot take at once waits its turn."""
        if self._done:
            return
        self._pending.extend(data)
        self._flush()

    def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                written = os.write(self.fd, self._pending)
                del self._pending[:written]
        except BlockingIOError:
            loop.add_writer(self.fd, self._flush_later)
            return
        except OSError as error:
            if error.errno not in (errno.EIO, errno.EBADF):
                raise
            self._pending.clear()
        loop.remove_writer(self.fd)

    def _flush_later(self) -> None:
        asyncio.get_running_loop().remove_writer(self.fd)
        self._flush()

    def resize(self, columns: int, rows: int) -> None:
        self.size = clamp_size(columns, rows)
        if not self._done:
            with contextlib.suppress(OSError):
                self._set_size(self.fd)

    def _set_size(self, fd: int) -> None:
        columns, rows = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    # -- stopping ----------------------------------------------------------------------

    def hang_up(self) -> None:
        """As a terminal closing: SIGHUP to the app (every checked answer is already saved);
        SIGKILL if it has not gone in 5 seconds (see `_wait`)."""
        if self.process is not None and self.process.poll() is None:
            self._signal(signal.SIGHUP)
        if not self._done and self.fd >= 0:
            self._finish()

    def _signal(self, number: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, number)
