"""The pick lists of the pack and exercise screens."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickList(OptionList):
    """An OptionList whose ⏎ shows in the footer as "Open"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="list.open",
                tooltip="Open the highlighted entry"),
    ]


def with_dividers(options: Iterable[Option]) -> Iterator[Option | None]:
    """A rule between two-line entries, so each reads as one (None is OptionList's divider)."""
    for index, option in enumerate(options):
        if index:
            yield None
        yield option
