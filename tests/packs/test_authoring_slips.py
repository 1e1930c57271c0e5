"""Slips that used to pass in silence: each is now an error or a warning at FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, load, messages

from tutor.cli.main import main
from tutor.packs import load_file
from tutor.packs.problems import errors

HEAD = MINIMAL.split("exercises:\n")[0] + "exercises:\n"


def pack(body: str) -> str:
    return HEAD + body


TORCH_NO_CALL = pack("""\
  - id: t
    title: T
    prompt: p
    pytorch: |
      import torch
      from torch import nn
      model = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU())
    questions:
      - {quantity: params, layer: 1}
      - {quantity: height, layer: 1}
""")


def test_a_pytorch_model_never_called_has_no_shapes_to_ask() -> None:
    result = load(TORCH_NO_CALL)
    (problem,) = result.problems
    assert not problem.is_warning
    assert (problem.line, problem.column) == (16, 20)
    assert problem.where == "exercises[0].questions[1].quantity"
    assert "never called on an example input" in problem.message
    assert "torch.randn(" in problem.message and "model(x)" in problem.message


def spec_exercise(model: str) -> str:
    return pack(f"""\
  - id: s
    title: T
    prompt: p
    model:
{model}
    questions:
      - {{quantity: params}}
""")


@pytest.mark.parametrize("model", [
    "      layers:\n        - {type: Conv2D, filters: 8, kernel_size: 3, input_shape: [28, 28, 1]}",
    "      layers:\n        - {type: Input, shape: [28, 28, 1]}\n"
    "        - {type: Conv2D, filters: 8, kernel_size: 3}",
    "      layers:\n        - InputLayer: {shape: [28, 28, 1]}\n        - Conv2D: {filters: 8, "
    "kernel_size: 3}",
    "      layers:\n        - {type: Conv2D, filters: 8, kernel_size: 3, batch_input_shape: "
    "[null, 28, 28, 1]}",
])
def test_the_input_shape_the_ways_keras_takes_it(model: str) -> None:
    result = load(spec_exercise(model))
    assert result.problems == ()
    variant = result.pack.exercise(1).variant(0)
    assert variant.answers[0].value == 80
    assert variant.summary.layers[0].input_shape == (None, 28, 28, 1)


@pytest.mark.parametrize("layer", [
    "{type: Conv2D, filters: 8, kernel_size: 3, input_shape: [28, 28, 1]}",
    "{type: Input, shape: [28, 28, 1]}",
])
def test_the_input_shape_given_twice_is_an_error(layer: str) -> None:
    model = f"      input_shape: [28, 28, 1]\n      layers:\n        - {layer}\n" \
            "        - {type: Dense, units: 2}"
    (message,) = messages(load(spec_exercise(model)))
    assert message.startswith("pack.yaml:13:11: exercises[0].model.layers[0]: ")
    assert "the input shape is given twice" in message


def test_no_input_shape_says_how_to_give_one_in_yaml() -> None:
    (message,) = messages(load(spec_exercise(
        "      layers:\n        - {type: Conv2D, filters: 8, kernel_size: 3}")))
    assert "`input_shape: [28, 28, 1]`" in message and "{type: Input, shape:" in message


VARIED = pack("""\
  - id: v
    title: "Kernel {F}, stride {Ss}"
    prompt: "Read $F and {W}."
    vary:
      F: [3, 100, "three"]
      S: [1, 2]
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 8, kernel_size: $F, strides: $S, name: "conv_$F"}
    questions:
      - quantity: params
        hints: ["{F} squared"]
""")


def test_vary_values_that_never_work_are_warnings_each_at_its_value() -> None:
    result = load(VARIED)
    assert not errors(result.problems)
    found = [str(p) for p in result.problems if ".vary." in p.where]
    assert [f.split(" never")[0] for f in found] == [
        "pack.yaml:11:14: warning: exercises[0].vary.F: F = 100",
        "pack.yaml:11:19: warning: exercises[0].vary.F: F = 'three'"]
    assert "input height 28 is too small" in found[0]
    assert "`kernel_size` must be" in found[1]
    assert result.pack.exercise(1).variant(5).values["F"] == 3


def test_placeholders_in_texts_that_are_never_filled_in_are_warnings() -> None:
    found = [str(p) for p in load(VARIED).problems]
    assert ("pack.yaml:8:12: warning: exercises[0].title: {Ss} is not filled in: `vary` "
            "declares F, S (did you mean {S}?)") in found
    assert ("pack.yaml:9:13: warning: exercises[0].prompt: $F in a text is shown as written: "
            "texts take {NAME}, not $NAME; write {F} to show its value") in found
    assert ("pack.yaml:9:13: warning: exercises[0].prompt: {W} is not filled in: `vary` "
            "declares F, S") in found
    assert any("'conv_$F' is used as written" in f and f.startswith("pack.yaml:16:74:")
               for f in found)


def test_braces_that_are_not_placeholders_are_left_alone() -> None:
    text = MINIMAL.replace("prompt: Count the parameters.",
                           r"prompt: '$\text{ceil}(x)$ and {{literal}} and a set {1, 2}'")
    assert load(text).problems == ()


def test_an_argument_typo_is_reported_at_its_own_line() -> None:
    text = pack("""\
  - id: k
    title: T
    prompt: p
    keras: |
      from keras.models import Sequential
      from keras.layers import Conv2D
      model = Sequential()
      model.add(Conv2D(filters=8,
                       kernel_sise=3,
                       input_shape=(28, 28, 1)))
    questions:
      - {quantity: params}
  - id: s
    title: T
    prompt: p
    model:
      input_shape: [28, 28, 1]
      layers:
        - type: Conv2D
          filters: 8
          kernel_sise: 3
    questions:
      - {quantity: params}
