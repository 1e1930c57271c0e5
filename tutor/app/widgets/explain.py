"""The author's explanation of a question, shown once its whole derivation is."""

from __future__ import annotations

from textual.widgets import Markdown

from tutor.app.widgets.follow import FollowLayout


class ExplainView(FollowLayout, Markdown):
    """Markdown that can scroll itself into view once it has been laid out."""
