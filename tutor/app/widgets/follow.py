"""Scrolling a panel into view once it has been laid out.

A panel that has just appeared (or grown) has its new place only after the next layout, and
a scroll asked for before then goes to the old place. So the panel remembers the request and
carries it out when it is resized, which happens right after that layout.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


class FollowLayout(Widget):
    """A widget that can be asked to scroll into view after its next layout."""

    _follow_top: bool | None = None

    def follow(self, *, top: bool = False) -> None:
        self._follow_top = top
        # If the size does not change there is no resize: scroll now, the place is right.
        self.call_after_refresh(self._scroll_if_laid_out)

    def _scroll_if_laid_out(self) -> None:
        if self._follow_top is not None and self.region.area:
            self.scroll_visible(top=self._follow_top, animate=False)

    def _on_resize(self, event: events.Resize) -> None:
        if self._follow_top is not None:
            self.scroll_visible(top=self._follow_top, animate=False)
            self._follow_top = None
