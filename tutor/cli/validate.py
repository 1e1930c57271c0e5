"""`tutor validate PATH...`: check packs and print every problem, one per line."""

from __future__ import annotations

import argparse

from tutor.packs.discover import load_paths


def run(args: argparse.Namespace) -> int:
    """Print each problem as FILE:LINE:COLUMN: where: what, then a count. Exit 0 if clean."""
    library = load_paths(args.paths)
    for problem in library.problems:
        print(problem)
    if library.problems:
        files = len({problem.file for problem in library.problems})
        print(f"{plural(len(library.problems), 'problem')} in {plural(files, 'file')}")
        return 1
    print(f"ok: {plural(len(library.packs), 'pack')}, "
          f"{plural(library.exercise_count, 'exercise')}")
    return 0


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
