"""Conv1DTranspose / Conv2DTranspose / Conv3DTranspose; every number checked against Keras 3.15.1
(`_get_output_shape_given_tf_padding` in keras/src/backend/common/backend_utils.py)."""

import pytest

from tutor.calc import summarize
from tutor.calc.slips import Slip
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import LayerSpec, ModelSpec


def one(input_shape, layer, **kw):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]}),
                     **kw).layers[0]


@pytest.mark.parametrize(("layer", "shape", "params"), [
    # valid, no output_padding: (in − 1) × S + max(F, S)
    ({"filters": 4, "kernel_size": 3, "strides": 2}, (None, 17, 17, 4), 112),
    # stride larger than the kernel: the gap after the last kernel is kept
    ({"filters": 4, "kernel_size": 2, "strides": 3}, (None, 24, 24, 4), 52),
    # same, no output_padding: in × S
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, 16, 16, 4), 112),
    # same with output_padding: (in − 1) × S + F mod 2 + OP
    ({"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1},
     (None, 16, 16, 4), 112),
    ({"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same", "output_padding": 0},
     (None, 14, 14, 4), 196),
    # valid with output_padding: (in − 1) × S + F + OP
    ({"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 1}, (None, 18, 18, 4), 112),
    # dilation: F_eff = D × (F − 1) + 1 = 5
    ({"filters": 4, "kernel_size": 3, "dilation_rate": 2}, (None, 12, 12, 4), 112),
    # kernel equal to the input
    ({"filters": 2, "kernel_size": 8}, (None, 15, 15, 2), 386),
    ({"filters": 4, "kernel_size": 3, "use_bias": False}, (None, 10, 10, 4), 108),
])
def test_conv2d_transpose(layer, shape, params):
    result = one([8, 8, 3], {"type": "Conv2DTranspose", **layer})
    assert result.output_shape == shape
    assert (result.params, result.trainable, result.non_trainable) == (params, params, 0)


def test_tuples_and_channels_first():
    result = one([3, 7, 5], {"type": "Conv2DTranspose", "filters": 2, "kernel_size": [2, 3],
                             "strides": [2, 1], "data_format": "channels_first"})
    assert result.output_shape == (None, 2, 14, 7)  # (7 − 1) × 2 + 2, (5 − 1) × 1 + 3
    assert result.axes == {"height": 2, "width": 3, "depth": 1}
    height = result.derivation("height")[-1]
    assert height.formula == "(H_in − 1) × S_h + max(F_h, S_h)"
    assert height.substituted == "(7 − 1) × 2 + max(2, 2)"
    assert result.params == 2 * 3 * 3 * 2 + 2
    assert result.derivation("depth")[-1].note


def test_same_with_output_padding_formula_and_note():
    result = one([7, 3], {"type": "Conv1DTranspose", "filters": 2, "kernel_size": 4,
                          "strides": 3, "padding": "same", "output_padding": 2})
    assert result.output_shape == (None, 20, 2)  # (7 − 1) × 3 + 0 + 2
    step = result.derivation("length")[-1]
    assert step.formula == "(L_in − 1) × S + (F mod 2) + OP"
    assert step.substituted == "(7 − 1) × 3 + (4 mod 2) + 2"
    assert "output_padding" in step.note
    assert result.symbols["OP"] == 2


def test_dilation_has_its_own_step():
    result = one([7, 3], {"type": "Conv1DTranspose", "filters": 2, "kernel_size": 4,
                          "dilation_rate": 3, "padding": "same", "output_padding": 0})
    dilated, length = result.derivation("length")
    assert (dilated.key, dilated.value) == ("dilated_length", 10)
    assert length.value == 6  # (7 − 1) × 1 + 10 mod 2 + 0
    assert result.output_shape == (None, 6, 2)


def test_keras_builds_an_empty_axis():
    # Keras accepts this and reports (None, 0, 2): we agree, and say why.
    result = one([1, 3], {"type": "Conv1DTranspose", "filters": 2, "kernel_size": 2,
                          "padding": "same", "output_padding": 0, "strides": 2})
    assert result.output_shape == (None, 0, 2)
    assert "empty axis" in result.derivation("length")[-1].note


def test_conv3d_transpose_takes_data_format_before_output_padding():
    # Keras's Conv3DTranspose(filters, kernel_size, strides, padding, data_format,
    # output_padding, ...), unlike the 1D and 2D ones.
    layer = LayerSpec("Conv3DTranspose", positional=(3, 2, 2, "same", "channels_last", 1))
    result = summarize(ModelSpec((layer,), (4, 4, 4, 2))).layers[0]
    assert result.output_shape == (None, 7, 7, 7, 3)  # (4 − 1) × 2 + 0 + 1
    assert result.params == 3 * 2 * 2 * 2 * 2 + 3


@pytest.mark.parametrize(("layer", "words"), [
    ({"strides": 2, "output_padding": 2}, ["output_padding", "2", "strides"]),
    ({"strides": 2, "dilation_rate": 2}, ["dilation_rate"]),
    ({"filters": 0}, ["filters"]),
    ({"kernel_size": 0}, ["kernel_size"]),
    ({"padding": "causal"}, ["padding"]),
])
def test_rejected_like_keras(layer, words):
    with pytest.raises(LayerError) as error:
        one([8, 8, 3], {"type": "Conv2DTranspose", "filters": 4, "kernel_size": 3, **layer})
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("shape", [[4, 2], [4, 4, 4, 2], [5, 5, None]])
def test_wrong_rank_or_unknown_channels(shape):
    with pytest.raises(LayerError):
        one(shape, {"type": "Conv2DTranspose", "filters": 3, "kernel_size": 2})


def test_unknown_spatial_size_stays_unknown():
    result = one([None, 5, 3], {"type": "Conv2DTranspose", "filters": 2, "kernel_size": 3,
                                "strides": 2})
    assert result.output_shape == (None, None, 11, 2)


def test_slips_change_the_calculation():
    layer = {"type": "Conv2DTranspose", "filters": 4, "kernel_size": 3, "strides": 2}
    assert one([8, 8, 3], layer, slips={Slip.NO_BIAS}).params == 108
    assert one([8, 8, 3], layer, slips={Slip.NO_STRIDE}).output_shape == (None, 10, 10, 4)
    assert one([8, 8, 3], layer, slips={Slip.SWAP_PADDING}).output_shape == (None, 16, 16, 4)
