"""Work it out: the question's steps as labelled blanks, each marked as the learner fills it
in, with the feedback on the step checked last and the help asked for on the step in focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tutor.calc.derivation import fmt
from tutor.checking.steps import HELP_LEVELS, help_text

if TYPE_CHECKING:
    from tutor.practice import Practice

MARKS = {"correct": ("✓", "$text-success"), "consistent": ("≈", "$text-warning"),
         "incorrect": ("✗", "$text-error"), "unreadable": ("?", "$text-warning")}


class WorkView(Static):
    """The steps of the current question in order, the one in focus marked ▸; hidden
    outside the step-by-step mode."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.display = False

    def show(self, practice: Practice) -> None:
        self.display = practice.working
        if not practice.working:
            return
        work = practice.state.work
        steps = practice.steps
        width = max(len(s.label) for s in steps)
        lines: list[Content] = []
        for step in steps:
            verdict = work.verdicts.get(step.key)
            mark, style = MARKS[verdict.verdict] if verdict else ("·", "dim")
            here = step.key == work.focus
            given = fmt(work.values[step.key]) if step.key in work.values else ""
            lines.append(Content.assemble(
                ("▸ " if here else "  ", "bold $text-primary"), (f"{mark} ", f"bold {style}"),
                (step.label.ljust(width), "bold" if here else ""), "  ", (given, style)))
        # the step checked last, unless the learner went back to a step still wrong
        shown = work.verdicts.get(work.last or "")
        focus = work.verdicts.get(work.focus or "")
        if focus is not None and not focus.accepted:
            shown = focus
        if shown is not None:
            mark, style = MARKS[shown.verdict]
            lines.append(Content.assemble((f"{mark} ", f"bold {style}"), shown.feedback))
        focused = practice.focused_step
        level = work.help_level(focused.key) if focused else 0
        if focused is not None and level:
            lines.append(Content.assemble(
                (f"Help {level}/{len(HELP_LEVELS)}: ", "bold $text-accent"),
                help_text(focused, level - 1)))
        at = [s.key for s in steps].index(work.focus) + 1 if work.focus else 1
        self.border_title = f"Work it out · step {at} of {len(steps)}"
        self.update(Content("\n").join(lines))
