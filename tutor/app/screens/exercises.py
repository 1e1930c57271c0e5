"""A pack's exercises, with what the learner has done in each."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.app.screens.exercise import ExerciseScreen, RoundOver
from tutor.app.screens.summary import Practise, SummaryScreen
from tutor.app.session import ExerciseRow, Session
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.lists import PickList, with_dividers
from tutor.practice import Round

STATUS = {
    "example": ("worked example", "$text-accent"),
    "solved": ("✓ solved", "$text-success"),
    "started": ("… started", "$text-warning"),
    "new": ("· new", "dim"),
}


class ExercisesScreen(Screen[None]):
    """A pack's exercises; it opens the exercise screen and the summary, and decides what
    follows each when it is dismissed."""

    HELP_TITLE = "a pack's exercises"
    HELP_TEXT = ("Choose an exercise with ↑ ↓ and open it with ⏎. **s** shows the pack's "
                 "summary: your score, and the questions that took more than one try.")
    HELP_WIDGETS = (PickList,)
    CSS_PATH = "exercises.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Packs", id="exercises.back",
                tooltip="Back to the pack list"),
        Binding("s", "summary", "Summary", id="exercises.summary",
                tooltip="Score, and the questions that took more than one try"),
    ]

    def __init__(self, session: Session, round_: Round) -> None:
        super().__init__()
        self.session = session
        self.round = round_

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="pack-title")
        yield PickList(id="exercises")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.round.pack.title
        self.query_one("#pack-title", Static).update(Content.assemble(
            (self.round.pack.title, "bold"), " · ",
            (f"{len(self.round.pack.exercises)} exercises", "dim")))
        self.refresh_rows()
        self.query_one(OptionList).highlighted = self.session.resume_index(self.round.pack.id)

    def on_screen_resume(self) -> None:
        self.refresh_rows()
        self.query_one(OptionList).highlighted = self.session.resume_index(self.round.pack.id)

    def refresh_rows(self) -> None:
        self.query_one(OptionList).set_options(with_dividers(
            Option(row_text(row), id=str(row.index))
            for row in self.session.exercise_rows(self.round.pack)))

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.open_exercise(event.option_index)

    def open_exercise(self, index: int, round_: Round | None = None,
                      question: str | None = None) -> None:
        practice = self.session.start(round_ or Round(self.round.pack), index,
                                      question=question)
        self.app.push_screen(ExerciseScreen(self.session, practice), self.exercise_done)

    def exercise_done(self, result: RoundOver | None) -> None:
        if result is not None:
            self.show_summary(result.round)

    def show_summary(self, round_: Round) -> None:
        self.app.push_screen(SummaryScreen(self.session, round_), self.summary_done)

    def summary_done(self, result: Practise | None) -> None:
        if result is not None:
            self.open_exercise(result.index, result.round, result.question)

    def action_summary(self) -> None:
        self.show_summary(Round(self.round.pack))


def row_text(row: ExerciseRow) -> Content:
    label, style = STATUS[row.status]
    progress = (f"  {row.solved}/{row.questions}"
                if row.questions and row.status != "solved" else "")
    return Content.assemble(
        (f"{row.index + 1:>2}. ", "dim"), (row.exercise.title, "bold"), "\n    ",
        (label, style), (progress, "dim"))
