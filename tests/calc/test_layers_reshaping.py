"""Flatten, Reshape, Permute, RepeatVector, ZeroPadding, Cropping and UpSampling; numbers
checked against Keras 3.15.1."""

import pytest

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import LayerSpec, ModelSpec


def one(input_shape, layer):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]})
                     ).layers[0]


@pytest.mark.parametrize(("input_shape", "layer", "shape"), [
    ([7, 7, 64], {"type": "Flatten"}, (None, 3136)),
    ([3, 4, 5], {"type": "Flatten", "data_format": "channels_first"}, (None, 60)),
    ([10], {"type": "Flatten"}, (None, 10)),  # Keras accepts a vector as it is
    ([None, 3], {"type": "Flatten"}, (None, None)),
])
def test_flatten(input_shape, layer, shape):
    result = one(input_shape, layer)
    assert result.output_shape == shape
    assert result.params == 0


def test_flatten_step_multiplies_in_lesson_symbols():
    result = one([7, 7, 64], "Flatten")
    step = result.derivation("output_shape")[0]
    assert (step.quantity, step.formula, step.substituted, step.value) == (
        "output_shape", "H_in × W_in × D_in", "7 × 7 × 64", 3136)
    assert quantity(summarize(spec_from_mapping({"input_shape": [7, 7, 64],
                                                 "layers": ["Flatten"]})),
                    "output_shape").value == (None, 3136)


@pytest.mark.parametrize(("input_shape", "target", "shape"), [
    ([4, 6], [-1, 3], (None, 8, 3)),
    ([4, 6], [2, 12], (None, 2, 12)),
    ([784], [28, 28, 1], (None, 28, 28, 1)),
    ([None, 6], [-1, 2, 3], (None, None, 2, 3)),
    ([None, 6], [5, 2, 3], (None, 5, 2, 3)),  # nothing to check against an unknown size
    ([1], [], (None,)),
])
def test_reshape(input_shape, target, shape):
    result = one(input_shape, {"type": "Reshape", "target_shape": target})
    assert result.output_shape == shape
    assert result.params == 0


def test_reshape_infers_minus_one_in_a_step():
    result = one([4, 6], {"type": "Reshape", "target_shape": [-1, 3]})
    [size] = [s for s in result.steps if s.quantity == "output_shape"]
    assert (size.formula, size.substituted, size.value) == ("L_in × D_in", "4 × 6", 24)
    inferred = result.derivation("length")[-1]
    assert (inferred.key, inferred.formula, inferred.substituted, inferred.value) == (
        "inferred", "(L_in × D_in) / 3", "(4 × 6) / 3", 8)


def test_reshape_positional_target_shape():
    layer = LayerSpec("Reshape", positional=((28, 28),))
    assert summarize(ModelSpec((layer,), (784,))).output_shape == (None, 28, 28)


@pytest.mark.parametrize(("target", "words"), [
    ([5, 5], ["25", "24"]),  # names both sizes
    ([-1, 5], ["24", "5"]),
    ([-1, -1], ["one -1"]),
    ([0, -1], ["24"]),
    ([-2, -12], ["non-negative"]),
    (24, ["tuple"]),
])
def test_reshape_rejected(target, words):
    with pytest.raises(LayerError) as error:
        one([4, 6], {"type": "Reshape", "target_shape": target})
    for word in words:
        assert word in str(error.value)


def test_permute_and_repeat_vector():
    assert one([4, 6, 2], {"type": "Permute", "dims": [3, 1, 2]}).output_shape == (
        None, 2, 4, 6)
    result = one([6], {"type": "RepeatVector", "n": 3})
    assert result.output_shape == (None, 3, 6)
    assert result.axes == {"length": 1, "depth": 2}
    with pytest.raises(LayerError):
        one([4, 6, 2], {"type": "Permute", "dims": [2, 1]})
    with pytest.raises(LayerError, match="rank 2"):
        one([6, 2], {"type": "RepeatVector", "n": 3})


