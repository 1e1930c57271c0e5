"""The Textual app: a stack of screens over one practice `Session`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tutor.app.commands import ActionsProvider
from tutor.app.session import Session


class TutorApp(App[None]):
    """Pack list → exercises → exercise → summary; F1 (or ?) helps on every screen."""

    TITLE = "tutor"
    CSS_PATH = "tutor.tcss"
    # ctrl+p is "previous exercise" (with ctrl+n for next); ctrl+k opens the palette, as in
    # many editors and web apps.
    COMMAND_PALETTE_BINDING = "ctrl+k"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # `?` types into the answer field while it has focus; F1 works everywhere.
        Binding("f1,question_mark", "help", "Help", id="app.help",
                tooltip="This help"),
    ]

    def __init__(self, session: Session, notices: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.session = session
        self.notices = list(notices)

    def on_mount(self) -> None:
        from tutor.app.screens.packs import PacksScreen

        self.push_screen(PacksScreen(self.session))
        for title, text in self.notices:
            self.notice(title, text)

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
