"""Files with PyTorch models: the framework told from a snippet's imports, YAML specs with
`framework: pytorch`, and `tutor summary` on them (table, --json, --input-shape, --explain)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tutor.cli.main import main
from tutor.errors import ModelError
from tutor.models.read import framework_of, read_model_text, with_input_shape

CIFAR = textwrap.dedent("""\
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 6, 5)
            self.pool = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = self.pool(F.relu(self.conv1(x)))
            x = self.pool(F.relu(self.conv2(x)))
            x = torch.flatten(x, 1)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            return self.fc3(x)


    model = Net()
    outputs = model(torch.randn(4, 3, 32, 32))
    """)
NO_INPUT = "import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(1, 8, 3), nn.Flatten())\n"
SPEC = textwrap.dedent("""\
    framework: pytorch
    input_shape: [3, 128, 128]
    batch_size: 2
    layers:
      - {type: Conv2d, args: [3, 32, 3], stride: 2, padding: 1}
      - ReLU
      - {type: BatchNorm2d, num_features: 32}
    """)


@pytest.mark.parametrize(("text", "framework"), [
    ("import torch\n", "pytorch"),
    ("import torch.nn as nn\n", "pytorch"),
    ("from torch import nn\n", "pytorch"),
    ("  from torch.nn import Conv2d\n", "pytorch"),
    ("import keras\n", "keras"),
    ("from tensorflow import keras\n", "keras"),
    ("import tensorflow as tf\n", "keras"),
    # Keras 3 runs on a torch backend: such snippets import both, and are Keras code
    ("import os\nos.environ['KERAS_BACKEND'] = 'torch'\nimport torch\nimport keras\n", "keras"),
    ("model = Sequential()\n", "keras"),  # neither: the Keras reader says what is missing
    ("import torchvision\n", "keras"),
    ("# import torch\nimport keras\n", "keras"),
])
def test_framework_from_imports(text: str, framework: str) -> None:
    assert framework_of(text) == framework


def test_a_pytorch_snippet_is_read_as_pytorch() -> None:
    spec = read_model_text(CIFAR, ".py")
    assert spec.framework == "pytorch" and [m.name for m in spec.modules][:2] == ["conv1", "pool"]


def test_a_yaml_spec_with_framework_pytorch() -> None:
    from tutor.calc import summarize

    summary = summarize(read_model_text(SPEC, ".yaml"))
    assert [(r.name, r.output_shape, r.params, r.buffers) for r in summary.layers] == [
        ("0", (2, 32, 64, 64), 896, 0), ("1", (2, 32, 64, 64), 0, 0),
        ("2", (2, 32, 64, 64), 64, 65)]


def test_input_shape_from_outside() -> None:
    spec = read_model_text(NO_INPUT, ".py")
    assert spec.input_shape is None
    given = with_input_shape(spec, (2, 1, 28, 28))
    assert (given.batch_size, given.input_shape) == (2, (1, 28, 28))
    keras = read_model_text("import keras\nmodel = keras.Sequential([keras.layers.Dense(2)])\n",
                            ".py")
    assert with_input_shape(keras, (28, 28)).input_shape == (28, 28)
    with pytest.raises(ModelError):
        with_input_shape(spec, ())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    out = {}
    for name, text in (("cifar.py", CIFAR), ("noinput.py", NO_INPUT), ("spec.yaml", SPEC)):
        (tmp_path / name).write_text(text)
        out[name] = str(tmp_path / name)
    return out


def test_summary_prints_a_torchinfo_table(files, capsys) -> None:
    assert main(["summary", files["cifar.py"]]) == 0
    out = capsys.readouterr().out
    assert "Layer (type (var_name))" in out and "Input: [4, 3, 32, 32]" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["MaxPool2d", "(pool)", "[4,", "6,", "14,", "14]", "--"] in lines
    assert ["MaxPool2d", "(pool)", "[4,", "16,", "5,", "5]", "--"] in lines  # no weights
    names = [cells[1] for cells in lines if len(cells) > 1 and cells[1].startswith("(")]
    assert names[1:6] == ["(conv1)", "(pool)", "(conv2)", "(pool)", "(fc1)"]  # call order
    assert "Total params: 62,006" in out and "Buffers (saved with the model, not " \
                                             "parameters): 0" in out


def test_summary_without_an_input_says_so(files, capsys) -> None:
    assert main(["summary", files["noinput.py"]]) == 0
    out = capsys.readouterr().out
    assert "No input shape" in out and "Total params: 80" in out
    assert main(["summary", "--input-shape", "(2, 1, 28, 28)", files["noinput.py"]]) == 0
    out = capsys.readouterr().out
    assert "[2, 5408]" in out and "No input shape" not in out


def test_summary_json(files, capsys) -> None:
    assert main(["summary", "--json", files["cifar.py"], files["spec.yaml"]]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["framework"] == "pytorch" and first["input_shape"] == [4, 3, 32, 32]
    assert first["layers"][0] == {"name": "conv1", "type": "Conv2d",
                                  "output_shape": [4, 6, 28, 28], "params": 456,
                                  "trainable": 456, "non_trainable": 0, "buffers": 0,
                                  # torchinfo: N × H_out × W_out × P; a 5 × 5 window sees 5
                                  "mult_adds": 4 * 28 * 28 * 456, "receptive_field": [5, 5],
                                  "jump": [1, 1]}
    assert first["layers"][3]["recursive"] is True and first["layers"][3]["params"] == 0
    assert first["total_params"] == 62006
    assert second["layers"][2]["buffers"] == 65 and second["total_buffers"] == 65


def test_summary_explain_lists_every_forward_call(files, capsys) -> None:
    assert main(["summary", "--explain", files["cifar.py"]]) == 0
    out = capsys.readouterr().out
    assert "torch.flatten (line 19): input [4, 16, 5, 5] → output [4, 400]" in out
    assert ("output height: floor((H_in + 2 × P − R × (F − 1) − 1) / S) + 1 = "
            "floor((32 + 2 × 0 − 1 × (5 − 1) − 1) / 1) + 1 = 28") in out


@pytest.mark.parametrize("shape", ["2,x", "", "-1,3", "2,,3", "a"])
def test_a_bad_input_shape_is_refused(files, capsys, shape: str) -> None:
    assert main(["summary", f"--input-shape={shape}", files["noinput.py"]]) == 2
    assert "--input-shape" in capsys.readouterr().err


def test_a_rejected_model_is_an_error_line(files, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(CIFAR.replace("nn.Linear(16 * 5 * 5, 120)", "nn.Linear(16 * 4 * 4, 120)"))
    assert main(["summary", "--json", str(bad)]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["layer"] == "fc1" and error["line"] == 20
    assert "400 features but in_features is 256" in error["message"]
