"""Errors a user can cause. Each says where it happened, to be shown without a traceback."""

from __future__ import annotations


class TutorError(Exception):
    """A user's mistake (a bad model, pack, answer or argument), explained in one message."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 layer: str | None = None, argument: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.layer = layer
        self.argument = argument  # the layer argument at fault, so readers can point at it

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.layer:
            where.append(f"layer {self.layer!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ModelError(TutorError):
    """A model that cannot be read (a snippet or spec the reader does not understand)."""


class LayerError(TutorError):
    """A layer that Keras (or PyTorch) would reject: names the layer, the dimension and numbers."""
