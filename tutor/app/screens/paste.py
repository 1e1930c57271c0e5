"""Paste a model: a Keras or PyTorch snippet becomes a pack of exercises on it.

The text is read with `ast` by the same snippet readers as `tutor practice model.py` (never
executed). A model the tutor cannot read shows its message, and the cursor goes to its line.
A model that reads is kept under the data folder by content hash, so it (and its progress)
is there again next time; the screen dismisses with the new pack's id.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from tutor.app.session import Session
from tutor.app.widgets.footer import KeyFooter

PASTED = "pasted"
"""The folder, under the data folder, that keeps pasted models."""


def pasted_name(text: str) -> str:
    """The file a pasted model is kept in: its content hash, so the same paste is one pack."""
    return f"{hashlib.sha256(text.encode()).hexdigest()[:12]}.py"


def pack_name(file_name: str) -> str:
    # The pack id comes from this name: "model-pasted-<hash>", one per pasted text.
    return f"pasted-{file_name}"


class PasteScreen(Screen[str | None]):
    HELP_TITLE = "pasting a model"
    HELP_TEXT = ("Paste a Keras or PyTorch model (or type one) and press **ctrl+s**: it becomes a "
                 "pack with questions on each layer's output shape and parameters. The code is "
                 "read, never run. **escape** goes back without it.")
    CSS_PATH = "paste.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Make the pack", id="paste.submit", priority=True,
                tooltip="Read the model and make a pack of exercises on it"),
        Binding("escape", "cancel", "Back", id="paste.back", priority=True,
                tooltip="Back to the packs"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Paste a Keras or PyTorch model, e.g. the lesson's "
                     "[b]model.add(Conv2D(32, 3, …))[/b], then [b]ctrl+s[/b].", id="what")
        yield TextArea(id="model", soft_wrap=False, show_line_numbers=True, tab_behavior="indent")
        yield Static(id="problem")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Paste a model"
        self.query_one(TextArea).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.show_problem(None, "Paste a model first.")
            return
        self.query_one("#problem", Static).update("Reading the model…")
        self.read(text)

    @work(thread=True, exclusive=True, group="paste")
    def read(self, text: str) -> None:
        from tutor.packs.loader import load_model

        file_name = pasted_name(text)
        result = load_model(text, ".py", pack_name(file_name))
        errors = [p for p in result.problems if not p.is_warning]
        if result.pack is None or errors:
            problem = (errors or list(result.problems))[0] if result.problems else None
            line = problem.position.line if problem else None
            message = problem.message if problem else "the model could not be read"
            self.app.call_from_thread(self.show_problem, line, message)
            return
        saved = self.save(file_name, text)
        self.app.call_from_thread(self.added, result.pack, saved)

    def save(self, file_name: str, text: str) -> str | None:
        """Keep the text (None), or why it could not be kept (the pack is still used)."""
        folder = self.session.store.path.parent / PASTED
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / file_name).write_text(text, encoding="utf-8")
        except OSError as error:
            return f"The model could not be kept in {folder}: {error.strerror or error}."
        return None

    def added(self, pack: object, problem: str | None) -> None:
        from tutor.packs.model import Pack

        assert isinstance(pack, Pack)
        library = self.session.library
        others = tuple(p for p in library.packs if p.id != pack.id)
        self.session.set_library(replace(library, packs=(*others, pack)))
        if problem:
            self.notify(problem, severity="warning")
        self.dismiss(pack.id)

    def show_problem(self, line: int | None, message: str) -> None:
        where = f"Line {line}: " if line else ""
        self.query_one("#problem", Static).update(f"[b]{where}[/b]{escape(message)}")
        area = self.query_one(TextArea)
        if line:
            area.move_cursor((max(line - 1, 0), 0))
        area.focus()

