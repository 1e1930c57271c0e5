"""Entry point: parse the command line and hand off to one command module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

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
                        help="with no command: where progress is kept (as for `practice`)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from tutor.cli.practice import run_practice

        return run_practice([], data_dir=args.top_data_dir)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug of ours: say so briefly; TUTOR_DEBUG=1 shows it all
        if os.environ.get("TUTOR_DEBUG"):
            raise
        print(f"tutor: internal error ({type(error).__name__}: {error}); please report it "
              "(run with TUTOR_DEBUG=1 for the details)", file=sys.stderr)
        return 70
