"""Benchmark: `tutor validate --watch` re-checking a 1,000-exercise pack after one save.

    .venv/bin/python bench/bench_watch.py [--exercises 1000] [--runs 5]

Generates the pack bench_packs.py makes, then times, best of N runs, in the same process:

  watch     one exercise edited (an `expect` changed, so a problem comes and goes), the file
            saved, and the watcher's refresh: the file read and composed again, every exercise
            built, only the edited one computed again (what each save costs an author)
  baseline  `tutor validate` on the same file from cold: every exercise computed

The target: the watch figure well under a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_packs import best_of, generate

from tutor.cli.validate import extra_problems, validate
from tutor.cli.watch import Watcher


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        text = generate(args.exercises)
        path.write_text(text, encoding="utf-8")
        watcher = Watcher([str(path)], extra_problems)
        if watcher.start().problems:
            print("the generated pack does not validate:", *watcher.library.problems[:5],
                  sep="\n")
            return 1
        marker = "        expect: "
        at = text.index(marker, len(text) // 2) + len(marker)
        edits = iter(range(10**6))

        def save_and_refresh() -> None:
            # alternately break and fix one exercise's `expect` in the middle of the pack
            wrong = next(edits) % 2 == 0
            edited = text[:at] + ("1" if wrong else "") + text[at:]
            path.write_text(edited, encoding="utf-8")
            change = watcher.refresh([str(path)])
            assert len(change.new if wrong else change.fixed) == 1, change

        watch_time = best_of(args.runs, save_and_refresh)
        path.write_text(text, encoding="utf-8")
        cold_time = best_of(max(1, args.runs // 2), lambda: validate([str(path)]))
    print(f"pack: {args.exercises:,} exercises (Python {sys.version.split()[0]})")
    print(f"watch: one save re-checked : {watch_time:7.3f} s  (best of {args.runs})")
    print(f"baseline: validate, cold   : {cold_time:7.3f} s")
    print(f"ratio                      : {watch_time / cold_time:7.2f}")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    sys.exit(main())
