"""The Textual app: a stack of screens over one practice `Session`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tutor.app.session import Session

if TYPE_CHECKING:
    from textual.theme import Theme

    from tutor.app.watch import WatchTarget
    from tutor.packs import LoadResult
    from tutor.packs.discover import Library

SEPARATOR = " · "


def actions_provider() -> type:
    """The palette's provider of screen actions, imported when the palette first opens."""
    from tutor.app.commands import ActionsProvider

    return ActionsProvider


class TutorApp(App[None]):
    """Pack list → exercises → exercise → summary; F1 (or ?) helps on every screen."""

    TITLE = "tutor"
    # The pack list is the default screen, whose own CSS_PATH Textual does not load: its
    # styles come in with the app's.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["tutor.tcss", "screens/packs.tcss"]
    # ctrl+p is "previous exercise" (with ctrl+n for next); ctrl+k opens the palette, as in
    # many editors and web apps.
    COMMAND_PALETTE_BINDING = "ctrl+k"
    start_review = False  # `tutor review`: the first screen opens the first due question
    COMMANDS = App.COMMANDS | {actions_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # `?` types into the answer field while it has focus; F1 works everywhere.
        Binding("f1,question_mark", "help", "Help", id="app.help",
                tooltip="This help"),
        # Ctrl+C quits, as in every terminal program (answers are saved when checked; Textual
        # would make it "copy" in the answer field and only say how to quit elsewhere).
        Binding("ctrl+c", "quit", id="app.quit", show=False, priority=True),
    ]
    HEADER_RESERVED = 18
    """Header columns taken by its icon (8) and the clock's space (10): the title gets the
    rest."""

    SAVE_RETRY = 0.5
    """Seconds between retries of answers the progress file could not take."""

    def __init__(self, session: Session, notices: Sequence[tuple[str, str]] = (),
                 watched: WatchTarget | None = None) -> None:
        super().__init__()
        self.session = session
        self.notices = list(notices)
        self.unsaved = 0  # answers kept in memory that the learner has been told about
        self.retrying: Timer | None = None
        self.watched = watched

    def get_default_screen(self) -> Screen:
        """The pack list is the bottom of the stack: composed with the app, shown at once."""
        from tutor.app.screens.packs import PacksScreen

        return PacksScreen(self.session)

    def on_mount(self) -> None:
        self.watch(self, "app_focus", self.focus_returned, init=False)
        if self.watched is not None:
            self.open_watched(self.watched)
        self.restore_theme()
        for title, text in self.notices:
            self.notice(title, text)
        self.session.on_save = self.retry_saves
        if not self.session.loaded and self.session.loader is not None:
            # After the first screen is drawn: loading takes longer than starting up.
            self.call_after_refresh(self.run_worker, self.session.loader, name="packs",
                                    group="packs", exit_on_error=False, thread=True)

    def focus_returned(self, focus: bool) -> None:
        """In a browser (textual-serve) the app starts without focus, so its first screen
        never took its first focus; when the page gets focus, give it as Textual would."""
        if focus and self.screen.focused is None:
            self.call_after_refresh(self.auto_focus)

    def auto_focus(self) -> None:
        screen = self.screen
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if screen.focused is not None or not selector:
            return
        widget = next((w for w in screen.query(selector) if w.focusable), None)
        if widget is not None:
            screen.set_focus(widget)

    @on(Worker.StateChanged)
    def packs_loaded(self, event: Worker.StateChanged) -> None:
        worker: Worker[Library] = event.worker
        if worker.name != "packs":
            return
        if event.state == WorkerState.ERROR:
            self.notice("The packs could not be loaded",
                        f"{type(worker.error).__name__}: {worker.error}\n\n"
                        "Please report this; `tutor validate` checks a pack.")
            return
        if event.state != WorkerState.SUCCESS or worker.result is None:
            return
        from tutor.app.problems import pack_problems
        from tutor.app.screens.packs import PacksScreen

        self.session.set_library(worker.result)  # and does what was asked for meanwhile
        for screen in self.screen_stack:
            if isinstance(screen, PacksScreen):
                screen.refresh_rows()
        for title, text in pack_problems(worker.result):
            self.notice(title, text)

    def retry_saves(self) -> None:
        """After a save, and every `SAVE_RETRY` seconds while answers are waiting: save what
        the progress file could not take (never waiting long for a lock), and tell the
        learner when answers are kept unsaved and when they are all in."""
        waiting, why = self.session.save_state()
        if waiting > self.unsaved:
            self.notify(f"Your answer is kept but not saved yet: {why}. It will be saved "
                        f"when the file can take it ({waiting} waiting).",
                        title="Progress not saved", severity="warning", timeout=8)
        elif self.unsaved and not waiting:
            self.notify(f"The kept answers are saved ({self.unsaved}).", title="Progress saved")
        self.unsaved = waiting
        if waiting and self.retrying is None:
            self.retrying = self.set_interval(self.SAVE_RETRY, self.retry_saves)
        elif not waiting and self.retrying is not None:
            self.retrying.stop()
            self.retrying = None

    # -- `tutor practice --watch FILE` ----------------------------------------------------

    def open_watched(self, target: WatchTarget) -> None:
        """Open at the watched pack's exercise (over its list, so esc goes back to it), then
        follow the file."""
        from tutor.app.screens.exercise import ExerciseScreen
        from tutor.app.screens.exercises import ExercisesScreen
        from tutor.app.watch import replant, start_index, watched_pack
        from tutor.practice import Round

        pack = watched_pack(self.session.library, target)
        if pack is None:
            return
        listing = ExercisesScreen(self.session, Round(pack))
        self.push_screen(listing)
        practice = self.session.start(Round(pack), start_index(pack, target))
        if target.seed is not None:
            practice = replant(practice, pack, target.seed)
        self.push_screen(ExerciseScreen(self.session, practice), listing.exercise_done)
        self.follow_file()

    @work(exclusive=True, group="watch")
    async def follow_file(self) -> None:
        """Load the pack again after each save (in a thread), and show the new version."""
        from watchfiles import awatch

        from tutor.app.watch import DEBOUNCE_MS
        from tutor.packs import load_file

        target = self.watched
        assert target is not None
        folder = Path(target.file).resolve().parent
        async for _ in awatch(folder, debounce=DEBOUNCE_MS, recursive=False,
                              watch_filter=lambda _change, path: target.same_file(path)):
            if not Path(target.file).is_file():
                continue  # removed for a moment (some editors save by renaming)
            result = await asyncio.to_thread(load_file, target.file)
            self.reloaded(result)

    def reloaded(self, result: LoadResult) -> None:
        """Show the new version of the watched pack, or keep the last good one and say why."""
        from tutor.app.screens.exercise import ExerciseScreen
        from tutor.app.screens.exercises import ExercisesScreen
        from tutor.app.watch import problem_text, reload, replant, with_pack
        from tutor.practice import Round

        target = self.watched
        assert target is not None
        shown = [s for s in self.screen_stack if isinstance(s, ExerciseScreen)
                 and target.same_file(s.practice.pack.file)]
        outcome = reload(result, shown[-1].practice.exercise.id if shown else "")
        if outcome.pack is None and shown:
            self.notify(problem_text(outcome), title=outcome.message, severity="error",
                        timeout=30)
            return
        pack = result.pack
        if pack is None:
            return
        self.session.set_library(with_pack(self.session.library, pack))
        for screen in self.screen_stack:
            if isinstance(screen, ExercisesScreen) and target.same_file(screen.round.pack.file):
                screen.round = Round(pack)
            elif screen in shown:
                typed = screen.answer.value
                screen.practice = replant(screen.practice, pack)
                screen.set_answer(typed)
        self.notify(outcome.message, title="Pack reloaded", timeout=4)

    def notice(self, title: str, text: str) -> None:
        """A message that waits for the learner to read it (not a toast that fades)."""
        from tutor.app.screens.notice import NoticeScreen

        self.push_screen(NoticeScreen(title, text))

    def action_help(self) -> None:
        from tutor.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The tutor's own commands only: no Maximize, Screenshot or key panel (Help is the
        F1 binding, listed with the screen's keys)."""
        yield SystemCommand("Theme", "Change the colours (remembered for next time)",
                            self.action_change_theme)
        yield SystemCommand("Quit", "Quit the tutor (every checked answer is saved)",
                            self.action_quit)

    # -- the theme, remembered ------------------------------------------------------------

    @property
    def settings_folder(self) -> Path:
        return self.session.store.path.parent

    def restore_theme(self) -> None:
        from tutor.app.settings import read_settings

        saved = read_settings(self.settings_folder).get("theme")
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self.remember_theme)

    def remember_theme(self, theme: Theme) -> None:
        from tutor.app.settings import save_setting

        save_setting(self.settings_folder, "theme", theme.name)

    # -- the header: the position stays, the title gives way ---------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Textual draws the header's title only when it changes: redraw it for the new width
        (so the position is kept and the title shortened, or given back its room)."""
        self.call_after_refresh(self.redraw_titles)

    def redraw_titles(self) -> None:
        from textual.widgets import Header
        from textual.widgets._header import HeaderTitle

        for header in self.screen.query(Header):
            header.query_one(HeaderTitle).update(header.format_title())

    def format_title(self, title: str, sub_title: str) -> Content:
        room = max(self.size.width - self.HEADER_RESERVED, 8)
        sub = fit_title(sub_title, room - len(title) - 3)
        if len(sub) > room - len(title) - 3:  # too narrow for both: the sub-title alone
            return Content(fit_title(sub_title, room)).stylize("dim")
        return super().format_title(title, sub)

    def on_unmount(self) -> None:
        self.session.store.close()


def fit_title(text: str, width: int) -> str:
    """`Pack title · 2/9` in `width` columns: the title is shortened, the position after the
    last ` · ` kept (it says where the learner is)."""
    if len(text) <= width:
        return text
    head, sep, tail = text.rpartition(SEPARATOR)
    if not sep:
        head, tail = text, ""
    keep = width - len(sep) - len(tail) - 1
    if keep < 4:
        return tail or text[:max(width - 1, 1)] + "…"
    return head[:keep].rstrip() + "…" + sep + tail