""")
    found = messages(load(text))
    assert found[0].startswith("pack.yaml:15:24: exercises[0].keras: layer 'conv2d': Conv2D has "
                               "no argument `kernel_sise` (did you mean `kernel_size`?)")
    assert found[1].startswith("pack.yaml:27:11: exercises[1].model.layers[0].kernel_sise: ")


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"id: demo\ntitle: D\ndescription: caf\xe9 au lait\n")
    (problem,) = load_file(path, name="latin.yaml").problems
    assert (problem.line, problem.column) == (3, 17)
    assert "0xE9" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize(("text", "at", "hint"), [
    ("id: a\ntitle: Ratio: one\n", (2, 13), "quote a text that contains ': '"),
    ('id: a\ntitle: "open\nauthor: x\ndescription: y\n', (2, 8),
     'a " opened on line 2 is not closed'),
    ("id: a\nexercises:\n  - id: b\n    title: t\n   prompt: x\n", (5, 4),
     "check the indentation of this line"),
    ("id: a\nexercises:\n  - id: b\n    title: t\n      prompt: x\n", (5, 13),
     "check the indentation of this line"),
    ("id: a\ntitle: `code` first\n", (2, 8), "quote a text that starts with"),
    ("id: a\ntags: [a, b\nauthor: x\n", (3, 7), "a [ opened on line 2 is not closed with ]"),
])
def test_yaml_syntax_errors_come_with_a_hint(text: str, at: tuple[int, int], hint: str) -> None:
    (problem,) = load(text).problems
    assert (problem.line, problem.column) == at
    assert hint in problem.message


CHOICES = pack("""\
  - id: c
    title: T
    prompt: p
    model:
      input_shape: [784]
      layers:
        - Flatten
    questions:
      - {quantity: params, choices: 6}
      - {quantity: output_shape, choices: 6}
""")


def test_auto_choices_that_fall_short_are_warnings(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CHOICES)
    assert main(["validate", str(path)]) == 0  # warnings alone do not fail
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:15:37: warning: exercises[0].questions[0].choices: `choices` asks "
                      "for 6 options but the mistake catalogue has no mistake that fits this "
                      "question, so the learner types the answer instead")
    assert out[1].startswith(f"{path}:16:43: warning: exercises[0].questions[1].choices: "
                             "`choices` asks for 6 options but only ")
    assert "options are shown: ask for `choices: " in out[1]
    assert out[-1] == "ok: 1 pack, 1 exercise; 2 warnings"


def test_a_pack_id_taken_by_a_builtin_pack_is_a_warning(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL.replace("id: demo", "id: conv-dims"))
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:1:5: warning: id: pack id 'conv-dims' is already used by ")
    assert out[0].endswith("conv-dims.yaml; only one of them can be shown, so give this pack "
                           "another id")


BROKEN = MINIMAL + """\
  - id: two
    title: Two
    prompt: p
    model:
      input_shape: [8, 8, 1]
      layers:
        - {type: Conv2D, filters: 2, kernel_size: 30}
    questions:
      - quantity: params
"""


def test_show_and_check_use_the_valid_exercises_of_a_partly_broken_pack(
        tmp_path: Path, capsys) -> None:
    path = tmp_path / "partial.yaml"
    path.write_text(BROKEN)
    assert main(["show", str(path), "one", "--reveal"]) == 0
    captured = capsys.readouterr()
    assert "Answer: 896" in captured.out
    assert "1 exercise left out for errors: two" in captured.err
    assert main(["check", str(path), "1", "896"]) == 0
    assert "left out for errors: two" in capsys.readouterr().err
    assert main(["show", str(path), "two"]) == 2
    assert "exercise 'two' of pack 'demo' has errors" in capsys.readouterr().err


def test_the_app_lists_the_exercises_left_out() -> None:
    from tutor.app.main import pack_problems
    from tutor.packs.discover import Library

    result = load(BROKEN)
    library = Library((result.pack,), result.problems)
    ((_, text),) = pack_problems(library)
    assert "Demo: left out two; its other exercises work." in text
    assert [e.id for e in result.pack.exercises] == ["one"]


def test_the_size_of_a_flatten_and_buffer_counts_can_be_asked() -> None:
    text = pack("""\
  - id: f
    title: F
    prompt: p
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 8, kernel_size: 3}
        - Flatten
    questions:
      - {quantity: size, expect: 5408}
      - {quantity: size, layer: 1, expect: 5408}
  - id: b
    title: B
    prompt: p
    model:
      framework: pytorch
      input_shape: [3, 8, 8]
      layers:
        - {type: BatchNorm2d, args: [3]}
        - Flatten
    questions:
      - {quantity: buffers, layer: 1, expect: 7}
      - {quantity: total_buffers, expect: 7}
      - {quantity: size, expect: 192}
  - id: k
    title: K
    prompt: p
    model:
      input_shape: [4]
      layers:
        - BatchNormalization
    questions:
      - {quantity: buffers}
""")
    result = load(text)
    (problem,) = result.problems
    assert problem.where == "exercises[2].questions[0].quantity"
    assert "Keras has no buffers" in problem.message
    flatten = result.pack.exercise("f").variant(0)
    assert flatten.answers[0].steps[-1].formula == "H_in × W_in × D_in"
    assert (flatten.answers[1].steps[-1].formula, flatten.answers[1].steps[-1].substituted) == (
        "H_out × W_out × D_out", "26 × 26 × 8")
    assert result.pack.exercise("b").variant(0).answers[0].steps[-1].formula == "2 × C_in + 1"
    assert load(text.replace("expect: 192", "expect: 191")).problems[0].message.startswith(
        "expect is 191 but the calculator says 192")
