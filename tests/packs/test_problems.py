"""Every kind of problem, reported as FILE:LINE:COLUMN: where: what, all at once."""

from __future__ import annotations

from conftest import MINIMAL, load, messages


def test_a_clean_pack_has_no_problems() -> None:
    result = load(MINIMAL)
    assert result.problems == ()
    assert result.pack is not None and result.pack.exercise("one").questions[0].id == "q1"


def test_yaml_syntax_error_points_at_the_mistake() -> None:
    result = load("id: demo\ntitle: [unclosed\nauthor: x\n")
    assert result.pack is None
    (problem,) = result.problems
    assert (problem.line, problem.where) == (3, "yaml")
    assert str(problem).startswith("pack.yaml:3:7: yaml: invalid YAML: ")


def test_unknown_key_suggests_the_likely_key() -> None:
    text = MINIMAL.replace("        expect: 896", "        expect: 896\n        hnits: [Count]")
    assert messages(load(text)) == [
        "pack.yaml:17:9: exercises[0].questions[0].hnits: unknown key `hnits` (did you mean "
        "`hints`?); expected one of id, text, quantity, layer, hints, choices, expect, explain, "
        "mistakes"]


def test_wrong_type() -> None:
    text = MINIMAL.replace("title: One", "title: [One]").replace("author: Tests", "author: 3")
    assert messages(load(text)) == [
        "pack.yaml:5:9: author: must be text, got 3 (put it in quotes to make it text)",
        "pack.yaml:8:12: exercises[0].title: must be text, got a list",
    ]


def test_missing_fields() -> None:
    text = MINIMAL.replace("author: Tests\n", "").replace("    prompt: Count the parameters.\n",
                                                          "")
    assert messages(load(text)) == [
        "pack.yaml:1:1: pack: missing `author`: Who wrote the pack.",
        "pack.yaml:6:5: exercises[0]: missing `prompt`: What the learner reads first "
        "(Markdown); `{NAME}` shows a `vary` value.",
    ]


def test_missing_model_and_questions() -> None:
    result = load("""\
        id: demo
        title: Demo
        description: d
        version: 1
        author: a
        exercises:
          - id: one
            title: One
            prompt: p
        """)
    assert messages(result) == [
        "pack.yaml:7:5: exercises[0]: missing `questions` (or mark a worked example with "
        "`example: true`)",
        "pack.yaml:7:5: exercises[0]: missing the model: give `model` (a spec with "
        "input_shape and layers), `keras` (a Keras snippet) or `pytorch` (a PyTorch "
        "snippet)",
    ]


def test_duplicate_ids_and_keys_are_reported_in_file_order() -> None:
    exercise = MINIMAL[MINIMAL.index("  - id: one"):]
    text = MINIMAL + exercise + "      - id: q1\n        quantity: depth\n"
    text = text.replace('version: "1.0"', 'version: "1.0"\nversion: "2.0"')
    assert messages(load(text)) == [
        "pack.yaml:5:1: version: `version` is given twice (first on line 4)",
        "pack.yaml:18:9: exercises[1].id: exercise id 'one' is already used on line 8",
        "pack.yaml:28:13: exercises[1].questions[1].id: question id 'q1' is already used by "
        "question 1",
    ]


def test_model_rejected_by_the_calculator_points_at_the_layer() -> None:
    text = MINIMAL.replace("padding: same}", "padding: same}\n        - {type: Conv2D, "
                                             "filters: 8, kernel_size: 80}")
    (message,) = messages(load(text))
    assert message.startswith("pack.yaml:14:11: exercises[0].model.layers[1]: layer "
                              "'conv2d_1': the output height would be -15")


def test_unknown_layer_type_says_did_you_mean() -> None:
    text = MINIMAL.replace("type: Conv2D", "type: Conv2d")
    assert messages(load(text)) == [
        "pack.yaml:13:11: exercises[0].model.layers[0]: unknown layer type 'Conv2d' (did you "
        "mean Conv2D?)"]


def test_snippet_errors_point_into_the_snippet() -> None:
    result = load("""\
        id: demo
        title: Demo
        description: d
        version: 1
        author: a
        exercises:
          - id: one
            title: One
            prompt: p
            keras: |
              from keras.models import Sequential
              from keras.layers import Conv2D

              model = Sequential()
              model.add(Conv2D(filters=16, kernel_size=2, padding='vlaid',
                               input_shape=(200, 200, 1)))
            questions:
              - quantity: params
        """)
    (problem,) = result.problems
    assert (problem.line, problem.where) == (15, "exercises[0].keras")
    assert "padding" in problem.message and "'vlaid'" in problem.message


def test_expect_that_disagrees_shows_both_values() -> None:
    text = MINIMAL.replace("expect: 896", "expect: 864")
    assert messages(load(text)) == [
        "pack.yaml:16:17: exercises[0].questions[0].expect: expect is 864 but the calculator "
        "says 896 (K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896)"]


