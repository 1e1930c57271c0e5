"""Hints, revealed one at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tutor.app.widgets.follow import FollowLayout
from tutor.app.widgets.inline import inline_markdown


class HintsView(FollowLayout, Static):
    """Shows the first `revealed` hints (as the practice state says); hidden until one is
    asked for."""

    revealed: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.hints: tuple[str, ...] = ()
        self.display = False

    def show(self, hints: Sequence[str], revealed: int = 0) -> None:
        self.hints = tuple(hints)
        self.revealed = min(revealed, len(self.hints))
        self.mutate_reactive(HintsView.revealed)

    @property
    def complete(self) -> bool:
        return self.revealed >= len(self.hints)

    def watch_revealed(self, revealed: int) -> None:
        self.display = revealed > 0
        self.border_title = f"Hints · {revealed} of {len(self.hints)}"
        self.update(Content("\n").join(
            Content.assemble((f"{n}. ", "bold"), inline_markdown(" ".join(hint.split())))
            for n, hint in enumerate(self.hints[:revealed], start=1)))
