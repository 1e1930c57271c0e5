"""A small index of the packs (titles and counts), kept beside the progress file.

Loading the packs means reading and checking every exercise with the calculator, which costs
more than starting Textual itself. The pack list needs only titles and counts, so `tutor`
shows it from this index at once and loads the packs in the background; the index is used
only while nothing under the pack folders has changed since it was written (any file added,
removed or touched there makes it stale), and rewritten after every full load.

No Textual and no pack loading here: this module is on the start-up path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tutor
from tutor import files as bounded

if TYPE_CHECKING:
    from tutor.packs.discover import Library
    from tutor.packs.model import Pack

FILENAME = "packs-index.json"
PACKS_ENV = "TUTOR_PACKS_DIR"
MAX_BYTES = 8_000_000  # far above any real index; a bigger file is not read
MAX_ENTRIES = 5_000  # a folder bigger than this is not fingerprinted (and not indexed)

QuestionKey = tuple[str, str]


@dataclass(frozen=True)
class PackInfo:
    """What the pack list shows of a pack, before (or without) loading it."""

    id: str
    title: str
    description: str
    exercises: tuple[str, ...]  # exercise ids, in order
    questions: tuple[QuestionKey, ...]  # (exercise id, question id), worked examples left out


def info_of(pack: Pack) -> PackInfo:
    questions = tuple((e.id, q.id) for e in pack.exercises if not e.example
                      for q in e.questions)
    return PackInfo(pack.id, pack.title, pack.description,
                    tuple(e.id for e in pack.exercises), questions)


def fingerprint(roots: list[str]) -> str | None:
    """A digest of every name, size and modification time under `roots` (None if too big)."""
    digest = hashlib.sha256()
    entries = 0
    for root in roots:
        digest.update(f"\0root:{root}".encode())
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files + dirs):
                entries += 1
                if entries > MAX_ENTRIES:
                    return None
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(f"\0{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def key(roots: list[str]) -> dict[str, object] | None:
    prints = fingerprint(roots)
    if prints is None:
        return None
    return {"version": tutor.__version__, "packs_env": os.environ.get(PACKS_ENV),
            "roots": roots, "fingerprint": prints}


def read_index(folder: Path) -> list[PackInfo] | None:
    """The indexed packs, or None when there is no index or it may be out of date."""
    try:
        # Ours is small and a regular file: anything huge, or a FIFO, is not read.
        data = json.loads(bounded.read_text(folder / FILENAME, MAX_BYTES))
        roots = [str(r) for r in data["key"]["roots"]]
        if data["key"] != key(roots):
            return None
        return [PackInfo(p["id"], p["title"], p["description"], tuple(p["exercises"]),
                         tuple((e, q) for e, q in p["questions"])) for p in data["packs"]]
    except (OSError, ValueError, KeyError, TypeError, RecursionError, bounded.FileRefused):
        return None  # missing, unreadable, nested too deep or of another shape: load the packs


def write_index(folder: Path, library: Library) -> None:
    """Index a full load of the built-in and user packs (never packs given by path)."""
    from tutor.packs.discover import builtin_dir, user_dir

    found = key([str(builtin_dir()), str(user_dir())])
    if found is None or not library.packs:
        return
    packs = [info_of(pack) for pack in library.packs]
    data = {"key": found, "packs": [
        {"id": p.id, "title": p.title, "description": p.description,
         "exercises": list(p.exercises), "questions": [list(q) for q in p.questions]}
        for p in packs]}
    temporary = folder / f".{FILENAME}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, folder / FILENAME)  # never a half-written index
    except OSError:  # the index only saves time: without it the packs load as usual
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
