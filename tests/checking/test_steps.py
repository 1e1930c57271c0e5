"""Work it out step by step: each step checked and diagnosed on its own, later steps judged
against the learner's own earlier values, help in levels, and the command line."""

from __future__ import annotations

import json

import pytest

from tutor.checking.steps import (
    HELP_LEVELS,
    check_step,
    help_text,
    implied_by_final,
    work_steps,
)
from tutor.cli.locate import find_variant
from tutor.cli.main import main


@pytest.fixture(scope="module")
def lesson():
    return find_variant("conv-dims", "lesson-questions", None)[1]


def test_the_lesson_question_1_steps(lesson) -> None:
    steps = work_steps(lesson, 0)
    assert [(s.key, s.formula, s.value) for s in steps] == [
        ("weights_per_filter", "F × F × D_in", 27), ("weights", "K × F × F × D_in", 864),
        ("bias", "K", 32), ("params", "K × F × F × D_in + K", 896)]


def test_a_wrong_step_is_diagnosed_for_that_step(lesson) -> None:
    verdict = check_step(lesson, 0, "weights_per_filter", "9")
    assert verdict.verdict == "incorrect" and verdict.mistake.id == "forgot-input-depth"
    assert "27" not in verdict.feedback  # never the expected value


def test_a_step_that_follows_an_earlier_slip_is_right_given_it(lesson) -> None:
    verdict = check_step(lesson, 0, "weights", "288", {"weights_per_filter": 9})
    assert verdict.verdict == "consistent" and verdict.accepted
    assert "given your 9" in verdict.feedback
    # the same number with no earlier slip is the slip itself
    assert check_step(lesson, 0, "weights", "288").verdict == "incorrect"
    assert check_step(lesson, 0, "params", "320", {"weights_per_filter": 9,
                                                   "weights": 288}).verdict == "consistent"


def test_right_steps_and_unreadable_ones(lesson) -> None:
    assert check_step(lesson, 0, "weights", "32 * 27").verdict == "correct"
    assert check_step(lesson, 0, "bias", "thirty-two").verdict == "unreadable"


def test_the_width_with_a_forgotten_stride(lesson) -> None:
    verdict = check_step(lesson, 2, "width", "128")
    assert verdict.mistake is not None and verdict.mistake.id == "ignored-stride"


def test_an_lstm_gate_by_gate() -> None:
    variant = find_variant("sequences", "lstm-params", None)[1]
    keys = [s.key for s in work_steps(variant, 0)]
    assert keys == ["input_weights", "recurrent_weights", "bias", "per_gate", "params"]
    values = {s.key: s.value for s in work_steps(variant, 0)}
    for key in keys:
        assert check_step(variant, 0, key, str(values[key])).verdict == "correct"
    forgot_bias = values["per_gate"] - values["bias"]
    assert check_step(variant, 0, "per_gate", str(forgot_bias)).verdict == "incorrect"


def test_help_comes_in_levels_and_the_value_only_last(lesson) -> None:
    step = work_steps(lesson, 0)[0]
    texts = [help_text(step, level) for level in range(len(HELP_LEVELS))]
    assert "D_in" in texts[0] and "F × F × D_in" not in texts[0]
    assert texts[1].endswith("F × F × D_in")
    assert "3 × 3 × 3" in texts[2] and not texts[2].endswith("= 27")
    assert texts[3].endswith("= 27")


def test_a_right_final_answer_fills_in_the_steps(lesson) -> None:
    assert implied_by_final(lesson, 0, "896") == {"weights_per_filter": 27, "weights": 864,
                                                  "bias": 32, "params": 896}
    assert implied_by_final(lesson, 0, "864") == {}


def test_cli_steps_and_step(capsys) -> None:
    assert main(["show", "conv-dims", "lesson-questions", "--steps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["steps"][0]["key"] == "weights_per_filter"
    assert "value" not in data["steps"][0] and "substituted" not in data["steps"][0]
    assert main(["show", "conv-dims", "lesson-questions", "--steps", "--reveal",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["steps"][0]["value"] == 27
    assert main(["check", "conv-dims", "lesson-questions", "9", "--step",
                 "weights_per_filter", "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["verdict"] == "incorrect" and verdict["mistake"] == "forgot-input-depth"
    assert main(["check", "conv-dims", "lesson-questions", "27", "--step",
                 "weights_per_filter"]) == 0
    assert main(["check", "conv-dims", "lesson-questions", "27", "--step", "nope"]) == 2
    assert "its steps: weights_per_filter" in capsys.readouterr().err
