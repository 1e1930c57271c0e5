"""PyTorch layers on the shared calculator: PyTorch's formulas in the derivation steps, counts
without an input, and refusals that name the layer and the numbers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.calc.result import LayerResult
from tutor.errors import LayerError
from tutor.models.spec import LayerSpec, ModelSpec


def layer(type_: str, *positional: Any, shape: tuple[int, ...] | None = None,
          **args: Any) -> LayerResult:
    """One PyTorch layer on an input of `shape` (batch axis first)."""
    spec = ModelSpec((LayerSpec(type_, args, positional=positional),),
                     None if shape is None else shape[1:], "pytorch",
                     batch_size=None if shape is None else shape[0])
    return summarize(spec).layers[0]


def step(result: LayerResult, key: str) -> tuple[str, str, Any]:
    found = next(s for s in result.steps if s.key == key)
    return found.formula, found.substituted, found.value


def test_the_lesson_in_pytorch_form() -> None:
    conv = layer("Conv2d", 3, 32, 3, stride=2, padding=1, shape=(1, 3, 128, 128))
    assert conv.output_shape == (1, 32, 64, 64) and conv.params == 896
    assert step(conv, "width") == ("floor((W_in + 2 × P − R × (F − 1) − 1) / S) + 1",
                                   "floor((128 + 2 × 1 − 1 × (3 − 1) − 1) / 2) + 1", 64)
    assert step(conv, "params") == ("C_out × C_in × F × F + C_out", "32 × 3 × 3 × 3 + 32", 896)
    summary = summarize(ModelSpec((LayerSpec("Conv2d", {"stride": 2, "padding": 1},
                                             positional=(3, 32, 3)),), (3, 128, 128),
                                  "pytorch", batch_size=1))
    assert [quantity(summary, q).value for q in ("params", "depth", "width")] == [896, 32, 64]


def test_lstm_counts_two_bias_vectors() -> None:
    lstm = layer("LSTM", 128, 256, batch_first=True, shape=(2, 50, 128))
    assert step(lstm, "params") == ("4 × (U × (N_in + U) + 2 × U)",
                                    "4 × (256 × (128 + 256) + 2 × 256)", 395264)
    assert step(lstm, "bias")[2] == 2048
    assert lstm.outputs == ((2, 50, 256), (1, 2, 256), (1, 2, 256))


def test_bidirectional_doubles_and_stacks() -> None:
    gru = layer("GRU", 16, 8, 3, bidirectional=True, shape=(7, 3, 16))
    # per direction: 3 × (8 × (16 + 8) + 16) + 2 × 3 × (8 × (16 + 8) + 16)
    assert gru.params == 2 * (3 * (8 * 24 + 16) + 2 * 3 * (8 * 24 + 16))
    assert gru.output_shape == (7, 3, 16) and gru.outputs[1] == (6, 3, 8)
    assert step(gru, "directions")[0] == "2 × Params_direction"
    # the total shows its sum: every layer's weights and biases, then both directions
    formula, numbers, value = step(gru, "params")
    assert formula.startswith("2 × (3 × U × (N_in + U) + 3 × 2 × U + 3 × U × (2 × U + U)")
    assert numbers.startswith("2 × (3 × 8 × (16 + 8) + 3 × 2 × 8 + 3 × 8 × (2 × 8 + 8)")
    assert value == gru.params


def test_batchnorm_buffers_are_not_parameters() -> None:
    bn = layer("BatchNorm2d", 32, shape=(4, 32, 8, 8))
    assert (bn.params, bn.trainable, bn.non_trainable, bn.buffers) == (64, 64, 0, 65)
    assert step(bn, "buffers") == ("2 × C_in + 1", "2 × 32 + 1", 65)
    assert step(bn, "params") == ("2 × C_in", "2 × 32", 64)


def test_transposed_convolution_formula() -> None:
    up = layer("ConvTranspose2d", 64, 32, 4, 2, 1, bias=False, shape=(2, 64, 8, 8))
    assert up.output_shape == (2, 32, 16, 16) and up.params == 32768
    assert step(up, "height")[0] == "(H_in − 1) × S − 2 × P + R × (F − 1) + OP + 1"


def test_ceil_mode_and_the_dropped_window() -> None:
    pool = layer("MaxPool2d", 2, 2, padding=1, ceil_mode=True, shape=(1, 1, 5, 5))
    assert pool.output_shape == (1, 1, 3, 3)
    assert "drops it" in next(s for s in pool.steps if s.key == "height").note


def test_counts_without_an_input_shape() -> None:
    summary = summarize(ModelSpec((
        LayerSpec("Conv2d", positional=(3, 32, 3)), LayerSpec("BatchNorm2d", positional=(32,)),
        LayerSpec("LSTM", {"bidirectional": True}, positional=(10, 20))), None, "pytorch"))
    assert [(r.output_shape, r.params, r.buffers) for r in summary.layers] == [
        (None, 896, 0), (None, 64, 65), (None, 2 * 4 * (20 * 30 + 40), 0)]
    assert summary.input_shape is None


def test_linear_on_any_rank() -> None:
    assert layer("Linear", 64, 32, shape=(2, 10, 64)).output_shape == (2, 10, 32)
    assert layer("Linear", 64, 32, shape=(64,)).output_shape == (32,)


@pytest.mark.parametrize(("type_", "positional", "args", "shape", "words"), [
    ("Conv2d", (3, 8, 3), {"stride": 2, "padding": "same"}, (1, 3, 16, 16),
     ["padding='same' is not supported for strided convolutions"]),
    ("Conv2d", (3, 8, 3), {"groups": 2}, (1, 3, 16, 16),
     ["in_channels must be divisible by groups", "3", "2"]),
    ("Conv2d", (4, 8, 3), {}, (1, 3, 16, 16), ["4 channels", "got 3"]),
    ("Conv2d", (3, 8, 9), {}, (1, 3, 8, 8), ["kernel size 9", "8 + 2 × 0 = 8"]),
    ("Linear", (10, 5), {}, (2, 7), ["7 features but in_features is 10",
                                     "(2x7 and 10x5)"]),
    ("MaxPool2d", (2,), {"padding": 2}, (1, 3, 8, 8),
     ["pad should be at most half of kernel size", "pad=2", "kernel_size=2"]),
    ("AvgPool2d", (9,), {}, (1, 3, 8, 8), ["output height would be 0", "Output size is too "
                                                                      "small"]),
    ("Conv2d", (3, 8, 3), {"filters": 8}, (1, 3, 8, 8),
     ["unexpected keyword argument 'filters'", "out_channels"]),
    ("LSTM", (10, 20), {"proj_size": 20}, (2, 5, 10), ["proj_size has to be smaller"]),
    ("MultiheadAttention", (100, 3), {}, (2, 5, 100), ["divisible by num_heads"]),
    ("Embedding", (10, 4), {}, None, []),
])
def test_refusals_name_the_layer_and_the_numbers(type_: str, positional: tuple, args: dict,
                                                 shape: tuple | None, words: list[str]) -> None:
    if not words:
        assert layer(type_, *positional, shape=shape, **args).params == 40
        return
    with pytest.raises(LayerError) as raised:
        layer(type_, *positional, shape=shape, **args)
    assert raised.value.layer == "0"
    for word in words:
        assert word in raised.value.message, raised.value.message


@given(size=st.integers(1, 80), kernel=st.integers(1, 7), stride=st.integers(1, 4),
       padding=st.integers(0, 3), dilation=st.integers(1, 3))
@settings(max_examples=300, deadline=None)
def test_conv_follows_pytorchs_formula(size: int, kernel: int, stride: int, padding: int,
                                       dilation: int) -> None:
    expected = (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if size + 2 * padding < dilation * (kernel - 1) + 1:
        with pytest.raises(LayerError):
            layer("Conv1d", 2, 4, kernel, stride, padding, dilation, shape=(1, 2, size))
        return
    result = layer("Conv1d", 2, 4, kernel, stride, padding, dilation, shape=(1, 2, size))
    assert result.output_shape == (1, 4, expected)
    assert result.params == 4 * 2 * kernel + 4


@given(size=st.integers(1, 60), kernel=st.integers(1, 6), stride=st.integers(1, 4),
       padding=st.integers(0, 3))
@settings(max_examples=300, deadline=None)
def test_ceil_mode_pooling_follows_aten(size: int, kernel: int, stride: int,
                                        padding: int) -> None:
    """aten's pooling_output_shape: round up, then drop a window starting in the padding."""
    if padding > kernel // 2:
        with pytest.raises(LayerError):
            layer("MaxPool1d", kernel, stride, padding, ceil_mode=True, shape=(1, 1, size))
        return
    out = (size + 2 * padding - (kernel - 1) - 1 + stride - 1) // stride + 1
    if (out - 1) * stride >= size + padding:
        out -= 1
    if out < 1:
        with pytest.raises(LayerError):
            layer("MaxPool1d", kernel, stride, padding, ceil_mode=True, shape=(1, 1, size))
        return
    result = layer("MaxPool1d", kernel, stride, padding, ceil_mode=True, shape=(1, 1, size))
    assert result.output_shape == (1, 1, out)
