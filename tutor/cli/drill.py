"""`tutor drill`: a pack of random valid layers, opened in the app (or printed as YAML)."""

from __future__ import annotations

import argparse
import sys

from tutor.generate.drills import KINDS, drill_pack
from tutor.generate.model_pack import pack_yaml
from tutor.progress.store import data_dir


def run(args: argparse.Namespace) -> int:
    if args.layer is not None and args.layer not in KINDS:
        print(f"tutor drill: no layer kind {args.layer!r} (one of {', '.join(KINDS)})",
              file=sys.stderr)
        return 2
    if not 1 <= args.count <= 200:
        print("tutor drill: --count takes a number from 1 to 200", file=sys.stderr)
        return 2
    pack = drill_pack(args.layer, args.framework, args.level, args.count, args.seed)
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
