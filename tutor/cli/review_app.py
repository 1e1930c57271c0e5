"""`tutor review`: the due cards (`--list`, plain text) or the app on the review round."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    if args.list:
        from tutor.cli.review import run_list

        return run_list(args)
    from tutor.cli.practice import run_practice

    return run_practice([], data_dir=args.data_dir)
