"""`tutor` and `tutor practice`: the only commands that load Textual."""

from __future__ import annotations

import argparse
import os
import sys


def run(args: argparse.Namespace) -> int:
    return run_practice(args.paths, data_dir=args.data_dir)


def run_practice(paths: list[str], data_dir: str | None) -> int:
    if not has_terminal():
        print("tutor: the practice app needs a terminal (standard input and output are not "
              "one); for plain text use `tutor list`, `tutor show PACK EXERCISE` and "
              "`tutor check PACK EXERCISE ANSWER`", file=sys.stderr)
        return 2
    from tutor.app.main import run_app

    return run_app(paths, data_dir=data_dir)


def has_terminal() -> bool:
    """Whether the app can draw and read keys: both ends a terminal, or a Textual driver
    chosen on purpose (textual-serve runs the app over pipes with its web driver)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))