def test_expect_of_a_shape() -> None:
    text = MINIMAL.replace("quantity: params\n        expect: 896",
                           "quantity: output_shape\n        expect: [null, 64, 64, 3]")
    assert messages(load(text)) == [
        "pack.yaml:16:17: exercises[0].questions[0].expect: expect is (None, 64, 64, 3) but "
        "the calculator says (None, 64, 64, 32)"]
    assert load(text.replace("[null, 64, 64, 3]", '"(None, 64, 64, 32)"')).problems == ()


def test_choices_without_the_right_answer() -> None:
    text = MINIMAL.replace("expect: 896", "choices: [864, 320]")
    (message,) = messages(load(text))
    assert message.startswith("pack.yaml:16:18: exercises[0].questions[0].choices: none of "
                              "the choices is right: the calculator says 896")


def test_answers_of_the_wrong_form() -> None:
    text = MINIMAL.replace("expect: 896", "expect: [1, 2]\n        choices: [3]")
    assert messages(load(text)) == [
        "pack.yaml:16:17: exercises[0].questions[0].expect: must be a whole number for "
        "params, got [1, 2]",
        "pack.yaml:17:18: exercises[0].questions[0].choices: multiple choice needs at least "
        "2 choices, got 1",
    ]


def test_questions_the_model_cannot_answer() -> None:
    text = MINIMAL.replace("quantity: params\n        expect: 896",
                           "quantity: length\n      - quantity: params\n        layer: 3\n"
                           "      - quantity: params\n        layer: dense")
    assert [str(p) for p in load(text).problems] == [
        "pack.yaml:15:19: exercises[0].questions[0].quantity: layer 'conv2d' (Conv2D) has "
        "output shape (None, 64, 64, 32), which has no length"]
    first = text.replace("quantity: length", "quantity: width")
    assert messages(load(first)) == [
        "pack.yaml:17:16: exercises[0].questions[1].layer: the model has 1 layers, so there is "
        "no layer 3"]


def test_unknown_quantity_and_bad_layer() -> None:
    text = MINIMAL.replace("quantity: params", "quantity: hieght\n        layer: 0")
    assert messages(load(text)) == [
        "pack.yaml:15:19: exercises[0].questions[0].quantity: unknown quantity 'hieght' (did "
        "you mean height?); one of params, output_shape, height, width, depth, length, "
        "channels, size, buffers, mult_adds, params_bytes, activation_bytes, receptive_field, "
        "total_params, trainable_params, non_trainable_params, total_mult_adds, total_buffers",
        "pack.yaml:16:16: exercises[0].questions[0].layer: must be a layer number counted "
        "from 1 (-1 for the last) or a layer name, got 0",
    ]
    text = MINIMAL.replace("quantity: params", "quantity: params\n        layer: 0")
    assert messages(load(text)) == [
        "pack.yaml:16:16: exercises[0].questions[0].layer: must be a layer number counted "
        "from 1 (-1 for the last) or a layer name, got 0"]


def test_bad_ids() -> None:
    text = MINIMAL.replace("id: demo", "id: 2 demo").replace("- id: one", "- id: 1st")
    assert messages(load(text)) == [
        "pack.yaml:1:5: id: an id must start with a letter and hold only letters, digits, "
        "'-', '_' and '.', got '2 demo'",
        "pack.yaml:7:9: exercises[0].id: an id must start with a letter and hold only "
        "letters, digits, '-', '_' and '.', got '1st'",
    ]


def test_every_problem_at_once_and_good_exercises_kept() -> None:
    exercise = MINIMAL[MINIMAL.index("  - id: one"):]
    bad = exercise.replace("id: one", "id: two").replace("expect: 896", "expect: 1") \
        .replace("title: One", "titel: One")
    result = load(MINIMAL + bad)
    assert [(p.line, p.message[:20]) for p in result.problems] == [
        (17, "missing `title`: A s"), (18, "unknown key `titel` "), (26, "expect is 1 but the ")]
    assert [e.id for e in result.pack.exercises] == ["one"]


def test_not_a_mapping_at_all() -> None:
    assert messages(load("- just\n- a list\n")) == [
        "pack.yaml:1:1: pack: must be a pack (a mapping with id, title, ...) (key: value "
        "lines), got a list"]
    assert messages(load("")) == [
        "pack.yaml:1:1: pack: the file is empty: a pack starts with `id:`, `title:` ... and "
        "`exercises:`"]


def test_snippet_syntax_errors_point_at_the_line_and_column() -> None:
    result = load("""\
        id: demo
        title: Demo
        description: d
        version: 1
        author: a
        exercises:
          - id: one
            title: One
            prompt: p
            keras: |
              model = Sequential()
              model.add(Conv2D(16, 3 input_shape=(8, 8, 1)))
            questions:
              - quantity: params
        """)
    (problem,) = result.problems
    assert (problem.line, problem.where) == (12, "exercises[0].keras")
    assert 7 + 17 <= problem.column <= 7 + 25  # under `3 input_shape`, where Python points
    assert problem.message.startswith("invalid syntax")
