"""Parse a pack file into YAML nodes, safely: size limit first, safe composer only.

Only *composing* happens here (text → nodes with line and column marks); nothing is
constructed, so no tag can build a Python object. Turning nodes into data is
`tutor.packs.nodes`' job, which also bounds how far aliases may expand.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from tutor.packs.problems import Position, Problem

MAX_BYTES = 2_000_000
"""Bigger files are refused before parsing: a real pack is a few kilobytes."""

try:  # libyaml's composer is several times faster; both are safe (they build only nodes)
    Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    Loader = yaml.SafeLoader


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a document's nodes are built.

    Composing allocates hundreds of thousands of small objects that all stay alive, and the
    collector would scan them over and over: with it paused, composing is about five times
    faster. The collector is resumed, as it was, before control leaves the loader, and then
    reclaims whatever cycles a recursive alias (`&a [*a]`) may have left.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(path: Path, name: str, max_bytes: int = MAX_BYTES) -> tuple[str | None,
                                                                         Problem | None]:
    """A pack file's text, or the problem that prevents reading it (too big, not UTF-8...)."""
    start = Position(name, 1, 1)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, Problem(start, "file", too_big(size, max_bytes))
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, Problem(start, "file", f"the file is not UTF-8 text ({error.reason} at "
                                            f"byte {error.start})")
    except OSError as error:
        return None, Problem(start, "file", f"cannot read the file: {error.strerror or error}")


def too_big(size: int, max_bytes: int) -> str:
    return (f"the file is {size:,} bytes, more than the {max_bytes:,} a pack may have; "
            "split it into several packs")


def compose(text: str, name: str, max_bytes: int = MAX_BYTES) -> tuple[yaml.Node | None,
                                                                       Problem | None]:
    """The document's root node, or the problem that stops it being read."""
    start = Position(name, 1, 1)
    if len(text) > max_bytes:  # in characters; the byte size was checked when reading
        return None, Problem(start, "file", too_big(len(text), max_bytes))
    try:
        with gc_paused():
            root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        return None, yaml_problem(error, name)
    except yaml.YAMLError as error:
        return None, Problem(start, "yaml", f"invalid YAML: {error}")
    except (RecursionError, MemoryError):
        return None, Problem(start, "yaml", "the document is nested too deeply")
    except Exception as error:  # libyaml raises more than YAMLError on odd input
        return None, Problem(start, "yaml", f"invalid YAML: {error}")
    if root is None:
        return None, Problem(start, "pack", "the file is empty: a pack starts with `id:`, "
                                            "`title:` ... and `exercises:`")
    return root, None


def yaml_problem(error: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    position = Position(name, mark.line + 1, mark.column + 1) if mark else Position(name, 1, 1)
    what = error.problem or "invalid YAML"
    if error.context:
        what = f"{what} ({error.context}"
        if error.context_mark and error.context_mark is not mark:
            what += f" at line {error.context_mark.line + 1}"
        what += ")"
    return Problem(position, "yaml", f"invalid YAML: {what}")
