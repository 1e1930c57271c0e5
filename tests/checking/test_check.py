"""Verdicts and feedback: every accepted form of a right answer, every catalogued mistake."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.checking import CATALOGUE, Asked, check_answer, distractors
from tutor.checking.mistakes import candidates
from tutor.errors import TutorError
from tutor.models.mapping import spec_from_mapping

LESSON = spec_from_mapping({
    "input_shape": [128, 128, 3],
    "layers": [{"type": "Conv2D", "filters": 32, "kernel_size": 3, "strides": 2,
                "padding": "same", "activation": "relu"}],
})


def conv(filters=32, kernel=3, strides=2, padding="same", shape=(128, 128, 3), **extra):
    return spec_from_mapping({"input_shape": list(shape), "layers": [
        {"type": "Conv2D", "filters": filters, "kernel_size": kernel, "strides": strides,
         "padding": padding, **extra}]})


@pytest.mark.parametrize("answer", [
    "896", "896 params", "896 parameters", " 896 ", "32*3*3*3 + 32", "3*3*3*32+32",
    "32 × 3 × 3 × 3 + 32", "(3*3*3+1)*32", "= 896",
])
def test_question_1_accepts_every_form_of_896(answer: str) -> None:
    assert check_answer(answer, Asked(LESSON, "params")).correct


@pytest.mark.parametrize("answer", ["32", " 32", "4*8", "2^5", "2**5"])
def test_question_2_accepts_32(answer: str) -> None:
    assert check_answer(answer, Asked(LESSON, "depth")).correct


@pytest.mark.parametrize("answer", ["64", "ceil(128/2)", "128/2", "128 // 2", "2^6"])
def test_question_3_accepts_64(answer: str) -> None:
    assert check_answer(answer, Asked(LESSON, "width")).correct


@pytest.mark.parametrize("answer", [
    "(None, 64, 64, 32)", "[None, 64, 64, 32]", "64x64x32", "64 × 64 × 32", "64, 64, 32",
    "(64, 64, 32)", "(?, 64, 64, 32)", "(batch, 64, 64, 32)",
])
def test_output_shape_accepts_every_form(answer: str) -> None:
    assert check_answer(answer, Asked(LESSON, "output_shape")).correct


@pytest.mark.parametrize(("spec", "asked", "answer", "mistake", "step"), [
    (LESSON, "params", "864", "forgot-bias", "bias"),
    (LESSON, "params", "32*3*3*3", "forgot-bias", "bias"),
    (LESSON, "params", "320", "forgot-input-depth", "weights_per_filter"),
    (conv(shape=(128, 128, 1)), "params", "128", "kernel-not-squared", "weights_per_filter"),
    # 3 is both D_in and F here: the input's depth is the likelier slip (the example)
    (LESSON, "depth", "3", "previous-layer", "depth"),
    (conv(kernel=5), "depth", "5", "filters-kernel-swapped", "depth"),
    (LESSON, "params", "9219", "filters-kernel-swapped", "weights"),
    (LESSON, "width", "63", "padding-swapped", "width"),
    (conv(padding="valid"), "width", "64", "padding-swapped", "width"),
    (conv(padding="valid", kernel=4), "width", "62", "floor-not-ceil", "width"),
    (LESSON, "width", "128", "ignored-stride", "width"),
    (LESSON, "depth", "64", "wrong-axis", "depth"),
    (conv(strides=1, shape=(128, 64, 3)), "width", "128", "wrong-axis", "width"),
    (LESSON, "output_shape", "(1, 64, 64, 32)", "counted-batch-axis", "output_shape"),
    (LESSON, "output_shape", "(None, 32, 64, 64)", "other-layout", "output_shape"),
    (LESSON, "output_shape", "(None, 64, 32, 64)", "shape-order", "output_shape"),
    (conv(strides=1, padding="valid", dilation_rate=2), "width", "126", "forgot-dilation",
     "dilated_width"),
    (conv(filters=8, groups=2, strides=1, shape=(32, 32, 4)), "params", "296",
     "ignored-groups", "groups"),
])
def test_each_catalogued_mistake_is_diagnosed(spec, asked, answer, mistake, step) -> None:
    verdict = check_answer(answer, Asked(spec, asked))
    assert verdict.verdict == "incorrect"
    assert verdict.mistake is not None and verdict.mistake.mistakes[0].id == mistake
    assert verdict.step_key == step
    seen = verdict.mistake.seen(verdict.expected.layer, asked)
    assert verdict.mistake.mistakes[0].sentence(seen) in verdict.feedback


def test_dense_on_rank_3_counted_as_flattened() -> None:
    spec = spec_from_mapping({"input_shape": [10, 8], "layers": [{"type": "Dense", "units": 4}]})
    verdict = check_answer(str(80 * 4 + 4), Asked(spec, "params"))
    assert verdict.mistake_id == "dense-flattened"


def test_expression_feedback_says_what_it_came_to() -> None:
    verdict = check_answer("32*3*3*3", Asked(LESSON, "params"))
    assert verdict.feedback.startswith("Your expression came to 864.")
    assert verdict.shown == "32 × 3 × 3 × 3 = 864"


def test_the_likelier_of_two_explanations_is_named_alone() -> None:
    """320 is D_in left out, or F for F × F (F = D_in = 3): forgetting D_in is the classic."""
    verdict = check_answer("320", Asked(LESSON, "params"))
    assert verdict.mistake_id == "forgot-input-depth"
    assert "Or perhaps" not in verdict.feedback


def test_two_equally_likely_explanations_are_both_mentioned() -> None:
    """Ignoring a written stride and the other padding's formula are both about arguments the
    author wrote; when they give one number, both are said."""
    spec = conv(filters=4, kernel=2, strides=2, padding="valid", shape=(3, 3, 1))
    # right: ceil((3 − 2 + 1) / 2) = 1; 'same': ceil(3 / 2) = 2; no stride: 3 − 2 + 1 = 2
    verdict = check_answer("2", Asked(spec, "width"))
    assert verdict.mistake_id == "padding-swapped"
    assert "Or perhaps you ignored the stride" in verdict.feedback


@pytest.mark.parametrize("answer", ["", "abc", "x" * 100_000, "(None, 64)"])
def test_unreadable_answers_are_not_wrong(answer: str) -> None:
    verdict = check_answer(answer, Asked(LESSON, "params"))
    assert verdict.unreadable
    assert verdict.feedback


def test_an_unknown_wrong_answer_says_so_plainly() -> None:
    verdict = check_answer("1000", Asked(LESSON, "params"))
    assert verdict.verdict == "incorrect" and verdict.mistake is None
    assert "does not match a mistake we know" in verdict.feedback


def test_distractors_are_distinct_real_mistakes() -> None:
    question = Asked(LESSON, "params")
    summary = summarize(LESSON)
    right = quantity(summary, "params")
    options = distractors(question, right, summary)
    values = [o.value for o in options]
    assert len(values) == 3 and len(set(values)) == 3 and 896 not in values
    assert values[0] == 864 and options[0].mistakes[0].id == "forgot-bias"


def test_every_mistake_in_the_catalogue_has_a_unique_id() -> None:
    ids = [m.id for m in CATALOGUE]
    assert len(ids) == len(set(ids))


layers = st.fixed_dictionaries({
    "filters": st.integers(1, 64), "kernel": st.integers(1, 7), "strides": st.integers(1, 4),
    "padding": st.sampled_from(["valid", "same"]), "size": st.integers(8, 64),
    "depth": st.integers(1, 16), "asked": st.sampled_from(
        ["params", "height", "width", "depth", "output_shape"]),
})


@settings(max_examples=150, deadline=None)
@given(layers)
def test_right_answer_is_never_a_mistake_and_mistakes_never_equal_it(case) -> None:
    spec = conv(case["filters"], case["kernel"], case["strides"], case["padding"],
                (case["size"], case["size"], case["depth"]))
    try:
        summary = summarize(spec)
    except TutorError:
        return
    question = Asked(spec, case["asked"])
    right = quantity(summary, case["asked"])
    typed = str(right.value).replace("None", "?")  # (None, 8, 8, 4) typed as (?, 8, 8, 4)
    assert check_answer(typed, question).correct
    for found in candidates(question, right, summary):
        assert found.value != right.value


@pytest.mark.parametrize(("answer", "asked"), [
    ("32 filters", "depth"), ("32 channels", "depth"), ("64 px", "width"), ("64 pixels", "height"),
    ("896 parameters", "params"), ("896.0", "params"), ("64.0", "width"), ("896 params", "params"),
])
def test_a_number_may_carry_the_unit_of_what_is_asked(answer: str, asked: str) -> None:
    assert check_answer(answer, Asked(LESSON, asked)).correct


@pytest.mark.parametrize(("answer", "asked", "names"), [
    ("32 params", "depth", "a depth"), ("64 filters", "width", "a width"),
    ("896 px", "params", "parameters"), ("31 params", "depth", "a depth"),
])
def test_a_unit_that_contradicts_the_question_is_pointed_out(answer: str, asked: str,
                                                             names: str) -> None:
    verdict = check_answer(answer, Asked(LESSON, asked))
    assert verdict.unreadable  # not taken as right, and not counted as a wrong try
    assert "That unit counts" in verdict.feedback and names in verdict.feedback
