"""Reading Keras snippets: the models they build, and clear errors for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.calc import summarize
from tutor.errors import ModelError
from tutor.models.snippet import spec_from_snippet
from tutor.models.spec import LayerSpec

LESSON = Path(__file__).resolve().parents[3] / "shared" / "lesson" / "conv-dims-lesson.md"

LESSON_FIRST = """\
from keras.models import Sequential
from keras.layers import Conv2D

model = Sequential()
model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid',
                  activation='relu', input_shape=(200, 200, 1)))
model.summary()
"""

LESSON_SECOND = """\
from keras.models import Sequential
from keras.layers import Conv2D

model = Sequential()
model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                 activation='relu', input_shape=(128, 128, 3)))
model.summary()
"""


def test_lesson_first_snippet():
    spec = spec_from_snippet(LESSON_FIRST)
    assert spec.input_shape == (200, 200, 1)
    (layer,) = spec.layers
    assert layer == LayerSpec("Conv2D", {"filters": 16, "kernel_size": 2, "strides": 2,
                                         "padding": "valid", "activation": "relu"}, line=5)
    assert spec.source == LESSON_FIRST
    summary = summarize(spec)
    assert summary.layers[0].output_shape == (None, 100, 100, 16)
    assert summary.total_params == 80


def test_lesson_second_snippet():
    summary = summarize(spec_from_snippet(LESSON_SECOND))
    assert summary.layers[0].output_shape == (None, 64, 64, 32)
    assert summary.total_params == 896


@pytest.mark.skipif(not LESSON.exists(), reason="the lesson text is not checked out here")
def test_the_lessons_own_code_blocks():
    blocks = LESSON.read_text(encoding="utf-8").split("```")[1::2]
    snippets = [block.removeprefix("python").strip() for block in blocks
                if "Sequential" in block]
    assert [spec_from_snippet(s).input_shape for s in snippets] == [(200, 200, 1), (128, 128, 3)]
    assert [s.strip() for s in (LESSON_FIRST, LESSON_SECOND)] == snippets


def test_syntax_error_names_line_and_column():
    with pytest.raises(ModelError) as caught:
        spec_from_snippet("from keras.models import Sequential\n\nmodel = Sequential(\n")
    assert caught.value.line == 3
    assert caught.value.column is not None
    assert str(caught.value).startswith("line 3: invalid syntax")
