"""`tutor list`: every pack with its title, how far the learner has got (solved of total
questions) and the next exercise with a question not solved yet. Plain text, or `--json`."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from tutor.cli.locate import library_outlines
from tutor.cli.progress import short
from tutor.progress import PackOutline, ProgressError, Standing, open_store, standings
from tutor.progress.standing import standing


def width() -> int | None:
    """The terminal's width, to shorten titles to; piped output is never cut."""
    return shutil.get_terminal_size().columns - 1 if sys.stdout.isatty() else None


def run(args: argparse.Namespace) -> int:
    outlines = library_outlines()
    rows, kept = progress_of(args.data_dir, outlines)
    if args.json:
        print(json.dumps({"progress_file": kept, "packs": [row_json(r) for r in rows]}))
        return 0
    print(table(rows, width()))
    print()
    if kept:
        print(f"Progress kept in {kept}.")
    print("Practise in the app: tutor   ·   a pack's questions: tutor show PACK")
    return 0


def progress_of(folder: str | None, outlines: Sequence[PackOutline]
                ) -> tuple[list[Standing], str | None]:
    """Each pack's standing; without a usable progress file, the packs with nothing solved
    (the reason goes to stderr: listing the packs must still work)."""
    try:
        store, warning = open_store(folder, read_only=True)  # a listing changes nothing
    except ProgressError as error:
        print(f"tutor list: progress not shown: {error}", file=sys.stderr)
        return [standing(outline, {}) for outline in outlines], None
    if warning:
        print(warning, file=sys.stderr)
    try:
        return standings(store, outlines), str(store.path)
    finally:
        store.close()


def table(rows: Sequence[Standing], width: int | None = None) -> str:
    nexts = [next_text(row) for row in rows]
    ids = max([len("pack"), *(len(r.id) for r in rows)])
    done = max([len("solved"), *(len(f"{r.solved}/{r.total}") for r in rows)])
    after = max([len("next"), *(len(n) for n in nexts)])
    titles = max([len("title"), *(len(r.title) for r in rows)])
    if width is not None:  # the title gives way: the id, score and next exercise must show
        titles = max(len("title") + 5, min(titles, width - ids - done - after - 8))
    lines = [f"  {'pack':<{ids}}  {'title':<{titles}}  {'solved':>{done}}  next"]
    for row, following in zip(rows, nexts, strict=True):
        mark = "✓" if row.done else " "
        lines.append(f"{mark} {row.id:<{ids}}  {short(row.title, titles):<{titles}}  "
                     f"{f'{row.solved}/{row.total}':>{done}}  {following}".rstrip())
    return "\n".join(lines)


def next_text(row: Standing) -> str:
    if row.next_exercise is None:
        return "all solved" if row.total else "(examples only)"
    number, exercise, _ = row.next_exercise
    return f"{number}. {exercise}"


def row_json(row: Standing) -> dict[str, Any]:
    following = None
    if row.next_exercise is not None:
        number, exercise, title = row.next_exercise
        following = {"number": number, "id": exercise, "title": title}
    return {"id": row.id, "title": row.title, "solved": row.solved, "total": row.total,
            "tried": row.tried, "answers": row.answers, "next": following}
