"""`-` for a file or an answer: read standard input, bounded, as UTF-8 text.

`pbpaste | tutor summary -`, `echo 896 | tutor check conv-dims 2 -`. The read stops one byte
past the limit, so an endless stream (`yes | tutor summary -`) is refused, not swallowed.
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from tutor import files
from tutor.errors import TutorError

STDIN = files.STDIN


def read_stdin(limit: int, what: str, stream: BinaryIO | None = None) -> str:
    """Standard input as text, at most `limit` bytes; on a terminal, say how to end it."""
    source = stream if stream is not None else sys.stdin.buffer
    if stream is None and sys.stdin.isatty():
        print(f"Reading {what} from the terminal; end it with Ctrl-D.", file=sys.stderr)
    try:  # the one bounded reader every command uses (tutor.files)
        data = files.read_bytes(files.STDIN, limit, stdin=source)
    except files.FileRefused as error:
        if "larger than" not in error.message:
            raise
        raise TutorError(f"standard input is longer than {limit:,} bytes; is it {what}?"
                         ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TutorError(f"standard input is not UTF-8 text (byte {error.start} cannot be "
                         "read)") from None
