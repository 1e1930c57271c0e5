"""Embedding, SimpleRNN, LSTM, GRU, ConvLSTM, Bidirectional, TimeDistributed and
LayerNormalization; numbers checked against Keras 3.15.1 (see tests/golden for more)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.calc.derivation import fmt
from tutor.calc.result import LayerResult, ModelSummary
from tutor.calc.slips import Slip
from tutor.errors import LayerError, ModelError, TutorError
from tutor.models.mapping import spec_from_mapping


def model(input_shape: list[int | None], *layers: Any, **kw: Any) -> ModelSummary:
    return summarize(spec_from_mapping({"input_shape": input_shape, "layers": list(layers)}),
                     **kw)


def one(input_shape: list[int | None], layer: dict[str, Any], **kw: Any) -> LayerResult:
    return model(input_shape, layer, **kw).layers[0]


def rejected(input_shape: list[int | None], *layers: Any) -> str:
    with pytest.raises(TutorError) as info:
        model(input_shape, *layers)
    return info.value.message


def positional(input_shape: list[int | None], type_: str, args: tuple[Any, ...]
               ) -> LayerResult:
    spec = spec_from_mapping({"input_shape": input_shape, "layers": [type_]})
    layer = dataclasses.replace(spec.layers[0], positional=args)
    return summarize(dataclasses.replace(spec, layers=(layer,))).layers[0]


def lstm(units: int, **kw: Any) -> dict[str, Any]:
    return {"type": "LSTM", "units": units, **kw}


# -- Embedding ----------------------------------------------------------------------------

@pytest.mark.parametrize(("input_shape", "layer", "output", "params"), [
    ([10], {"input_dim": 1000, "output_dim": 64}, (None, 10, 64), 64000),
    ([None], {"input_dim": 10000, "output_dim": 16}, (None, None, 16), 160000),
    ([10, 5], {"input_dim": 100, "output_dim": 8}, (None, 10, 5, 8), 800),
    ([10], {"input_dim": 1000, "output_dim": 64, "mask_zero": True}, (None, 10, 64), 64000),
])
def test_embedding(input_shape, layer, output, params):
    result = one(input_shape, {"type": "Embedding", **layer})
    assert (result.output_shape, result.params) == (output, params)


def test_embedding_positional_and_derivation():
    result = positional([20], "Embedding", (5000, 32))
    step = result.derivation("params")[-1]
    assert (step.formula, step.substituted, step.value) == ("V × E", "5000 × 32", 160000)
    assert result.axes == {"length": 1, "depth": 2}
    assert result.derivation("length")[0].value == 20


def test_input_length_is_gone_in_keras_3_and_says_so():
    result = one([10], {"type": "Embedding", "input_dim": 1000, "output_dim": 64,
                        "input_length": 20})
    assert result.output_shape == (None, 10, 64)  # ignored, as Keras 3 ignores it
    note = result.derivation("length")[0].note
    assert "gone in Keras 3" in note and "input_length=20" in note


def test_input_length_alone_gives_no_input_shape():
    spec = spec_from_mapping({"layers": [
        {"type": "Embedding", "input_dim": 1000, "output_dim": 8, "input_length": 20}]})
    with pytest.raises(ModelError, match="gone in Keras 3") as info:
        summarize(spec)
    assert "keras.Input(shape=(20,))" in info.value.message


@pytest.mark.parametrize(("layer", "words"), [
    ({"input_dim": 1000}, "output_dim"),
    ({"input_dim": 1000, "output_dim": 0}, "positive"),
    ({"input_dim": 0, "output_dim": 8}, "positive"),
])
def test_embedding_rejects(layer, words):
    assert words in rejected([10], {"type": "Embedding", **layer})


# -- SimpleRNN, LSTM, GRU -----------------------------------------------------------------

@pytest.mark.parametrize(("layer", "params"), [
    ({"type": "SimpleRNN", "units": 16}, 16 * (8 + 16) + 16),
    ({"type": "SimpleRNN", "units": 16, "use_bias": False}, 16 * (8 + 16)),
    (lstm(16), 4 * (16 * (8 + 16) + 16)),
    (lstm(16, use_bias=False), 4 * 16 * (8 + 16)),
    ({"type": "GRU", "units": 16}, 3 * (16 * (8 + 16) + 2 * 16)),  # reset_after=True
    ({"type": "GRU", "units": 16, "reset_after": False}, 3 * (16 * (8 + 16) + 16)),
    ({"type": "GRU", "units": 16, "use_bias": False}, 3 * 16 * (8 + 16)),
])
def test_recurrent_counts(layer, params):
    assert one([10, 8], layer).params == params


@pytest.mark.parametrize(("type_", "args", "params"), [
    ("LSTM", (32, "tanh", "sigmoid", False), 5120),
    ("GRU", (16,), 1248),
    ("SimpleRNN", (16, "relu", False), 384),
])
def test_positional_arguments_in_keras_order(type_, args, params):
    assert positional([10, 8], type_, args).params == params


@given(units=st.integers(1, 300), features=st.integers(1, 300),
       steps=st.one_of(st.none(), st.integers(1, 500)))
def test_counts_follow_the_formulas_and_never_the_length(units, features, steps):
    u, i = units, features
    expected = {"SimpleRNN": u * (i + u) + u, "LSTM": 4 * (u * (i + u) + u),
                "GRU": 3 * (u * (i + u) + 2 * u)}
    for kind, params in expected.items():
        result = one([steps, features], {"type": kind, "units": units})
        assert result.params == params
        assert result.output_shape == (None, units)


def test_gru_reset_after_false_formula():
    u, i = 10, 3
    assert one([20, i], {"type": "GRU", "units": u, "reset_after": False}).params == (
        3 * (u * (i + u) + u))


def test_lstm_derivation_per_gate_then_times_four():
    result = one([100, 64], lstm(32))
    steps = {s.key: s for s in result.derivation("params")}
    assert list(steps) == ["input_weights", "recurrent_weights", "bias", "per_gate", "params"]
    assert (steps["input_weights"].substituted, steps["input_weights"].value) == (
        "64 × 32", 2048)
    assert (steps["recurrent_weights"].formula, steps["recurrent_weights"].value) == (
        "U × U", 1024)
    assert steps["per_gate"].value == 3104
    assert steps["params"].formula == "4 × (N_in × U + U × U + U)"
    assert steps["params"].value == 12416 == result.params
    assert "forget" in steps["params"].note


def test_gru_derivation_has_two_biases_per_gate():
    steps = {s.key: s for s in one([10, 8], {"type": "GRU", "units": 16}).derivation("params")}
    assert (steps["bias"].formula, steps["bias"].value) == ("2 × U", 32)
    assert "reset_after=True" in steps["bias"].note
    assert steps["params"].substituted == "3 × (8 × 16 + 16 × 16 + 2 × 16)"


def test_simple_rnn_has_no_gate_step():
    keys = [s.key for s in one([10, 8], {"type": "SimpleRNN", "units": 4}).derivation("params")]
    assert keys == ["input_weights", "recurrent_weights", "bias", "params"]


@pytest.mark.parametrize(("input_shape", "layer", "output", "axes"), [
    ([100, 64], lstm(32), (None, 32), {"depth": 1, "units": 1}),
    ([100, 64], lstm(32, return_sequences=True), (None, 100, 32),
     {"length": 1, "depth": 2, "units": 2}),
    ([None, 8], {"type": "GRU", "units": 16, "return_sequences": True}, (None, None, 16),
     {"length": 1, "depth": 2, "units": 2}),
])
def test_return_sequences_shapes(input_shape, layer, output, axes):
    result = one(input_shape, layer)
    assert (result.output_shape, dict(result.axes)) == (output, axes)


def test_return_sequences_false_says_the_time_axis_is_gone():
    step = one([100, 64], lstm(32)).derivation("output_shape")[0]
    assert step.key == "return_sequences" and "time axis" in step.note


@pytest.mark.parametrize(("layer", "outputs"), [
    (lstm(16, return_state=True), ((None, 16), (None, 16), (None, 16))),
    (lstm(16, return_state=True, return_sequences=True),
     ((None, 10, 16), (None, 16), (None, 16))),
    ({"type": "GRU", "units": 16, "return_state": True}, ((None, 16), (None, 16))),
    ({"type": "SimpleRNN", "units": 16, "return_state": True}, ((None, 16), (None, 16))),
])
def test_return_state_gives_several_outputs(layer, outputs):
    result = one([10, 8], layer)
    assert result.output_shape == outputs
    assert fmt(result.output_shape).startswith("[(None")


def test_nothing_can_follow_several_outputs():
    message = rejected([10, 8], lstm(16, return_state=True), {"type": "Dense", "units": 1})
    assert "3 tensors" in message


def test_trainable_false_freezes_a_recurrent_layer():
    result = one([10, 8], lstm(16, trainable=False))
    assert (result.trainable, result.non_trainable) == (0, 1600)


@pytest.mark.parametrize(("input_shape", "layer", "words"), [
    ([100], lstm(32), "return_sequences=True"),
    ([28, 28, 1], {"type": "SimpleRNN", "units": 16}, "rank 3"),
    ([10, None], lstm(16), "must be known"),
    ([10, 8], lstm(0), "positive"),
    ([10, 8], lstm(16, stateful=True), "fixed batch size"),
    ([10, 8], lstm(16, recurrent_activation="sigmod"), "recurrent_activation"),
    ([10, 8], lstm(16, use_cudnn="maybe"), "use_cudnn"),
    ([10, 8], lstm(16, time_major=True), "no argument"),
])
def test_recurrent_rejects(input_shape, layer, words):
    assert words in rejected(input_shape, layer)


def test_stacked_lstm_without_return_sequences_names_the_fix():
    with pytest.raises(LayerError) as info:
        model([50, 1], lstm(50), lstm(50))
    assert info.value.layer == "lstm_1" and "return_sequences=True" in info.value.message


def test_unroll_with_unknown_length_builds_but_warns():
    result = one([None, 8], lstm(16, unroll=True))
    assert result.params == 1600
    assert "fails on data" in result.steps[0].note


# -- ConvLSTM -----------------------------------------------------------------------------

@pytest.mark.parametrize(("input_shape", "layer", "output", "params"), [
    ([5, 16, 16, 3], {"type": "ConvLSTM2D", "filters": 8, "kernel_size": 3}, (None, 14, 14, 8),
     4 * (9 * 3 * 8 + 9 * 8 * 8 + 8)),
    ([5, 16, 16, 3], {"type": "ConvLSTM2D", "filters": 8, "kernel_size": 3, "padding": "same",
                      "return_sequences": True}, (None, 5, 16, 16, 8), 3200),
    ([5, 20, 3], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3}, (None, 18, 4), 352),
    ([3, 8, 8, 8, 2], {"type": "ConvLSTM3D", "filters": 2, "kernel_size": 3},
     (None, 6, 6, 6, 2), 872),
    ([5, 3, 16, 16], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3,
                      "data_format": "channels_first"}, (None, 4, 14, 14), 1024),
])
def test_conv_lstm(input_shape, layer, output, params):
    result = one(input_shape, layer)
    assert (result.output_shape, result.params) == (output, params)


# -- Bidirectional ------------------------------------------------------------------------

def bi(layer: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"type": "Bidirectional", "layer": layer, **kw}


@pytest.mark.parametrize(("merge", "output"), [
    ("concat", (None, 32)), ("sum", (None, 16)), ("mul", (None, 16)), ("ave", (None, 16)),
    (None, ((None, 16), (None, 16))),
])
def test_bidirectional_merge_modes(merge, output):
    result = one([10, 8], bi(lstm(16), merge_mode=merge))
    assert (result.output_shape, result.params) == (output, 3200)


@pytest.mark.parametrize(("inner", "params"), [
    (lstm(16), 3200), ({"type": "GRU", "units": 16}, 2496),
    ({"type": "GRU", "units": 16, "reset_after": False}, 2400),
    ({"type": "SimpleRNN", "units": 16}, 800), (lstm(16, use_bias=False), 3072),
])
def test_bidirectional_doubles_the_count(inner, params):
    assert one([10, 8], bi(inner)).params == params


def test_bidirectional_derivation_ends_with_times_two():
    steps = one([10, 8], bi(lstm(16))).derivation("params")
    assert steps[-2].key == "direction" and steps[-2].value == 1600
    assert (steps[-1].key, steps[-1].formula, steps[-1].value) == (
        "params", "2 × Params_LSTM", 3200)
    depth = one([10, 8], bi(lstm(16))).derivation("depth")[-1]
    assert (depth.formula, depth.value) == ("2 × U", 32)


def test_backward_layer_of_another_size():
    result = one([10, 8], bi(lstm(16, return_sequences=True), backward_layer={
        "type": "GRU", "units": 8, "go_backwards": True, "return_sequences": True}))
    # Keras computes the shape from the forward layer alone: 2 × 16, not 16 + 8
    assert (result.output_shape, result.params) == ((None, 10, 32), 1600 + 432)
    assert result.derivation("params")[-1].formula == "Params_forward + Params_backward"


def test_return_state_on_both_sides():
    result = one([10, 8], bi(lstm(16, return_state=True)))
    assert result.output_shape == ((None, 32), *[(None, 16)] * 4)


@pytest.mark.parametrize(("layers", "names"), [
    ([bi(lstm(16, return_sequences=True)), lstm(8)], ["bidirectional", "lstm_1"]),
    ([bi(lstm(16, return_sequences=True),
         backward_layer=lstm(16, go_backwards=True, return_sequences=True)), lstm(8)],
     ["bidirectional", "lstm_2"]),
    ([bi(lstm(16, return_sequences=True)), bi(lstm(8)), {"type": "Dense", "units": 1}],
     ["bidirectional", "bidirectional_1", "dense"]),
    ([bi(lstm(4, name="enc", return_sequences=True), name="bi"), lstm(2)], ["bi", "lstm"]),
])
def test_the_wrapped_layer_uses_up_a_name(layers, names):
    assert [layer.name for layer in model([10, 8], *layers).layers] == names


@pytest.mark.parametrize(("layer", "words"), [
    (bi(lstm(16), backward_layer=lstm(16)), "go_backwards=True"),
    (bi(lstm(16, go_backwards=True), backward_layer=lstm(16, go_backwards=True)),
     "go_backwards=False"),
    (bi(lstm(16, go_backwards=True)), "both would run backwards"),
    (bi(lstm(16, return_sequences=True), backward_layer=lstm(16, go_backwards=True)),
     "return_sequences"),
    (bi({"type": "Dense", "units": 16}), "recurrent layer"),
    (bi(lstm(16), merge_mode="max"), "merge_mode"),
    (bi(lstm(16), merge_mode="Concat"), "merge_mode"),
    ({"type": "Bidirectional"}, "layer"),
    ({"type": "Bidirectional", "layer": "LSTM"}, "must be a layer"),
])
def test_bidirectional_rejects(layer, words):
    assert words in rejected([10, 8], layer)


def test_bidirectional_on_rank_2_is_the_wrappers_error():
    with pytest.raises(LayerError) as info:
        model([8], bi(lstm(16)))
    assert info.value.layer == "bidirectional" and "rank 3" in info.value.message


def test_trainable_false_on_the_wrapped_layer_freezes_both_directions():
    result = one([10, 8], bi(lstm(16, trainable=False)))
    assert (result.trainable, result.non_trainable) == (0, 3200)


def test_trainable_false_on_the_wrapper_does_not_freeze_it():
    # Keras creates the forward and backward layers after applying trainable=False to the
    # wrapper: the model still trains them, and its summary counts them as trainable.
    summary = model([10, 8], bi(lstm(16), trainable=False))
    assert (summary.trainable_params, summary.non_trainable_params) == (3200, 0)
    assert "does not freeze" in summary.layers[0].derivation("params")[-1].note


# -- TimeDistributed ----------------------------------------------------------------------

def td(layer: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"type": "TimeDistributed", "layer": layer, **kw}


@pytest.mark.parametrize(("input_shape", "inner", "output", "params"), [
    ([10, 8], {"type": "Dense", "units": 4}, (None, 10, 4), 36),
    ([10, 6, 8], {"type": "Dense", "units": 4}, (None, 10, 6, 4), 36),
    ([None, 8], {"type": "Dense", "units": 4}, (None, None, 4), 36),
    ([5, 32, 32, 3], {"type": "Conv2D", "filters": 16, "kernel_size": 3},
     (None, 5, 30, 30, 16), 448),
    ([5, 15, 15, 16], {"type": "Flatten"}, (None, 5, 3600), 0),
    ([4, 10, 8], lstm(16), (None, 4, 16), 1600),
    ([10, 8], {"type": "Dropout", "rate": 0.5}, (None, 10, 8), 0),
])
def test_time_distributed(input_shape, inner, output, params):
    result = one(input_shape, td(inner))
    assert (result.output_shape, result.params) == (output, params)


def test_time_distributed_shares_its_weights_across_steps():
    result = one([20, 32], td({"type": "Dense", "units": 1000}))
    assert result.params == 33000
    assert "not multiplied by T" in result.derivation("params")[-1].note
    assert result.axes["length"] == 1 and result.axes["depth"] == 2
    assert result.derivation("length")[0].value == 20


def test_time_distributed_batch_norm_keeps_its_non_trainable_statistics():
    result = one([10, 8], td({"type": "BatchNormalization"}))
    assert (result.trainable, result.non_trainable) == (16, 16)


def test_time_distributed_naming():
    summary = model([10, 8], td({"type": "Dense", "units": 4}), {"type": "Dense", "units": 2})
    assert [layer.name for layer in summary.layers] == ["time_distributed", "dense_1"]


@pytest.mark.parametrize(("input_shape", "inner", "words"), [
    ([8], {"type": "Dense", "units": 4}, "rank 3 or more"),
    ([32, 32, 3], {"type": "Conv2D", "filters": 16, "kernel_size": 3}, "without the time axis"),
    ([4, 10, 8], lstm(16, return_state=True), "one output"),
])
def test_time_distributed_rejects(input_shape, inner, words):
    assert words in rejected(input_shape, td(inner))


# -- LayerNormalization -------------------------------------------------------------------

@pytest.mark.parametrize(("input_shape", "layer", "params"), [
    ([10, 8], {}, 16),
    ([32], {}, 64),
    ([14, 14, 8], {}, 16),
    ([16, 16, 8], {"axis": [1, 2, 3]}, 2 * 16 * 16 * 8),
    ([4, 6, 8], {"axis": [-1, -2]}, 2 * 6 * 8),
    ([10, 8], {"axis": -2}, 20),
    ([10, 8], {"center": False, "scale": False}, 0),
    ([10, 8], {"scale": False}, 8),
    ([10, 8], {"rms_scaling": True}, 8),  # deprecated: gamma only
])
def test_layer_normalization(input_shape, layer, params):
    result = one(input_shape, {"type": "LayerNormalization", **layer})
    assert result.output_shape == (None, *input_shape)
    assert (result.trainable, result.non_trainable) == (params, 0)


def test_layer_normalization_steps_say_nothing_else_is_stored():
    steps = one([10, 8], {"type": "LayerNormalization"}).derivation("params")
    assert [s.key for s in steps] == ["gamma", "beta", "params"]
    assert "unlike BatchNormalization" in steps[-1].note


@pytest.mark.parametrize(("input_shape", "axis", "words"), [
    ([10, 8], 3, "out of range"),
    ([10, 8], 0, "batch axis"),
    ([None, 8], 1, "known sizes"),
    ([10, 8], "last", "integer"),
])
def test_layer_normalization_rejects(input_shape, axis, words):
    assert words in rejected(input_shape, {"type": "LayerNormalization", "axis": axis})


# -- whole models and slips ---------------------------------------------------------------

def test_imdb_bidirectional_model_with_unknown_length():
    summary = model([None], {"type": "Embedding", "input_dim": 20000, "output_dim": 128},
                    bi(lstm(64, return_sequences=True)), bi(lstm(64)),
                    {"type": "Dense", "units": 1, "activation": "sigmoid"})
    assert [layer.output_shape for layer in summary.layers] == [
        (None, None, 128), (None, None, 128), (None, 128), (None, 1)]
    assert summary.total_params == 2560000 + 98816 + 98816 + 129


@pytest.mark.parametrize(("layer", "slip", "params"), [
    (lstm(32), Slip.NO_RECURRENT_WEIGHTS, 4 * (64 * 32 + 32)),
    (lstm(32), Slip.NO_GATES, 64 * 32 + 32 * 32 + 32),
    (lstm(32), Slip.LENGTH_AS_FEATURES, 4 * (100 * 32 + 32 * 32 + 32)),
    (lstm(32), Slip.NO_BIAS, 4 * (64 * 32 + 32 * 32)),
    (lstm(32), Slip.GRU_ONE_BIAS, 12416),  # no second bias to forget
    ({"type": "GRU", "units": 32}, Slip.GRU_ONE_BIAS, 3 * (64 * 32 + 32 * 32 + 32)),
    (bi(lstm(32)), Slip.ONE_DIRECTION, 12416),
    ({"type": "Embedding", "input_dim": 5000, "output_dim": 64},
     Slip.LENGTH_AS_FEATURES, 100 * 64),
])
def test_slips(layer, slip, params):
    shape = [100] if layer["type"] == "Embedding" else [100, 64]
    assert one(shape, layer, slips={slip}).params == params


# -- no crash, whatever the arguments -----------------------------------------------------

SEQUENCE_LAYERS = ["Embedding", "SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D",
                   "Bidirectional", "TimeDistributed", "LayerNormalization", "Dense", "Flatten",
                   "Conv1D", "GlobalMaxPooling1D", "RepeatVector"]
SEQ_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 12), st.floats(-1, 2, allow_nan=False),
    st.sampled_from(["concat", "sum", "ave", "mul", "max", "same", "valid", "auto", "x"]),
    st.lists(st.one_of(st.none(), st.integers(-3, 4)), max_size=3),
)
SEQ_ARGS = st.sampled_from([
    "units", "return_sequences", "return_state", "use_bias", "reset_after", "go_backwards",
    "stateful", "unroll", "input_dim", "output_dim", "mask_zero", "input_length", "merge_mode",
    "axis", "center", "scale", "rms_scaling", "filters", "kernel_size", "padding", "strides",
    "n", "trainable", "use_cudnn",
])


def layer_strategy(depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    args = st.dictionaries(SEQ_ARGS, SEQ_VALUES, max_size=4)
    if depth < 1:  # a wrapper's layer, sometimes a wrapper itself
        args = st.builds(lambda a, inner, back: {**a, "layer": inner, **back}, args,
                         layer_strategy(depth + 1),
                         st.one_of(st.just({}), layer_strategy(depth + 1).map(
                             lambda b: {"backward_layer": b})))
    return st.builds(lambda kind, a: {"type": kind, **a}, st.sampled_from(SEQUENCE_LAYERS),
                     args)


def dims(shape: Any) -> list[Any]:
    if shape and isinstance(shape[0], tuple):
        return [d for part in shape for d in part]
    return list(shape)


@settings(max_examples=300, deadline=None)
@given(shape=st.lists(st.one_of(st.none(), st.integers(1, 12)), min_size=1, max_size=4),
       layers=st.lists(layer_strategy(), min_size=1, max_size=3))
def test_any_sequence_model_gives_a_result_or_a_tutor_error(shape, layers):
    try:
        summary = model(shape, *layers)
    except TutorError:
        return
    for layer in summary.layers:
        assert layer.trainable >= 0 and layer.non_trainable >= 0
        assert all(d is None or d >= 0 for d in dims(layer.output_shape))
    assert summary.total_params == summary.trainable_params + summary.non_trainable_params
