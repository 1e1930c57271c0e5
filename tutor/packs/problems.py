"""Where things are in a pack file, and the problems validation reports about them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from tutor.text import visible

WARNING = "warning"


class Position(NamedTuple):
    """A place in a pack file: 1-based line and column, as editors count them. (A named
    tuple: a pack keeps one per key, and these are several times cheaper to make than a
    frozen dataclass.)"""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, printed as `FILE:LINE:COLUMN: where: what is wrong`.

    `where` is a path into the pack (`exercises[2].questions[0].expect`), or `pack` for the
    document itself; `message` says what is wrong and, where it can, how to fix it.
    `severity` is "error" (the exercise, or the pack, cannot be used) or "warning" (it can,
    but probably not as its author meant: printed `FILE:LINE:COLUMN: warning: where: what`).
    """

    position: Position
    where: str
    message: str
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    @property
    def file(self) -> str:
        return self.position.file

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def column(self) -> int:
        return self.position.column

    def __str__(self) -> str:
        label = "warning: " if self.is_warning else ""
        # A file name or a quoted value may hold a control character: never print it as is.
        return visible(f"{self.position}: {label}{self.where or 'pack'}: {self.message}")


def warning(position: Position, where: str, message: str) -> Problem:
    return Problem(position, where, message, WARNING)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.is_warning]
