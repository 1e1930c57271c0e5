"""Working a question out step by step, as transitions of the practice state: the lesson's
question 1 with a wrong D_in (9 weights per filter), then 288 accepted as following from it,
help in levels on the step in focus, and 896 to finish."""

from __future__ import annotations

import pytest

from tutor.checking.steps import HELP_LEVELS
from tutor.packs import Pack, load_library
from tutor.practice import Practice, Round

KEYS = ["weights_per_filter", "weights", "bias", "params"]


@pytest.fixture(scope="module")
def conv() -> Pack:
    return load_library(user=False).pack("conv-dims")


@pytest.fixture
def practice(conv: Pack) -> Practice:
    return Practice.start(Round(conv), 1).toggle_work()  # lesson-questions, question 1


def test_plain_answer_mode_is_the_default_and_w_toggles(conv: Pack) -> None:
    plain = Practice.start(Round(conv), 1)
    assert not plain.working
    working = plain.toggle_work()
    assert working.working
    assert [s.key for s in working.steps] == KEYS
    assert working.state.work.focus == "weights_per_filter"
    assert not working.toggle_work().working


def test_a_worked_example_has_no_work_mode(conv: Pack) -> None:
    example = Practice.start(Round(conv), 0)
    assert example.worked
    assert example.toggle_work() is example


def test_a_wrong_step_is_diagnosed_and_keeps_the_focus(practice: Practice) -> None:
    after, checked = practice.work_step("9")
    assert checked is None
    verdict = after.state.work.verdicts["weights_per_filter"]
    assert verdict.verdict == "incorrect" and verdict.mistake is not None
    assert after.state.work.focus == "weights_per_filter"
    assert after.state.work.tries == {"weights_per_filter": 1}
    assert after.state.tries == 0  # a step is not an answer to the question


def test_a_later_step_following_the_slip_is_consistent(practice: Practice) -> None:
    practice, _ = practice.work_step("9")
    practice = practice.focus_step(1)
    assert practice.state.work.focus == "weights"
    practice, _ = practice.work_step("288")
    verdict = practice.state.work.verdicts["weights"]
    assert verdict.verdict == "consistent"
    assert "9" in verdict.feedback
    assert practice.state.work.focus == "bias"  # on to the next open step
    assert not practice.state.solved


def test_help_comes_in_levels_on_the_step_in_focus(practice: Practice) -> None:
    assert practice.state.work.help_level("weights_per_filter") == 0
    practice = practice.step_help().step_help()
    assert practice.state.work.help_level("weights_per_filter") == 2  # up to the formula
    assert HELP_LEVELS[1] == "formula"
    for _ in range(5):
        practice = practice.step_help()
    assert practice.state.work.help_level("weights_per_filter") == len(HELP_LEVELS)
    assert practice.state.work.help_level("weights") == 0


def test_the_last_step_right_answers_the_question(practice: Practice) -> None:
    practice, _ = practice.work_step("9")
    practice = practice.focus_step(3).focus_step(1)  # past the end: unchanged
    assert practice.state.work.focus == "params"
    practice, checked = practice.work_step("896")
    assert checked is not None and checked.verdict.correct and checked.counted
    assert practice.state.solved
    # a right final answer fills in the steps it implies, the slipped ones too
    work = practice.state.work
    assert all(work.verdicts[k].verdict == "correct" for k in KEYS)
    assert [work.values[k] for k in KEYS] == [27, 864, 32, 896]


def test_a_right_final_answer_in_plain_mode_fills_in_the_steps(conv: Pack) -> None:
    practice, _ = Practice.start(Round(conv), 1).check("896")
    work = practice.state.work
    assert [work.values[k] for k in KEYS] == [27, 864, 32, 896]
    assert all(work.accepted(k) for k in KEYS)


def test_an_unreadable_step_is_not_a_try(practice: Practice) -> None:
    after, _ = practice.work_step("twenty")
    assert after.state.work.verdicts["weights_per_filter"].verdict == "unreadable"
    assert after.state.work.tries == {}


def test_the_work_stays_with_its_question(practice: Practice) -> None:
    practice, _ = practice.work_step("27")
    moved = practice.move(1)
    assert not moved.working
    back = moved.move(-1)
    assert back.working and back.state.work.accepted("weights_per_filter")
