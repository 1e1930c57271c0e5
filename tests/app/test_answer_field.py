"""The answer field keeps keys in order and bounded: "↓896" arriving in one burst types 896
into the next question (the arrow is not run after the digits); an answer longer than the
limit is cut at the limit, with one warning, however many keys follow."""

from __future__ import annotations

from collections.abc import Callable

from textual import events

from tests.app.pilot import exercise_screen, open_lesson_exercise
from tutor.app.app import TutorApp
from tutor.app.widgets.answer import AnswerField


def burst(app: TutorApp, *keys: str) -> None:
    """Keys posted at once, as they arrive when a terminal or SSH client batches them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_an_arrow_and_typing_in_one_burst_keep_the_typed_text(
        make_app: Callable[..., TutorApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        for _ in range(5):  # down, then back up, each with an answer typed behind it
            start = screen.practice.current
            burst(app, "down", "8", "9", "6")
            await pilot.pause()
            assert screen.practice.current == start + 1
            assert screen.answer.value == "896"
            burst(app, "ctrl+u", "up", "3", "2")
            await pilot.pause()
            assert screen.practice.current == start
            assert screen.answer.value == "32"
            burst(app, "ctrl+u")
            await pilot.pause()


async def test_a_long_paste_typed_as_keys_stops_at_the_limit_with_one_warning(
        make_app: Callable[..., TutorApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson_exercise(pilot)
        field = exercise_screen(pilot).answer
        burst(app, *("7" * (AnswerField.MAX_LENGTH + 300)))
        await pilot.pause()
        assert field.value == "7" * AnswerField.MAX_LENGTH
        warnings = [n for n in app._notifications if n.title == "Answer too long"]
        assert len(warnings) == 1
        burst(app, "backspace", "1", "2")  # room for one again, then full again
        await pilot.pause()
        assert field.value == "7" * (AnswerField.MAX_LENGTH - 1) + "1"
