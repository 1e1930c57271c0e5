"""The loop around the exercises: packs in teaching order, `c` to the next question not
solved (or the next pack) saying where, pack descriptions rendered from Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tutor.app.app import TutorApp
from tutor.app.screens.exercise import ExerciseScreen
from tutor.app.screens.packs import PacksScreen
from tutor.packs import load_library
from tutor.progress import Attempt, open_store

MakeApp = Callable[..., TutorApp]
SIZES = [(80, 24), (60, 20), (50, 16)]


def solve(data: Path, pack: str, *only: str) -> None:
    """Record a right answer to every question of `pack` (or of the exercises `only`)."""
    library = load_library()
    store, _ = open_store(data)
    for exercise in library.pack(pack).exercises:
        if exercise.example or (only and exercise.id not in only):
            continue
        for question in exercise.questions:
            store.record(Attempt(pack, exercise.id, question.id, "x", True))
    store.set_position(pack, library.pack(pack).exercises[-1].id)
    store.close()


def welcome(app: TutorApp) -> str:
    return str(app.screen.query_one("#welcome", Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_packs_are_in_teaching_order(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        ids = [o.id for o in app.screen.query_one(OptionList)._options if o.id]
        assert ids[0] == "conv-dims"
        assert ids.index("lesson-pytorch") > ids.index("padding-strides")


@pytest.mark.parametrize("size", SIZES)
async def test_c_starts_at_the_first_question_of_a_new_learner(make_app: MakeApp,
                                                               size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "c to start with Dimensions of a convolutional layer" in welcome(app)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        assert screen.practice.exercise.id == "lesson-questions"  # past the worked example
        assert screen.practice.current == 0


@pytest.mark.parametrize("size", SIZES)
async def test_c_goes_to_the_next_question_not_solved(make_app: MakeApp, data_dir: Path,
                                                      size: tuple[int, int]) -> None:
    store, _ = open_store(data_dir)
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "896", True))
    store.set_position("conv-dims", "lesson-questions")
    store.close()
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        said = " ".join(welcome(app).split())
        assert "continues Dimensions of a convolutional layer: exercise 2 of 2, question 2" \
            in said
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        assert (screen.practice.exercise.id, screen.practice.current) == (
            "lesson-questions", 1)


@pytest.mark.parametrize("size", SIZES)
async def test_a_finished_pack_offers_the_next(make_app: MakeApp, data_dir: Path,
                                               size: tuple[int, int]) -> None:
    solve(data_dir, "conv-dims")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        said = " ".join(welcome(app).split())
        assert "solved every question of Dimensions of a convolutional layer" in said
        assert "goes on to Drills: padding and strides, exercise 2" in said
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        assert screen.practice.pack.id == "padding-strides"
        assert not screen.practice.exercise.example


async def test_c_comes_back_to_a_question_skipped_earlier(make_app: MakeApp,
                                                          data_dir: Path) -> None:
    pack = load_library().pack("padding-strides")
    later = [e.id for e in pack.exercises if not e.example][1:]
    solve(data_dir, "padding-strides", *later)  # the first question left, position at the end
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # nothing to close: stays on the pack list
        assert isinstance(app.screen, PacksScreen)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        first = next(e for e in pack.exercises if not e.example)
        assert screen.practice.exercise.id == first.id


async def test_pack_description_markdown_is_rendered(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        description = app.screen.query_one("#description", Static)
        text = str(description.render())
        assert "kernel_size" in text and "`" not in text


def example_values(placeholder: str) -> list[object]:
    from tutor.checking.answers import read_answer

    examples = placeholder.split("e.g. ", 1)[1].split(" or ")
    return [read_answer(text).answer for text in examples]


@pytest.mark.parametrize("size", SIZES)
async def test_the_placeholder_never_gives_the_answer_away(make_app: MakeApp,
                                                           size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        for index in range(3):
            assert screen.practice.current == index
            placeholder = screen.answer.placeholder
            expected = screen.practice.expected.value
            assert "a number" in placeholder
            assert expected not in example_values(placeholder)
            assert "896" not in placeholder
            await pilot.press("down")
            await pilot.pause()


@pytest.mark.parametrize(("expected", "framework", "form"), [
    (1216, "keras", "a number"), (456, "pytorch", "a number"),
    ((None, 30, 30, 8), "keras", "(None, 14, 14, 6)"), ((None, 64, 64, 32), "keras", "(None,"),
    ((1, 8, 30, 30), "pytorch", "(1, 6, 14, 14)"), ((4, 3, 32, 32), "pytorch", "(1, 8, 30, 30)"),
])
def test_placeholder_examples_fit_the_framework_and_avoid_the_answer(
        expected: object, framework: str, form: str) -> None:
    from tutor.app.widgets.answer import answer_placeholder

    text = answer_placeholder(expected, framework)
    assert form in text
    values = example_values(text)
    if isinstance(expected, tuple):
        assert all(tuple(v)[-3:] != expected[-3:] for v in values)  # type: ignore[arg-type]
    else:
        assert expected not in values


def test_help_examples_are_no_lesson_answer() -> None:
    from tutor.app.screens.help import ANSWERS

    for answer in ("896", "`32", "`64", "64, 64, 32", "64x64x32", "ceil(128/2)"):
        assert answer not in ANSWERS
    assert "(1, 8, 30, 30)" in ANSWERS  # PyTorch's way of writing a shape is shown too
