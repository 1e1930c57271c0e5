"""`tutor summary --json --explain`: each layer's derivation as data another tool can check
without reading the text; the text form keeps one step a line, and says "no weights" once."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from tutor.calc.derivation import Step
from tutor.cli.main import main

sys.path.insert(0, str(Path(__file__).parents[1] / "calc"))
from stepcheck import check_step

FIELDS = ["quantity", "key", "label", "formula", "substituted", "value", "note"]

KERAS = textwrap.dedent("""\
    input_shape: [128, 128, 3]
    layers:
      - {type: Conv2D, filters: 32, kernel_size: 3, strides: 2, padding: same}
      - {type: MaxPooling2D}
      - {type: Flatten}
      - {type: Dense, units: 10, trainable: false}
""")

TORCH = textwrap.dedent("""\
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 6, 5)
            self.lstm = nn.LSTM(6, 20, num_layers=2, bidirectional=True, batch_first=True)

        def forward(self, x):
            x = F.relu(self.conv(x))
            x = x.flatten(2).permute(0, 2, 1)
            out, _ = self.lstm(x)
            return out[:, -1, :]


    model = Net()
    y = model(torch.randn(2, 3, 12, 12))
""")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "model.yaml").write_text(KERAS, encoding="utf-8")
    (tmp_path / "net.py").write_text(TORCH, encoding="utf-8")
    return {"keras": str(tmp_path / "model.yaml"), "torch": str(tmp_path / "net.py")}


def as_step(data: dict[str, object]) -> Step:
    value = data["value"]
    if isinstance(value, list):
        value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return Step(*(value if f == "value" else data[f] for f in FIELDS))  # type: ignore[arg-type]


def summary_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["summary", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_keras_steps_as_data(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    out = summary_json(capsys, "--explain", files["keras"])
    conv, pool, flatten, dense = out["layers"]
    assert all(list(step) == FIELDS for layer in out["layers"] for step in layer["steps"])
    params = [s for s in conv["steps"] if s["key"] == "params"][-1]
    assert (params["formula"], params["substituted"], params["value"]) == (
        "K × F × F × D_in + K", "32 × 3 × 3 × 3 + 32", 896)
    width = [s for s in conv["steps"] if s["key"] == "width"][-1]
    assert (width["formula"], width["value"]) == ("ceil(W_in / S)", 64)
    assert [s["value"] for s in flatten["steps"] if s["quantity"] == "params"] == [0]
    # frozen: the steps give the summary's split, not a trainable count of 10250
    split = {s["key"]: s["value"] for s in dense["steps"]}
    assert (split["trainable"], split["non_trainable"]) == (0, dense["non_trainable"]) == (
        0, 32 * 32 * 32 * 10 + 10)
    for layer in out["layers"]:  # every step checks without reading any text
        for step in layer["steps"]:
            assert check_step(as_step(step)) is None, step
    assert pool["steps"] and "steps" not in summary_json(capsys, files["keras"])["layers"][0]


def test_torch_steps_and_calls_as_data(files: dict[str, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = summary_json(capsys, "--explain", files["torch"])
    assert [c["type"] for c in out["calls"]] == [
        "Conv2d", "F.relu", "Tensor.flatten", "Tensor.permute", "LSTM", "Tensor.__getitem__"]
    permute = out["calls"][3]
    [shape] = [s for s in permute["steps"] if s["quantity"] == "output_shape"]
    assert (shape["formula"], shape["substituted"], shape["value"]) == (
        "[d0, d2, d1]", "[2, 64, 6]", [2, 64, 6])
    lstm = next(layer for layer in out["layers"] if layer["type"] == "LSTM")
    total = [s for s in lstm["steps"] if s["key"] == "params"][-1]
    assert total["formula"].startswith("2 × (4 × U × (N_in + U) + 4 × 2 × U + ")
    assert total["value"] == lstm["params"]
    for item in [*out["layers"], *out["calls"]]:
        for step in item["steps"]:
            assert check_step(as_step(step)) is None, step


def test_the_text_says_no_weights_once(files: dict[str, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--explain", files["keras"]]) == 0
    text = capsys.readouterr().out
    assert "parameters (Flatten has no weights): 0\n" in text
    assert "0 = 0" not in text
    assert "  parameters: K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896\n" in text
