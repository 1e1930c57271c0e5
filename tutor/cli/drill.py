"""`tutor drill`: a pack of random valid layers, opened in the app (or printed as YAML)."""

from __future__ import annotations

import argparse
import sys

from tutor.generate.drills import KINDS, drill_pack, focus_kinds
from tutor.generate.model_pack import pack_yaml
from tutor.progress.store import FILENAME, ProgressStore, data_dir
from tutor.review.history import mistakes


def run(args: argparse.Namespace) -> int:
    if args.layer is not None and args.layer not in KINDS:
        print(f"tutor drill: no layer kind {args.layer!r} (one of {', '.join(KINDS)})",
              file=sys.stderr)
        return 2
    if not 1 <= args.count <= 200:
        print("tutor drill: --count takes a number from 1 to 200", file=sys.stderr)
        return 2
    focus = None if args.layer else frequent_slips(args.data_dir)
    pack = drill_pack(args.layer, args.framework, args.level, args.count, args.seed, focus)
    if focus:
        print(f"tutor drill: more {', '.join(sorted(focus))} layers, for the slips you make "
              "most often (`tutor mistakes` lists them)", file=sys.stderr)
    if not pack:
        print(f"tutor drill: no {args.layer} drill for {args.framework} up to level "
              f"{args.level} (try a higher --level)", file=sys.stderr)
        return 2
    text = pack_yaml(pack)
    if args.print:
        print(text, end="")
        return 0
    # the drill is kept as a file under the data folder, so progress on it is kept like any
    # pack's, by its id, and the same drill can be opened again
    folder = data_dir(args.data_dir) / "drills"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{pack['id']}-{args.seed}.yaml"
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"tutor drill: cannot write the drill in {folder}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    from tutor.cli.practice import run_practice

    return run_practice([str(path)], data_dir=args.data_dir)


def frequent_slips(folder: str | None) -> set[str] | None:
    """The drill kinds for the learner's most frequent slips, from their progress (read-only);
    None when there is no progress or no slip yet."""
    path = data_dir(folder) / FILENAME
    if not path.exists():
        return None
    try:
        store = ProgressStore(path, read_only=True)
        try:
            found = mistakes(store.attempts())
        finally:
            store.close()
    except Exception:  # an unreadable progress file only means no focus: the drill still runs
        return None
    return focus_kinds([m.id for m in found]) or None
