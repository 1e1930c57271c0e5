"""Authors' own mistakes: `mistakes:` on a question and `why:` on a multiple-choice option are
read, validated (wrong in every variant checked, one `why` per value, never showing the right
answer), named by `tutor check` before the catalogue's, and offered first by `choices: auto`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL
from test_schema import errors

from tutor.checking.check import check_answer
from tutor.checking.choices import asked, options
from tutor.cli.main import main
from tutor.packs import load_text
from tutor.packs.schema import pack_schema

HEADER = MINIMAL[:MINIMAL.index("  - id:")]

POOLING = HEADER + """\
  - id: pool
    title: Pooling
    prompt: p
    model:
      input_shape: [28, 28, 8]
      layers:
        - {type: Conv2D, filters: 16, kernel_size: 3}
        - MaxPooling2D
    questions:
      - quantity: params
        mistakes:
          - value: 2 * 2 * 16
            why: Pooling has no weights to learn; it takes the max of each window.
            id: pooling-weights
          - {value: "2 × (2 + 1) × 16", why: "Not even with biases."}
      - quantity: params
        layer: 1
        choices:
          - 1168
          - {value: 1152, why: "Each filter also has a bias."}
          - 448
      - quantity: output_shape
        mistakes:
          - {value: [null, 26, 26, 8], why: "Pooling keeps the depth of its input."}
  - id: varied
    title: Varied
    prompt: "F={F}"
    vary:
      F: [2, 3, 4]
    model:
      input_shape: [28, 28, 8]
      layers:
        - {type: Conv2D, filters: 16, kernel_size: $F}
    questions:
      - quantity: params
        choices: auto
        mistakes:
          - value: "{F} * {F} * 16"
            why: "Each of the {F} × {F} kernels spans all 8 input channels."
"""


def load(text: str):
    return load_text(text, "pack.yaml")


def exercise(text: str, key: str):
    result = load(text)
    assert [str(p) for p in result.problems] == []
    return result.pack.exercise(key)


def test_mistakes_and_option_whys_are_read() -> None:
    pool = exercise(POOLING, "pool")
    first, second, shape = pool.questions
    assert [(m.value, m.id) for m in first.mistakes] == [(64, "pooling-weights"), (96, "author")]
    assert second.choices == (1168, 1152, 448)
    assert [(m.value, m.why) for m in second.mistakes] == [(1152, "Each filter also has a bias.")]
    assert shape.mistakes[0].value == (None, 26, 26, 8)


def test_an_authors_mistake_is_named_before_the_catalogues() -> None:
    variant = exercise(POOLING, "pool").variant(0)
    verdict = check_answer("64", asked(variant, 0), summary=variant.summary)
    assert verdict.mistake_id == "pooling-weights"
    assert verdict.feedback == ("Pooling has no weights to learn; it takes the max of each "
                                "window.")
    # the shape without its batch axis is the same shape
    verdict = check_answer("26 x 26 x 8", asked(variant, 2), summary=variant.summary)
    assert verdict.feedback == "Pooling keeps the depth of its input."
    # a value the author did not foresee still gets the catalogue's diagnosis
    verdict = check_answer("(None, 13, 13, 8)", asked(variant, 2), summary=variant.summary)
    assert verdict.mistake_id != "author" and verdict.mistake is not None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_arithmetic_is_worked_out_for_each_variant(seed: int) -> None:
    variant = exercise(POOLING, "varied").variant(seed)
    size = variant.values["F"]
    question = variant.questions[0]
    assert question.mistakes[0].value == size * size * 16
    assert question.mistakes[0].why == (f"Each of the {size} × {size} kernels spans all 8 "
                                        "input channels.")
    verdict = check_answer(str(size * size * 16), asked(variant, 0), summary=variant.summary)
    assert verdict.mistake_id == "author" and str(variant.answers[0].value) not in \
        verdict.feedback
    # choices: auto offers the author's mistake first
    assert size * size * 16 in options(variant, 0)


def test_tutor_check_json_names_the_authors_mistake(tmp_path: Path, capsys) -> None:
    path = tmp_path / "pool.yaml"
    path.write_text(POOLING)
    assert main(["check", str(path), "pool", "64", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["mistake"] == "pooling-weights"
    assert main(["check", str(path), "pool", "b", "--question", "2", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["mistake"] == "author" and out["feedback"] == "Each filter also has a bias."


BAD = HEADER + """\
  - id: bad
    title: Bad
    prompt: p
    model:
      input_shape: [28, 28, 8]
      layers:
        - {type: Conv2D, filters: 16, kernel_size: 3}
    questions:
      - quantity: params
        mistakes:
          - {value: 1168, why: "Right."}
          - {value: 1152, why: "The answer is 1,168."}
          - {value: 448, why: "No D_in."}
          - {value: "16*28", why: "Twice."}
          - {value: "__import__('os').system('x')", why: "Never run."}
          - {value: 3, wy: "typo"}
      - quantity: output_shape
        choices:
          - {value: [null, 26, 26, 16], why: "This one is right."}
          - [null, 28, 28, 16]
  - id: varied
    title: Varied
    prompt: "F={F}"
    vary:
      F: [1, 3]
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 16, kernel_size: $F}
    questions:
      - quantity: params
        mistakes:
          - {value: "{F} * 16 + 16", why: "Hmm."}
"""


def test_validation_reports_each_authors_mistake_that_cannot_be_one() -> None:
    problems = [str(p) for p in load(BAD).problems]
    assert any("mistakes[3]: 448 already has a `why`" in p for p in problems)
    assert any("mistakes[4].value: must be a whole number or arithmetic" in p for p in problems)
    assert any("mistakes[5]: missing `why`" in p for p in problems)
    assert any("mistakes[5].wy: unknown key `wy` (did you mean `why`?)" in p for p in problems)
    # F = 1: 1 × 16 + 16 = 32 is right; F = 3 (the first variant) is fine
    assert any("exercises[1].questions[0].mistakes[0]: with F=1: 32 is the right answer" in p
               for p in problems)


def test_validation_reports_a_right_answer_or_a_why_that_gives_it_away() -> None:
    text = BAD.replace('          - {value: 448, why: "No D_in."}\n', "").replace(
        '          - {value: "16*28", why: "Twice."}\n', "").replace(
        "          - {value: \"__import__('os').system('x')\", why: \"Never run.\"}\n", "").replace(
        '          - {value: 3, wy: "typo"}\n', "")
    problems = [str(p) for p in load(text).problems]
    assert any("mistakes[0]: 1168 is the right answer" in p for p in problems)
    assert any("mistakes[1]: `why` shows the right answer, 1168" in p for p in problems)
    assert any("questions[1].choices[0].why: (None, 26, 26, 16) is the right answer" in p
               for p in problems)


def test_an_unknown_name_in_a_value_is_reported() -> None:
    text = POOLING.replace('value: "{F} * {F} * 16"', 'value: "{G} * {F} * 16"')
    problems = [str(p) for p in load(text).problems]
    assert any("{G} is not a name `vary` declares" in p for p in problems)


def test_the_schema_accepts_mistakes_and_option_whys() -> None:
    schema = pack_schema()
    assert errors(yaml.safe_load(POOLING), schema, schema) == []
    broken = yaml.safe_load(POOLING)
    broken["exercises"][0]["questions"][0]["mistakes"][0]["because"] = "x"
    assert errors(broken, schema, schema) != []
