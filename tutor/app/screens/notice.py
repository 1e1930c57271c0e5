"""A message the learner must see before going on: a progress file kept aside, packs skipped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.app.widgets.footer import KeyFooter
from tutor.text import visible


class NoticeScreen(ModalScreen[None]):
    """Plain text in a box; any of ⏎, esc or space closes it."""

    CSS_PATH = "notice.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,space", "dismiss", "OK", id="notice.ok"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="notice-body") as body:
            body.border_title = self.title_text
            body.border_subtitle = "⏎ OK"
            yield Static(visible(self.text), markup=False)  # paths may hold anything
        yield KeyFooter()
