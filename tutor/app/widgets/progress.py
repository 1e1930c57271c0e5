"""A progress bar as text, so it reads the same without colour."""

from __future__ import annotations

from textual.content import Content

WIDTH = 10


def progress_bar(done: int, total: int, width: int = WIDTH) -> Content:
    filled = round(width * done / total) if total else 0
    return Content.assemble(("█" * filled, "$text-success"), ("░" * (width - filled), "dim"))
