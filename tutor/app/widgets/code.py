"""The model as Keras code, highlighted with the app theme's own colours."""

from __future__ import annotations

from textual.highlight import highlight
from textual.widgets import Static


class CodeView(Static):
    """Python source, highlighted by Textual (theme variables, so it follows dark and light)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)

    def show(self, source: str | None, title: str = "model") -> None:
        self.display = bool(source)
        self.border_title = title
        self.update(highlight(source.rstrip("\n"), language="python") if source else "")
