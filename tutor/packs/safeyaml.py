"""Parse a pack file into YAML nodes, safely: size limit first, safe composer only.

Only *composing* happens here (text → nodes with line and column marks); nothing is
constructed, so no tag can build a Python object. Turning nodes into data is
`tutor.packs.nodes`' job, which also bounds how far aliases may expand.
"""

from __future__ import annotations

import gc
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from tutor import files
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
    """A pack file's text, or the problem that prevents reading it (too big, not UTF-8, not a
    regular file...). Never reads more than `max_bytes + 1` bytes."""
    start = Position(name, 1, 1)
    try:
        size = path.stat().st_size
        if stat.S_ISREG(path.stat().st_mode) and size > max_bytes:
            return None, Problem(start, "file", too_big(size, max_bytes))
        data = files.read_bytes(path, max_bytes)
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, not_utf8(data, error, name)
    except OSError as error:
        return None, Problem(start, "file", f"cannot read the file: {error.strerror or error}")
    except files.FileRefused as error:
        if error.message.endswith("bytes") and "larger than" in error.message:  # it grew
            return None, Problem(start, "file", too_big(max_bytes + 1, max_bytes))
        return None, Problem(start, "file", error.message)


def not_utf8(data: bytes, error: UnicodeDecodeError, name: str) -> Problem:
    """Where the first byte that is not UTF-8 is, as an editor counts lines and columns (the
    characters before it on its line are valid UTF-8, so they can be counted)."""
    line_start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    column = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
    byte = data[error.start:error.start + 1].hex().upper()
    return Problem(Position(name, line, column), "file",
                   f"the file is not UTF-8 text: byte 0x{byte} here ({error.reason}); save the "
                   "file as UTF-8 (an editor's \"encoding\" setting; Latin-1 files often hold "
                   "é as 0xE9)")


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
        return None, yaml_problem(error, name, text)
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


def yaml_problem(error: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or "invalid YAML"
    unclosed = "quoted scalar" in (error.context or "") and "end of stream" in what
    if unclosed and error.context_mark:  # the quote that was opened is what to look at
        mark = error.context_mark
    position = Position(name, mark.line + 1, mark.column + 1) if mark else Position(name, 1, 1)
    if error.context:
        what = f"{what} ({error.context}"
        if error.context_mark and error.context_mark is not mark:
            what += f" at line {error.context_mark.line + 1}"
        what += ")"
    hint = yaml_hint(error, text.splitlines()[mark.line] if mark and text
                     and mark.line < len(text.splitlines()) else "", mark)
    return Problem(position, "yaml", f"invalid YAML: {what}{'; ' + hint if hint else ''}")


TO_QUOTE = "{[`@%*&!|>'\""


def yaml_hint(error: yaml.MarkedYAMLError, line: str, mark: yaml.Mark | None) -> str:
    """What libyaml's message usually means in a pack, in the author's terms."""
    problem, context = error.problem or "", error.context or ""
    column = mark.column if mark else 0
    value = line.split(": ", 1)[1].lstrip() if ": " in line else ""
    if "quoted scalar" in context and "end of stream" in problem:
        quote = line[column:column + 1] or "quote"
        return (f"a {quote} opened on line {mark.line + 1 if mark else 1} is not closed: "
                f"close it, or write {quote}{quote} for a {quote} inside the text")
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        before = line[:column]
        if ": " in before.strip() or before.rstrip().endswith(":"):
            return ("quote a text that contains ': ' (such as title: \"Ratio: one to two\"), or "
                    "use `|` and write it on the lines below")
        return "check the indentation of this line: it is deeper than the line above it"
    if "cannot start any token" in problem or "undefined alias" in problem or (
            value[:1] in tuple(TO_QUOTE) and "expected key" in problem):
        return ("quote a text that starts with one of { [ ` @ % * & ! (such as "
                "prompt: \"`x` is ...\")")
    if "flow sequence" in context or "flow mapping" in context:
        opened = "[" if "sequence" in context else "{"
        closing = "]" if opened == "[" else "}"
        return f"a {opened} opened on line {error.context_mark.line + 1} is not closed with " \
               f"{closing}" if error.context_mark else f"close the {opened} with {closing}"
    if "expected" in problem and ("block" in context or "block" in problem):
        return ("check the indentation of this line: keys of one mapping line up, and the "
                "`-` of each list item lines up with the one above")
    return ""
