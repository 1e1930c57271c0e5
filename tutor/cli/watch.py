"""`tutor validate --watch PATH...`: validate again on every save and print what changed.

The first run prints every problem, as `tutor validate` does. Then each time a pack file under
PATH is saved (watched with `watchfiles`), only the changed files are read again, and only the
exercises whose text changed are computed again (`CheckCache`): a 1,000-exercise pack is
checked again in a fraction of a second. What is printed is the difference: the problems that
are new (`+`), those that are fixed (`-`), and the new count. Ctrl+C stops.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from tutor.packs.discover import SUFFIXES, Library, clash_warning, pack_files
from tutor.packs.loader import CheckCache, LoadResult, load_file
from tutor.packs.model import Pack
from tutor.packs.problems import Position, Problem

DEBOUNCE_MS = 150
"""Editors save in bursts (a temporary file, a rename): wait this long for the burst to end."""


def key(problem: Problem) -> tuple[str, str, str, str]:
    """A problem without its line: one that moves because a line was added above is the same
    problem, neither fixed nor new."""
    return problem.file, problem.where, problem.message, problem.severity


@dataclass
class Change:
    """What one save changed: problems that are new, problems that are fixed."""

    new: list[Problem]
    fixed: list[Problem]
    library: Library


@dataclass
class Watcher:
    """Keeps the last result of each pack file, and reads again only the files that change."""

    paths: Sequence[str]
    extra: Callable[[Library], list[Problem]] = lambda library: []
    cache: CheckCache = field(default_factory=CheckCache)
    results: dict[str, LoadResult] = field(default_factory=dict)
    library: Library = field(default_factory=lambda: Library((), ()))

    def start(self) -> Library:
        self.refresh(None)
        return self.library

    def refresh(self, changed: Iterable[str] | None) -> Change:
        """Read again the `changed` files (None: all), and say what changed in the problems."""
        files = self.files()
        again = set(files) if changed is None else {str(Path(c)) for c in changed}
        for file in list(self.results):
            if file not in files:
                del self.results[file]
        for file in files:
            if file not in self.results or file in again or any(
                    Path(file).resolve() == Path(c).resolve() for c in again):
                self.results[file] = load_file(file, cache=self.cache)
        before = {key(p): p for p in self.library.problems}
        self.library = self.assemble(files)
        after = {key(p): p for p in self.library.problems}
        return Change([p for k, p in after.items() if k not in before],
                      [p for k, p in before.items() if k not in after], self.library)

    def files(self) -> list[str]:
        out: list[str] = []
        for path in self.paths:
            if Path(path).exists():
                out += [str(file) for file in pack_files(Path(path)) if str(file) not in out]
        return out

    def assemble(self, files: list[str]) -> Library:
        packs: list[Pack] = []
        problems: list[Problem] = []
        owners: dict[str, Pack] = {}
        for path in self.paths:
            if not Path(path).exists():
                problems.append(Problem(Position(path, 1, 1), "path", "no such file or folder"))
        for file in files:
            result = self.results[file]
            problems += result.problems
            if result.pack is None:
                continue
            if result.pack.id in owners:
                problems.append(clash_warning(result.pack, owners[result.pack.id].file))
                continue
            owners[result.pack.id] = result.pack
            packs.append(result.pack)
        library = Library(tuple(packs), tuple(problems), tuple(files))
        return library.with_problems(self.extra(library))


def watch_validate(paths: Sequence[str], extra: Callable[[Library], list[Problem]],
                   render: Callable[[Library], list[str]], *, stop: Event | None = None) -> int:
    """Print every problem, then what each save changes, until Ctrl+C (or `stop`)."""
    from watchfiles import watch

    watcher = Watcher(paths, extra)
    for line in render(watcher.start()):
        print(line, flush=True)
    missing = [path for path in paths if not Path(path).exists()]
    if missing:  # there is nothing to watch for a path that is not there
        print(f"tutor validate: cannot watch {', '.join(missing)}: no such file or folder",
              file=sys.stderr)
        return 2
    print(f"watching {', '.join(paths)} for changes (Ctrl+C to stop)", flush=True)
    try:
        for changes in watch(*paths, watch_filter=is_pack_file, debounce=DEBOUNCE_MS,
                             stop_event=stop, raise_interrupt=False):
            started = time.perf_counter()
            change = watcher.refresh({path for _, path in changes})
            for line in describe(change, render, time.perf_counter() - started):
                print(line, flush=True)
    except KeyboardInterrupt:
        pass
    return 0 if not any(not p.is_warning for p in watcher.library.problems) else 1


def is_pack_file(_change: object, path: str) -> bool:
    return path.lower().endswith(SUFFIXES) and not Path(path).name.startswith(".")


def describe(change: Change, render: Callable[[Library], list[str]], took: float
             ) -> list[str]:
    stamp = time.strftime("%H:%M:%S")
    if not change.new and not change.fixed:
        return [f"[{stamp}] no change in the problems ({render(change.library)[-1]}; "
                f"{took:.2f} s)"]
    lines = [f"[{stamp}] {len(change.new)} new, {len(change.fixed)} fixed ({took:.2f} s):"]
    lines += [f"+ {problem}" for problem in sorted(change.new)]
    lines += [f"- {problem}" for problem in sorted(change.fixed)]
    lines.append(render(change.library)[-1])
    return lines


