"""`tutor progress`: what has been practised, per pack; `--reset [PACK]` forgets it, after asking.

Every line that reads or clears progress names the file it reads or clears, so a learner with
two folders (`--data-dir`, $TUTOR_DATA_DIR) always knows which one was touched.
Plain text only: this command never loads Textual.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence

from tutor.progress import PackOutline, ProgressError, ProgressStore, Standing, open_store
from tutor.progress.standing import orphans, standings
from tutor.progress.store import OPEN_TIMEOUT, reason

ALL = "*"  # what `--reset` with no pack means (see commands.add_progress)
TITLE_WIDTH = 40
BAR_WIDTH = 30

Outlines = Callable[[], Sequence[PackOutline]]


def default_outlines() -> Sequence[PackOutline]:
    from tutor.cli.locate import library_outlines

    return library_outlines()


def run(args: argparse.Namespace, *, ask: Callable[[str], str] = input,
        interactive: bool | None = None, outlines: Outlines = default_outlines) -> int:
    if getattr(args, "export", None) or getattr(args, "import_", None):
        from tutor.cli.review import export_import

        return export_import(args)
    try:
        # Showing progress never creates, changes or moves the file; resetting may wait for
        # another program's lock as long as an open does.
        store, warning = open_store(args.data_dir, read_only=args.reset is None,
                                    save_timeout=OPEN_TIMEOUT)
    except ProgressError as error:
        print(f"tutor progress: {error}", file=sys.stderr)
        return 2
    if warning:
        print(warning, file=sys.stderr)
    try:
        if args.reset is None:
            return show(store, outlines())
        tty = sys.stdin.isatty() if interactive is None else interactive
        return reset(store, None if args.reset == ALL else args.reset,
                     yes=args.yes, interactive=tty, ask=ask, outlines=outlines)
    except ProgressError as error:
        print(f"tutor progress: {error}", file=sys.stderr)
        return 2
    except sqlite3.Error as error:  # the file went bad while it was read
        print(f"tutor progress: cannot read {store.path}: {reason(error)}", file=sys.stderr)
        return 2
    finally:
        store.close()


def show(store: ProgressStore, outlines: Sequence[PackOutline]) -> int:
    print(f"Progress kept in {store.path}")
    rows = standings(store, outlines)
    gone = orphans(store, [o.id for o in outlines])
    if not any(row.answers for row in rows) and not gone:
        print("No progress yet: no answer has been checked.")
    print()
    print(table(rows))
    for pack, answers in gone:
        print(f"{pack}: {plural(answers, 'answer')} saved; this pack is no longer installed "
              f"(`tutor progress --reset {pack}` forgets them)")
    total = sum(row.total for row in rows)
    solved = sum(row.solved for row in rows)
    print()
    print(f"Overall: {bar(solved, total)} {solved}/{total} questions solved"
          f" ({percent(solved, total)})")
    return 0


def table(rows: Sequence[Standing]) -> str:
    ids = max([len("pack"), *(len(r.id) for r in rows)])
    titles = max([len("title"), *(len(short(r.title)) for r in rows)])
    head = f"  {'pack':<{ids}}  {'title':<{titles}}  {'solved':>7}  {'answers':>7}"
    lines = [head]
    for row in rows:
        mark = "✓" if row.done else " "
        lines.append(f"{mark} {row.id:<{ids}}  {short(row.title):<{titles}}  "
                     f"{f'{row.solved}/{row.total}':>7}  {row.answers:>7}")
    return "\n".join(lines)


def short(title: str, width: int = TITLE_WIDTH) -> str:
    return title if len(title) <= width else title[:width - 1] + "…"


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = width * done // total if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def percent(done: int, total: int) -> str:
    return f"{100 * done // total if total else 0}%"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def reset(store: ProgressStore, pack: str | None, *, yes: bool, interactive: bool,
          ask: Callable[[str], str], outlines: Outlines = default_outlines) -> int:
    file = store.path
    held = len(store.attempts(pack))
    if pack and not held and store.position(pack) is None:
        return nothing_to_reset(store, pack, outlines)
    what = f"your progress in pack {pack!r}" if pack else "all your progress"
    if not pack and not held:
        print(f"Nothing to forget: no progress is saved in {file}.")
        return 0
    if not yes:
        if not interactive:
            print(f"tutor progress: not resetting {what} in {file} without a terminal to ask "
                  "on; add --yes to reset anyway", file=sys.stderr)
            return 2
        try:
            reply = ask(f"Forget {what} ({plural(held, 'answer')}) in {file}? "
                        "This cannot be undone. [y/N] ")
        except EOFError:
            reply = ""
        if reply.strip().lower() not in ("y", "yes"):
            print(f"Nothing was changed in {file}.")
            return 1
    removed = store.reset(pack)
    print(f"Forgot {what} ({plural(removed, 'answer')}) in {file}.")
    return 0


def nothing_to_reset(store: ProgressStore, pack: str, outlines: Outlines) -> int:
    """A pack with no saved progress: a typo is an error that lists the packs; an installed
    pack not practised yet has nothing to forget."""
    known = [o.id for o in outlines()]
    if pack in known:
        print(f"Nothing to forget: no progress in pack {pack!r} is saved in {store.path}.")
        return 0
    saved = [p for p, _ in orphans(store, [])]
    listed = ", ".join(known) or "none"
    with_progress = f"; with progress saved: {', '.join(saved)}" if saved else ""
    print(f"tutor progress: no pack {pack!r} (the packs: {listed}{with_progress}); "
          f"nothing was changed in {store.path}", file=sys.stderr)
    return 2
