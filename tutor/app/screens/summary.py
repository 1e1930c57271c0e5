"""The end of a round: the score, the questions that took more than one try, and a retry."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from tutor.app.session import Outcome, Round, Session, Summary
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.inline import inline_markdown
from tutor.app.widgets.progress import progress_bar


class SummaryScreen(Screen[None]):
    HELP_TITLE = "the summary"
    HELP_TEXT = ("**r** practises again the questions that took more than one try (or were "
                 "never got right); varied exercises come back with new numbers.")
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry those", id="summary.retry",
                tooltip="Practise again the questions that took more than one try"),
        Binding("escape,enter", "app.pop_screen", "Back", id="summary.back",
                tooltip="Back to the exercises"),
    ]

    def __init__(self, session: Session, round_: Round) -> None:
        super().__init__()
        self.session = session
        self.round = round_
        self.summary: Summary = session.summary(round_)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static(self.score_text(), id="score")
            yield Static(self.struggled_text(), id="struggled")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.round.pack.title} · summary"

    def score_text(self) -> Content:
        s = self.summary
        title = "Retry round" if s.retry_round else s.pack.title
        lines = [Content.styled(f"{title}: done", "bold $text-primary"), Content(""),
                 Content.assemble(progress_bar(s.solved, s.total, 20), " ",
                                  (f"{s.solved} of {s.total}", "bold"), " questions right"),
                 Content.assemble((f"{s.first_try} of {s.total}", "bold"),
                                  " right on the first try")]
        if s.unanswered:
            lines.append(Content.styled(f"{s.unanswered} not answered yet", "dim"))
        return Content("\n").join(lines)

    def struggled_text(self) -> Content:
        struggled = self.summary.struggled
        if not struggled:
            return Content.styled("Every question you answered was right on the first try.",
                                  "$text-success")
        lines = [Content.styled("These took more than one try:", "bold")]
        lines += [outcome_line(o) for o in struggled]
        lines += [Content(""), Content.assemble(("r", "bold"), " practises them again.")]
        return Content("\n").join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.summary.struggled)
        return True

    def action_retry(self) -> None:
        from tutor.app.screens.exercise import ExerciseScreen

        round_ = self.session.retry_round(self.summary)
        if round_ is None:
            return
        self.app.switch_screen(ExerciseScreen(self.session, round_, round_.indexes[0]))


def outcome_line(outcome: Outcome) -> Content:
    tries = f"{outcome.tries} tr{'ies' if outcome.tries != 1 else 'y'}"
    result = ("✓", "$text-success") if outcome.solved else ("✗", "$text-error")
    return Content.assemble(
        "  ", result, " ", (outcome.exercise.title, "bold"), " · ",
        inline_markdown(" ".join(outcome.question.text.split())), (f"  ({tries})", "dim"))
