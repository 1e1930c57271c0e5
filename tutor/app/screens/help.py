"""`?` / F1: every key of the screen below, and the forms an answer may take."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from tutor.app.widgets.footer import KeyFooter
from tutor.calc.notation import table as notation_table

ANSWERS = """\
## Answers you can type

| kind | examples |
|---|---|
| a number | `1216` · `1,216` · `1 216` · `2e3` · `30.0` · `8 filters` · `30 px` |
| arithmetic | `16*5*5*3 + 16` · `16 × 5 × 5 × 3 + 16` · `ceil(61/2)` · `(61 - 3 + 1) // 2` |
| working = result | `16*5*5*3 + 16 = 1216` (both sides must agree) |
| a Keras shape | `(None, 30, 30, 8)` · `(30, 30, 8)` · `30x30x8` · `[None, 30, 30, 8]` |
| a PyTorch shape | `(1, 8, 30, 30)` · `(8, 30, 30)` · `8x30x30` (batch first, then channels) |

Functions: `ceil`, `floor`, `min`, `max`, `abs`. An answer that cannot be read says why
and does not count as a try.
"""

NOTATION = "## The derivations' notation\n\n| symbol | meaning |\n|---|---|\n" + "\n".join(
    f"| `{symbol}` | {meaning} |" for symbol, meaning in notation_table()) + (
    "\n\nA symbol may name its axis: `F_h`, `S_w`, `P_d1`.")


def key_rows(screen: Screen) -> dict[str, list[str]]:
    """The keys declared by `screen` (and the widgets it names in HELP_WIDGETS), then the
    app's: all of them, including those too minor for the footer, each with every key.
    Maps what a binding does (its tooltip, else its description) to its keys."""
    app = screen.app
    rows: dict[str, list[str]] = {}
    for owner in [*getattr(screen, "HELP_WIDGETS", ()), screen, app]:
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = rows.setdefault(binding.tooltip or binding.description, [])
            for key in binding.key.split(","):
                shown = app.get_key_display(replace(binding, key=key.strip(),
                                                    key_display=None))
                if shown not in keys:
                    keys.append(shown)
    palette = app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, ""))
    rows.setdefault("Search every action (command palette)", [palette])
    rows.setdefault("Quit", [app.get_key_display(Binding(key, "")) for key in ("ctrl+q", "ctrl+c")])
    return rows



def key_table(screen: Screen) -> Content:
    rows = key_rows(screen)
    shown = {action: " · ".join(keys) for action, keys in rows.items()}
    width = max(len(keys) for keys in shown.values()) + 2
    return Content("\n").join(
        Content.assemble((keys.ljust(width), "bold $text-accent"), action)
        for action, keys in shown.items())


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it was opened from, then how to type answers."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "HELP_TITLE", "this screen")
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help · esc closes"
            yield Static(Content.styled(f"Keys on {title}", "bold $text-primary"),
                         classes="help-heading")
            yield Static(key_table(self.under), id="help-keys")
            yield Markdown("\n\n".join([getattr(self.under, "HELP_TEXT", ""), ANSWERS,
                                         NOTATION]))
        yield KeyFooter()
