"""Reading Keras snippets: the models they build, and clear errors for what cannot be read.

Real tutorial code lives in tests/models/snippets/ (data, never imported or run). End-to-end
checks through `summarize` are skipped while the calculator does not know one of the model's
layer types yet (`tutor.calc.layers.base.lookup`): other layers are another issue's work.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.calc.layers.base import lookup
from tutor.errors import ModelError, TutorError
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
    """The layers as written (a functional model's `keras.Input`s, listed among its layers as
    InputLayers, left out)."""
    return [(layer.type, layer.positional, dict(layer.args)) for layer in spec.layers
            if layer.type != "InputLayer"]


def skip_unless_known(spec: ModelSpec) -> None:
    """Every layer type a tutorial uses is one the calculator knows."""
    missing = sorted({layer.type for layer in spec.layers
                      if lookup(layer.type) is None and layer.type != "InputLayer"})
    assert not missing, f"the calculator does not know {', '.join(missing)}"


def summary_if_known(spec: ModelSpec):
    skip_unless_known(spec)
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
        assert layer.type.replace("Layer", "") in lines[layer.line - 1]


@pytest.mark.parametrize("name", sorted(n for n, (_, _, total) in TUTORIALS.items() if total))
def test_tutorial_code_end_to_end(name: str):
    summary = summary_if_known(read((SNIPPETS / name).read_text(encoding="utf-8")))
    assert summary.total_params == TUTORIALS[name][2]


def test_tutorial_layer_names_and_lines():
    spec = read((SNIPPETS / "stacked_lstm_loop.py").read_text(encoding="utf-8"))
    assert [layer.name for layer in spec.layers] == ["lstm_0", "lstm_1", "lstm_2", None, None,
                                                     None]
    assert [layer.line for layer in spec.layers] == [12, 12, 12, 14, 14, 15]


def test_residual_blocks_made_in_a_loop_are_a_graph():
    spec = read((SNIPPETS / "keras_io_make_model_residual.py").read_text(encoding="utf-8"))
    assert spec.graph is not None
    adds = [node for node in spec.graph.nodes if spec.layers[node.layer].type == "Add"]
    assert len(adds) == 3 and all(node.line == 31 and node.listed for node in adds)
    assert spec.graph.outputs == ((len(spec.graph.nodes) - 1, -1),)


@pytest.mark.parametrize(("name", "line", "words"), [
    ("chollet_pretrained_vgg16.py", 12, ["`conv_base`", "model.add", "VGG16", "ready-made"]),
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


# -- imports and names -----------------------------------------------------------------------

@pytest.mark.parametrize("header, dense", [
    ("import keras", "keras.layers.Dense"),
    ("from tensorflow import keras", "keras.layers.Dense"),
    ("import tensorflow as tf", "tf.keras.layers.Dense"),
    ("import tensorflow", "tensorflow.keras.layers.Dense"),
    ("import tensorflow.keras as K", "K.layers.Dense"),
    ("import keras as K", "K.layers.Dense"),
    ("from tensorflow.keras import layers", "layers.Dense"),
    ("from keras import layers as L", "L.Dense"),
    ("from keras.layers import Dense", "Dense"),
    ("from keras.layers.core import Dense", "Dense"),
    ("from tensorflow.keras.layers import *", "Dense"),
    ("from keras.layers import Dense as FC", "FC"),
])
def test_every_way_of_naming_a_layer(header: str, dense: str):
    spec = read(f"{header}\nfrom keras.models import Sequential\n"
                f"model = Sequential([{dense}(10, input_shape=(4,))])\n")
    assert layers_of(spec) == [("Dense", (10,), {})]
    assert spec.input_shape == (4,)


@pytest.mark.parametrize("sequential", [
    "keras.Sequential", "keras.models.Sequential", "tf.keras.Sequential",
    "tf.keras.models.Sequential", "models.Sequential",
])
def test_every_way_of_naming_sequential(sequential: str):
    spec = read("import keras\nimport tensorflow as tf\nfrom tensorflow.keras import models\n"
                f"model = {sequential}()\nmodel.add(keras.layers.Dense(2, input_dim=3))\n")
    assert spec.input_shape == (3,) and layers_of(spec) == [("Dense", (2,), {})]


def test_layer_type_is_kept_as_written():
    spec = read("from keras import layers, Sequential\nmodel = Sequential([\n"
                "    layers.Input((8, 8, 1)), layers.MaxPool2D(), layers.GlobalAvgPool2D()])\n")
    assert [layer.type for layer in spec.layers] == ["MaxPool2D", "GlobalAvgPool2D"]


# -- arguments -------------------------------------------------------------------------------

def test_positional_and_keyword_arguments_and_name():
    spec = read("from keras import layers, Sequential\nmodel = Sequential()\n"
                "model.add(layers.Conv2D(32, (3, 3), strides=[2, 2], padding='same',\n"
                "                        use_bias=False, name='stem', input_shape=[28, 28, 1]))\n")
    (layer,) = spec.layers
    assert layer == LayerSpec("Conv2D", {"strides": (2, 2), "padding": "same", "use_bias": False},
                              name="stem", line=3, positional=(32, (3, 3)))
    assert spec.input_shape == (28, 28, 1)


@pytest.mark.parametrize("activation, name", [
    ("tf.nn.relu", "relu"), ("tf.nn.softmax", "softmax"), ("keras.activations.relu", "relu"),
    ("tf.keras.activations.softmax", "softmax"), ("activations.sigmoid", "sigmoid"),
    ("'tanh'", "tanh"), ("None", None),
])
def test_activation_functions_become_their_names(activation: str, name: str | None):
    spec = read("import tensorflow as tf\nimport keras\nfrom keras import activations\n"
                f"model = keras.Sequential([keras.layers.Dense(4, activation={activation},\n"
                "                                           input_shape=(2,))])\n")
    assert spec.layers[0].args == {"activation": name}


def test_regularizers_initializers_and_constraints_are_opaque():
    spec = read("import keras\nfrom keras import regularizers\nimport tensorflow as tf\n"
                "init = tf.random_normal_initializer(0., 0.02)\n"
                "model = keras.Sequential([keras.layers.Dense(\n"
                "    4, kernel_regularizer=regularizers.l2(0.001),\n"
                "    kernel_initializer=keras.initializers.HeNormal(),\n"
                "    bias_initializer=init, kernel_constraint=keras.constraints.max_norm(3),\n"
                "    activity_regularizer=my_penalty, input_shape=(2,))])\n")
    assert spec.layers[0].args == {
        "kernel_regularizer": "<regularizers.l2>",
        "kernel_initializer": "<initializers.HeNormal>",
        "bias_initializer": "<tensorflow.random_normal_initializer>",
        "kernel_constraint": "<constraints.max_norm>",
        "activity_regularizer": "<my_penalty>",
    }


def test_leaky_relu_alpha_by_name_and_by_position():
    spec = read("from tensorflow.keras import layers, Sequential\n"
                "model = Sequential([layers.Dense(8, input_shape=(4,)), layers.LeakyReLU(0.2),\n"
                "                    layers.LeakyReLU(alpha=0.3),\n"
                "                    layers.Dense(1, activation=layers.LeakyReLU(0.1))])\n")
    assert layers_of(spec)[1:] == [("LeakyReLU", (0.2,), {}), ("LeakyReLU", (), {"alpha": 0.3}),
                                   ("Dense", (1,), {"activation": "<LeakyReLU>"})]


def test_wrapper_layers_hold_their_layer():
    spec = read("from keras.layers import Bidirectional, LSTM, TimeDistributed, Dense, Input\n"
                "from keras.models import Sequential\n"
                "model = Sequential([Input(shape=(10, 8)),\n"
                "    Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum'),\n"
                "    TimeDistributed(layer=Dense(10))])\n")
    assert layers_of(spec) == [
        ("Bidirectional", (LayerSpec("LSTM", {"return_sequences": True}, line=4,
                                     positional=(64,)),), {"merge_mode": "sum"}),
        ("TimeDistributed", (), {"layer": LayerSpec("Dense", {}, line=5, positional=(10,))}),
    ]


# -- constants and arithmetic ----------------------------------------------------------------

def test_constants_arithmetic_and_unpacking():
    spec = read("from tensorflow.keras import layers, models\n"
                "img_rows, img_cols = 28, 28\n"
                "input_shape = (img_rows, img_cols) + (1,)\n"
                "latent_dim = 128\n"
                "num_classes: int = 10\n"
                "half = img_rows // 2 - 1 + 2 ** 3\n"
                "model = models.Sequential()\n"
                "model.add(layers.Dense(7 * 7 * latent_dim, input_shape=input_shape))\n"
                "model.add(layers.Dense(half))\n"
                "model.add(layers.Dense(-(-num_classes), name='out_' + str(num_classes)))\n"
                "model.add(layers.Dense(max(3, len(input_shape)), use_bias=not True))\n"
                "model.add(layers.Dense(int(num_classes / 2) if num_classes > 2 else 1))\n")
    assert spec.input_shape == (28, 28, 1)
    assert layers_of(spec) == [("Dense", (6272,), {}), ("Dense", (21,), {}),
                               ("Dense", (10,), {}), ("Dense", (3,), {"use_bias": False}),
                               ("Dense", (5,), {})]
    assert spec.layers[2].name == "out_10"


def test_lists_become_tuples_and_dict_arguments_are_expanded():
    spec = read("import keras\nconv = {'filters': 8, 'kernel_size': [3, 3]}\nsizes = [4, 4, 1]\n"
                "model = keras.Sequential([keras.Input(shape=sizes),\n"
                "                          keras.layers.Conv2D(**conv, padding='same')])\n")
    assert spec.input_shape == (4, 4, 1)
    assert layers_of(spec) == [("Conv2D", (), {"filters": 8, "kernel_size": (3, 3),
                                               "padding": "same"})]


def test_huge_numbers_are_not_computed():
    problem = error("import keras\nn = 10 ** 10 ** 10\n"
                    "model = keras.Sequential([keras.layers.Dense(n, input_shape=(2,))])\n")
    assert problem.line == 3 and "`n`" in problem.message and "too large" in problem.message
    for expression in ("(1,) * 10 ** 9", "2 << 10 ** 6", "'%9999999d' % 1", "9.0 ** 9999",
                       "[[1] * 9000] * 9000", "(-8) ** 0.5", "1 / 0"):
        problem = error(f"import keras\nn = {expression}\n"
                        "model = keras.Sequential([keras.layers.Dense(n, input_shape=(2,))])\n")
        assert problem.line == 3, expression


# -- functions, loops and conditions ---------------------------------------------------------

def test_model_built_in_a_function_with_parameters():
    spec = read("from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
                "def make_model(input_shape, num_classes, *, hidden=(64, 32), **options):\n"
                "    model = keras.Sequential(name=options.get('name'))\n"
                "    model.add(keras.Input(shape=input_shape))\n"
                "    for units in hidden:\n"
                "        model.add(layers.Dense(units, activation='relu'))\n"
                "    model.add(layers.Dense(1 if num_classes == 2 else num_classes))\n"
                "    return model\n\n"
                "model = make_model(input_shape=(180, 180, 3), num_classes=2, name='m')\n")
    assert spec.input_shape == (180, 180, 3)
    assert layers_of(spec) == [("Dense", (64,), RELU), ("Dense", (32,), RELU),
                               ("Dense", (1,), {})]


def test_a_function_that_is_only_defined_is_called():
    spec = read("import keras\n\ndef build_model(units=16):\n"
                "    return keras.Sequential([keras.layers.Dense(units, input_shape=(8,))])\n")
    assert layers_of(spec) == [("Dense", (16,), {})]


def test_helper_functions_add_blocks_to_a_model():
    spec = read("from keras import layers, models\n"
                "def conv_block(model, filters):\n"
                "    model.add(layers.Conv2D(filters, 3, padding='same'))\n"
                "    model.add(layers.MaxPooling2D())\n"
                "model = models.Sequential([layers.InputLayer(shape=(32, 32, 3))])\n"
                "for filters in [16, 32]:\n"
                "    conv_block(model, filters)\n")
    assert spec.input_shape == (32, 32, 3)
    assert [(t, p) for t, p, _ in layers_of(spec)] == [
        ("Conv2D", (16, 3)), ("MaxPooling2D", ()), ("Conv2D", (32, 3)), ("MaxPooling2D", ())]


def test_loops_lists_and_comprehensions_build_layers():
    spec = read("import keras\nfrom keras import layers\n"
                "blocks = [layers.Dense(n, name='d%d' % n) for n in (8, 4) if n > 1]\n"
                "stack = []\nstack.append(layers.Flatten())\nstack.extend(blocks)\n"
                "i = 0\nwhile i < 3:\n    i += 1\n"
                "for n in (2, 1):\n    last = layers.Dense(n, name=f'last_{n}')\n"
                "model = keras.Sequential([keras.Input((2, 2)), *stack, last])\n")
    assert [(layer.type, layer.name) for layer in spec.layers] == [
        ("Flatten", None), ("Dense", "d8"), ("Dense", "d4"), ("Dense", "last_1")]


def test_if_branches_are_followed_when_decided():
    spec = read("from keras import backend as K\nfrom keras.layers import Dense, Conv2D\n"
                "from keras.models import Sequential\nrows = cols = 28\n"
                "if K.image_data_format() == 'channels_first':\n"
                "    input_shape = (1, rows, cols)\n"
                "else:\n"
                "    input_shape = (rows, cols, 1)\n"
                "model = Sequential()\nmodel.add(Conv2D(4, 3, input_shape=input_shape))\n"
                "if __name__ == '__main__':\n    model.add(Dense(1))\n")
    assert spec.input_shape == (28, 28, 1)
    assert [layer.type for layer in spec.layers] == ["Conv2D", "Dense"]


def test_training_and_data_code_around_the_model_is_ignored():
    spec = read("import numpy as np\nimport matplotlib.pyplot as plt\nimport keras\n"
                "(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=1000)\n"
                "x_train = x_train / 255\nprint(x_train.shape)\n"
                "model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])\n"
                "model.compile(optimizer='adam', loss='mse')\n"
                "history = model.fit(x_train, y_train, epochs=5)\n"
                "for epoch in range(100000):\n    model.train_on_batch(x_train, y_train)\n"
                "for batch in dataset:\n    loss = model.train_on_batch(*batch)\n"
                "while True:\n    break\n"
                "plt.plot(history.history['loss'])\nplt.show()\nmodel.save('m.keras')\n"
                "class Callback(keras.callbacks.Callback):\n    pass\n"
                "with open('log.txt') as f:\n    f.write(str(model.summary()))\n"
                "try:\n    import google.colab\nexcept ImportError:\n    pass\n")
    assert layers_of(spec) == [("Dense", (1,), {})]


def test_datasets_are_known_by_their_shapes():
    spec = read("import numpy as np\nfrom keras.datasets import mnist, cifar10\n"
                "from keras import layers, Sequential\n"
                "(x_train, y_train), (x_test, y_test) = mnist.load_data()\n"
                "x_train = x_train.reshape(-1, 784).astype('float32') / 255\n"
                "x_train -= x_train.mean(axis=0)\n"
                "(c_train, _), _ = cifar10.load_data()\n"
                "c = np.expand_dims(c_train[0], 0)\n"
                "model = Sequential([layers.Dense(len(x_train[:100]),\n"
                "                                 input_shape=x_train.shape[1:]),\n"
                "                    layers.Dense(c.shape[-1] + c.ndim)])\n")
    assert spec.input_shape == (784,)
    assert layers_of(spec) == [("Dense", (100,), {}), ("Dense", (7,), {})]


def test_notebook_magics_are_skipped():
    spec = read("!pip install -q keras \\\n    tensorflow\n%matplotlib inline\n"
                "try:\n    %tensorflow_version 2.x\nexcept Exception:\n    pass\n"
                "import keras\nmodel = keras.Sequential([keras.layers.Dense(1, input_dim=2)])\n"
                "%%bash\nls -l\necho done\n\nmodel.summary()\n")
    assert spec.layers[0].line == 9


# -- functional models -----------------------------------------------------------------------

def test_functional_chain_and_a_model_used_as_a_layer():
    spec = read("import keras\nfrom keras import layers\n"
                "augment = keras.Sequential([layers.RandomFlip('horizontal')])\n"
                "inputs = layers.Input(shape=(64, 64, 3), name='image')\n"
                "x = augment(inputs)\n"
                "x = layers.Conv2D(8, 3, activation='relu')(x)\n"
                "head = keras.Sequential([layers.GlobalAveragePooling2D(), layers.Dense(2)])\n"
                "outputs = head(x, training=False)\n"
                "model = keras.Model(inputs=[inputs], outputs=[outputs], name='classifier')\n")
    assert spec.input_shape == (64, 64, 3)
    assert [layer.type for layer in spec.layers] == [
        "RandomFlip", "InputLayer", "Conv2D", "GlobalAveragePooling2D", "Dense"]
    assert spec.graph is not None and len(spec.graph.nodes) == 5


def test_model_build_and_trainable():
    spec = read("import keras\nbase = keras.Sequential([keras.layers.Dense(4)])\n"
                "base.trainable = False\n"
                "model = keras.Sequential([base, keras.layers.Dense(1)])\n"
                "model.build((None, 16))\n")
    assert spec.input_shape == (16,)
    assert [dict(layer.args) for layer in spec.layers] == [{"trainable": False}, {}]
    # freezing a layer the tutor cannot pick out is refused, not ignored (Keras would freeze
    # the last Dense, and the counts would be silently wrong)
    with pytest.raises(ModelError, match="trainable") as caught:
        read("import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
             "model.build((None, 16))\nmodel.layers[-1].trainable = False\n")
    assert caught.value.line == 4


@pytest.mark.parametrize("first, shape, args", [
    ("Dense(4, input_shape=(8,))", (8,), {}),
    ("Dense(4, batch_input_shape=(None, 8))", (8,), {}),
    ("Dense(4, input_dim=8)", (8,), {}),
    ("Embedding(1000, 4, input_length=8)", None, {"input_length": 8}),
    ("Embedding(input_dim=1000, output_dim=4, input_shape=(8,))", (8,),
     {"input_dim": 1000, "output_dim": 4}),
])
def test_input_shape_from_the_first_layer(first: str, shape: Any, args: dict[str, Any]):
    spec = read("from keras.layers import Dense, Embedding\nfrom keras.models import Sequential\n"
                f"model = Sequential()\nmodel.add({first})\n"
                "model.add(Dense(1, input_shape=(5,)))\n")
    assert spec.input_shape == shape
    assert {k: v for k, v in spec.layers[0].args.items() if k not in ("units",)} == args
    assert spec.layers[1].args == {"input_shape": (5,)}  # ignored by Keras after the first


@pytest.mark.parametrize("first, shape", [
    ("keras.Input(shape=(28, 28))", (28, 28)),
    ("keras.Input((28, 28))", (28, 28)),
    ("keras.layers.Input(batch_shape=(32, 28, 28))", (28, 28)),
    ("keras.layers.InputLayer(input_shape=(28, 28))", (28, 28)),
    ("keras.layers.InputLayer(shape=[28, None])", (28, None)),
    ("keras.layers.InputLayer(batch_input_shape=[None, 28])", (28,)),
])
def test_input_shape_from_an_input_first(first: str, shape: tuple[Any, ...]):
    spec = read(f"import keras\nmodel = keras.Sequential([{first}, keras.layers.Flatten()])\n")
    assert spec.input_shape == shape
    assert [layer.type for layer in spec.layers] == ["Flatten"]


def test_the_variable_named_model_is_chosen_else_the_last_built():
    two = ("import keras\nmodel = keras.Sequential([keras.layers.Dense(1, input_dim=2)])\n"
           "other = keras.Sequential([keras.layers.Dense(3, input_dim=4)])\n")
    assert read(two).input_shape == (2,)
    assert read(two.replace("model", "first")).input_shape == (4,)


# -- what cannot be read ---------------------------------------------------------------------

ERRORS = {
    # name: (snippet, line, words the message must contain)
    "loop over unknown": (
        "import keras\nsizes = get_sizes()\nmodel = keras.Sequential([keras.Input((4,))])\n"
        "for n in sizes:\n    model.add(keras.layers.Dense(n))\n",
        4, ["cannot follow `for n in sizes`", "changes the model", "not a constant"]),
    "loop too long": (
        "import keras\nmodel = keras.Sequential([keras.Input((4,))])\n"
        "for i in range(5000):\n    model.add(keras.layers.Dense(8))\n",
        3, ["`for i in range(5000)`", "more than 1000 times"]),
    "condition": (
        "import keras, sys\nmodel = keras.Sequential([keras.Input((4,))])\n"
        "if len(sys.argv) > 1:\n    model.add(keras.layers.Dense(8))\n",
        3, ["`if len(sys.argv) > 1`", "cannot decide the condition"]),
    "value set in a loop": (
        "import keras\nfor units in unknown_list:\n    pass\n"
        "model = keras.Sequential([keras.layers.Dense(units, input_shape=(2,))])\n",
        4, ["cannot follow `units` in Dense(...)", "`for units in unknown_list`", "(line 2)"]),
    "unknown function in a list": (
        "import keras\nmodel = keras.Sequential([keras.Input((4,)), conv_block(32)])\n",
        2, ["cannot follow `conv_block(32)` in Sequential([...])", "`conv_block` is not defined"]),
    "name not defined": (
        "import keras\nmodel = keras.Sequential()\n"
        "model.add(keras.layers.Dense(units, input_shape=(3,)))\n",
        3, ["cannot follow `units` in Dense(...)", "`units` is not defined"]),
    "data not loaded": (
        "import keras\n(x_train, y_train), _ = keras.datasets.imdb.load_data()\n"
        "model = keras.Sequential()\n"
        "model.add(keras.layers.Dense(8, input_shape=x_train.shape[1:]))\n",
        4, ["cannot follow `x_train.shape[1:]` in Dense(...)",
            "does not run `keras.datasets.imdb.load_data()` (line 2)"]),
    "kwargs": (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, **options)])\n",
        2, ["cannot follow `**options` in Dense(...)"]),
    "args": (
        "import keras\nmodel = keras.Sequential([keras.layers.Conv2D(*conv_args)])\n",
        2, ["cannot follow `*conv_args` in Conv2D(...)"]),
    "lambda": (
        "import keras\nmodel = keras.Sequential([keras.Input((4,)),\n"
        "                          keras.layers.Lambda(lambda x: x * 2)])\n",
        3, ["cannot follow `lambda x: x * 2` in Lambda(...)"]),
    "subclassed model": (
        "import keras\nclass Net(keras.Model):\n    def call(self, x):\n        return x\n"
        "model = Net()\n",
        2, ["`Net` is a class defined in the snippet", "subclassed"]),
    "custom layer": (
        "import keras\nclass Scale(keras.layers.Layer):\n    pass\n"
        "model = keras.Sequential([keras.Input((3,)), Scale()])\n",
        4, ["cannot follow `Scale()` in Sequential([...])", "`Scale` is a class", "(line 2)"]),
    "pretrained model": (
        "import keras\nbase = keras.applications.VGG16(include_top=False)\n"
        "model = keras.Sequential([base, keras.layers.Dense(1)])\n",
        3, ["cannot follow `base` in Sequential([...])", "ready-made model"]),
    "pytorch": (
        "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n",
        2, ["cannot read `model`", "`nn.Sequential(nn.Linear(4, 2))`", "framework: pytorch"]),
    "load_model": (
        "import keras\nmodel = keras.models.load_model('m.keras')\n",
        2, ["cannot read `model`", "does not run `keras.models.load_model('m.keras')`"]),
    "tensor power": (
        "import keras\ninp = keras.Input((3,))\nx = keras.layers.Dense(4)(inp) ** 2\n"
        "model = keras.Model(inp, keras.layers.Dense(1)(x))\n",
        3, ["`keras.layers.Dense(4)(inp) ** 2`", "not this operator"]),
    "output from another input": (
        "import keras\na, b = keras.Input((3,)), keras.Input((3,))\n"
        "model = keras.Model(a, keras.layers.Dense(1)(b))\n",
        3, ["needs the input made on line 2", "Graph disconnected"]),
    "output of a layer called twice": (
        "import keras\ninp = keras.Input((3,))\nd = keras.layers.Dense(3)\ny = d(d(inp))\n"
        "model = keras.Model(inp, d.output)\n",
        5, ["`d.output`", "called 2 times"]),
    "layer looked up by an automatic name": (
        "import keras\ninp = keras.Input((3,))\nm = keras.Model(inp, keras.layers.Dense(3)(inp))\n"
        "model = keras.Model(inp, m.get_layer('dense').output)\n",
        4, ["name='dense'", "automatic names"]),
    "same layer added twice": (
        "import keras\nd = keras.layers.Dense(3)\n"
        "model = keras.Sequential([keras.Input((3,)), d, d])\n",
        3, ["the same Dense object is added twice"]),
    "input after layers": (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(3), keras.Input((3,))])\n",
        2, ["keras.Input must come before the layers"]),
    "bad input shape": (
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(3, input_shape=784)])\n",
        2, ["Dense(...): the shape must be a tuple of sizes such as (28, 28, 1)", "got 784"]),
    "no layers": (
        "import keras\nmodel = keras.Sequential()\nmodel.compile('adam', 'mse')\n",
        2, ["the model has no layers"]),
    "endless recursion": (
        "import keras\ndef f(n):\n    return f(n + 1)\n"
        "model = keras.Sequential([keras.layers.Dense(f(0), input_shape=(2,))])\n",
        3, ["`f(n + 1)`", "call each other more than 50 deep"]),
    "syntax": (
        "import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(3)\n"
        "    keras.layers.Dense(4)])\n",
        3, ["invalid syntax"]),
    "indentation": ("import keras\n  model = 1\n", 2, ["invalid syntax", "indent"]),
    "null byte": ("import keras\x00\n", 1, ["invalid syntax", "null bytes"]),
    "huge literal": ("n = 1" + "0" * 5000 + "\n", 1, ["invalid syntax", "digits"]),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_what_cannot_be_read_is_a_model_error_naming_the_line(name: str):
    source, line, words = ERRORS[name]
    problem = error(source)
    assert problem.line == line
    assert str(problem).startswith(f"line {line}: ")
    for word in words:
        assert word in problem.message


def test_syntax_errors_give_line_and_column():
    problem = error("import keras\nmodel = keras.Sequential(\n")
    assert (problem.line, problem.column) == (2, 25)
    assert str(problem) == "line 2: invalid syntax: '(' was never closed"


def test_no_model_found():
    problem = error("import numpy as np\nx = np.zeros(3)\nprint(x)\n")
    assert problem.line is None
    assert str(problem).startswith("no Sequential model found: ")


def test_limits_are_checked_quickly():
    assert "larger than 200 kB" in str(error("x = 1\n" * 40_000))
    assert "nested too deeply" in str(error("x = " + "1 + " * 2_000 + "1\n"))
    assert "nested too deeply" in str(error("x = " + "[" * 150 + "]" * 150 + "\n"))
    endless = "import keras\ndef f():\n    return f() + f()\nn = f()\n"
    assert "call each other more than 50 deep" in str(error(endless))
    work = "i = 0\n" + "for a in range(1000):\n    for b in range(1000):\n        i += 1\n" * 5
    assert "no Sequential model found" in str(error(work))


# -- nothing but ModelError, whatever is pasted ----------------------------------------------

SEEDS = [LESSON_FIRST, LESSON_SECOND, *(p.read_text(encoding="utf-8")
                                       for p in sorted(SNIPPETS.glob("*.py")))]
PIECES = ["(", ")", "[", "]", ",", ":", "*", "**", "=", ".", "\n", "\n    ", " ", "0", "-1",
          "10 ** 10 ** 10", "None", "model", "x", "layers", "keras", "Dense(", "Input(",
          "for i in range(3):\n    ", "if x:\n    ", "def f(a, *b, **c):\n    ", "return ",
          "lambda y: y", "[x for x in x]", "model.add(", "(inputs)", "keras.Model(", "'s'",
          "f'{x}'", "%d", "global x\n", "yield", "class C:\n    ", "while x:\n    ", "@", "\\",
          "#", '"""', "\x00", "é", "\t", "..."]


