"""Load one pack file: read safely, build from nodes, check with the calculator.

A pack whose own fields are wrong is not loaded; an exercise with a problem is left out and
the rest of its pack loads. Either way every problem is returned, so `tutor validate` and the
app report the same things. Nothing here raises on a bad file: problems are data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import Node

from tutor.errors import TutorError
from tutor.generate.model_pack import Source, is_model_text, model_pack, pack_yaml
from tutor.packs.build import Draft, build_pack, exercise_names
from tutor.packs.model import Exercise, Pack
from tutor.packs.nodes import Overflow, Reader
from tutor.packs.problems import Position, Problem, errors
from tutor.packs.safeyaml import MAX_BYTES, compose, gc_paused, read_text
from tutor.packs.validate import check_exercise

EXERCISE_AT = re.compile(r"exercises\[(\d+)\]")
PLACE = re.compile(r"^exercises\[(?:\d+|#)\]")
EXTRA_NODES = 10_000
"""Nodes a document may visit beyond one per character: room for aliases used sensibly."""


@dataclass(frozen=True)
class LoadResult:
    """One file: its pack (None if it could not be loaded) and every problem found in it."""

    file: str
    pack: Pack | None
    problems: tuple[Problem, ...]


class CheckCache:
    """What the calculator found in each exercise, by the exercise's text: an author saving
    a file changes one exercise, and only that one is computed again. Problems are kept
    relative to the exercise (its line, its index), so moving it keeps them right. An
    exercise that uses an alias (`*name`) depends on text elsewhere and is never cached."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int], tuple[int, tuple[Problem, ...]]] = {}

    def check(self, exercise: Exercise, text: str) -> list[Problem]:
        start, end = exercise.span
        source = text[start:end]
        if not source or ALIAS.search(source):
            return check_exercise(exercise)
        key = (source, exercise.position.column)
        line, index = exercise.position.line, exercise_index(exercise.where)
        if key in self.found:
            old_line, old = self.found[key]
            return [moved(problem, line - old_line, index) for problem in old]
        found = check_exercise(exercise)
        self.found[key] = (line, tuple(moved(problem, 0, -1) for problem in found))
        return found


ALIAS = re.compile(r"(?:^|[\s\[{,:])[*][A-Za-z0-9_-]")


def exercise_index(where: str) -> int:
    match = EXERCISE_AT.match(where)
    return int(match.group(1)) if match else -1


def moved(problem: Problem, lines: int, index: int) -> Problem:
    """The problem of an exercise that is now `lines` further down, at `index` (-1: kept as
    `exercises[#]`, to be filled in when it is used)."""
    where = PLACE.sub(f"exercises[{'#' if index < 0 else index}]", problem.where, 1)
    position = problem.position._replace(line=problem.position.line + lines)
    return replace(problem, position=position, where=where)


def load_file(path: str | Path, *, name: str | None = None, builtin: bool = False,
              max_bytes: int = MAX_BYTES, cache: CheckCache | None = None) -> LoadResult:
    """Load a pack file. `name` is how messages name the file (default: the path). A model
    (a snippet, or a spec with `layers`) given instead is made into a pack of its own."""
    name = name or str(path)
    text, problem = read_text(Path(path), name, max_bytes)
    if text is None:
        return LoadResult(name, None, (problem,) if problem else ())
    suffix = Path(path).suffix.lower()
    if not builtin and is_model_text(text, suffix):
        return load_model(text, suffix, name)
    return load_text(text, name, builtin=builtin, max_bytes=max_bytes, cache=cache)


def load_model(text: str, suffix: str, name: str) -> LoadResult:
    """A learner's model as a pack (see `tutor.generate.model_pack`); a model the tutor cannot
    read is one problem at its line."""
    try:
        pack = model_pack(Source(text, suffix, name))
    except TutorError as error:
        return LoadResult(name, None, (Problem(Position(name, error.line or 1, 1), "model",
                                               error.message),))
    return load_text(pack_yaml(pack), name)


def load_text(text: str, name: str = "<pack>", *, builtin: bool = False,
              max_bytes: int = MAX_BYTES, cache: CheckCache | None = None) -> LoadResult:
    """Load a pack from its YAML text; `name` is the file name used in messages. With a
    `cache`, exercises whose text it has seen are not computed again."""
    root, problem = compose(text, name, max_bytes)
    if root is None:
        return LoadResult(name, None, (problem,) if problem else ())
    reader = Reader(name, text, budget=len(text) + EXTRA_NODES)
    try:
        with gc_paused():
            draft = build_pack(reader, root, builtin=builtin)
            check = (lambda exercise: cache.check(exercise, text)) if cache else check_exercise
            pack, problems = checked(draft, reader.problems + reader.warnings, check)
            if pack is not None:
                pack = with_left_out(pack, root, problems)
    except Overflow:
        return LoadResult(name, None, (overflow(name),))
    except RecursionError:
        return LoadResult(name, None, (Problem(Position(name, 1, 1), "yaml",
                                               "the document is nested too deeply"),))
    except Exception as error:  # a bug must not hide the other packs behind a traceback
        return LoadResult(name, None, (Problem(Position(name, 1, 1), "pack",
                                               f"cannot load the pack ({type(error).__name__}: "
                                               f"{error}); please report it"),))
    return LoadResult(name, pack, tuple(sorted(problems)))


def checked(draft: Draft, problems: list[Problem],
            check: Callable[[Exercise], list[Problem]] = check_exercise
            ) -> tuple[Pack | None, list[Problem]]:
    """Run the calculator over every checkable exercise; the pack keeps the sound ones it
    accepts (None if none is left)."""
    kept, problems = [], list(problems)
    for exercise, sound in draft.checkable:
        found = check(exercise)
        problems.extend(found)
        if sound and not errors(found):
            kept.append(exercise)
    if draft.pack is None or not kept:
        return None, problems
    if len(kept) == len(draft.pack.exercises):
        return draft.pack, problems
    return replace(draft.pack, exercises=tuple(kept)), problems


def with_left_out(pack: Pack, root: Node, problems: list[Problem]) -> Pack:
    """The pack, knowing which of its file's exercises were left out for their errors."""
    broken = sorted({int(match.group(1)) for problem in errors(problems)
                     if (match := EXERCISE_AT.match(problem.where))})
    if not broken:
        return pack
    names = exercise_names(root)
    return replace(pack, left_out=tuple(names.get(index, f"exercises[{index}]")
                                        for index in broken))


def overflow(name: str) -> Problem:
    return Problem(Position(name, 1, 1), "yaml",
                   "the document is nested too deeply or expands to too many values through "
                   "aliases (`*name`): this looks like an alias bomb, so it was not read")
