"""BatchNormalization and GroupNormalization; numbers checked against Keras 3.15.1."""

import pytest

from tutor.calc import summarize
from tutor.calc.slips import Slip
from tutor.errors import LayerError
from tutor.models.mapping import spec_from_mapping


def model(input_shape, *layers, **kw):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": list(layers)}),
                     **kw)


def one(input_shape, layer, **kw):
    return model(input_shape, layer, **kw).layers[0]


@pytest.mark.parametrize(("input_shape", "layer", "trainable", "non_trainable"), [
    ([10], {}, 20, 20),
    ([8, 8, 64], {}, 128, 128),  # gamma, beta trainable; moving mean, variance not
    ([3, 8, 8], {"axis": 1}, 6, 6),  # channels_first
    ([8, 8, 5], {"axis": -3}, 16, 16),  # normalizes the height axis: 8 of each
    ([8, 8, 5], {"scale": False}, 5, 10),
    ([8, 8, 5], {"scale": False, "center": False}, 0, 10),
    ([8, 8, 5], {"renorm": True}, 10, 25),  # + moving stddev, renorm mean, renorm stddev
])
def test_batch_normalization_counts(input_shape, layer, trainable, non_trainable):
    result = one(input_shape, {"type": "BatchNormalization", **layer})
    assert result.output_shape == (None, *input_shape)
    assert (result.trainable, result.non_trainable) == (trainable, non_trainable)
    assert result.params == trainable + non_trainable


def test_summary_counts_non_trainable_in_total():
    summary = model([32, 32, 3], {"type": "Conv2D", "filters": 16, "kernel_size": 3},
                    {"type": "BatchNormalization"})
    assert summary.total_params == 448 + 64
    assert summary.trainable_params == 448 + 32
    assert summary.non_trainable_params == 32


def test_steps_split_trainable_and_non_trainable():
    result = one([8, 8, 64], {"type": "BatchNormalization"})
    steps = {s.key: s for s in result.derivation("params")}
    assert list(steps) == ["gamma", "beta", "trainable", "moving_mean", "moving_variance",
                           "non_trainable", "params"]
    assert (steps["trainable"].formula, steps["trainable"].value) == ("2 × D_in", 128)
    assert (steps["non_trainable"].substituted, steps["non_trainable"].value) == ("2 × 64", 128)
    assert (steps["params"].formula, steps["params"].value) == ("4 × D_in", 256)
    assert "Total params" in steps["params"].note
    assert result.axes == {"height": 1, "width": 2, "depth": 3}
    assert result.derivation("width")[-1].value == 8


def test_channels_first_axes():
    result = one([3, 8, 8], {"type": "BatchNormalization", "axis": 1})
    assert result.axes == {"height": 2, "width": 3, "depth": 1}


def test_trainable_false_makes_everything_non_trainable():
    result = one([8], {"type": "BatchNormalization", "trainable": False})
    assert (result.trainable, result.non_trainable) == (0, 32)


def test_slip_counts_only_gamma_and_beta():
    result = one([8, 8, 64], {"type": "BatchNormalization"},
                 slips={Slip.NON_TRAINABLE_AS_TRAINABLE})
    assert (result.params, result.trainable, result.non_trainable) == (128, 128, 0)
    assert "moving_mean" not in [s.key for s in result.steps]


@pytest.mark.parametrize(("input_shape", "layer", "word"), [
    ([8, 8, 5], {"axis": 4}, "out of range"),
    ([8, 8, 5], {"axis": 0}, "batch"),
    ([8, None], {}, "None"),
    ([8], {"synchronized": True}, "TensorFlow"),
    ([8], {"axis": [1]}, "axis"),
    ([8], {"momentun": 0.9}, "momentum"),
])
def test_batch_normalization_rejected(input_shape, layer, word):
    with pytest.raises(LayerError, match=word):
        one(input_shape, {"type": "BatchNormalization", **layer})


@pytest.mark.parametrize(("layer", "params"), [
    ({"groups": 8}, 64),
    ({"groups": -1, "center": False}, 32),  # one group per channel
    ({"groups": 32, "scale": False, "center": False}, 0),
])
def test_group_normalization(layer, params):
    result = one([16, 16, 32], {"type": "GroupNormalization", **layer})
    assert result.output_shape == (None, 16, 16, 32)
    assert (result.trainable, result.non_trainable) == (params, 0)


@pytest.mark.parametrize("groups", [0, 4, 12])
def test_group_normalization_rejected(groups):
    with pytest.raises(LayerError, match="groups"):
        one([4, 6], {"type": "GroupNormalization", "groups": groups})
