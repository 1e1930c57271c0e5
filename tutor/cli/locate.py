"""Find the exercise a command names: PACK (a pack id or a pack file) and EXERCISE (an id or a
1-based number)."""

from __future__ import annotations

from pathlib import Path

from tutor.errors import TutorError
from tutor.packs import Exercise, Pack, Variant, load_library, load_paths
from tutor.progress.standing import PackOutline


def find_pack(key: str) -> Pack:
    path = Path(key)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        library = load_paths([path])
        if library.problems:
            first = library.problems[0]
            raise TutorError(f"{first} (run `tutor validate {key}` for every problem)")
        if len(library.packs) != 1:
            raise TutorError(f"{key} holds no pack")
        return library.packs[0]
    return load_library().pack(key)


def find_exercise(pack_key: str, exercise_key: str) -> tuple[Pack, Exercise]:
    pack = find_pack(pack_key)
    key: str | int = int(exercise_key) if exercise_key.isdigit() else exercise_key
    return pack, pack.exercise(key)


def find_variant(pack_key: str, exercise_key: str, seed: int | None) -> tuple[Pack, Variant]:
    pack, exercise = find_exercise(pack_key, exercise_key)
    return pack, exercise.variant(seed or 0)


def outline_of(pack: Pack) -> PackOutline:
    """What progress needs of a pack: its exercises, each with the questions it asks."""
    return PackOutline(pack.id, pack.title, tuple(
        (e.id, e.title, () if e.example else tuple(q.id for q in e.questions))
        for e in pack.exercises))


def library_outlines() -> list[PackOutline]:
    """The built-in and the user's packs, in their order (broken packs are left out: `tutor
    validate` reports them)."""
    return [outline_of(pack) for pack in load_library().packs]
