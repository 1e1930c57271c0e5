"""The answer field: Enter checks what was typed."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

EXAMPLES = "e.g. 896, 32*3*3*3 + 32, (None, 64, 64, 32)"


class AnswerField(Input):
    """An Input whose Enter is shown in the footer as the way to check."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Check", id="answer.check",
                tooltip="Check the answer (after a right one: go on)"),
    ]

    PLACEHOLDER = f"Your answer ({EXAMPLES})"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=self.PLACEHOLDER, id=id, select_on_focus=False)
