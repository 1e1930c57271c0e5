"""The first screen: the packs, with how far the learner has got in each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.app.index import PackInfo
from tutor.app.session import DueReview, PackRow, Session
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.inline import inline_markdown
from tutor.app.widgets.lists import PickList, with_dividers
from tutor.app.widgets.progress import progress_bar
from tutor.progress.standing import NextQuestion, PackOutline, next_question

if TYPE_CHECKING:
    from tutor.app.screens.exercises import ExercisesScreen


class PacksScreen(Screen[None]):
    HELP_TITLE = "the pack list"
    HELP_TEXT = ("Choose a pack with ↑ ↓ and open it with ⏎. **c** goes straight to the next "
                 "question you have not solved: in the pack you were working on, or in the "
                 "next pack once that one is finished. The line above the list says where. "
                 "**r** answers the next question due for review (spaced review: a question "
                 "comes back sooner when it was hard, later when it was easy). "
                 "**p** takes a model you paste (Keras or PyTorch) and makes a pack of it.")
    HELP_WIDGETS = (PickList,)
    CSS_PATH = "packs.tcss"
    # Below 22 rows the description gives its lines to the list.
    # Screen declares it an instance variable, so no ClassVar here.
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (22, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="packs.continue",
                tooltip="Go to the next question you have not solved"),
        Binding("r", "review", "Review", id="packs.review",
                tooltip="Answer the next question due for review"),
        Binding("p", "paste", "Paste a model", id="packs.paste",
                tooltip="Paste a Keras or PyTorch model to practise on"),
        Binding("q", "app.quit", "Quit", id="packs.quit",
                tooltip="Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.due: list[DueReview] = []

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
        if getattr(self.app, "start_review", False):  # `tutor review`
            self.call_after_refresh(self.action_review)

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.set_options(with_dividers(Option(row_text(row), id=row.pack.id)
                                          for row in self.session.pack_rows()))
        if highlighted is not None:
            options.highlighted = highlighted
        self.due = self.session.due_reviews()
        self.query_one("#welcome", Static).update(Content.assemble(self.review_line(),
                                                                   self.welcome()))
        self.refresh_bindings()

    def review_line(self) -> Content:
        """"Review · 3 due (r)" and, quietly, today's answers and the streak."""
        today, streak = self.session.streak()
        quiet = (f"{today} answer{'s' * (today != 1)} today · {streak}-day streak"
                 if today or streak else "")
        if self.due:
            return Content.assemble(("Review · ", "bold"), (f"{len(self.due)} due", "bold"),
                                    " (", ("r", "bold"), ")",
                                    (f"  {quiet}" if quiet else "", "dim"), "\n")
        return Content.assemble((quiet, "dim"), "\n") if quiet else Content("")

    def welcome(self) -> Content:
        last = self.session.last_pack()
        target = self.continue_target()
        if target is None:
            return Content.from_markup(
                "Every question of every pack is solved. Choose a pack with [b]↑ ↓[/b] and "
                "[b]⏎[/b] to practise again.")
        info, where = target
        place = (f"exercise {where.exercise_index + 1} of {len(info.exercises)}, question "
                 f"{where.question_index + 1}")
        if last is None:
            return Content.assemble(
                "Choose a pack with ", ("↑ ↓", "bold"), " and press ", ("⏎", "bold"), ", or ",
                ("c", "bold"), " to start with ", (info.title, "bold"), ". ", ("F1", "bold"),
                " lists every key.")
        if info.id != last.id:
            return Content.assemble(
                "You have solved every question of ", (last.title, "bold"), ". ",
                ("c", "bold"), " goes on to ", (info.title, "bold"), f", {place}.")
        return Content.assemble(
            "Welcome back. ", ("c", "bold"), " continues ", (info.title, "bold"),
            f": {place}.")

    def continue_target(self) -> tuple[PackInfo, NextQuestion] | None:
        """The next question not solved: in the pack last worked on (from where the learner
        was), else in the packs after it, in order."""
        infos = self.session.infos()
        last = self.session.last_pack()
        first = infos.index(last) if last in infos else 0
        for offset in range(len(infos)):
            info = infos[(first + offset) % len(infos)]
            start = self.session.resume_index(info.id) if offset == 0 and last else 0
            found = next_question(outline_of(info), self.session.store.records(info.id), start)
            if found is not None:
                return info, found
        return None

    @on(OptionList.OptionHighlighted)
    def describe(self, event: OptionList.OptionHighlighted) -> None:
        info = next((p for p in self.session.infos() if p.id == event.option_id), None)
        if info is not None:
            self.query_one("#description", Static).update(Content.assemble(
                (info.title, "bold"), "\n", markdown_paragraphs(info.description)))

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        pack_id = event.option_id or ""
        self.when_loaded(lambda: self.open_pack(pack_id))

    def when_loaded(self, then: Callable[[], object]) -> None:
        """The packs may still be loading (the list is drawn from the index): then wait."""
        if not self.session.when_loaded(then):
            self.notify("Loading the packs…", timeout=2)

    def open_pack(self, pack_id: str) -> ExercisesScreen:
        from tutor.app.screens.exercises import ExercisesScreen
        from tutor.practice import Round

        screen = ExercisesScreen(self.session, Round(self.session.pack(pack_id)))
        self.app.push_screen(screen)
        return screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.continue_target() is not None
        if action == "review":
            return bool(getattr(self, "due", None))
        return True

    def action_review(self) -> None:
        """The question due longest, at its exercise; back here, `r` gives the next one."""
        due = self.session.due_reviews()
        if not due:
            later = self.session.next_review()
            self.notify("Nothing due for review" + (f" until {later:%Y-%m-%d}." if later
                                                    else ": answer some questions first."),
                        timeout=4)
            return
        first = due[0]
        self.when_loaded(lambda: self.open_review(first))

    def open_review(self, due: DueReview) -> None:
        """A round of the one question, begun now: answered afresh (a varied exercise gets
        a fresh variant), whatever was answered before."""
        import time

        from tutor.practice import Round

        pack = self.session.pack(due.info.id)
        exercise = pack.exercises[due.exercise_index]
        round_ = Round(pack, only={exercise.id: (due.question,)}, since=time.time())
        self.open_pack(pack.id).open_exercise(due.exercise_index, round_, due.question)

    def action_paste(self) -> None:
        from tutor.app.screens.paste import PasteScreen

        self.when_loaded(lambda: self.app.push_screen(PasteScreen(self.session), self.pasted))

    def pasted(self, pack_id: str | None) -> None:
        if pack_id:
            self.refresh_rows()
            self.open_pack(pack_id)

    def action_continue(self) -> None:
        target = self.continue_target()
        if target is None:
            return
        info, where = target
        options = self.query_one(OptionList)
        options.highlighted = next((i for i, p in enumerate(self.session.infos())
                                    if p.id == info.id), options.highlighted)
        self.when_loaded(lambda: self.open_pack(info.id).open_exercise(
            where.exercise_index, question=where.question))


def outline_of(info: PackInfo) -> PackOutline:
    """What progress needs of a pack, from the pack list's index entry (no loading)."""
    return PackOutline(info.id, info.title, tuple(
        (exercise, "", tuple(q for e, q in info.questions if e == exercise))
        for exercise in info.exercises))


def markdown_paragraphs(text: str) -> Content:
    """A pack description: its paragraphs, each with its inline Markdown rendered."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    parts: list[Content | str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            parts.append("\n")
        parts.append(inline_markdown(paragraph))
    return Content.assemble(*parts)


def row_text(row: PackRow) -> Content:
    exercises = len(row.pack.exercises)
    return Content.assemble(
        (row.pack.title, "bold"), "\n",
        (f"{exercises} exercise{'s' if exercises != 1 else ''} · ", "dim"),
        progress_bar(row.solved, row.questions), " ",
        (f"{row.solved} of {row.questions} solved", "dim"))
