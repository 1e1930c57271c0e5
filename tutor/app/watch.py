"""`tutor practice --watch FILE`: the app follows a pack file as its author edits it.

The app opens at the exercise asked for (`--exercise`, with `--seed`'s variant), and a worker
watches the file (`watchfiles`). On each save the pack is loaded again in a thread; if it is
sound, the exercise on screen is swapped for its new version, keeping the learner on the same
exercise and question, with what they did there when the answer did not change. A save that
breaks the pack (or the exercise on screen) changes nothing on screen: the problems are shown,
and the last good version stays until the next save.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tutor.packs import LoadResult, Pack
from tutor.packs.discover import Library
from tutor.packs.problems import Problem
from tutor.practice import Practice, QuestionState, Round
from tutor.practice.state import Sheet

DEBOUNCE_MS = 150


@dataclass(frozen=True)
class WatchTarget:
    """What `--watch` follows: the file, and where to open (an exercise id or 1-based number,
    and a seed)."""

    file: str
    exercise: str | None = None
    seed: int | None = None

    def same_file(self, other: str) -> bool:
        return Path(other).resolve() == Path(self.file).resolve()


def watched_pack(library: Library, target: WatchTarget) -> Pack | None:
    return next((pack for pack in library.packs if target.same_file(pack.file)), None)


def start_index(pack: Pack, target: WatchTarget) -> int:
    """The exercise to open: `--exercise` (an id or a 1-based number), else the first."""
    if target.exercise is None:
        return 0
    exercise = pack.exercise(target.exercise)  # raises TutorError, said before the app starts
    return pack.exercises.index(exercise)


@dataclass(frozen=True)
class Reload:
    """What one save gives: the new pack and exercise to show, or why the last good version
    stays (`problems`, to show the author)."""

    pack: Pack | None
    problems: tuple[Problem, ...]
    message: str


def reload(result: LoadResult, exercise_id: str) -> Reload:
    errors = tuple(p for p in result.problems if not p.is_warning)
    warnings = len(result.problems) - len(errors)
    pack = result.pack
    if pack is None:
        return Reload(None, errors, "the pack has errors: the last good version stays")
    if all(e.id != exercise_id for e in pack.exercises):
        why = ("has errors" if exercise_id in pack.left_out else "is no longer in the pack")
        return Reload(None, errors, f"exercise {exercise_id!r} {why}: the last good version "
                                    "stays")
    note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    return Reload(pack, errors, f"reloaded {Path(pack.file).name}{note}")


def replant(practice: Practice, pack: Pack, seed: int | None = None) -> Practice:
    """The exercise on screen, in its new version: the same exercise (by id), variant (seed)
    and question (by id); what the learner did on a question is kept while its answer stays
    the same."""
    round_ = Round(pack)
    index = next(i for i, e in enumerate(pack.exercises) if e.id == practice.exercise.id)
    seed = practice.seed if seed is None else seed
    sheet = Sheet.fresh(round_, index, seed)
    before = {q.id: (state, answer.value) for q, state, answer in zip(
        practice.variant.questions, practice.states, practice.variant.answers, strict=True)}
    states = []
    for question, answer in zip(sheet.variant.questions, sheet.variant.answers, strict=True):
        state, value = before.get(question.id, (None, None))
        same = state is not None and value == answer.value and seed == practice.seed
        states.append(state if same else QuestionState())
    ids = [q.id for q in sheet.variant.questions]
    current = practice.question.id
    at = ids.index(current) if current in ids and ids.index(current) in sheet.order \
        else sheet.current
    return Practice(round_, replace(sheet, states=tuple(states), current=at))


def with_pack(library: Library, pack: Pack) -> Library:
    """The library with `pack` in place of the pack loaded from the same file."""
    packs = tuple(pack if Path(p.file).resolve() == Path(pack.file).resolve() else p
                  for p in library.packs)
    return replace(library, packs=packs)


def problem_text(reload: Reload, limit: int = 6) -> str:
    lines = [str(problem) for problem in reload.problems[:limit]]
    more = len(reload.problems) - limit
    if more > 0:
        lines.append(f"... and {more} more (`tutor validate` lists them all)")
    return "\n".join(lines)
