"""Find the exercise a command names: PACK (a pack id or a pack file) and EXERCISE (an id or a
1-based number).

A pack with some broken exercises still works: its valid exercises are used, and a warning on
stderr names the ones left out (`tutor validate` says what is wrong with them)."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.errors import TutorError
from tutor.packs import Exercise, Pack, Variant, load_library, load_paths
from tutor.packs.discover import installed_ids
from tutor.progress.standing import PackOutline


def find_pack(key: str) -> Pack:
    path = Path(key)
    if path.suffix.lower() in (".yaml", ".yml", ".py", ".json") or path.is_file():
        library = load_paths([path])
        if len(library.packs) != 1:
            errors = [p for p in library.problems if not p.is_warning]
            if errors:
                raise TutorError(f"{errors[0]} (run `tutor validate {key}` for every problem)")
            raise TutorError(f"{key} holds no pack")
        pack = library.packs[0]
    else:
        pack = installed_pack(key)
    warn_left_out(pack)
    return pack


def installed_pack(key: str) -> Pack:
    """A built-in or installed pack by id. Only its file is loaded: the ids are read off each
    file's `id:` line, so naming one pack costs the same however many packs are installed."""
    file = installed_ids().get(key)
    if file is not None:
        library = load_paths([file])
        for pack in library.packs:
            if pack.id == key:
                return pack
    return load_library().pack(key)  # not found quickly: the full search says what there is


def warn_left_out(pack: Pack) -> None:
    if pack.left_out:
        names = ", ".join(pack.left_out)
        print(f"warning: {pack.file}: {len(pack.left_out)} exercise"
              f"{'s' * (len(pack.left_out) > 1)} left out for errors: {names} (run `tutor "
              f"validate {pack.file}` to see them); the other exercises work", file=sys.stderr)


def find_exercise(pack_key: str, exercise_key: str) -> tuple[Pack, Exercise]:
    pack = find_pack(pack_key)
    key: str | int = int(exercise_key) if exercise_key.isdigit() else exercise_key
    try:
        return pack, pack.exercise(key)
    except TutorError:
        if isinstance(key, str) and key in pack.left_out:
            raise TutorError(f"exercise {key!r} of pack {pack.id!r} has errors: run `tutor "
                             f"validate {pack.file}` to see them") from None
        raise


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


EXIT = {"correct": 0, "incorrect": 1, "unreadable": 2}
"""`tutor check`'s exit status for each verdict (of an answer or of one step)."""


def question_index(variant: Variant, key: str | int) -> int:
    """`--question` as `tutor show` prints it: a 1-based number, or a question id."""
    text = str(key).strip()
    return variant.index(int(text) - 1 if text.isdigit() else text)
