"""A learner at an SSH terminal, for tests and the benchmark: a real asyncssh client with a
pty, reading the app's screen as text (escape sequences taken out)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time

import asyncssh

ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


def text_of(raw: bytes) -> str:
    return ESCAPES.sub(b"", raw).decode("utf-8", errors="replace")


class Learner:
    """One connection, one session with a terminal."""

    def __init__(self, conn: asyncssh.SSHClientConnection,
                 process: asyncssh.SSHClientProcess) -> None:
        self.conn = conn
        self.process = process
        self.raw = bytearray()
        self.arrived = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, port: int, key: asyncssh.SSHKey, *, size=(80, 24),
                      term: str = "xterm-256color") -> Learner:
        conn = await asyncssh.connect("127.0.0.1", port, username="learner", client_keys=[key],
                                      known_hosts=None, agent_path=None, config=None,
                                      password=None, kbdint_auth=False)
        process = await conn.create_process(term_type=term, term_size=size, encoding=None)
        return cls(conn, process)

    async def _read(self) -> None:
        while True:
            chunk = await self.process.stdout.read(65536)
            if not chunk:
                self.arrived.set()
                return
            self.raw.extend(chunk)
            self.arrived.set()

    @property
    def text(self) -> str:
        return text_of(bytes(self.raw))

    def mark(self) -> int:
        return len(self.raw)

    async def wait_for(self, needle: str, since: int = 0, timeout: float = 60.0) -> float:
        """Until `needle` is on screen (in the output after `since`); the time it took."""
        start = time.monotonic()
        deadline = start + timeout
        while needle not in text_of(bytes(self.raw[since:])):
            if self.reader.done():
                raise AssertionError(f"the session ended before {needle!r} appeared:\n"
                                     f"{self.text[-2000:]}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} did not appear in {timeout}s:\n"
                                     f"{text_of(bytes(self.raw[since:]))[-2000:]}")
            self.arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), min(left, 1.0))
        return time.monotonic() - start

    async def wait_for_raw(self, needle: bytes, since: int = 0, timeout: float = 60.0) -> None:
        """Until the raw output after `since` holds `needle` (an escape sequence, say)."""
        deadline = time.monotonic() + timeout
        while needle not in self.raw[since:]:
            if self.reader.done() or time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never came:\n{bytes(self.raw[since:])!r}"[:3000])
            self.arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), 1.0)

    async def settle(self, quiet: float = 0.3, timeout: float = 20.0) -> None:
        """Until the screen has stopped changing for `quiet` seconds (as a person reads
        before typing), so what comes next is the answer to the next key."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            size = len(self.raw)
            await asyncio.sleep(quiet)
            if len(self.raw) == size:
                return

    async def type(self, keys: str, then: str, timeout: float = 60.0) -> float:
        """Send keys and wait until `then` appears after them; the seconds it took."""
        since = self.mark()
        self.process.stdin.write(keys.encode())
        return await self.wait_for(then, since, timeout)

    async def open_lesson(self) -> None:
        await self.wait_for("Packs")
        await self.type("\r", "The first model")  # the lesson pack's list
        await self.type("\r", "Worked example 1 of 2")
        await self.type("\r", "Question 1 of 3")

    async def close(self) -> None:
        self.conn.close()
        await self.conn.wait_closed()
        self.reader.cancel()
