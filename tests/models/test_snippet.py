"""Reading Keras snippets: the models they build, and clear errors for what cannot be read.

Real tutorial code lives in tests/models/snippets/ (data, never imported or run). End-to-end
checks through `summarize` are skipped while the calculator does not know one of the model's
layer types yet (`tutor.calc.layers.base.lookup`): other layers are another issue's work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tutor.calc import summarize
from tutor.calc.layers.base import lookup
from tutor.errors import ModelError
from tutor.models.read import read_model_text
from tutor.models.snippet import spec_from_snippet
from tutor.models.spec import LayerSpec, ModelSpec

SNIPPETS = Path(__file__).parent / "snippets"
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


def read(source: str) -> ModelSpec:
    return spec_from_snippet(source)


def layers_of(spec: ModelSpec) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    return [(layer.type, layer.positional, dict(layer.args)) for layer in spec.layers]


def summary_if_known(spec: ModelSpec):
    """The model's summary, or a skip while the calculator lacks one of its layer types."""
    missing = sorted({layer.type for layer in spec.layers if lookup(layer.type) is None})
    if missing:
        pytest.skip(f"the calculator does not know {', '.join(missing)} yet")
    return summarize(spec)


def error(source: str) -> ModelError:
    with pytest.raises(ModelError) as caught:
        spec_from_snippet(source)
    assert "internal error" not in str(caught.value)
    return caught.value


# -- the lesson ------------------------------------------------------------------------------

def test_lesson_first_snippet():
    spec = read(LESSON_FIRST)
    assert spec.input_shape == (200, 200, 1)
    (layer,) = spec.layers
    assert layer == LayerSpec("Conv2D", {"filters": 16, "kernel_size": 2, "strides": 2,
                                         "padding": "valid", "activation": "relu"}, line=5)
    assert spec.source == LESSON_FIRST
    summary = summarize(spec)
    assert summary.layers[0].output_shape == (None, 100, 100, 16)
    assert summary.total_params == 80


def test_lesson_second_snippet():
    summary = summarize(read(LESSON_SECOND))
    assert summary.layers[0].output_shape == (None, 64, 64, 32)
    assert summary.total_params == 896


@pytest.mark.skipif(not LESSON.exists(), reason="the lesson text is not checked out here")
def test_the_lessons_own_code_blocks():
    blocks = LESSON.read_text(encoding="utf-8").split("```")[1::2]
    snippets = [block.removeprefix("python").strip() for block in blocks
                if "Sequential" in block]
    assert [s.strip() for s in (LESSON_FIRST, LESSON_SECOND)] == snippets


def test_read_model_text_reads_py_files_as_snippets():
    assert read_model_text(LESSON_FIRST, ".py").input_shape == (200, 200, 1)


# -- tutorial code (tests/models/snippets) ---------------------------------------------------

RELU, SAME = {"activation": "relu"}, {"padding": "same"}

