"""The footer of every screen, compact when the terminal is narrow so more keys fit."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

NARROW = 80


class KeyFooter(Footer):
    """Footer that drops the padding around keys below 80 columns."""

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < NARROW
