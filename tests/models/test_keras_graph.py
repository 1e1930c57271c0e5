"""Keras functional graphs through `tutor summary`: the InputLayer rows and, when the graph is
not a chain, Keras's "Connected to" column (compared row by row with real Keras in
tests/models/test_snippet.py's golden cases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.calc import summarize
from tutor.cli.main import main
from tutor.errors import LayerError, ModelError
from tutor.models.snippet import spec_from_snippet

RESIDUAL = """\
import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
y = layers.Conv2D(16, 3, padding="same")(x)
y = layers.add([x, y])
outputs = layers.Dense(10)(layers.GlobalAveragePooling2D()(y))
model = keras.Model(inputs, outputs)
"""

CHAIN = """\
import keras
inputs = keras.Input(shape=(8,))
model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    out = {}
    for name, text in (("residual.py", RESIDUAL), ("chain.py", CHAIN)):
        (tmp_path / name).write_text(text)
        out[name] = str(tmp_path / name)
    return out


def test_a_graph_is_printed_with_its_connections(files, capsys) -> None:
    assert main(["summary", files["residual.py"]]) == 0
    out = capsys.readouterr().out
    assert "Connected to" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["input_layer", "(InputLayer)", "(None,", "32,", "32,", "3)", "0", "-"] in lines
    assert ["add", "(Add)", "(None,", "32,", "32,", "16)", "0", "conv2d[0][0],"] in lines
    assert ["conv2d_1[0][0]"] in lines  # the second input on a line of its own
    assert " Total params: 2,938" in out


def test_a_chain_has_its_input_row_but_no_connections(files, capsys) -> None:
    assert main(["summary", files["chain.py"]]) == 0
    out = capsys.readouterr().out
    assert "Connected to" not in out and "input_layer (InputLayer)" in out


def test_json_lists_connections_for_a_graph_only(files, capsys) -> None:
    assert main(["summary", "--json", files["residual.py"], files["chain.py"]]) == 0
    graph, chain = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    add = {k: v for k, v in graph["layers"][3].items()
           if k not in ("mult_adds", "receptive_field", "jump")}
    assert add == {"name": "add", "type": "Add", "output_shape": [None, 32, 32, 16],
                   "params": 0, "trainable": 0, "non_trainable": 0,
                   "connected_to": ["conv2d[0][0]", "conv2d_1[0][0]"]}
    assert graph["layers"][3]["receptive_field"] is None  # branches see different fields
    assert "connected_to" not in chain["layers"][0]


def test_a_merge_that_does_not_fit_names_its_line() -> None:
    spec = spec_from_snippet(RESIDUAL.replace('layers.Conv2D(16, 3, padding="same")(x)',
                                              'layers.Conv2D(8, 3, padding="same")(x)'))
    with pytest.raises(LayerError, match="incompatible shapes") as caught:
        summarize(spec)
    assert caught.value.line == 7


def test_a_merge_given_one_tensor_is_refused() -> None:
    spec = spec_from_snippet(RESIDUAL.replace("layers.add([x, y])", "layers.Add()(x)"))
    with pytest.raises(LayerError, match="list of inputs") as caught:
        summarize(spec)
    assert caught.value.line == 7


def test_several_outputs_are_taken_one_by_one() -> None:
    spec = spec_from_snippet(
        "import keras\ninp = keras.Input((5, 3))\n"
        "seq, h, c = keras.layers.LSTM(4, return_sequences=True, return_state=True)(inp)\n"
        "both = keras.layers.concatenate([h, c])\nmodel = keras.Model(inp, [seq, both])\n")
    rows = summarize(spec).layers
    assert [row.name for row in rows] == ["input_layer", "lstm", "concatenate"]
    assert rows[1].output_shape == ((None, 5, 4), (None, 4), (None, 4))
    assert rows[2].connected_to == ("lstm[0][1]", "lstm[0][2]")
    assert rows[2].output_shape == (None, 8)


def test_taking_more_outputs_than_a_layer_has_is_an_error() -> None:
    spec = spec_from_snippet(
        "import keras\ninp = keras.Input((5, 3))\n"
        "seq, h = keras.layers.LSTM(4)(inp)\nmodel = keras.Model(inp, h)\n")
    with pytest.raises(ModelError, match="lstm gives 1 tensor") as caught:
        summarize(spec)
    assert caught.value.line == 3
