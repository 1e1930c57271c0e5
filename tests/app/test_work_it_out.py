"""Work it out at 80×24: the lesson's question 1 step by step with a wrong D_in (9 weights
per filter), its diagnosis, 288 accepted as following from it, help up to the formula, and
896 to finish; the answer is saved like any other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.app.app import TutorApp
from tutor.app.widgets.work import WorkView
from tutor.progress import open_store

from .pilot import answer, open_lesson_exercise


def shown(screen) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one("#work", WorkView).render())


async def test_the_lesson_question_1_step_by_step(make_app: Callable[..., TutorApp],
                                                  data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson_exercise(pilot)
        work = screen.query_one("#work", WorkView)
        assert not work.display and not screen.practice.working  # plain answers by default
        ids = {b.binding.id for b in screen.active_bindings.values() if b.enabled}
        assert "exercise.work" in ids and "exercise.step_help" not in ids
        await pilot.press("f6")
        await pilot.pause()
        assert screen.practice.working and work.display
        assert "▸ · weights per filter" in shown(screen)
        assert screen.answer.has_focus
        ids = {b.binding.id for b in screen.active_bindings.values() if b.enabled}
        assert "exercise.step_help" in ids

        await answer(pilot, "9")
        state = screen.practice.state
        assert state.work.verdicts["weights_per_filter"].verdict == "incorrect"
        assert "✗ weights per filter" in shown(screen)
        assert "D_in" in shown(screen)  # the diagnosis for that step
        assert state.tries == 0

        await pilot.press("down")  # on to the weights, though the first step is wrong
        await answer(pilot, "288")
        assert screen.practice.state.work.verdicts["weights"].verdict == "consistent"
        assert "≈ weights" in shown(screen) and "given your 9" in shown(screen)
        assert screen.practice.state.work.focus == "bias"

        await pilot.press("f7", "f7")  # help on the biases: what it is, then its formula
        await pilot.pause()
        assert screen.practice.state.work.help_level("bias") == 2
        assert "Help 2/4" in shown(screen) and ": K" in shown(screen)

        await pilot.press("down")
        await answer(pilot, "896")
        state = screen.practice.state
        assert state.solved and state.tries == 1
        assert all(v.verdict == "correct" for v in state.work.verdicts.values())
        assert "✓ parameters" in shown(screen)

        await pilot.press("f6")  # back to a plain answer
        await pilot.pause()
        assert not screen.practice.working and not work.display
    store, _ = open_store(data_dir)
    try:
        attempts = store.attempts()
    finally:
        store.close()
    assert [(a.question, a.answer, a.correct) for a in attempts] == [("question-1", "896", True)]
