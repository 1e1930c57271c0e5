"""The built-in lesson pack follows the lesson: its models, its questions, its numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.packs import load_file, load_library

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"


@pytest.fixture(scope="module")
def pack():
    result = load_file(EXERCISES / "conv-dims.yaml")
    assert result.problems == ()
    return result.pack


def test_ids_and_order(pack) -> None:
    assert pack.id == "conv-dims"
    assert [e.id for e in pack.exercises] == ["first-model", "lesson-questions"]
    assert pack.exercise(1).example is True
    assert pack.exercise("lesson-questions").example is False


def test_the_three_questions_in_the_lessons_order_and_wording(pack) -> None:
    variant = pack.exercise("lesson-questions").variant(0)
    assert [(q.id, q.quantity, q.text) for q in variant.questions] == [
        ("question-1", "params", "How many parameters does the convolutional layer have?"),
        ("question-2", "depth", "What is the depth of the convolutional layer?"),
        ("question-3", "width", "What is the width of the convolutional layer?"),
    ]


def test_the_calculator_answers_896_32_64(pack) -> None:
    variant = pack.exercise("lesson-questions").variant(0)
    assert [variant.answer(q).value for q in ("question-1", "question-2", "question-3")] == [
        896, 32, 64]
    params = variant.answer("question-1").steps[-1]
    assert (params.formula, params.substituted) == ("K × F × F × D_in + K",
                                                    "32 × 3 × 3 × 3 + 32")


def test_the_worked_example_derives_the_shape_and_80_params(pack) -> None:
    variant = pack.exercise("first-model").variant(0)
    shape, params = variant.answers
    assert shape.value == (None, 100, 100, 16)
    assert params.value == 80
    assert params.steps[-1].substituted == "16 × 2 × 2 × 1 + 16"
    assert any(step.formula == "ceil((H_in − F + 1) / S)" for step in shape.steps)


def test_the_lessons_snippets_are_shown_as_written(pack) -> None:
    first = pack.exercise("first-model").variant(0)
    assert first.code_is_snippet
    assert "model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid'," in first.code
    second = pack.exercise("lesson-questions")
    assert "input_shape=(128, 128, 3)" in second.keras
    assert second.variant(0).spec.layers[0].type == "Conv2D"


def test_the_lesson_pack_comes_first_among_the_builtin_packs(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_PACKS_DIR", str(tmp_path))
    library = load_library()
    assert library.problems == ()
    assert [p.id for p in library.packs][:1] == ["conv-dims"]
    assert len(library.packs) >= 4 and all(p.builtin for p in library.packs)


def test_every_shipped_pack_loads_cleanly() -> None:
    for path in sorted(EXERCISES.glob("*.yaml")):
        result = load_file(path)
        assert result.problems == (), [str(p) for p in result.problems]
        assert path.read_text().startswith("# yaml-language-server: $schema=./schema.json\n")
