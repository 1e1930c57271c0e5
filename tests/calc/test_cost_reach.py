"""Receptive fields (Araujo et al.'s recurrence) and the summary's cost lines."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from tutor.calc import cost, reach, summarize
from tutor.cli.main import main
from tutor.models.read import read_model_text
from tutor.models.spec import LayerSpec, ModelSpec

VGG16 = """
from keras.models import Sequential
from keras.layers import Input, Conv2D, MaxPooling2D, Flatten, Dense
model = Sequential()
model.add(Input(shape=(224, 224, 3)))
for filters, convs in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
    for _ in range(convs):
        model.add(Conv2D(filters, 3, padding='same', activation='relu'))
    model.add(MaxPooling2D(2))
model.add(Flatten())
model.add(Dense(10))
"""

LENET = """
import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
net = Net()
out = net(torch.randn(2, 1, 32, 32))
"""


def keras(input_shape: tuple[int, ...], *layers: tuple[str, dict]) -> ModelSpec:
    return ModelSpec(tuple(LayerSpec(t, a) for t, a in layers), input_shape)


def fields(spec: ModelSpec) -> list[int | tuple[int, ...] | None]:
    summary = summarize(spec)
    found = reach.receptive_fields(summary)
    return [found[id(layer)].value if id(layer) in found else None for layer in summary.layers]


def test_vgg16_published_receptive_fields() -> None:
    summary = summarize(read_model_text(VGG16, ".py"))
    found = reach.receptive_fields(summary)
    by_name = {layer.name: found[id(layer)] for layer in summary.layers}
    assert by_name["conv2d_12"].value == 196  # conv5_3
    assert by_name["max_pooling2d_4"].value == 212  # pool5
    assert by_name["max_pooling2d_4"].jump == (32, 32)
    assert by_name["flatten"].whole and by_name["flatten"].value == 224


@pytest.mark.parametrize(("layers", "expected"), [
    # stride: the second 3 × 3 convolution steps 2 input pixels at a time
    ([("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2}),
      ("Conv2D", {"filters": 4, "kernel_size": 3})], [3, 7]),
    # dilation 2 spreads a 3-tap kernel over 5 pixels, then 4 × 2 more
    ([("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2}),
      ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 4})], [5, 13]),
    # a rectangular kernel: one value per axis
    ([("Conv2D", {"filters": 4, "kernel_size": (3, 5)})], [(3, 5)]),
    # pooling 2 / 2, then a 3 × 3 convolution on the pooled grid
    ([("MaxPooling2D", {"pool_size": 2}), ("Conv2D", {"filters": 2, "kernel_size": 3})],
     [2, 6]),
    # upsampling repeats pixels: the field stays, the jump halves
    ([("Conv2D", {"filters": 2, "kernel_size": 3}), ("UpSampling2D", {"size": 2}),
      ("Conv2D", {"filters": 2, "kernel_size": 3})], [3, 3, 4]),
    # a transposed convolution F = 4, S = 2 sees ceil(4 / 2) = 2 inputs
    ([("Conv2DTranspose", {"filters": 2, "kernel_size": 4, "strides": 2})], [2]),
    # activations and normalization keep the field
    ([("Conv2D", {"filters": 2, "kernel_size": 5}), ("BatchNormalization", {}),
      ("GlobalAveragePooling2D", {})], [5, 5, 32]),
])
def test_hand_derived_receptive_fields(layers, expected) -> None:
    assert fields(keras((32, 32, 3), *layers)) == expected


def test_upsampling_jump_is_a_fraction_and_the_field_rounds_up() -> None:
    summary = summarize(keras((16, 16, 1), ("UpSampling2D", {"size": 2}),
                              ("Conv2D", {"filters": 1, "kernel_size": 2})))
    found = reach.receptive_fields(summary)
    first, second = (found[id(layer)] for layer in summary.layers)
    assert first.jump == (Fraction(1, 2),) * 2
    assert second.value == 2  # 1 + (2 − 1) × 1/2 = 1.5: a window can straddle two pixels


def test_dense_only_model_has_no_spatial_receptive_field() -> None:
    assert fields(keras((20,), ("Dense", {"units": 3}))) == [None]


def test_pytorch_functional_pooling_counts() -> None:
    summary = summarize(read_model_text(LENET, ".py"))
    found = reach.receptive_fields(summary)
    by_name = {layer.name: found[id(layer)].value for layer in summary.layers}
    assert by_name["conv1"] == 5 and by_name["conv2"] == 14 and by_name["fc1"] == 32


def test_lenet_mult_adds_as_torchinfo_says() -> None:
    summary = summarize(read_model_text(LENET, ".py"))
    assert cost.torch_sizes(summary).total_mult_adds == 846_076  # torchinfo, batch of 2


def test_every_cost_step_is_arithmetic_that_holds() -> None:
    summary = summarize(read_model_text(VGG16, ".py"))
    for layer in summary.layers:
        for step in cost.mult_adds(summary, layer).steps:
            if "×" in step.substituted:
                product = 1
                for factor in step.substituted.split(" × "):
                    product *= int(factor)
                assert product == step.value


def test_summary_prints_keras_bytes_and_torchinfo_sizes(tmp_path, capsys) -> None:
    (tmp_path / "vgg.py").write_text(VGG16)
    (tmp_path / "lenet.py").write_text(LENET)
    assert main(["summary", str(tmp_path / "vgg.py"), str(tmp_path / "lenet.py")]) == 0
    out = capsys.readouterr().out
    assert " Total params: 14,965,578 (57.09 MB)" in out
    assert "Total mult-adds (M): 0.85" in out
    assert "Params size (MB): 0.25" in out and "Forward/backward pass size (MB): 0.10" in out


def test_summary_explain_derives_mult_adds_and_reach(tmp_path, capsys) -> None:
    (tmp_path / "lenet.py").write_text(LENET)
    assert main(["summary", "--explain", str(tmp_path / "lenet.py")]) == 0
    out = capsys.readouterr().out
    assert "N × H_out × W_out × Params = 2 × 28 × 28 × 156 = 244608" in out
    assert "receptive field, after conv1: r_in + (F − 1) × j_in = 1 + (5 − 1) × 1 = 5" in out


def test_summary_json_totals(tmp_path, capsys) -> None:
    (tmp_path / "lenet.py").write_text(LENET)
    assert main(["summary", "--json", str(tmp_path / "lenet.py")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_mult_adds"] == 846_076 and data["params_bytes"] == 61706 * 4
    assert data["total_size_bytes"] == (data["input_bytes"] + data["params_bytes"]
                                        + data["forward_backward_bytes"])


def test_a_dtype_in_the_code_sets_the_bytes(tmp_path, capsys) -> None:
    (tmp_path / "half.py").write_text(
        "import torch\nfrom torch import nn\n"
        "model = nn.Sequential(nn.Linear(10, 20, dtype=torch.float16))\n"
        "out = model(torch.randn(2, 10))\n")
    (tmp_path / "half_keras.py").write_text(
        "from keras.models import Sequential\nfrom keras.layers import Dense\n"
        "model = Sequential()\nmodel.add(Dense(20, dtype='float16', input_shape=(10,)))\n")
    assert main(["summary", "--json", str(tmp_path / "half.py"),
                 str(tmp_path / "half_keras.py")]) == 0
    torch, keras = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert torch["params_bytes"] == 220 * 2 and keras["params_bytes"] == 220 * 2
