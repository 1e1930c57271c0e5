"""Properties that hold for any sizes: Keras's shape formulas, and no crash on bad input."""

from math import ceil, floor

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.errors import LayerError, TutorError
from tutor.models.mapping import spec_from_mapping

sizes = st.integers(min_value=1, max_value=64)
small = st.integers(min_value=1, max_value=9)


def one(input_shape, layer):
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": [layer]})
                     ).layers[0]


@given(size=sizes, kernel=small, stride=small)
def test_conv_same_is_ceil_of_input_over_stride(size, kernel, stride):
    layer = {"type": "Conv1D", "filters": 2, "kernel_size": kernel, "strides": stride,
             "padding": "same"}
    assert one([size, 3], layer).output_shape == (None, ceil(size / stride), 2)


@given(size=sizes, kernel=small, stride=small, dilation=st.integers(1, 4))
def test_conv_valid_matches_keras_floor_formula(size, kernel, stride, dilation):
    if stride > 1:
        dilation = 1  # Keras refuses strides > 1 with dilation > 1
    layer = {"type": "Conv1D", "filters": 2, "kernel_size": kernel, "strides": stride,
             "dilation_rate": dilation}
    # keras/src/ops/operation_utils.py compute_conv_output_shape
    expected = floor((size - dilation * (kernel - 1) - 1) / stride) + 1
    if expected <= 0:
        try:
            one([size, 3], layer)
        except LayerError:
            return
        raise AssertionError("an empty output must be rejected")
    assert one([size, 3], layer).output_shape == (None, expected, 2)


@given(h=sizes, w=sizes, pool=small, stride=st.none() | small,
       padding=st.sampled_from(["valid", "same"]))
def test_pooling_never_yields_an_empty_axis(h, w, pool, stride, padding):
    layer = {"type": "MaxPooling2D", "pool_size": pool, "strides": stride, "padding": padding}
    s = pool if stride is None else stride
    if padding == "same":
        expected = (ceil(h / s), ceil(w / s))
    else:  # compute_pooling_output_shape
        expected = (floor((h - pool) / s) + 1, floor((w - pool) / s) + 1)
    try:
        result = one([h, w, 4], layer)
    except LayerError:
        assert min(expected) <= 0
        return
    assert result.output_shape == (None, *expected, 4)
    assert min(expected) > 0


@given(size=sizes, kernel=small, stride=small, op=st.none() | st.integers(0, 8),
       padding=st.sampled_from(["valid", "same"]))
def test_transposed_conv_matches_keras(size, kernel, stride, op, padding):
    layer = {"type": "Conv1DTranspose", "filters": 2, "kernel_size": kernel,
             "strides": stride, "padding": padding, "output_padding": op}
    if op is not None and op >= stride:
        try:
            one([size, 3], layer)
        except LayerError:
            return
        raise AssertionError("output_padding >= strides must be rejected")
    # backend_utils._get_output_shape_given_tf_padding
    if padding == "valid":
        expected = (size - 1) * stride + kernel + (max(kernel, stride) - kernel
                                                   if op is None else op)
    else:
        expected = size * stride if op is None else (size - 1) * stride + kernel % 2 + op
    result = one([size, 3], layer)
    assert result.output_shape == (None, expected, 2)
    assert result.params == kernel * 3 * 2 + 2


@given(dims=st.lists(st.integers(1, 6), min_size=1, max_size=4), data=st.data())
def test_reshape_with_minus_one_keeps_the_count(dims, data):
    total = 1
    for d in dims:
        total *= d
    divisors = [d for d in range(1, total + 1) if total % d == 0]
    known = data.draw(st.sampled_from(divisors))
    result = one(dims, {"type": "Reshape", "target_shape": [known, -1]})
    assert result.output_shape == (None, known, total // known)


LAYERS = st.sampled_from([
    "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D",
    "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "Flatten", "Reshape",
    "Dropout", "BatchNormalization", "Activation", "ZeroPadding2D", "Cropping2D",
    "UpSampling2D", "LeakyReLU", "ReLU", "Softmax", "PReLU", "Dense", "Conv1DTranspose",
    "MaxPooling1D", "SpatialDropout2D", "GroupNormalization", "Permute", "RepeatVector",
])
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 12), st.floats(-1, 2, allow_nan=False),
    st.sampled_from(["same", "valid", "causal", "Same", "relu", "channels_first", "x"]),
    st.lists(st.one_of(st.none(), st.integers(-2, 6)), max_size=4),
    st.lists(st.lists(st.integers(-1, 4), max_size=3), max_size=3),
)
ARG_NAMES = st.sampled_from([
    "filters", "kernel_size", "strides", "padding", "output_padding", "dilation_rate",
    "depth_multiplier", "pool_size", "data_format", "keepdims", "target_shape", "rate",
    "noise_shape", "axis", "center", "scale", "renorm", "activation", "cropping", "size",
    "negative_slope", "alpha", "shared_axes", "units", "use_bias", "groups", "dims", "n",
    "max_value", "threshold", "interpolation",
])


@settings(max_examples=400, deadline=None)
@given(shape=st.lists(st.one_of(st.none(), st.integers(1, 12)), min_size=1, max_size=4),
       layers=st.lists(st.tuples(LAYERS, st.dictionaries(ARG_NAMES, VALUES, max_size=4)),
                       min_size=1, max_size=3))
def test_any_input_gives_a_result_or_a_tutor_error(shape, layers):
    """Bad arguments and impossible shapes end in a TutorError, never in a crash; every
    count that comes out is a whole, non-negative number that adds up."""
    spec = {"input_shape": shape,
            "layers": [{"type": kind, **args} for kind, args in layers]}
    try:
        summary = summarize(spec_from_mapping(spec))
    except TutorError:
        return
    for layer in summary.layers:
        assert layer.trainable >= 0 and layer.non_trainable >= 0
        assert layer.params == layer.trainable + layer.non_trainable
        assert all(d is None or d >= 0 for d in layer.output_shape)
    assert summary.total_params == summary.trainable_params + summary.non_trainable_params
