"""Max/Average pooling 1D/2D/3D and global pooling; numbers checked against Keras 3.15.1
(`compute_pooling_output_shape` in keras/src/ops/operation_utils.py)."""

import pytest

from tutor.calc import summarize
from tutor.calc.slips import Slip
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import LayerSpec, ModelSpec


def one(input_shape, layer, **kw):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]}),
                     **kw).layers[0]


@pytest.mark.parametrize(("input_shape", "layer", "shape"), [
    ([28, 28, 8], {"type": "MaxPooling2D"}, (None, 14, 14, 8)),  # pool 2, strides = pool
    ([27, 27, 8], {"type": "MaxPooling2D"}, (None, 13, 13, 8)),  # odd: floor
    ([27, 27, 8], {"type": "MaxPooling2D", "padding": "same"}, (None, 14, 14, 8)),  # ceil
    ([27, 27, 8], {"type": "MaxPool2D", "pool_size": 3, "strides": 1}, (None, 25, 25, 8)),
    ([9, 9, 2], {"type": "AveragePooling2D", "pool_size": 2, "strides": 4}, (None, 2, 2, 2)),
    ([5, 7, 2], {"type": "MaxPooling2D", "pool_size": [5, 7]}, (None, 1, 1, 2)),  # = input
    ([5, 7, 2], {"type": "MaxPooling2D", "pool_size": [6, 2], "padding": "same"},
     (None, 1, 4, 2)),
    ([3, 10], {"type": "MaxPool1D", "pool_size": 3, "data_format": "channels_first"},
     (None, 3, 3)),
    ([10, 4], {"type": "MaxPooling1D"}, (None, 5, 4)),
    ([10, 4], {"type": "AvgPool1D", "pool_size": 3, "strides": 2}, (None, 4, 4)),
    ([5, 6, 7, 2], {"type": "AvgPool3D", "pool_size": [2, 3, 2], "strides": 1},
     (None, 4, 4, 6, 2)),
    ([8, 8, 8, 1], {"type": "MaxPooling3D"}, (None, 4, 4, 4, 1)),
    ([None, 10, 2], {"type": "MaxPooling2D"}, (None, None, 5, 2)),
])
def test_pooling_shapes(input_shape, layer, shape):
    result = one(input_shape, layer)
    assert result.output_shape == shape
    assert (result.params, result.trainable, result.non_trainable) == (0, 0, 0)


def test_type_is_the_keras_class_even_through_an_alias():
    result = one([28, 28, 8], {"type": "MaxPool2D"})
    assert (result.type, result.name) == ("MaxPooling2D", "max_pooling2d")
    result = one([28, 28, 8], {"type": "GlobalAvgPool2D"})
    assert (result.type, result.name) == ("GlobalAveragePooling2D", "global_average_pooling2d")


def test_derivation_uses_the_pool_size_and_says_strides_default_to_it():
    result = one([27, 27, 8], {"type": "MaxPooling2D"})
    width = result.derivation("width")[-1]
    assert width.formula == "ceil((W_in − F + 1) / S)"
    assert width.substituted == "ceil((27 − 2 + 1) / 2)"
    assert width.value == 13
    assert "pool size" in width.note
    assert result.symbols["F"] == result.symbols["S"] == 2
    depth = result.derivation("depth")[-1]
    assert (depth.formula, depth.value) == ("D_in", 8)
    assert result.derivation("params")[-1].value == 0


def test_positional_order():
    # MaxPooling2D(pool_size, strides, padding, data_format)
    layer = LayerSpec("MaxPooling2D", positional=(3, 2, "same"))
    assert summarize(ModelSpec((layer,), (9, 9, 2))).layers[0].output_shape == (None, 5, 5, 2)


@pytest.mark.parametrize(("input_shape", "layer", "words"), [
    ([5, 7, 2], {"type": "MaxPooling2D", "pool_size": [6, 2]}, ["height", "5", "6"]),
    ([1, 4], {"type": "MaxPooling1D"}, ["length"]),
    ([10], {"type": "MaxPooling2D"}, ["rank 4", "rank 2"]),
    ([10, 10, 1], {"type": "MaxPooling2D", "strides": 0}, ["strides"]),
    ([10, 2], {"type": "AveragePooling1D"}, ["pool_size"]),  # no default, unlike MaxPooling
    ([4, 3], {"type": "MaxPooling1D", "padding": "Same"}, ["lower case"]),
    ([3, 4, 5], {"type": "GlobalAveragePooling3D"}, ["rank 5"]),
])
def test_rejected_like_keras(input_shape, layer, words):
    with pytest.raises(LayerError) as error:
        one(input_shape, layer)
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize(("input_shape", "layer", "shape", "axes"), [
    ([7, 7, 32], {"type": "GlobalAveragePooling2D"}, (None, 32), {"depth": 1, "units": 1}),
    ([7, 7, 32], {"type": "GlobalMaxPooling2D", "keepdims": True}, (None, 1, 1, 32),
     {"height": 1, "width": 2, "depth": 3}),
    ([3, 10, 10], {"type": "GlobalMaxPool2D", "data_format": "channels_first",
                   "keepdims": True}, (None, 3, 1, 1), {"height": 2, "width": 3, "depth": 1}),
    ([3, 10], {"type": "GlobalAveragePooling1D", "data_format": "channels_first"}, (None, 3),
     {"depth": 1, "units": 1}),
    ([3, 4, 5, 6], {"type": "GlobalAvgPool3D"}, (None, 6), {"depth": 1, "units": 1}),
    ([None, 6], {"type": "GlobalMaxPooling1D"}, (None, 6), {"depth": 1, "units": 1}),
])
def test_global_pooling(input_shape, layer, shape, axes):
    result = one(input_shape, layer)
    assert result.output_shape == shape
    assert result.axes == axes
    assert result.params == 0


def test_global_pooling_positional_keepdims():
    # GlobalAveragePooling1D(data_format, keepdims)
    layer = LayerSpec("GlobalAveragePooling1D", positional=("channels_first", True))
    assert summarize(ModelSpec((layer,), (3, 4))).layers[0].output_shape == (None, 3, 1)


def test_slips_go_through_the_window_arithmetic():
    layer = {"type": "MaxPooling2D", "pool_size": 2}
    assert one([27, 27, 8], layer, slips={Slip.SWAP_PADDING}).output_shape == (None, 14, 14, 8)
    assert one([27, 27, 8], layer, slips={Slip.NO_STRIDE}).output_shape == (None, 26, 26, 8)
    same = {**layer, "padding": "same"}
    assert one([27, 27, 8], same, slips={Slip.FLOOR_NOT_CEIL}).output_shape == (
        None, 13, 13, 8)
