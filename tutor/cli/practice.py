"""`tutor` and `tutor practice`: the only commands that load Textual."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    return run_practice(args.paths, data_dir=args.data_dir)


def run_practice(paths: list[str], data_dir: str | None) -> int:
    from tutor.app.main import run_app

    return run_app(paths, data_dir=data_dir, need_terminal=True)
