"""Find packs: the built-in ones, the user's folder, and files or folders given by name.

    built-in   exercises/ in a source checkout, tutor/_exercises in an installed wheel
    user       $TUTOR_PACKS_DIR, else <platform user data dir>/tutor/packs
    given      any *.yaml / *.yml file, or folder of them (searched recursively)

Built-in packs come first, the lesson pack `conv-dims` before all; then the user's packs and
the given ones, by file name. A pack that fails to load is reported and skipped; the others
still load. A second pack with an id already taken is a warning and is skipped, except that a
file given by name wins over a built-in or installed pack with its id (an author trying out a
new version of an installed pack sees the new one).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir

import tutor
from tutor.errors import TutorError
from tutor.packs.cache import load_cached
from tutor.packs.model import Pack
from tutor.packs.problems import Position, Problem, warning

ENV_VAR = "TUTOR_PACKS_DIR"
SUFFIXES = (".yaml", ".yml")
MODEL_SUFFIXES = (".py", ".json")
"""A file given by name may also be a model (a snippet or a spec): it becomes a pack."""
BUILTIN_ORDER = (
    # The lesson, then the Keras track from single layers to whole models...
    "conv-dims", "padding-strides", "pooling-dense", "conv-variants", "conv-1d-3d",
    "bottlenecks", "upsampling", "normalization", "sequences", "attention",
    "transfer-learning", "cost", "capstone-keras",
    # ...then the same ground in PyTorch.
    "lesson-pytorch", "pytorch-drills", "pytorch-classics", "recurrent-pytorch",
    "capstone-pytorch",
)
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

    def with_problems(self, extra: Iterable[Problem]) -> Library:
        extra = tuple(extra)
        return replace(self, problems=self.problems + extra) if extra else self


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
    """Load each source (path, built-in?, given by name?) in order, skipping files seen
    before. A pack given by name takes the place of a built-in or installed one with its id."""
    packs: list[Pack] = []
    problems: list[Problem] = []
    files: list[str] = []
    seen_files: set[Path] = set()
    owners: dict[str, tuple[Pack, bool]] = {}
    for path, builtin, given in sources:
        if not path.exists():
            if given:
                problems.append(Problem(Position(str(path), 1, 1), "path",
                                        "no such file or folder"))
            continue
        found = pack_files(path)
        if given and not found:
            problems.append(Problem(Position(str(path), 1, 1), "path",
                                    "no pack files (*.yaml, *.yml) in this folder"))
        loaded = []
        for file in found:
            key = file.resolve()
            if key in seen_files:
                continue
            seen_files.add(key)
            files.append(str(file))
            result = load_cached(file, builtin=builtin)
            problems.extend(result.problems)
            if result.pack is not None:
                loaded.append(result.pack)
        if builtin:
            loaded.sort(key=builtin_rank)
        for pack in loaded:
            owner = owners.get(pack.id)
            if owner is None:
                owners[pack.id] = (pack, given)
                packs.append(pack)
            elif given and not owner[1]:  # the file named on the command line wins
                problems.append(clash_warning(pack, owner[0].file, replaced=True))
                owners[pack.id] = (pack, given)
                packs[packs.index(owner[0])] = pack
            else:
                problems.append(clash_warning(pack, owner[0].file))
    return Library(tuple(packs), tuple(problems), tuple(files))


def clash_warning(pack: Pack, other: str, *, replaced: bool = False) -> Problem:
    """A pack whose id another pack already has: only one of them can be shown."""
    at = pack.positions.get("id", Position(pack.file, 1, 1))
    if replaced:
        return warning(at, "id", f"pack id {pack.id!r} is also the id of {other}; this file, "
                                 "given by name, is used instead")
    return warning(at, "id", f"pack id {pack.id!r} is already used by {other}; only one of "
                             "them can be shown, so give this pack another id")


TOP_ID = re.compile(r"""^id:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]+))""", re.MULTILINE)


def installed_ids(*, exclude: Iterable[str] = ()) -> dict[str, str]:
    """The id of each built-in and installed pack, and its file: read off the file's top-level
    `id:` line, which is quick (the packs are not loaded). Files in `exclude` are left out."""
    skip = {Path(file).resolve() for file in exclude}
    out: dict[str, str] = {}
    for folder in (builtin_dir(), user_dir()):
        if not folder.is_dir():
            continue
        for file in pack_files(folder):
            if file.resolve() in skip:
                continue
            found = top_level_id(file)
            if found is not None:
                out.setdefault(found, str(file))
    return out


def top_level_id(file: Path) -> str | None:
    try:
        with file.open("rb") as stream:
            head = stream.read(65536).decode("utf-8", "replace")
    except OSError:
        return None
    match = TOP_ID.search(head)
    return next((group for group in match.groups() if group), None) if match else None


def builtin_rank(pack: Pack) -> tuple[int, str]:
    order = BUILTIN_ORDER.index(pack.id) if pack.id in BUILTIN_ORDER else len(BUILTIN_ORDER)
    return order, pack.id
