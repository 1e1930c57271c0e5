"""The table of subcommands: each lives in its own module and is imported only when run."""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any


def lazy(module: str, function: str) -> Any:
    """Import a command's module only when that command runs, so `tutor check` stays quick."""

    def run(args: argparse.Namespace) -> int:
        return getattr(import_module(module), function)(args)

    return run


def add_all(sub: Any) -> None:
    summary = sub.add_parser(
        "summary", help="print a model.summary()-style table for Keras snippets or model specs")
    summary.add_argument("files", nargs="+", metavar="FILE",
                         help="a Keras snippet (.py) or a model spec (.yaml, .yml, .json)")
    summary.add_argument("--explain", action="store_true",
                         help="add each layer's derivation, step by step")
    summary.add_argument("--json", action="store_true",
                         help="print one JSON object per file, one per line")
    summary.set_defaults(handler=lazy("tutor.cli.summary", "run"))

    practice = sub.add_parser("practice", help="open the full-screen app on the given packs")
    practice.add_argument("paths", nargs="*", metavar="PATH", help="pack files or folders")
    practice.add_argument("--data-dir", help="where progress is kept (default: user data dir)")
    practice.set_defaults(handler=lazy("tutor.cli.practice", "run"))
