"""DepthwiseConv1D/2D and SeparableConv1D/2D; numbers checked against Keras 3.15.1."""

import pytest

from tutor.calc import summarize
from tutor.calc.slips import Slip
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import LayerSpec, ModelSpec


def one(input_shape, layer, **kw):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]}),
                     **kw).layers[0]


@pytest.mark.parametrize(("input_shape", "layer", "shape", "params"), [
    # F × F × D_in × M + D_in × M
    ([12, 12, 3], {"kernel_size": 3}, (None, 10, 10, 3), 30),
    ([12, 12, 3], {"kernel_size": 3, "depth_multiplier": 4, "padding": "same"},
     (None, 12, 12, 12), 120),
    # Keras lets depthwise convolutions mix strides and dilation (Conv2D refuses)
    ([12, 12, 3], {"kernel_size": 3, "strides": 2, "dilation_rate": 2}, (None, 4, 4, 3), 30),
    ([3, 12, 10], {"kernel_size": [3, 2], "depth_multiplier": 2, "use_bias": False,
                   "data_format": "channels_first"}, (None, 6, 10, 9), 36),
    ([5, 5, 2], {"kernel_size": 5}, (None, 1, 1, 2), 52),  # kernel equal to the input
    ([5, 5, 2], {"kernel_size": 2, "strides": 3}, (None, 2, 2, 2), 10),  # stride > kernel
])
def test_depthwise_conv2d(input_shape, layer, shape, params):
    result = one(input_shape, {"type": "DepthwiseConv2D", **layer})
    assert result.output_shape == shape
    assert result.trainable == params


def test_depthwise_steps_and_positional_order():
    # DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier, ...)
    layer = LayerSpec("DepthwiseConv2D", positional=(3, 1, "same", 4))
    result = summarize(ModelSpec((layer,), (12, 12, 3))).layers[0]
    assert result.output_shape == (None, 12, 12, 12)
    weights, bias, total = result.derivation("params")
    assert (weights.key, weights.formula, weights.value) == ("weights", "F × F × D_in × M", 108)
    assert "depth_multiplier" in weights.note
    assert (bias.key, bias.formula, bias.value) == ("bias", "D_in × M", 12)
    assert (total.key, total.substituted, total.value) == (
        "params", "3 × 3 × 3 × 4 + 3 × 4", 120)
    assert result.derivation("depth")[-1].formula == "D_in × M"
    assert result.symbols["M"] == 4


def test_depthwise_conv1d():
    result = one([20, 6], {"type": "DepthwiseConv1D", "kernel_size": 5, "depth_multiplier": 2})
    assert result.output_shape == (None, 16, 12)
    assert result.params == 5 * 6 * 2 + 12


@pytest.mark.parametrize(("input_shape", "layer", "shape", "params"), [
    # F × F × D_in × M + D_in × M × K + K
    ([20, 20, 6], {"filters": 8, "kernel_size": 3}, (None, 18, 18, 8), 54 + 48 + 8),
    ([20, 20, 6], {"filters": 8, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
     (None, 8, 8, 8), 110),
    ([9, 9, 3], {"filters": 8, "kernel_size": [1, 2], "depth_multiplier": 3,
                 "use_bias": False}, (None, 9, 8, 8), 18 + 72),
    ([3, 9, 9], {"filters": 8, "kernel_size": 1, "padding": "same",
                 "data_format": "channels_first"}, (None, 8, 9, 9), 3 + 24 + 8),
])
def test_separable_conv2d(input_shape, layer, shape, params):
    result = one(input_shape, {"type": "SeparableConv2D", **layer})
    assert result.output_shape == shape
    assert result.trainable == params


def test_separable_steps_name_depthwise_pointwise_weights_bias():
    result = one([20, 20, 6], {"type": "SeparableConv2D", "filters": 8, "kernel_size": 3,
                               "depth_multiplier": 2})
    keys = [s.key for s in result.derivation("params")]
    assert keys == ["depthwise", "pointwise", "weights", "bias", "params"]
    final = result.derivation("params")[-1]
    assert final.formula == "F × F × D_in × M + D_in × M × K + K"
    assert final.substituted == "3 × 3 × 6 × 2 + 6 × 2 × 8 + 8"
    assert final.value == 108 + 96 + 8 == result.params


def test_separable_positional_order():
    # SeparableConv2D(filters, kernel_size, strides, padding, data_format, dilation_rate,
    # depth_multiplier, ...)
    layer = LayerSpec("SeparableConv2D", positional=(8, 3, 2, "valid", "channels_last", 1, 2))
    result = summarize(ModelSpec((layer,), (20, 20, 6))).layers[0]
    assert result.output_shape == (None, 9, 9, 8)
    assert result.params == 3 * 3 * 6 * 2 + 6 * 2 * 8 + 8


def test_separable_conv1d():
    result = one([20, 6], {"type": "SeparableConv1D", "filters": 4, "kernel_size": 5,
                           "depth_multiplier": 2, "strides": 3, "padding": "same"})
    assert result.output_shape == (None, 7, 4)
    assert result.params == 5 * 6 * 2 + 6 * 2 * 4 + 4


@pytest.mark.parametrize(("input_shape", "layer"), [
    ([2, 2, 3], {"type": "DepthwiseConv2D", "kernel_size": 3}),  # kernel larger than input
    ([4, 4, 4, 3], {"type": "DepthwiseConv2D", "kernel_size": 2}),  # rank 5
    ([12, 3], {"type": "DepthwiseConv1D", "kernel_size": 3, "padding": "causal"}),
    ([12, 12, 3], {"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 0}),
    ([12, 12, None], {"type": "SeparableConv2D", "filters": 2, "kernel_size": 3}),
    ([12, 12, 3], {"type": "SeparableConv2D", "filters": 2, "kernel_size": 3,
                   "pointwise_initialiser": "ones"}),
])
def test_rejected_like_keras(input_shape, layer):
    with pytest.raises(LayerError):
        one(input_shape, layer)


def test_misspelt_argument_gets_a_suggestion():
    with pytest.raises(LayerError, match="pointwise_initializer"):
        one([12, 12, 3], {"type": "SeparableConv2D", "filters": 2, "kernel_size": 3,
                          "pointwise_initialiser": "ones"})


def test_slips():
    layer = {"type": "SeparableConv2D", "filters": 8, "kernel_size": 3}
    assert one([20, 20, 6], layer, slips={Slip.NO_BIAS}).params == 54 + 48
    assert one([20, 20, 6], layer, slips={Slip.KERNEL_NOT_SQUARED}).params == 18 + 48 + 8
    depthwise = {"type": "DepthwiseConv2D", "kernel_size": 3, "depth_multiplier": 2}
    assert one([12, 12, 3], depthwise, slips={Slip.NO_BIAS}).params == 54
    assert one([12, 12, 3], depthwise, slips={Slip.SWAP_PADDING}).output_shape == (
        None, 12, 12, 6)
