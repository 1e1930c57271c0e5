"""`tutor` / `tutor practice`: find the packs, open the progress file, run the app.

Everything that can go wrong before the first screen (a path that does not exist, no packs at
all, a progress folder that cannot be used) is a message on stderr and exit status 2, never a
traceback. Broken packs are skipped and listed in the app; a corrupt progress file is kept
aside and the app says so.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tutor.packs.discover import Library, load_library
from tutor.progress import ProgressError, open_store

USAGE_ERROR = 2


def run_app(paths: Sequence[str], data_dir: str | None = None) -> int:
    prepared = prepare(paths, data_dir)
    if isinstance(prepared, str):
        print(prepared, file=sys.stderr)
        return USAGE_ERROR
    app = prepared
    app.run()
    return int(app.return_code or 0)


def prepare(paths: Sequence[str], data_dir: str | None = None):  # -> TutorApp | str
    """The app ready to run, or the message saying why it cannot start."""
    library = load_library(paths)
    missing = [p for p in library.problems if p.where == "path"]
    if missing:
        return "\n".join(f"tutor: {p.file}: {p.message}" for p in missing)
    if not library.packs:
        found = "\n".join(f"  {p}" for p in library.problems)
        return ("tutor: no exercise packs could be loaded" +
                (f":\n{found}" if found else " (none were found)"))
    try:
        store, warning = open_store(data_dir)
    except ProgressError as error:
        return (f"tutor: {error}\n(use --data-dir DIR or set TUTOR_DATA_DIR to keep progress "
                "elsewhere)")
    from tutor.app.app import TutorApp
    from tutor.app.session import Session

    return TutorApp(Session(given_first(library, paths), store), notices(library, warning))


def given_first(library: Library, paths: Sequence[str]) -> Library:
    """Packs named on the command line open first: the learner asked for them."""
    roots = [Path(p).resolve() for p in paths]

    def given(file: str) -> bool:
        path = Path(file).resolve()
        return any(path == root or root in path.parents for root in roots)

    ordered = sorted(library.packs, key=lambda pack: not given(pack.file))
    return replace(library, packs=tuple(ordered))


def notices(library: Library, warning: str | None) -> list[tuple[str, str]]:
    found = []
    if warning:
        found.append(("Progress file", warning))
    if library.problems:
        listed = "\n".join(str(p) for p in library.problems)
        found.append(("Some packs were skipped",
                      "These problems were found; the rest loaded. `tutor validate FILE` "
                      f"checks a pack.\n\n{listed}"))
    return found
