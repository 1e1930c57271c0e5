"""`tutor validate PATH...`: check packs and print every problem, one per line.

With `--watch`, keep watching the paths and, on every save, print only what changed: the
problems that are new and those that are fixed (`tutor.cli.watch`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from tutor.packs.discover import Library, installed_ids, load_paths
from tutor.packs.model import Exercise
from tutor.packs.problems import Problem, warning


def run(args: argparse.Namespace) -> int:
    """Print each problem as FILE:LINE:COLUMN: where: what, then a count. Exit 0 if there is
    no error (warnings alone do not fail)."""
    if getattr(args, "watch", False):
        from tutor.cli.watch import watch_validate

        return watch_validate(args.paths, extra_problems, report)
    library = validate(args.paths)
    for line in report(library):
        print(line)
    return 1 if any(not p.is_warning for p in library.problems) else 0


def validate(paths: Sequence[str]) -> Library:
    """The packs at `paths`, with the problems only `tutor validate` looks for."""
    library = load_paths(paths)
    return library.with_problems(extra_problems(library))


def extra_problems(library: Library) -> list[Problem]:
    """A warning for a pack whose id a built-in or installed pack already has (the app would
    show only one of them), and for `choices: auto` the catalogue cannot fill."""
    return [*clashes(library), *choice_warnings(library)]


def clashes(library: Library) -> list[Problem]:
    from tutor.packs.discover import clash_warning

    taken = installed_ids(exclude=library.files)
    return [clash_warning(pack, taken[pack.id]) for pack in library.packs if pack.id in taken]


SEEDS = 8
"""Variants of a varied exercise whose `choices: auto` are made, to find one that falls short."""


def choice_warnings(library: Library) -> list[Problem]:
    """`choices: auto` (or N) that the mistake catalogue cannot fill: the learner types the
    answer instead (no distractor at all) or sees fewer options than asked."""
    out = []
    for pack in library.packs:
        for exercise in pack.exercises:
            asked = [i for i, q in enumerate(exercise.questions) if q.auto_choices]
            if asked:
                out += exercise_choice_warnings(exercise, asked)
    return out


def exercise_choice_warnings(exercise: Exercise, asked: list[int]) -> list[Problem]:
    """A warning where no variant gets the options asked for, or some variant gets no wrong
    option at all (a variant that gets one fewer, because two mistakes give the same number,
    is expected with `vary`)."""
    from tutor.checking.choices import options

    made: dict[int, list[int]] = {index: [] for index in asked}
    for seed in range(SEEDS if exercise.varied else 1):
        variant = exercise.variant(seed)
        for index in asked:
            made[index].append(len(options(variant, index)))
    out = []
    for index, counts in made.items():
        question = exercise.questions[index]
        wanted = question.auto_choices
        if min(counts) > 0 and max(counts) >= wanted:
            continue
        at = question.positions.get("choices", question.positions[""])
        if min(counts) == 0:
            some = " (for some variants)" if max(counts) > 0 else ""
            what = (f"the mistake catalogue has no mistake that fits this question{some}, so "
                    "the learner types the answer instead")
        else:
            most = max(counts)
            what = (f"only {most - 1} wrong option{'s' * (most > 2)} can be made from real "
                    f"mistakes, so {most} options are shown: ask for `choices: {most}`, or "
                    "write the choices out")
        out.append(warning(at, f"{question.where}.choices",
                           f"`choices` asks for {wanted} options but {what}"))
    return out


def report(library: Library) -> list[str]:
    """Each problem, then the count (or `ok: ...` when nothing is wrong)."""
    lines = [str(problem) for problem in library.problems]
    return [*lines, count(library)]


def count(library: Library) -> str:
    errors = [p for p in library.problems if not p.is_warning]
    warnings = len(library.problems) - len(errors)
    if errors:
        files = len({problem.file for problem in errors})
        also = f" and {plural(warnings, 'warning')}" if warnings else ""
        return f"{plural(len(errors), 'problem')}{also} in {plural(files, 'file')}"
    ok = (f"ok: {plural(len(library.packs), 'pack')}, "
          f"{plural(library.exercise_count, 'exercise')}")
    return f"{ok}; {plural(warnings, 'warning')}" if warnings else ok


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
