"""The first screen: the packs, with how far the learner has got in each."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.app.session import PackRow, Round, Session
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.lists import PickList, with_dividers
from tutor.app.widgets.progress import progress_bar


class PacksScreen(Screen[None]):
    HELP_TITLE = "the pack list"
    HELP_TEXT = ("Choose a pack with ↑ ↓ and open it with ⏎. **c** goes straight back to the "
                 "exercise you were on last time.")
    HELP_WIDGETS = (PickList,)
    CSS_PATH = "packs.tcss"
    # Below 22 rows the description gives its lines to the list.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (22, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="packs.continue",
                tooltip="Continue where you stopped last time"),
        Binding("q", "app.quit", "Quit", id="packs.quit",
                tooltip="Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="welcome")
        yield PickList(id="packs")
        yield Static(id="description")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Packs"
        self.refresh_rows()
        last = self.session.last_pack()
        infos = self.session.infos()
        self.query_one(OptionList).highlighted = infos.index(last) if last else 0

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.set_options(with_dividers(Option(row_text(row), id=row.pack.id)
                                          for row in self.session.pack_rows()))
        if highlighted is not None:
            options.highlighted = highlighted
        self.query_one("#welcome", Static).update(self.welcome())
        self.refresh_bindings()

    def welcome(self) -> Content:
        last = self.session.last_pack()
        if last is None:
            return Content.from_markup(
                "Choose a pack with [b]↑ ↓[/b] and press [b]⏎[/b]. "
                "[b]F1[/b] or [b]?[/b] lists every key.")
        index = self.session.resume_index(last.id)
        return Content.assemble(
            "Welcome back. ", ("c", "bold"), " continues ", (last.title, "bold"),
            f", exercise {index + 1} of {len(last.exercises)}.")

    @on(OptionList.OptionHighlighted)
    def describe(self, event: OptionList.OptionHighlighted) -> None:
        info = next((p for p in self.session.infos() if p.id == event.option_id), None)
        if info is not None:
            self.query_one("#description", Static).update(
                Content.assemble((info.title, "bold"), "\n", info.description.strip()))

    @on(OptionList.OptionSelected)
    def open_pack(self, event: OptionList.OptionSelected) -> None:
        from tutor.app.screens.exercises import ExercisesScreen

        self.app.push_screen(ExercisesScreen(self.session, Round(
            self.session.pack(event.option_id or ""))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.session.last_pack() is not None
        return True

    def action_continue(self) -> None:
        from tutor.app.screens.exercises import ExercisesScreen

        last = self.session.last_pack()
        if last is None:
            return
        screen = ExercisesScreen(self.session, Round(self.session.pack(last.id)))
        self.app.push_screen(screen)
        screen.open_exercise(self.session.resume_index(last.id))


def row_text(row: PackRow) -> Content:
    exercises = len(row.pack.exercises)
    return Content.assemble(
        (row.pack.title, "bold"), "\n",
        (f"{exercises} exercise{'s' if exercises != 1 else ''} · ", "dim"),
        progress_bar(row.solved, row.questions), " ",
        (f"{row.solved} of {row.questions} solved", "dim"))
