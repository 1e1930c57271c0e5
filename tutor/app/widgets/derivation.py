"""A derivation revealed one step at a time; the step a diagnosed mistake points to is marked."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tutor.app.widgets.follow import FollowLayout
from tutor.calc.derivation import Step, fmt


class DerivationView(FollowLayout, Static):
    """Shows the first `revealed` steps of a derivation: label, formula, numbers, value.
    How many are revealed is the practice state's to say (`show`), not the view's.

    The marked step carries a text marker as well as colour, so it shows under NO_COLOR too.
    """

    revealed: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.steps: tuple[Step, ...] = ()
        self.mark: str | None = None
        self.why: str | None = None
        self.title = "Derivation"
        self.display = False

    def show(self, steps: Sequence[Step], *, revealed: int = 0, mark: str | None = None,
             why: str | None = None, title: str = "Derivation") -> None:
        """Replace the derivation; `mark` is a step key, `why` what to say beside it."""
        self.steps = tuple(steps)
        self.mark, self.why, self.title = mark, why, title
        self.revealed = min(revealed, len(self.steps))
        self.mutate_reactive(DerivationView.revealed)
        self.display = bool(self.steps)

    def clear(self) -> None:
        self.show(())

    @property
    def complete(self) -> bool:
        return self.revealed >= len(self.steps)

    def marked_index(self) -> int | None:
        for index, step in enumerate(self.steps):
            if step.key == self.mark:
                return index
        return None

    def watch_revealed(self) -> None:
        self.update(self.render_steps())
        total = len(self.steps)
        self.border_title = f"{self.title} · {self.revealed} of {total} step{'s' * (total != 1)}"

    def render_steps(self) -> Content:
        if not self.revealed:
            told = " The step where it most likely went wrong is marked ▶." if (
                self.marked_index() is not None) else ""
            return Content.styled(f"F3 shows the next step, F4 all of them.{told}", "dim")
        marked = self.marked_index()
        lines = [self.render_step(i, step, i == marked)
                 for i, step in enumerate(self.steps[: self.revealed])]
        return Content("\n").join(lines)

    def render_step(self, index: int, step: Step, marked: bool) -> Content:
        head_style = "bold $text-warning" if marked else "bold"
        head = Content.assemble((f"{'▶' if marked else ' '} {index + 1}. {step.label}",
                                 head_style))
        if marked:
            head = head + Content.assemble(("  ◀ " + (self.why or "look here"), "$text-warning"))
        value = fmt(step.value)
        numbers = step.substituted if step.substituted == value else (
            f"{step.substituted} = {value}")
        body = [Content.assemble("     ", (step.formula, "$text-accent")),
                Content.assemble("     = ", (numbers, "bold"))]
        if step.stated:  # a number stated, nothing put in: once, not "0 = 0"
            body = [Content.assemble("     = ", (value, "bold"))]
        if step.note:
            body.append(Content.assemble("     ", (step.note, "dim italic")))
        return Content("\n").join([head, *body])
