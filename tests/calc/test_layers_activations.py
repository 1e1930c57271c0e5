"""Activation layers and dropout-like layers: shape unchanged, no weights (PReLU aside), and
Keras 3.15.1's argument checks."""

import pytest

from tutor.calc import summarize
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import LayerSpec, ModelSpec


def one(input_shape, layer):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]})
                     ).layers[0]


PASSTHROUGH = [
    {"type": "Activation", "activation": "relu"},
    {"type": "Activation", "activation": None},
    {"type": "Activation", "activation": "swish"},
    {"type": "ReLU", "max_value": 6.0},
    {"type": "LeakyReLU"},
    {"type": "LeakyReLU", "negative_slope": 0.1},
    {"type": "LeakyReLU", "alpha": 0.1},  # the Keras 2 name, still accepted
    {"type": "ELU", "alpha": 0.5},
    {"type": "Softmax", "axis": 5},  # Keras checks the axis only on real data
    {"type": "Dropout", "rate": 0.5},
    {"type": "Dropout", "rate": 1},
    {"type": "Dropout", "rate": 0.5, "noise_shape": [None, 1, 3]},
    {"type": "Dropout", "rate": 0.5, "noise_shape": [7]},  # checked only when training
    {"type": "GaussianNoise", "stddev": 0.1},
    {"type": "GaussianDropout", "rate": 0.1},
    {"type": "AlphaDropout", "rate": 0.1},
    {"type": "ActivityRegularization", "l1": 0.01},
    {"type": "SpatialDropout1D", "rate": 0.2},
]


@pytest.mark.parametrize("layer", PASSTHROUGH, ids=lambda layer: layer["type"])
def test_shape_unchanged_no_weights(layer):
    result = one([4, 3], layer)
    assert result.output_shape == (None, 4, 3)
    assert (result.params, result.trainable, result.non_trainable) == (0, 0, 0)
    assert result.axes == {"length": 1, "depth": 2}
    assert result.derivation("length")[-1].value == 4
    assert result.derivation("params")[-1].value == 0


def test_names_follow_keras():
    spec = spec_from_mapping({"input_shape": [4], "layers": [
        "ReLU", "LeakyReLU", "PReLU", {"type": "Activation", "activation": "tanh"}, "ELU",
        "Softmax", {"type": "Dropout", "rate": 0.1}, {"type": "GaussianNoise", "stddev": 0.1}]})
    names = [layer.name for layer in summarize(spec).layers]
    assert names == ["re_lu", "leaky_re_lu", "p_re_lu", "activation", "elu", "softmax",
                     "dropout", "gaussian_noise"]


def test_positional_arguments():
    layers = (LayerSpec("Activation", positional=("tanh",)),
              LayerSpec("Dropout", positional=(0.2,)),
              LayerSpec("LeakyReLU", positional=(0.1,)),
              LayerSpec("ReLU", positional=(6.0, 0.1)))
    summary = summarize(ModelSpec(layers, (4,)))
    assert summary.output_shape == (None, 4)


@pytest.mark.parametrize(("shape", "layer"), [
    ([4, 4, 3], {"type": "SpatialDropout2D", "rate": 0.5}),
    ([3, 4, 4], {"type": "SpatialDropout2D", "rate": 0.5, "data_format": "channels_first"}),
    ([4, 4, 4, 3], {"type": "SpatialDropout3D", "rate": 0.5}),
])
def test_spatial_dropout(shape, layer):
    result = one(shape, layer)
    assert result.output_shape == (None, *shape)
    assert result.params == 0


def test_spatial_dropout_channels_first_axes():
    result = one([3, 4, 5], {"type": "SpatialDropout2D", "rate": 0.5,
                             "data_format": "channels_first"})
    assert result.axes == {"height": 2, "width": 3, "depth": 1}


@pytest.mark.parametrize(("layer", "word"), [
    ({"type": "Activation", "activation": "ReLU"}, "lower case"),
    ({"type": "Activation", "activation": "relux"}, "relu"),
    ({"type": "Activation"}, "activation"),
    ({"type": "Dense", "units": 2, "activation": "softmx"}, "softmax"),
    ({"type": "LeakyReLU", "negative_slope": -0.1}, "negative"),
    ({"type": "LeakyReLU", "alpha": -0.1}, "alpha"),
    ({"type": "ReLU", "max_value": -1}, "max_value"),
    ({"type": "ReLU", "threshold": -1}, "threshold"),
    ({"type": "Dropout", "rate": 1.5}, "between 0 and 1"),
    ({"type": "Dropout"}, "rate"),
    ({"type": "Dropout", "rate": 0.5, "noise_shape": [None, 0]}, "noise_shape"),
    ({"type": "GaussianNoise", "stddev": 2}, "between 0 and 1"),
    ({"type": "SpatialDropout2D", "rate": 0.5}, "rank 4"),
    # SpatialDropout's __init__ has no **kwargs: Keras raises a TypeError for these
    ({"type": "SpatialDropout1D", "rate": 0.5, "trainable": False}, "trainable"),
    ({"type": "SpatialDropout1D", "rate": 0.5, "input_shape": [4, 3]}, "input_shape"),
])
def test_rejected_like_keras(layer, word):
    with pytest.raises(LayerError, match=word):
        one([4, 3], layer)


@pytest.mark.parametrize(("shape", "layer", "params"), [
    ([4, 5, 3], {}, 60),  # one slope per input value
    ([4, 5, 3], {"shared_axes": [1, 2]}, 3),  # one per channel
    ([None, 3], {"shared_axes": 1}, 3),
])
def test_prelu(shape, layer, params):
    result = one(shape, {"type": "PReLU", **layer})
    assert result.output_shape == (None, *shape)
    assert (result.trainable, result.non_trainable) == (params, 0)
    assert result.derivation("params")[-1].value == params


def test_prelu_formula():
    step = one([4, 5, 3], {"type": "PReLU", "shared_axes": [1, 2]}).derivation("params")[-1]
    assert (step.formula, step.substituted) == ("1 × 1 × D_in", "1 × 1 × 3")


@pytest.mark.parametrize("layer", [{}, {"shared_axes": [0]}, {"shared_axes": [3]}])
def test_prelu_rejected(layer):
    with pytest.raises(LayerError):
        one([None, 3], {"type": "PReLU", **layer})
