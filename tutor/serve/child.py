"""What a session's process runs: limits first, the terminal made its controlling terminal
(so resizes arrive as SIGWINCH), then the ordinary `tutor` command line.

    python -m tutor.serve.child MEMORY_MB practice --data-dir DIR
"""

from __future__ import annotations

import contextlib
import fcntl
import resource
import sys
import termios


def limit(memory_mb: int) -> None:
    if memory_mb > 0:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> int:
    limit(int(argv[0]))
    with contextlib.suppress(OSError):  # already ours, or not a terminal: the app says so
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    from tutor.cli.main import main as tutor_main

    try:
        return tutor_main(argv[1:])
    except MemoryError:
        print("\r\ntutor: this session ran out of memory and was stopped; your answers are "
              "saved.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