def read_anything(source: str) -> None:
    try:
        spec_from_snippet(source)
    except ModelError as problem:
        assert "internal error" not in str(problem), problem.__cause__


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=2000)
def test_random_text_raises_only_model_errors(source: str):
    read_anything(source)


@st.composite
def mutated_snippets(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        piece = draw(st.sampled_from(PIECES) | st.text(max_size=3))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "insert":
            text = text[:start] + piece + text[start:]
        elif action == "replace":
            text = text[:start] + piece + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


@given(mutated_snippets())
@settings(max_examples=500, deadline=2000)
def test_mutated_snippets_raise_only_model_errors(source: str):
    read_anything(source)


NAMES = st.sampled_from(["model", "x", "n", "inputs", "layers", "keras", "f", "items", "Dense"])
ATOMS = st.one_of(
    NAMES, st.integers(-3, 300).map(str), st.sampled_from(
        ["None", "True", "1.5", "'same'", "(28, 28, 1)", "[3, 3]", "range(4)", "keras.Input((4,))",
         "layers.Dense(8)", "layers.Conv2D(4, 3)", "keras.Sequential()", "{'units': 2}",
         "x_train.shape[1:]", "tf.nn.relu", "mnist.load_data()"]))


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} {'+'} {p[1]})"),
        st.tuples(children, st.sampled_from(["*", "**", "//", "%", "-", "<<", "/", "=="]),
                  children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(NAMES, st.lists(children, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        pair.map(lambda p: f"{p[0]}({p[1]})"),
        pair.map(lambda p: f"{p[0]}[{p[1]}]"),
        st.lists(children, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.lists(children, max_size=3).map(lambda xs: f"({', '.join(xs)},)"),
        pair.map(lambda p: f"[{p[0]} for x in {p[1]}]"),
        pair.map(lambda p: f"{p[0]}.add({p[1]})"),
        pair.map(lambda p: f"f(*{p[0]}, **{p[1]})"),
        children.map(lambda c: f"-{c}"),
    )


EXPRESSIONS = st.recursive(ATOMS, _compound, max_leaves=12)


@st.composite
def programs(draw: st.DrawFn) -> str:
    header = ("import keras\nimport tensorflow as tf\nfrom keras import layers\n"
              "from keras.datasets import mnist\n")
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        name, value = draw(NAMES), draw(EXPRESSIONS)
        lines.append(draw(st.sampled_from([
            f"{name} = {value}\n", f"{value}\n", f"for {name} in {value}:\n    x = {value}\n",
            f"if {value}:\n    {name} = {value}\nelse:\n    model.add({value})\n",
            f"def f({name}=1, *a, **k):\n    return {value}\n", f"{name} += {value}\n",
            f"{name}[0] = {value}\n", f"model = keras.Sequential([{value}])\n",
            f"{name} = keras.Model({value}, {value})\n", f"while {value}:\n    break\n"])))
    return header + "".join(lines)


@given(programs())
@settings(max_examples=500, deadline=2000)
def test_random_programs_raise_only_model_errors(source: str):
    read_anything(source)


# -- against real Keras ----------------------------------------------------------------------

GOLDEN = Path(__file__).parent.parent / "golden"
# Snippets Keras builds but the reader refuses by design, and the words of its message.
REFUSED = {
    "snippet-conv1d-time-series": "lambda",
}


def golden_snippets() -> dict[str, tuple[str, dict[str, Any]]]:
    """The snippet cases of tests/golden/keras_cases.yaml with what Keras 3 made of them (see
    tests/golden/make_keras_golden.py); none when those files are not there."""
    cases_file, golden_file = GOLDEN / "keras_cases.yaml", GOLDEN / "keras_golden.json"
    if not cases_file.exists() or not golden_file.exists():
        return {}
    cases = yaml.safe_load(cases_file.read_text(encoding="utf-8"))["cases"]
    golden = json.loads(golden_file.read_text(encoding="utf-8"))["cases"]
    return {c["id"]: (c["snippet"], golden[c["id"]]) for c in cases
            if "snippet" in c and c["id"] in golden}


GOLDEN_SNIPPETS = golden_snippets()


def test_the_golden_snippets_are_here() -> None:
    assert len(GOLDEN_SNIPPETS) > 40


@pytest.mark.parametrize("case_id", sorted(GOLDEN_SNIPPETS))
def test_snippets_as_keras_builds_them(case_id: str):
    snippet, keras = GOLDEN_SNIPPETS[case_id]
    if case_id in REFUSED:
        assert REFUSED[case_id] in error(snippet).message
        return
    if not keras["ok"]:  # refused by the reader, or by the calculator
        try:
            spec = read(snippet)
        except ModelError:
            return
        skip_unless_known(spec)
        with pytest.raises(TutorError) as caught:
            summarize(spec)
        if case_id.startswith("graph-"):  # the line Keras raised at
            assert caught.value.line == keras["failed_snippet_line"]
        return
    spec = read(snippet)
    if "summary_rows" in keras:  # a functional model: the rows model.summary() prints
        assert_summary_rows(spec, keras)
        return
    expected = [layer for layer in keras["layers"] if layer["type"] != "InputLayer"]
    assert len(spec.layers) == len(expected)
    for mine, theirs in zip(spec.layers, expected, strict=True):
        known = lookup(mine.type)
        assert (known.type if known else mine.type) == theirs["type"]
    summary = summary_if_known(spec)
    assert [(list(layer.output_shape), layer.params) for layer in summary.layers] == [
        (layer["output_shape"], layer["params"]) for layer in expected]
    assert summary.total_params == keras["total_params"]


def assert_summary_rows(spec: ModelSpec, keras: dict[str, Any]) -> None:
    """Row by row as Keras prints a functional model: name, type, shape, parameters, and the
    "Connected to" column exactly when Keras shows it."""
    summary = summarize(spec)
    assert summary.graph == keras["connected_column"]
    ours = [{"name": row.name, "type": row.type, "output_shape": _lists(row.output_shape),
             "params": row.params, "connected_to": list(row.connected_to)}
            for row in summary.layers]
    assert ours == keras["summary_rows"]
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])


def _lists(shape: Any) -> Any:
    return [_lists(d) for d in shape] if isinstance(shape, tuple) else shape
