"""The Textual app: a stack of screens over one practice `Session`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tutor.app.session import Session

if TYPE_CHECKING:
    from tutor.packs.discover import Library


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
    ]

    SAVE_RETRY = 0.5
    """Seconds between retries of answers the progress file could not take."""

    def __init__(self, session: Session, notices: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.session = session
        self.notices = list(notices)
        self.unsaved = 0  # answers kept in memory that the learner has been told about
        self.retrying: Timer | None = None

    def get_default_screen(self) -> Screen:
        """The pack list is the bottom of the stack: composed with the app, shown at once."""
        from tutor.app.screens.packs import PacksScreen

        return PacksScreen(self.session)

    def on_mount(self) -> None:
        self.watch(self, "app_focus", self.focus_returned, init=False)
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
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key of this screen, and how to type answers",
                            self.action_help)

    def on_unmount(self) -> None:
        self.session.store.close()
