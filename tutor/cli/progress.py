"""`tutor progress`: what has been practised, per pack; `--reset [PACK]` forgets it, after asking.

Plain text only: this command never loads Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tutor.progress import ProgressError, ProgressStore, open_store

ALL = "*"  # what `--reset` with no pack means (see commands.add_progress)


def run(args: argparse.Namespace, *, ask: Callable[[str], str] = input,
        interactive: bool | None = None) -> int:
    try:
        store, warning = open_store(args.data_dir)
    except ProgressError as error:
        print(f"tutor progress: {error}", file=sys.stderr)
        return 2
    if warning:
        print(warning, file=sys.stderr)
    try:
        if args.reset is None:
            return show(store)
        tty = sys.stdin.isatty() if interactive is None else interactive
        return reset(store, None if args.reset == ALL else args.reset,
                     yes=args.yes, interactive=tty, ask=ask)
    finally:
        store.close()


def show(store: ProgressStore) -> int:
    rows = pack_rows(store)
    if not rows:
        print(f"No progress yet (kept in {store.path}).")
        return 0
    width = max(len("pack"), *(len(pack) for pack, *_ in rows))
    print(f"{'pack':<{width}}  {'solved':>6}  {'tried':>5}  {'answers':>7}")
    for pack, solved, tried, answers in rows:
        print(f"{pack:<{width}}  {solved:>6}  {tried:>5}  {answers:>7}")
    print(f"\nKept in {store.path}.")
    return 0


def pack_rows(store: ProgressStore) -> list[tuple[str, int, int, int]]:
    """Per pack: questions solved, questions tried, answers checked."""
    packs = sorted({attempt.pack for attempt in store.attempts()})
    rows = []
    for pack in packs:
        records = store.records(pack).values()
        rows.append((pack, sum(r.solved for r in records), len(records),
                     sum(r.tries for r in records)))
    return rows


def reset(store: ProgressStore, pack: str | None, *, yes: bool, interactive: bool,
          ask: Callable[[str], str]) -> int:
    what = f"your progress in pack {pack!r}" if pack else "all your progress"
    if not yes:
        if not interactive:
            print(f"tutor progress: not resetting {what} without a terminal to ask on; "
                  "add --yes to reset anyway", file=sys.stderr)
            return 2
        try:
            reply = ask(f"Forget {what}? This cannot be undone. [y/N] ")
        except EOFError:
            reply = ""
        if reply.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    removed = store.reset(pack)
    print(f"Forgot {what} ({removed} answer{'s' if removed != 1 else ''}).")
    return 0
