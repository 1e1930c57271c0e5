"""The verdict on the last answer: a clear headline, what we understood, and the checker's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tutor.app.widgets.follow import FollowLayout

if TYPE_CHECKING:
    from tutor.checking.check import Verdict

HEADLINES = {
    "correct": ("✓ Correct", "-correct"),
    "incorrect": ("✗ Not quite", "-incorrect"),
    "unreadable": ("? I could not read that answer", "-unreadable"),
}


class FeedbackPanel(FollowLayout, Static):
    """Renders a `Verdict` as the checker phrased it; it decides nothing itself."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.display = False

    def show(self, verdict: Verdict) -> None:
        headline, css_class = HEADLINES[verdict.verdict]
        self.set_classes(css_class)
        self.border_title = headline
        self.update(self.render_verdict(verdict))
        self.display = True

    def clear(self) -> None:
        self.display = False
        self.update("")

    @staticmethod
    def render_verdict(verdict: Verdict) -> Content:
        """The checker's words; the headline is the border title. A wrong answer is repeated
        as it was understood (with its arithmetic), so the learner sees what was compared."""
        parts: list[Content] = []
        if verdict.verdict == "incorrect" and verdict.shown:
            parts.append(Content.assemble("You answered ", (verdict.shown, "bold")))
        if verdict.feedback:
            parts.append(Content(verdict.feedback))
        if verdict.unreadable:
            parts.append(Content.styled("This did not count as a try.", "dim italic"))
        return Content("\n").join(parts)
