"""The end of a round: the score, what is left to answer, the questions that took more than
one try, and a retry. The screen says what to practise next by dismissing itself with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from tutor.app.session import Session
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.inline import inline_markdown
from tutor.app.widgets.progress import progress_bar

if TYPE_CHECKING:
    from tutor.practice import Outcome, Round, Summary


@dataclass(frozen=True)
class Practise:
    """What the summary is dismissed with: practise `round` from exercise `index` (at
    `question`, an id, if given)."""

    round: Round
    index: int
    question: str | None = None


class SummaryScreen(Screen["Practise | None"]):
    HELP_TITLE = "the summary"
    HELP_TEXT = ("**⏎** answers the questions not answered yet, from the first. **r** "
                 "practises again the questions that took more than one try (or were never "
                 "got right); varied exercises come back with new numbers.")
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer_rest", "Answer the rest", id="summary.answer_rest",
                tooltip="Answer the questions not answered yet"),
        Binding("r", "retry", "Retry those", id="summary.retry",
                tooltip="Practise again the questions that took more than one try"),
        Binding("escape", "dismiss", "Back", id="summary.back",
                tooltip="Back to the exercises"),
        # ⏎ goes back too once nothing is left to answer (the binding above it is off then)
        Binding("enter", "dismiss", "Back", id="summary.back_enter", show=False),
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
        status = "done" if s.done else f"{s.unanswered} not answered yet — ⏎ answers them"
        lines = [Content.styled(f"{title}: {status}", "bold $text-primary"), Content(""),
                 Content.assemble(progress_bar(s.solved, s.total, 20), " ",
                                  (f"{s.solved} of {s.total}", "bold"), " questions right"),
                 Content.assemble((f"{s.first_try} of {s.total}", "bold"),
                                  " right on the first try")]
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
        if action == "answer_rest":
            return not self.summary.done
        return True

    def action_retry(self) -> None:
        round_ = self.session.retry_round(self.summary)
        if round_ is not None:
            self.dismiss(Practise(round_, round_.indexes[0]))

    def action_answer_rest(self) -> None:
        first = self.summary.first_unanswered
        if first is not None:
            self.dismiss(Practise(self.round, first.index, first.question.id))


def outcome_line(outcome: Outcome) -> Content:
    tries = f"{outcome.tries} tr{'ies' if outcome.tries != 1 else 'y'}"
    result = ("✓", "$text-success") if outcome.solved else ("✗", "$text-error")
    return Content.assemble(
        "  ", result, " ", (outcome.exercise.title, "bold"), " · ",
        inline_markdown(" ".join(outcome.question.text.split())), (f"  ({tries})", "dim"))
