"""Where a class keeps its progress: DATA/learners/<name>/ is one learner's data folder (the
same folder `tutor --data-dir` uses), so each learner's app is the ordinary app."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.errors import TutorError
from tutor.progress.store import FILENAME

LEARNERS = "learners"
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}")
NAME_RULE = ("1 to 64 letters, digits and . _ @ + - (not starting with . or -)")


def check_name(name: str, where: str = "") -> str:
    """A learner's name, safe as a folder name; a TutorError saying where otherwise."""
    if not NAME.fullmatch(name):
        at = f"{where}: " if where else ""
        raise TutorError(f"{at}learner name {name!r} is not allowed: use {NAME_RULE}")
    return name


def learner_dir(root: Path, name: str) -> Path:
    return Path(root) / LEARNERS / check_name(name)


def learners(root: Path) -> list[tuple[str, Path]]:
    """Each learner with progress under `root`, by name. A plain data folder (one learner's,
    no learners/ inside) counts as one learner named after the folder."""
    root = Path(root)
    folder = root / LEARNERS
    if folder.is_dir():
        return sorted((entry.name, entry) for entry in folder.iterdir()
                      if entry.is_dir() and NAME.fullmatch(entry.name)
                      and (entry / FILENAME).is_file())
    if (root / FILENAME).is_file():
        return [(root.resolve().name or "learner", root)]
    return []
