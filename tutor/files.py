"""Reading a file a user names, bounded: the one place every command reads one.

A name may point anywhere: a symlink to /dev/zero or /dev/urandom, a FIFO nobody writes,
/dev/stdin, a file that grows while it is read. So the file is opened once (without blocking,
so a FIFO cannot hang the open), refused unless that open file is a regular file, and never
read past `limit + 1` bytes whatever its size says. Standard input is read only when the
name is `-`, with the same bound.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from tutor.errors import TutorError

STDIN = "-"
CHUNK = 1 << 16


class FileRefused(TutorError):
    """A file that is not read: not a regular file, too big, unreadable or not UTF-8."""


def read_bytes(path: str | Path, limit: int, *, stdin: BinaryIO | None = None) -> bytes:
    """At most `limit` bytes of the regular file at `path` (or of standard input for `-`);
    `FileRefused` for anything else, and for more than `limit` bytes."""
    if str(path) == STDIN:
        return _bounded(stdin or sys.stdin.buffer, limit, "standard input")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise FileRefused(f"cannot read the file: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileRefused(f"not a regular file ({kind(mode)}): only files are read"
                          + ("; give `-` to read standard input" if stat.S_ISFIFO(mode)
                             or stat.S_ISCHR(mode) else ""))
    with os.fdopen(fd, "rb", buffering=0) as file:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return _bounded(file, limit, "the file")


def read_text(path: str | Path, limit: int, *, stdin: BinaryIO | None = None) -> str:
    """`read_bytes`, decoded as UTF-8 (a clear `FileRefused` if it is not)."""
    data = read_bytes(path, limit, stdin=stdin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused(f"the file is not UTF-8 text ({error.reason} at byte {error.start})"
                          ) from None


def _bounded(file: BinaryIO, limit: int, what: str) -> bytes:
    """Read until the end or `limit + 1` bytes, whichever comes first."""
    chunks: list[bytes] = []
    got = 0
    try:
        while got <= limit:
            chunk = file.read(min(CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as error:
        raise FileRefused(f"cannot read {what}: {error.strerror or error}") from None
    if got > limit:
        raise FileRefused(f"{what} is larger than {limit:,} bytes")
    return b"".join(chunks)


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe or FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"
