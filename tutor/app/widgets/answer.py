"""The answer field: Enter checks what was typed."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

EXAMPLES = "e.g. 1,216, 16*5*5*3 + 16, (None, 30, 30, 8)"
"""Forms of answer, with numbers that are no built-in question's answer to the lesson."""

# Examples of each form, several so that one is never the answer to the question on screen.
NUMBERS = ((1216, "1216 or 16*5*5*3 + 16"), (2080, "2080 or 32*8*8 + 32"),
           (456, "456 or 6*5*5*3 + 6"))
KERAS_SHAPES = (((None, 30, 30, 8), "(None, 30, 30, 8) or 30x30x8"),
                ((None, 14, 14, 6), "(None, 14, 14, 6) or 14x14x6"))
TORCH_SHAPES = (((1, 8, 30, 30), "(1, 8, 30, 30) or 8x30x30"),
                ((1, 6, 14, 14), "(1, 6, 14, 14) or 6x14x14"))


def answer_placeholder(expected: object, framework: str = "keras") -> str:
    """The answer field's prompt: the form the question asks for, in its framework's way of
    writing shapes, with an example that is never the answer itself."""
    if isinstance(expected, tuple):
        shapes = TORCH_SHAPES if framework == "pytorch" else KERAS_SHAPES
        text = next(t for dims, t in shapes if dims[1:] != tuple(expected)[1:])
        return f"Your answer: a shape, e.g. {text}"
    text = next(t for value, t in NUMBERS if value != expected)
    return f"Your answer: a number, e.g. {text}"


def own_keys(*binding_lists: list[BindingType]) -> dict[str, str]:
    """Key → action for the field's own bindings (later lists win)."""
    keys: dict[str, str] = {}
    for bindings in binding_lists:
        for binding in bindings:
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    keys[key.strip()] = binding.action
    return keys


class AnswerField(Input):
    """An Input whose Enter is shown in the footer as the way to check.

    Textual runs a focused widget's key bindings only once the key has bubbled up to the
    app, while the field goes on typing the keys queued behind it. Keys that arrive in one
    burst (a paste, fast typing, keystrokes batched by an SSH connection) would then be
    applied out of order: "⏎3" could check an answer ending in 3, "ctrl+u 896" lose the 89.
    So the field runs its own bindings (⏎, ⌫, ctrl+u, the arrows ...) as each key arrives,
    and the screen's and app's bindings too (↑ ↓ between questions, F2 for a hint ...): in
    "↓896" the question changes first and 896 is typed into the next one.

    An answer has at most `MAX_LENGTH` characters: a paste typed as keystrokes (some SSH
    clients send one so) costs constant time per key once the field is full, and the bell for
    the keys dropped rings once, not once per key.

    This overrides Input's private `_on_key`, because no public API keeps the order: a
    `priority=True` binding runs in the app *before* the key is forwarded, while the printable
    keys ahead of it still wait in the field's message queue (forwarding is `post_message`),
    so "12 ctrl+u" would clear first and type "12" after. The kill -9 test in a pty
    (tests/app/test_kill.py) sends such bursts and checks what was saved.
    """

    MAX_LENGTH = 1_000

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Check", id="answer.check",
                tooltip="Check the answer (after a right one: go on)"),
    ]
    PLACEHOLDER = f"Your answer ({EXAMPLES})"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=self.PLACEHOLDER, id=id, select_on_focus=False,
                         max_length=self.MAX_LENGTH)
        self._own_keys = own_keys(Input.BINDINGS, self.BINDINGS)
        self._told_full = False

    async def _on_key(self, event: events.Key) -> None:
        for key in event.aliases:
            action = self._own_keys.get(key)
            if action is not None:
                event.stop()
                event.prevent_default()
                await self.run_action(action)
                return
        if not event.is_printable and await self.app._check_bindings(event.key):
            # Another binding (the screen's ↑ ↓, F2 ...), run now, before the keys behind it.
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def restricted(self) -> None:
        """A key dropped because the answer is full: say so once (not a bell per key)."""
        if not self._told_full:
            self._told_full = True
            self.app.bell()
            self.notify(f"An answer has at most {self.MAX_LENGTH:,} characters; the rest was "
                        "not typed.", title="Answer too long", severity="warning")

    def watch_value(self, value: str) -> None:
        if len(value) < self.MAX_LENGTH:
            self._told_full = False
