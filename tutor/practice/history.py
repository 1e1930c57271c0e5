"""What the saved answers say about an exercise: which variant to show, and the tries already
made on it. Pure functions of the attempts, so the model never reads the store itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tutor.packs import Exercise
from tutor.progress import Attempt, Event

NEW_VARIANT_TRIES = 8
"""Seeds tried to find a variant whose values differ from the one just shown."""


def of_exercise(attempts: Iterable[Attempt], exercise: Exercise) -> list[Attempt]:
    return [a for a in attempts if a.exercise == exercise.id]


def choose_seed(exercise: Exercise, attempts: Sequence[Attempt]) -> int:
    """A varied exercise shows a new variant on each attempt: the variant last worked on
    while it is unfinished, the next different one once every question of it is solved."""
    if not exercise.varied:
        return 0
    seeds = [a.seed for a in of_exercise(attempts, exercise)]
    if not seeds:
        return 0
    last = seeds[-1]
    solved = {a.question for a in of_exercise(attempts, exercise) if a.seed == last and a.correct}
    if not {q.id for q in exercise.questions} <= solved:
        return last
    return different_seed(exercise, max(seeds))


def different_seed(exercise: Exercise, after: int) -> int:
    """The next seed whose values differ from those of `after`, when one is near."""
    shown = exercise.variant(after).values
    for seed in range(after + 1, after + 1 + NEW_VARIANT_TRIES):
        if exercise.variant(seed).values != shown:
            return seed
    return after + 1


def tries_of(attempts: Iterable[Attempt], exercise: Exercise, seed: int, since: float = 0.0
             ) -> dict[str, list[Attempt]]:
    """The answers given to each question of one variant (since the round began), in order."""
    found: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.exercise == exercise.id and attempt.seed == seed and attempt.at >= since:
            found.setdefault(attempt.question, []).append(attempt)
    return found


def help_of(events: Iterable[Event], exercise: Exercise, seed: int, since: float = 0.0
            ) -> dict[str, tuple[int, int]]:
    """The hints and derivation steps each question of one variant had shown (since the
    round began), from the pack's saved events."""
    found: dict[str, tuple[int, int]] = {}
    for event in events:
        if event.exercise != exercise.id or event.seed != seed or event.at < since:
            continue
        hints, steps = found.get(event.question, (0, 0))
        if event.kind == "hint":
            hints = max(hints, event.count)
        elif event.kind == "step":
            steps = max(steps, event.count)
        found[event.question] = (hints, steps)
    return found
