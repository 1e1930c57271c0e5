"""A YAML spec is shown to learners as the Keras code that builds it."""

from __future__ import annotations

from tutor.models.mapping import spec_from_mapping
from tutor.packs import keras_code


def test_the_lessons_model_reads_like_the_lesson() -> None:
    spec = spec_from_mapping({"input_shape": [128, 128, 3], "layers": [
        {"type": "Conv2D", "filters": 32, "kernel_size": 3, "strides": 2, "padding": "same",
         "activation": "relu"}]})
    assert keras_code(spec) == """\
from keras.models import Sequential
from keras.layers import Conv2D

model = Sequential()
model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                 activation='relu', input_shape=(128, 128, 3)))
model.summary()"""


def test_bare_layers_tuples_names_and_nested_layers() -> None:
    spec = spec_from_mapping({"input_shape": [10, 8], "layers": [
        {"type": "Conv1D", "filters": 4, "kernel_size": [3], "name": "c"},
        "Flatten",
        {"Dense": {"units": 2, "use_bias": False}},
        {"type": "Wrapper", "layer": {"type": "Dense", "units": 1}},
    ]})
    code = keras_code(spec)
    assert "from keras.layers import Conv1D, Dense, Flatten, Wrapper" in code
    assert "model.add(Conv1D(filters=4, kernel_size=(3,), name='c', input_shape=(10, 8)))" in code
    assert "model.add(Flatten())" in code
    assert "model.add(Dense(units=2, use_bias=False))" in code
    assert "model.add(Wrapper(layer=Dense(units=1)))" in code
