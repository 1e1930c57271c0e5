"""Multiple choice: `choices: auto` options are the right answer and real catalogued mistakes."""

from __future__ import annotations

import pytest

from tutor.calc.derivation import fmt
from tutor.checking import Asked, check, check_answer
from tutor.checking.choices import chosen, options
from tutor.packs import load_text

PACK = """
id: t
title: T
description: d
version: "1"
author: me
exercises:
  - id: e
    title: E
    prompt: p
    model:
      input_shape: [128, 128, 3]
      layers: [{type: Conv2D, filters: 32, kernel_size: 3, strides: 2, padding: same}]
    questions:
      - {quantity: params, choices: auto}
      - {quantity: width, choices: 3}
      - {quantity: output_shape, choices: auto}
      - {quantity: depth, choices: [3, 32]}
      - {quantity: depth}
"""


@pytest.fixture(scope="module")
def variant():
    loaded = load_text(PACK, "t.yaml")
    assert loaded.problems == ()
    return loaded.pack.exercises[0].variant(0)


def test_auto_choices_hold_the_right_answer_and_real_mistakes(variant) -> None:
    values = options(variant, 0)
    assert values == (320, 864, 896, 9219)
    asked = Asked(variant.spec, "params")
    for value in values:
        verdict = check_answer(str(value), asked, summary=variant.summary)
        assert verdict.correct == (value == 896)
        assert verdict.correct or verdict.mistake is not None  # every wrong option is named


def test_check_reads_a_letter_as_its_option(variant) -> None:
    """The one `check` call: by index or id, a letter for a choice, the catalogue's words."""
    assert check(variant, 0, "c").correct  # (320, 864, 896, 9219): c is 896
    wrong = check(variant, variant.questions[0].id, "b")
    assert wrong.verdict == "incorrect" and wrong.shown == "864"
    assert wrong.mistake_id == "forgot-bias"
    assert check(variant, 4, "b").unreadable  # a typed question has no letters
    assert check(variant, 4, "32").correct


def test_a_number_of_options_and_shapes(variant) -> None:
    assert options(variant, 1) == (63, 64, 128)
    shapes = options(variant, 2)
    assert len(shapes) == 4 and (None, 64, 64, 32) in shapes


def test_written_choices_are_kept_and_typed_questions_have_none(variant) -> None:
    assert options(variant, 3) == (3, 32)
    assert options(variant, 4) == ()


@pytest.mark.parametrize(("typed", "meant"), [("b", "864"), ("B", "864"), ("(c)", "896"),
                                               ("c)", "896"), ("896", "896"), ("e", "e")])
def test_a_letter_picks_an_option(variant, typed, meant) -> None:
    assert chosen(typed, options(variant, 0)) == meant


@pytest.mark.parametrize(("value", "problem"), [
    ("7", "a number of options from 2 to 6, got 7"), ("many", "got 'many'")])
def test_bad_choices_values_are_reported_once(value, problem) -> None:
    loaded = load_text(PACK.replace("choices: 3}", f"choices: {value}}}"), "t.yaml")
    messages = [p.message for p in loaded.problems]
    assert len(messages) == 1 and problem in messages[0]


def test_shipped_pack_uses_auto_choices() -> None:
    from tutor.packs import load_library

    exercise = load_library(user=False).pack("padding-strides").exercise("padding-choice")
    variant = exercise.variant(3)
    values = options(variant, 0)
    assert len(values) >= 3 and variant.answers[0].value in values
    assert all(fmt(v).startswith("(None,") for v in values)
