"""Find packs: the built-in ones, the user's folder, and files or folders given by name.

    built-in   exercises/ in a source checkout, tutor/_exercises in an installed wheel
    user       $TUTOR_PACKS_DIR, else <platform user data dir>/tutor/packs
    given      any *.yaml / *.yml file, or folder of them (searched recursively)

Built-in packs come first, the lesson pack `conv-dims` before all; then the user's packs and
the given ones, by file name. A pack that fails to load is reported and skipped; the others
still load. A second pack with an id already taken is reported and skipped too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir

import tutor
from tutor.errors import TutorError
from tutor.packs.loader import load_file
from tutor.packs.model import Pack
from tutor.packs.problems import Position, Problem

ENV_VAR = "TUTOR_PACKS_DIR"
SUFFIXES = (".yaml", ".yml")
BUILTIN_ORDER = ("conv-dims", "padding-strides", "pooling-dense", "conv-variants")
"""The built-in packs in teaching order; any other built-in pack follows, by id."""


@dataclass(frozen=True)
class Library:
    """Every pack found, in order, and every problem met on the way."""

    packs: tuple[Pack, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...] = ()

    def pack(self, key: str) -> Pack:
        """A pack by id (or by the file it was loaded from)."""
        for pack in self.packs:
            if key in (pack.id, pack.file):
                return pack
        ids = ", ".join(p.id for p in self.packs) or "none"
        raise TutorError(f"no pack {key!r} (the packs: {ids})")

    @property
    def exercise_count(self) -> int:
        return sum(len(pack.exercises) for pack in self.packs)


def builtin_dir() -> Path:
    """The built-in packs: packaged as tutor/_exercises in a wheel, or the repository's
    exercises/ when running from a source checkout (or an editable install)."""
    packaged = resources.files("tutor") / "_exercises"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(tutor.__file__).resolve().parent.parent / "exercises"


def user_dir() -> Path:
    """Where the user's own packs live: $TUTOR_PACKS_DIR, or the user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("tutor")) / "packs"


def pack_files(path: Path) -> list[Path]:
    """A file as is; a folder's pack files, recursively and sorted, hidden ones skipped."""
    if not path.is_dir():
        return [path]
    found = [p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(path).parts)]
    return sorted(found)


def load_library(paths: Sequence[str | Path] = (), *, builtin: bool = True,
                 user: bool = True) -> Library:
    """The built-in packs, the user's packs and the packs at `paths` (for the app)."""
    sources: list[tuple[Path, bool, bool]] = []
    if builtin:
        sources.append((builtin_dir(), True, False))
    if user:
        sources.append((user_dir(), False, False))
    sources += [(Path(p), False, True) for p in paths]
    return load_sources(sources)


def load_paths(paths: Sequence[str | Path]) -> Library:
    """Only the packs at `paths`: what `tutor validate` checks."""
    return load_sources([(Path(p), False, True) for p in paths])


def load_sources(sources: Iterable[tuple[Path, bool, bool]]) -> Library:
    """Load each source (path, built-in?, must exist?) in order, skipping files seen before."""
    packs: list[Pack] = []
    problems: list[Problem] = []
    files: list[str] = []
    seen_files: set[Path] = set()
    owners: dict[str, Pack] = {}
    for path, builtin, required in sources:
        if not path.exists():
            if required:
                problems.append(Problem(Position(str(path), 1, 1), "path",
                                        "no such file or folder"))
            continue
        found = pack_files(path)
        if required and not found:
            problems.append(Problem(Position(str(path), 1, 1), "path",
                                    "no pack files (*.yaml, *.yml) in this folder"))
        loaded = []
        for file in found:
            key = file.resolve()
            if key in seen_files:
                continue
            seen_files.add(key)
            files.append(str(file))
            result = load_file(file, builtin=builtin)
            problems.extend(result.problems)
            if result.pack is not None:
                loaded.append(result.pack)
        if builtin:
            loaded.sort(key=builtin_rank)
        for pack in loaded:
            if pack.id in owners:
                problems.append(Problem(pack.positions.get("id", Position(pack.file, 1, 1)),
                                        "id", f"pack id {pack.id!r} is already used by "
                                              f"{owners[pack.id].file}; this pack is skipped"))
                continue
            owners[pack.id] = pack
            packs.append(pack)
    return Library(tuple(packs), tuple(problems), tuple(files))


def builtin_rank(pack: Pack) -> tuple[int, str]:
    order = BUILTIN_ORDER.index(pack.id) if pack.id in BUILTIN_ORDER else len(BUILTIN_ORDER)
    return order, pack.id
