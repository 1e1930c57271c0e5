"""Entry point: parse the command line and hand off to one command module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tutor import __version__


def build_parser() -> argparse.ArgumentParser:
    from tutor.cli import commands

    parser = argparse.ArgumentParser(
        prog="tutor",
        description="Practise the arithmetic of neural-network layers: output shapes and "
                    "parameter counts, checked and explained step by step.",
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", dest="top_data_dir",
                        help="where progress is kept, for every command that keeps it "
                             "(default: $TUTOR_DATA_DIR or the platform's user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from tutor.cli.output import safe_output

    with safe_output():  # help and usage errors too, on any terminal
        parser = build_parser()
        args = parser.parse_args(argv)
        problem = settle_data_dir(args)
        if problem:
            parser.exit(2, f"tutor: {problem}\n")
    if args.command is None or args.command == "practice":
        # The app draws the screen itself: only its messages go through `printable`.
        return guarded(args.handler if args.command else run_bare, args)
    with safe_output():
        return guarded(args.handler, args)


def run_bare(args: argparse.Namespace) -> int:
    from tutor.cli.practice import run_practice

    return run_practice([], data_dir=args.data_dir)


def guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command: a user's mistake is its own message, a bug of ours one line."""
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug of ours: say so briefly; TUTOR_DEBUG=1 shows it all
        if os.environ.get("TUTOR_DEBUG"):
            raise
        from tutor.text import printable

        print(printable(f"tutor: internal error ({type(error).__name__}: {error}); please "
                        "report it (run with TUTOR_DEBUG=1 for the details)",
                        sys.stderr.encoding), file=sys.stderr)
        return 70


def settle_data_dir(args: argparse.Namespace) -> str | None:
    """One progress folder, wherever `--data-dir` was written: before the command or after
    it. Two different folders, or a folder given to a command that keeps no progress, are
    refused rather than silently ignored (a reset must never clear the wrong file)."""
    top = args.top_data_dir
    own = getattr(args, "data_dir", None)
    keeps_progress = args.command is None or hasattr(args, "data_dir")
    if top is not None and not keeps_progress:
        return (f"--data-dir is not used by `tutor {args.command}` (it keeps no progress); "
                "leave it out")
    if top is not None and own is not None and not same_folder(top, own):
        return (f"two progress folders were given (--data-dir {top} before the command, "
                f"--data-dir {own} after it); give one")
    args.data_dir = own if own is not None else top
    return None


def same_folder(one: str, other: str) -> bool:
    return Path(one).expanduser().resolve() == Path(other).expanduser().resolve()
