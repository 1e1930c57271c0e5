"""`tutor` and `tutor practice`: the only commands that load Textual."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    if args.watch or args.exercise is not None or args.seed is not None:
        return run_watch(args)
    return run_practice(args.paths, data_dir=args.data_dir)


def run_watch(args: argparse.Namespace) -> int:
    """`--watch FILE [--exercise ID] [--seed N]`: one pack file, followed as it is edited."""
    if len(args.paths) != 1 or not args.watch:
        print("tutor practice: --watch takes one pack file (--exercise and --seed go with "
              "it): tutor practice --watch my-pack.yaml --exercise count-params",
              file=sys.stderr)
        return 2
    from tutor.app.main import run_app
    from tutor.app.watch import WatchTarget

    target = WatchTarget(args.paths[0], args.exercise, args.seed)
    return run_app(args.paths, data_dir=args.data_dir, watch=target)


def run_practice(paths: list[str], data_dir: str | None) -> int:
    from tutor.app.main import run_app

    return run_app(paths, data_dir=data_dir, need_terminal=True)
