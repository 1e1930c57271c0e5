"""`tutor review`: the due cards (`--list`, plain text) or the app on the review round."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    if args.list:
        from tutor.cli.review import run_list

        return run_list(args)
    from tutor.app.main import run_app

    return run_app([], data_dir=args.data_dir, need_terminal=True, review=True)
