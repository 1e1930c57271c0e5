"""`vary`: seeded, deterministic, never a combination the calculator rejects."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import load, messages

from tutor.errors import TutorError

VARIED = """\
id: drills
title: Drills
description: d
version: 1
author: a
exercises:
  - id: valid
    title: "Stride {S}"
    prompt: "Kernel {F} on {H} x {H}, stride {S}; braces like \\\\text{ceil} stay."
    vary:
      H: {from: 5, to: 9, step: 2}
      F: [2, 3, 6]
      S: [1, 2]
    model:
      input_shape: [$H, $H, 1]
      layers:
        - {type: Conv2D, filters: 4, kernel_size: $F, strides: $S}
    questions:
      - quantity: height
        hints: ["ceil(({H} − {F} + 1) / {S})"]
"""


@pytest.fixture(scope="module")
def exercise():
    result = load(VARIED)
    assert result.problems == ()
    return result.pack.exercise("valid")


def test_ranges_include_both_ends(exercise) -> None:
    assert [(v.name, v.values) for v in exercise.vary] == [
        ("H", (5, 7, 9)), ("F", (2, 3, 6)), ("S", (1, 2))]


def test_same_seed_same_variant(exercise) -> None:
    for seed in range(20):
        assert exercise.variant(seed).values == exercise.variant(seed).values


def test_the_choice_does_not_depend_on_the_process() -> None:
    code = textwrap.dedent(f"""
        import textwrap
        from tutor.packs import load_text
        pack = load_text({VARIED!r}).pack
        print([pack.exercise("valid").variant(s).values for s in range(10)])
    """)
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    assert len(runs) == 1


def test_different_seeds_give_different_variants(exercise) -> None:
    seen = {tuple(exercise.variant(seed).values.items()) for seed in range(50)}
    assert len(seen) > 5


def test_rejected_combinations_are_never_shown(exercise) -> None:
    # a 5 × 5 input with a kernel of 6 does not fit: Keras (and the calculator) refuse it
    for seed in range(200):
        values = exercise.variant(seed).values
        assert not (values["H"] == 5 and values["F"] == 6)


def test_values_are_filled_into_texts_and_answers_follow(exercise) -> None:
    variant = exercise.variant(3)
    h, f, s = (variant.values[k] for k in "HFS")
    assert variant.title == f"Stride {s}"
    assert variant.prompt == (f"Kernel {f} on {h} x {h}, stride {s}; "
                              "braces like \\text{ceil} stay.")
    assert variant.questions[0].hints == (f"ceil(({h} − {f} + 1) / {s})",)
    assert variant.answer(0).value == -(-(h - f + 1) // s)
    assert variant.spec.input_shape == (h, h, 1)
    assert f"kernel_size={f}, strides={s}, input_shape=({h}, {h}, 1)" in variant.code


def test_variants_are_cached(exercise) -> None:
    assert exercise.variant(7) is exercise.variant(7)
    assert exercise.variant(7).summary is exercise.variant(7).summary


def test_an_exercise_without_vary_has_one_variant(minimal) -> None:
    exercise = load(minimal).pack.exercise(1)
    assert exercise.variant(0) is exercise.variant(12345)
    assert exercise.variant("any seed").values == {}


def test_no_valid_variant_is_a_validation_error() -> None:
    text = VARIED.replace("F: [2, 3, 6]", "F: [10, 11]")
    (message,) = messages(load(text))
    assert message.startswith("pack.yaml:11:7: exercises[0].vary: no valid variant: the "
                              "calculator rejected all 12 combinations tried, for example with ")


def test_a_rare_valid_combination_is_still_found() -> None:
    # 1 valid combination out of 440: random draws alone would rarely find it
    text = VARIED.replace("H: {from: 5, to: 9, step: 2}", "H: {from: 1, to: 40}").replace(
        "F: [2, 3, 6]", "F: {from: 40, to: 50}").replace("S: [1, 2]", "S: [1]")
    result = load(text)
    assert all(problem.is_warning for problem in result.problems)  # the values never used
    assert [p.message.split(" never")[0] for p in result.problems] == ["H = 1 to 39",
                                                                       "F = 41 to 50"]
    for seed in range(3):
        assert result.pack.exercise(1).variant(seed).values == {"H": 40, "F": 40, "S": 1}


def test_placeholders_must_be_declared_and_used() -> None:
    text = VARIED.replace("strides: $S", "strides: $SS").replace("hints: [", "text: '{S}'\n"
                                                                 "        hints: [")
    assert messages(load(text)) == [
        "pack.yaml:13:7: exercises[0].vary.S: `S` is never used in the model: write $S where "
        "its value goes",
        "pack.yaml:17:64: exercises[0].model.layers[0].strides: $SS is not declared in `vary` "
        "(H, F, S) (did you mean $S?)",
    ]


def test_expect_and_choices_are_refused_with_vary() -> None:
    text = VARIED.replace("quantity: height", "quantity: height\n        expect: 3")
    assert messages(load(text)) == [
        "pack.yaml:20:17: exercises[0].questions[0].expect: `expect` cannot be used with "
        "`vary`: the answer changes with each variant (the calculator checks every one)"]


def test_bad_vary_values() -> None:
    text = VARIED.replace("F: [2, 3, 6]", "F: []").replace("S: [1, 2]",
                                                            "S: {from: 3, to: 1}")
    assert messages(load(text)) == [
        "pack.yaml:12:10: exercises[0].vary.F: needs at least one value",
        "pack.yaml:13:24: exercises[0].vary.S.to: must not be less than from (3), got 1",
    ]


def test_keras_snippets_take_placeholders_too() -> None:
    text = VARIED.replace("""    model:
      input_shape: [$H, $H, 1]
      layers:
        - {type: Conv2D, filters: 4, kernel_size: $F, strides: $S}
""", """    keras: |
      from keras.models import Sequential
      from keras.layers import Conv2D
      model = Sequential()
      model.add(Conv2D(4, $F, strides=$S, input_shape=($H, $H, 1)))
""").replace("S: [1, 2]", "S: [1, 2]\n      P: [same]")
    result = load(text)
    assert messages(result) == [
        "pack.yaml:14:7: exercises[0].vary.P: `P` is never used in the model: write $P where "
        "its value goes"]
    fixed = load(text.replace("strides=$S,", "strides=$S, padding=$P,"))
    assert fixed.problems == ()
    variant = fixed.pack.exercise(1).variant(1)
    assert "padding='same'" in variant.code and "$" not in variant.code
    assert variant.code_is_snippet


def test_asking_for_a_missing_question_is_an_error(exercise) -> None:
    with pytest.raises(TutorError, match="no question 'q9'"):
        exercise.variant(0).answer("q9")
