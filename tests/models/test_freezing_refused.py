"""Freezing the tutor cannot follow is refused at its line, never left silently wrong."""

from __future__ import annotations

import pytest

from tutor.calc import summarize
from tutor.errors import ModelError
from tutor.models.read import read_model_text

HEAD = """\
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense
model = Sequential()
model.add(Conv2D(8, 3, input_shape=(16, 16, 3)))
model.add(Flatten())
model.add(Dense(10))
"""


@pytest.mark.parametrize(("tail", "line"), [
    ("model.layers[0].trainable = False\n", 7),
    ("for layer in model.layers[:2]:\n    layer.trainable = False\n", 7),
])
def test_freezing_it_cannot_follow_is_refused_at_its_line(tail: str, line: int) -> None:
    with pytest.raises(ModelError, match="trainable") as caught:
        summarize(read_model_text(HEAD + tail, ".py"))
    assert caught.value.line == line


def test_freezing_a_layer_variable_still_counts() -> None:
    text = HEAD.replace("model.add(Dense(10))", "head = Dense(10)\nmodel.add(head)") + \
        "head.trainable = False\n"
    summary = summarize(read_model_text(text, ".py"))
    assert summary.non_trainable_params == 14 * 14 * 8 * 10 + 10  # the frozen Dense
