"""`tutor` / `tutor practice`: find the packs, open the progress file, run the app.

Everything that can go wrong before the first screen (a path that does not exist, no packs at
all, a progress folder that cannot be used) is a message on stderr and exit status 2, never a
traceback. Broken packs are skipped and listed in the app; a corrupt progress file is kept
aside and the app says so.

Start-up is kept short: with no paths given and an up-to-date pack index (see index.py) the
pack list is drawn from the index and the packs load in the background.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.app.problems import pack_problems
from tutor.progress import ProgressError, data_dir, open_store
from tutor.text import printable

if TYPE_CHECKING:
    from tutor.app.app import TutorApp
    from tutor.app.watch import WatchTarget
    from tutor.packs.discover import Library

USAGE_ERROR = 2


def run_app(paths: Sequence[str], data_dir: str | None = None, *,
            need_terminal: bool = False, review: bool = False,
            watch: WatchTarget | None = None) -> int:
    """Run the app; with `need_terminal` (the command line), refuse to run it without one,
    where it could neither draw nor read a key and would wait for ever."""
    prepared = prepare(paths, data_dir, watch=watch)
    if isinstance(prepared, str):
        print(printable(prepared, sys.stderr.encoding), file=sys.stderr)
        return USAGE_ERROR
    if need_terminal and not has_terminal():
        prepared.session.store.close()
        print("tutor: the practice app needs a terminal (standard input and output are not "
              "one); for plain text use `tutor list`, `tutor show PACK EXERCISE` and "
              "`tutor check PACK EXERCISE ANSWER`", file=sys.stderr)
        return USAGE_ERROR
    prepared.start_review = review
    prepared.run()
    if prepared.session.store.closing_note:  # answers it could not save, and where they went
        print(printable(f"tutor: {prepared.session.store.closing_note}", sys.stderr.encoding),
              file=sys.stderr)
    return int(prepared.return_code or 0)


def has_terminal() -> bool:
    """Whether the app can draw and read keys: both ends a terminal, or a Textual driver
    chosen on purpose (textual-serve runs the app over pipes with its web driver)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def prepare(paths: Sequence[str], folder: str | None = None, *,
            watch: WatchTarget | None = None) -> TutorApp | str:
    """The app ready to run, or the message saying why it cannot start."""
    from tutor.app.index import read_index

    if watch is not None:
        return prepare_watch(watch, folder)
    index = None if paths else read_index(data_dir(folder))
    if index:
        return start(folder, index=index)
    library = load(paths, data_dir(folder))
    missing = [p for p in library.problems if p.where == "path"]
    if missing:
        return "\n".join(f"tutor: {p.file}: {p.message}" for p in missing)
    if not library.packs:
        found = "\n".join(f"  {p}" for p in library.problems)
        return ("tutor: no exercise packs could be loaded" +
                (f":\n{found}" if found else " (none were found)"))
    return start(folder, library=library)


def prepare_watch(watch: WatchTarget, folder: str | None) -> TutorApp | str:
    """`--watch FILE`: the app on every pack, opening at the watched file's exercise. The file
    must load now; later saves that break it are shown in the app."""
    from tutor.app.watch import start_index, watched_pack
    from tutor.errors import TutorError

    if not Path(watch.file).is_file():
        return f"tutor: {watch.file}: no such file (--watch takes one pack file)"
    library = load([watch.file], data_dir(folder))
    pack = watched_pack(library, watch)
    if pack is None:
        found = "\n".join(f"  {p}" for p in library.problems
                          if watch.same_file(p.file) and not p.is_warning)
        return f"tutor: {watch.file} cannot be loaded:\n{found}"
    try:
        start_index(pack, watch)
    except TutorError as error:
        return f"tutor: {error}"
    app = start(folder, library=library)
    if not isinstance(app, str):
        app.watched = watch
    return app


def start(folder: str | None, *, library: Library | None = None, index=()) -> TutorApp | str:
    try:
        store, warning = open_store(folder)
    except ProgressError as error:
        return (f"tutor: {error}\n(use --data-dir DIR or set TUTOR_DATA_DIR to keep progress "
                "elsewhere)")
    from tutor.app.app import TutorApp
    from tutor.app.session import Session

    notices = [("Progress file", warning)] if warning else []
    if library is None:
        return TutorApp(Session(store, index=index, loader=lambda: load((), store.path.parent)),
                        notices)
    return TutorApp(Session(store, library), notices + pack_problems(library))


def load(paths: Sequence[str], index_folder: Path) -> Library:
    """All the packs; the given ones first. Without paths, the index in `index_folder` (the
    progress folder) is brought up to date."""
    from tutor.app.index import write_index
    from tutor.packs.discover import load_library

    library = given_first(load_library(paths), paths)
    if not paths and library.packs:
        write_index(index_folder, library)
    return library


def given_first(library: Library, paths: Sequence[str]) -> Library:
    """Packs named on the command line open first: the learner asked for them."""
    if not paths:
        return library
    roots = [Path(p).resolve() for p in paths]

    def given(file: str) -> bool:
        path = Path(file).resolve()
        return any(path == root or root in path.parents for root in roots)

    ordered = sorted(library.packs, key=lambda pack: not given(pack.file))
    return replace(library, packs=tuple(ordered))