TUTORIALS: dict[str, tuple[Any, list[tuple[str, tuple[Any, ...], dict[str, Any]]], int | None]] = {
    # file: (input shape, [(type, positional, args)], total parameters as Keras reports them)
    "keras_io_mnist_convnet.py": ((28, 28, 1), [
        ("Conv2D", (32,), {"kernel_size": (3, 3), **RELU}),
        ("MaxPooling2D", (), {"pool_size": (2, 2)}),
        ("Conv2D", (64,), {"kernel_size": (3, 3), **RELU}),
        ("MaxPooling2D", (), {"pool_size": (2, 2)}),
        ("Flatten", (), {}),
        ("Dropout", (0.5,), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 34826),
    "tf_cnn_cifar10.py": ((32, 32, 3), [
        ("Conv2D", (32, (3, 3)), RELU),
        ("MaxPooling2D", ((2, 2),), {}),
        ("Conv2D", (64, (3, 3)), RELU),
        ("MaxPooling2D", ((2, 2),), {}),
        ("Conv2D", (64, (3, 3)), RELU),
        ("Flatten", (), {}),
        ("Dense", (64,), RELU),
        ("Dense", (10,), {}),
    ], 122570),
    "tf_dcgan.py": ((28, 28, 1), [  # the discriminator, the last model built
        ("Conv2D", (64, (5, 5)), {"strides": (2, 2), **SAME}),
        ("LeakyReLU", (), {}),
        ("Dropout", (0.3,), {}),
        ("Conv2D", (128, (5, 5)), {"strides": (2, 2), **SAME}),
        ("LeakyReLU", (), {}),
        ("Dropout", (0.3,), {}),
        ("Flatten", (), {}),
        ("Dense", (1,), {}),
    ], 212865),
    "keras2_mnist_cnn.py": ((28, 28, 1), [
        ("Conv2D", (32,), {"kernel_size": (3, 3), **RELU}),
        ("Conv2D", (64, (3, 3)), RELU),
        ("MaxPooling2D", (), {"pool_size": (2, 2)}),
        ("Dropout", (0.25,), {}),
        ("Flatten", (), {}),
        ("Dense", (128,), RELU),
        ("Dropout", (0.5,), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 1199882),
    "udacity_mnist_mlp.py": ((28, 28), [
        ("Flatten", (), {}),
        ("Dense", (512,), RELU),
        ("Dropout", (0.2,), {}),
        ("Dense", (512,), RELU),
        ("Dropout", (0.2,), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 669706),
    "udacity_cifar10_cnn.py": ((32, 32, 3), [
        ("Conv2D", (), {"filters": 16, "kernel_size": 2, **SAME, **RELU}),
        ("MaxPooling2D", (), {"pool_size": 2}),
        ("Conv2D", (), {"filters": 32, "kernel_size": 2, **SAME, **RELU}),
        ("MaxPooling2D", (), {"pool_size": 2}),
        ("Conv2D", (), {"filters": 64, "kernel_size": 2, **SAME, **RELU}),
        ("MaxPooling2D", (), {"pool_size": 2}),
        ("Dropout", (0.3,), {}),
        ("Flatten", (), {}),
        ("Dense", (500,), RELU),
        ("Dropout", (0.4,), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 528054),
    "coursera_fashion_mnist.py": ((28, 28, 1), [
        ("Conv2D", (64, (3, 3)), RELU),
        ("MaxPooling2D", (2, 2), {}),
        ("Conv2D", (64, (3, 3)), RELU),
        ("MaxPooling2D", (2, 2), {}),
        ("Flatten", (), {}),
        ("Dense", (128,), RELU),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 243786),
    "chollet_functional_convnet.py": ((28, 28, 1), [
        ("Conv2D", (), {"filters": 32, "kernel_size": 3, **RELU}),
        ("MaxPooling2D", (), {"pool_size": 2}),
        ("Conv2D", (), {"filters": 64, "kernel_size": 3, **RELU}),
        ("MaxPooling2D", (), {"pool_size": 2}),
        ("Conv2D", (), {"filters": 128, "kernel_size": 3, **RELU}),
        ("Flatten", (), {}),
        ("Dense", (10,), {"activation": "softmax"}),
    ], 104202),
    "keras_io_vae_decoder.py": ((2,), [
        ("Dense", (3136,), RELU),
        ("Reshape", ((7, 7, 64),), {}),
        ("Conv2DTranspose", (64, 3), {**RELU, "strides": 2, **SAME}),
        ("Conv2DTranspose", (32, 3), {**RELU, "strides": 2, **SAME}),
        ("Conv2DTranspose", (1, 3), {"activation": "sigmoid", **SAME}),
    ], 65089),
    "chollet_boston_kfold.py": ((13,), [
        ("Dense", (64,), RELU),
        ("Dense", (64,), RELU),
        ("Dense", (1,), {}),
    ], 5121),
    "keras_imdb_bidirectional.py": (None, [
        ("Embedding", (20000, 128), {"input_length": 100}),
        ("Bidirectional", (LayerSpec("LSTM", {}, line=18, positional=(64,)),), {}),
        ("Dropout", (0.5,), {}),
        ("Dense", (1,), {"activation": "sigmoid"}),
    ], None),
    "stacked_lstm_loop.py": ((20, 8), [
        ("LSTM", (64,), {"return_sequences": True}),
        ("LSTM", (32,), {"return_sequences": True}),
        ("LSTM", (16,), {"return_sequences": False}),
        ("Dense", (8,), RELU),
        ("Dense", (8,), RELU),
        ("Dense", (1,), {}),
    ], None),
    "keras3_make_model_chain.py": ((180, 180, 3), [
        ("RandomFlip", ("horizontal",), {}),
        ("RandomRotation", (0.1,), {}),
        ("Rescaling", (1.0 / 255,), {}),
        ("Conv2D", (32, 3), {"strides": 2, **SAME, **RELU}),
        ("Conv2D", (64, 3), {"strides": 2, **SAME, **RELU}),
        ("GlobalAveragePooling2D", (), {}),
        ("Dense", (1,), {"activation": "sigmoid"}),
    ], None),
}


@pytest.mark.parametrize("name", sorted(TUTORIALS))
def test_tutorial_code_is_read(name: str):
    input_shape, expected, _ = TUTORIALS[name]
    text = (SNIPPETS / name).read_text(encoding="utf-8")
    spec = read(text)
    assert spec.input_shape == input_shape
    assert layers_of(spec) == expected
    assert spec.source == text
    lines = text.splitlines()
    for layer in spec.layers:  # each layer's line is where its class is called
        assert layer.type in lines[layer.line - 1]


@pytest.mark.parametrize("name", sorted(n for n, (_, _, total) in TUTORIALS.items() if total))
def test_tutorial_code_end_to_end(name: str):
    summary = summary_if_known(read((SNIPPETS / name).read_text(encoding="utf-8")))
    assert summary.total_params == TUTORIALS[name][2]


def test_tutorial_layer_names_and_lines():
    spec = read((SNIPPETS / "stacked_lstm_loop.py").read_text(encoding="utf-8"))
    assert [layer.name for layer in spec.layers] == ["lstm_0", "lstm_1", "lstm_2", None, None,
                                                     None]
    assert [layer.line for layer in spec.layers] == [12, 12, 12, 14, 14, 15]


@pytest.mark.parametrize(("name", "line", "words"), [
    ("chollet_pretrained_vgg16.py", 12, ["`conv_base`", "model.add", "VGG16", "ready-made"]),
    ("keras_io_make_model_residual.py", 31, ["`layers.add([x, residual])`", "joins several"]),
])
def test_tutorial_code_that_cannot_be_read(name: str, line: int, words: list[str]):
    problem = error((SNIPPETS / name).read_text(encoding="utf-8"))
    assert problem.line == line
    for word in words:
        assert word in problem.message


def test_the_reader_does_not_import_the_calculator():
    """Models flow one way, model → calculator: reading a snippet loads no tutor.calc module."""
    code = ("import sys\nfrom tutor.models.snippet import spec_from_snippet\n"
            f"spec_from_snippet({LESSON_FIRST!r})\n"
            "print(any(m.startswith('tutor.calc') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
