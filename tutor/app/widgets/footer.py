"""The footer of every screen, compact when the terminal is narrow so more keys fit."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

NARROW = 80


class KeyFooter(Footer):
    """Footer that drops the padding around keys below 80 columns, and there leaves the
    command palette's key to the help screen (F1), so the screen's own keys are not cut off."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.compact = narrow
        self.show_command_palette = not narrow