@pytest.mark.parametrize(("input_shape", "layer", "shape"), [
    ([28, 28, 3], {"type": "ZeroPadding2D"}, (None, 30, 30, 3)),
    ([6, 6, 2], {"type": "ZeroPadding2D", "padding": [1, 2]}, (None, 8, 10, 2)),
    ([6, 6, 2], {"type": "ZeroPadding2D", "padding": [[1, 2], 3]}, (None, 9, 12, 2)),
    ([6, 6, 2], {"type": "ZeroPadding2D", "padding": [[1, 2], [0, 3]]}, (None, 9, 9, 2)),
    ([28, 28, 3], {"type": "ZeroPadding2D", "padding": -1}, (None, 26, 26, 3)),  # Keras too
    ([2, 6, 6], {"type": "ZeroPadding2D", "padding": 1, "data_format": "channels_first"},
     (None, 2, 8, 8)),
    ([6, 2], {"type": "ZeroPadding1D", "padding": [1, 3]}, (None, 10, 2)),
    ([3, 4, 5, 2], {"type": "ZeroPadding3D", "padding": [1, [0, 2], 3]}, (None, 5, 6, 11, 2)),
    ([6, 2], {"type": "Cropping1D", "cropping": [1, 2]}, (None, 3, 2)),
    ([6, 7, 2], {"type": "Cropping2D", "cropping": [[1, 2], [0, 3]]}, (None, 3, 4, 2)),
    ([2, 6, 7], {"type": "Cropping2D", "cropping": 2, "data_format": "channels_first"},
     (None, 2, 2, 3)),
    ([None, 7, 2], {"type": "Cropping2D", "cropping": 1}, (None, None, 5, 2)),
    ([3, 4, 5, 2], {"type": "Cropping3D"}, (None, 1, 2, 3, 2)),
    ([3, 2], {"type": "UpSampling1D", "size": 3}, (None, 9, 2)),
    ([3, 4, 2], {"type": "UpSampling2D", "size": [2, 3], "interpolation": "bilinear"},
     (None, 6, 12, 2)),
    ([2, 3, 4], {"type": "UpSampling2D", "data_format": "channels_first"}, (None, 2, 6, 8)),
    ([2, 3, 4, 1], {"type": "UpSampling3D", "size": 2}, (None, 4, 6, 8, 1)),
])
def test_padding_cropping_upsampling(input_shape, layer, shape):
    result = one(input_shape, layer)
    assert result.output_shape == shape
    assert result.params == 0


def test_padding_steps_name_both_ends():
    result = one([6, 6, 2], {"type": "ZeroPadding2D", "padding": [[1, 2], [0, 3]]})
    height, width = result.derivation("height")[-1], result.derivation("width")[-1]
    assert (height.formula, height.substituted, height.value) == (
        "H_in + P_top + P_bottom", "6 + 1 + 2", 9)
    assert (width.formula, width.substituted, width.value) == (
        "W_in + P_left + P_right", "6 + 0 + 3", 9)
    crop = one([6, 7, 2], {"type": "Cropping2D", "cropping": [[1, 2], [0, 3]]})
    assert crop.derivation("width")[-1].formula == "W_in − C_left − C_right"
    up = one([3, 4, 2], {"type": "UpSampling2D", "size": 2})
    assert up.derivation("width")[-1].formula == "W_in × Z"


@pytest.mark.parametrize(("input_shape", "layer", "word"), [
    ([6, 2], {"type": "ZeroPadding1D", "padding": -1}, "negative"),
    ([6, 6, 2], {"type": "ZeroPadding2D", "padding": [-1, 2]}, "negative"),
    ([6, 6, 2], {"type": "ZeroPadding2D", "padding": [1, 2, 3]}, "2 entries"),
    ([3, 2], {"type": "Cropping1D", "cropping": [1, 2]}, "length"),
    ([3, 2], {"type": "Cropping1D", "data_format": "channels_last"}, "data_format"),
    ([6, 7, 2], {"type": "Cropping2D", "cropping": [3, 1]}, "height"),
    ([6, 7, 2], {"type": "Cropping2D", "cropping": -1}, "negative"),
    ([2, 4, 5, 2], {"type": "Cropping3D"}, "dim1"),
    ([3, 2], {"type": "UpSampling1D", "size": [3]}, "integer"),
    ([2, 3, 4], {"type": "UpSampling2D", "size": 0}, "size"),
    ([2, 3], {"type": "UpSampling2D"}, "rank 4"),
])
def test_rejected_like_keras(input_shape, layer, word):
    with pytest.raises(LayerError, match=word):
        one(input_shape, layer)
