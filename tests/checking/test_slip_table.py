"""The generic slips, table by table, in Keras and in PyTorch: each wrong number a learner gives
is named as the slip that makes it, with a sentence true to the layer, and never the answer.

Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tutor.calc.derivation import fmt
from tutor.checking import Asked, check_answer
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec


def keras(shape: list[int | None], *layers: dict[str, Any]) -> ModelSpec:
    return spec_from_mapping({"input_shape": shape, "layers": list(layers)})


def torch(shape: list[int], *layers: dict[str, Any], batch: int = 1) -> ModelSpec:
    return spec_from_mapping({"framework": "pytorch", "input_shape": shape,
                              "batch_size": batch, "layers": list(layers)})


# -- Keras models ------------------------------------------------------------------------------
# Conv2D(8, 3, use_bias=False) on 10 × 10 × 2: 8 × 3 × 3 × 2 = 144 (with biases 152)
K_NO_BIAS = keras([10, 10, 2], {"type": "Conv2D", "filters": 8, "kernel_size": 3,
                                "use_bias": False})
K_DENSE_NO_BIAS = keras([10], {"type": "Dense", "units": 4, "use_bias": False})  # 40, not 44
# SeparableConv2D(16, 3) on 32 × 32 × 8: 3 × 3 × 8 + 8 × 16 + 16 = 216; as Conv2D 1168
K_SEPARABLE = keras([32, 32, 8], {"type": "SeparableConv2D", "filters": 16, "kernel_size": 3})
# DepthwiseConv2D(3) on 8 × 8 × 4: 3 × 3 × 4 + 4 = 40; as a plain 4 → 4 conv 3·3·4·4 + 4 = 148
K_DEPTHWISE = keras([8, 8, 4], {"type": "DepthwiseConv2D", "kernel_size": 3})
# depth_multiplier=2: 3 × 3 × 4 × 2 + 8 = 80, depth 8; forgotten: 40 and depth 4
K_MULTIPLIER = keras([8, 8, 4], {"type": "DepthwiseConv2D", "kernel_size": 3,
                                 "depth_multiplier": 2})
# SeparableConv2D(16, 3, depth_multiplier=2) on 8 × 8 × 4: 3·3·4·2 + 4·2·16 + 16 = 216;
# forgotten: 3·3·4 + 4·16 + 16 = 116
K_SEP_MULTIPLIER = keras([8, 8, 4], {"type": "SeparableConv2D", "filters": 16,
                                     "kernel_size": 3, "depth_multiplier": 2})
# MaxPooling2D() on 7 × 7 × 3: the default 'valid', ceil((7 − 2 + 1) / 2) = 3; 'same' gives 4
K_POOL = keras([7, 7, 3], {"type": "MaxPooling2D"})
# Conv2D(4, (1, 5)) on 20 × 30 × 1: height 20, width 26; F_h, F_w swapped: height 16, width 30
K_RECT = keras([20, 30, 1], {"type": "Conv2D", "filters": 4, "kernel_size": [1, 5]})
# Conv2D(4, (3, 5)) on 20 × 30 × 2: 4 × 3 × 5 × 2 + 4 = 124; without D_in 4 × 15 + 4 = 64
K_RECT_PARAMS = keras([20, 30, 2], {"type": "Conv2D", "filters": 4, "kernel_size": [3, 5]})
# Conv1D(8, 5) on 100 steps of 16: 8 × 5 × 16 + 8 = 648; without D_in 8 × 5 + 8 = 48
K_CONV1D = keras([100, 16], {"type": "Conv1D", "filters": 8, "kernel_size": 5})
# BatchNormalization on (10, 8): 16 trainable, 16 non-trainable, 32 in all
K_BN = keras([10, 8], {"type": "BatchNormalization"})
# Conv2DTranspose(8, 3, strides=2, 'same') on 16 × 16 × 4: 16 × 2 = 32; shrinking: 16 / 2 = 8
K_TRANSPOSE = keras([16, 16, 4], {"type": "Conv2DTranspose", "filters": 8, "kernel_size": 3,
                                  "strides": 2, "padding": "same"})
# 'valid': (16 − 1) × 2 + max(3, 2) = 33; shrinking: ceil((16 − 3 + 1) / 2) = 7
K_TRANSPOSE_VALID = keras([16, 16, 4], {"type": "Conv2DTranspose", "filters": 8,
                                        "kernel_size": 3, "strides": 2})
# Conv2D(8, 3) then Conv2D(16, 3, strides=2, 'same') on 32 × 32 × 3: widths 30, then 15;
# the second from the model's input: ceil(32 / 2) = 16; its D_in from the input: 16·9·3 + 16
K_STACK = keras([32, 32, 3], {"type": "Conv2D", "filters": 8, "kernel_size": 3},
                {"type": "Conv2D", "filters": 16, "kernel_size": 3, "strides": 2,
                 "padding": "same"})
# Conv2D(8, 3) → MaxPooling2D → Flatten on 32 × 32 × 3: 30 → 15, 15 × 15 × 8 = 1800;
# the pooling skipped: 30 × 30 × 8 = 7200
K_CHAIN = keras([32, 32, 3], {"type": "Conv2D", "filters": 8, "kernel_size": 3},
                {"type": "MaxPooling2D"}, {"type": "Flatten"})
# Bidirectional(LSTM(8), merge_mode='ave') on (10, 4): 2 × 4 × (4·8 + 8·8 + 8) = 832, width 8
K_BI_AVE = keras([10, 4], {"type": "Bidirectional", "merge_mode": "ave",
                           "layer": {"type": "LSTM", "units": 8}})
# Dense(4, trainable=False) then Dense(2) on (10,): 44 frozen, 10 trainable; frozen ignored: 54
K_FROZEN = keras([10], {"type": "Dense", "units": 4, "trainable": False},
                 {"type": "Dense", "units": 2})
# Embedding(1000, 8) on 20 ids: 1000 × 8 = 8000; one row per position: 20 × 8 = 160
K_EMBED = keras([20], {"type": "Embedding", "input_dim": 1000, "output_dim": 8})

# -- PyTorch models ----------------------------------------------------------------------------
T_NO_BIAS = torch([2, 10, 10], {"type": "Conv2d", "args": [2, 8, 3], "bias": False})  # 144
T_LINEAR_NO_BIAS = torch([10], {"type": "Linear", "args": [10, 4], "bias": False})  # 40
# depthwise: Conv2d(4, 4, 3, groups=4) on 8 × 8: 4 × 1 × 9 + 4 = 40; as plain 4 · 4 · 9 + 4 = 148
T_DEPTHWISE = torch([4, 8, 8], {"type": "Conv2d", "args": [4, 4, 3], "groups": 4})
# Conv2d(3, 8, 3, stride=2) on 33 × 33: floor((33 − 3) / 2) + 1 = 16; with a 'same'-like
# padding of 1: floor((33 + 2 − 3) / 2) + 1 = 17
T_CONV = torch([3, 33, 33], {"type": "Conv2d", "args": [3, 8, 3], "stride": 2})
# Conv2d(1, 4, (1, 5)) on 20 × 30: height 20, width 26; swapped: height 16, width 30
T_RECT = torch([1, 20, 30], {"type": "Conv2d", "args": [1, 4, [1, 5]]})
# Conv2d(2, 4, (3, 5)): 4 × 2 × 15 + 4 = 124; without C_in: 4 × 15 + 4 = 64
T_RECT_PARAMS = torch([2, 20, 30], {"type": "Conv2d", "args": [2, 4, [3, 5]]})
# Conv1d(16, 8, 5): 8 × 16 × 5 + 8 = 648; without C_in: 48
T_CONV1D = torch([16, 100], {"type": "Conv1d", "args": [16, 8, 5]})
# BatchNorm2d(8): weight and bias 16; with the running statistics 32
T_BN = torch([8, 4, 4], {"type": "BatchNorm2d", "args": [8]}, batch=2)
# ConvTranspose2d(16, 8, 4, 2, 1) on 8 × 8: (8 − 1) × 2 − 2 + 3 + 1 = 16;
# shrinking: floor((8 + 2 − 3 − 1) / 2) + 1 = 4
T_TRANSPOSE = torch([16, 8, 8], {"type": "ConvTranspose2d", "args": [16, 8, 4, 2, 1]})
# Conv2d(3, 8, 5) then Conv2d(8, 16, 3, stride=2) on 32: 28, then floor(25 / 2) + 1 = 13;
# from the model's input: floor(29 / 2) + 1 = 15
T_STACK = torch([3, 32, 32], {"type": "Conv2d", "args": [3, 8, 5]},
                {"type": "Conv2d", "args": [8, 16, 3], "stride": 2})
# Conv2d(3, 8, 3) → MaxPool2d(2) → Flatten on 32: 30 → 15, 8 × 15 × 15 = 1800; skipped 7200
T_CHAIN = torch([3, 32, 32], {"type": "Conv2d", "args": [3, 8, 3]},
                {"type": "MaxPool2d", "args": [2]}, {"type": "Flatten"})
# Conv2d(3, 16, 3) on 10 × 10, batch 4: (4, 16, 8, 8)
T_SHAPE = torch([3, 10, 10], {"type": "Conv2d", "args": [3, 16, 3]}, batch=4)

T_EMBED = torch([20], {"type": "Embedding", "args": [1000, 8]})
# output_padding=1 after a stride-2 transposed convolution on 7: 14; left out: 13
K_OUT_PAD = keras([7, 7, 64], {"type": "Conv2DTranspose", "filters": 32, "kernel_size": 3,
                               "strides": 2, "padding": "same", "output_padding": 1})
T_OUT_PAD = torch([64, 7, 7], {"type": "ConvTranspose2d", "args": [64, 32, 3],
                               "stride": 2, "padding": 1, "output_padding": 1})
# dilation 4 on a 3 × 3 kernel spans 9 × 9: 16 × 9 × 9 × 8 + 16 = 10384 (right: 1168)
K_DILATED = keras([64, 64, 8], {"type": "Conv2D", "filters": 16, "kernel_size": 3,
                                "dilation_rate": 4})
T_DILATED = torch([8, 64, 64], {"type": "Conv2d", "args": [8, 16, 3], "dilation": 4})
# TimeDistributed(Dense(1)) on 30 steps of 64: 65, not 30 × 65 = 1950
K_TIME = keras([30, 64], {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 1}})
# Conv1D(16, 3, padding='causal') on 64 steps keeps 64; the 'valid' formula gives 62
K_CAUSAL = keras([64, 16], {"type": "Conv1D", "filters": 16, "kernel_size": 3,
                            "padding": "causal"})

CASES = [
    # (spec, quantity, layer, typed, mistake, words the feedback must hold)
    # a bias counted where the layer has none
    (K_NO_BIAS, "params", None, "152", "extra-bias", "use_bias=False"),
    (K_DENSE_NO_BIAS, "params", None, "44", "extra-bias", "use_bias=False"),
    (T_NO_BIAS, "params", None, "152", "extra-bias", "bias=False"),
    (T_LINEAR_NO_BIAS, "params", None, "44", "extra-bias", "bias=False"),
    # separable or depthwise counted as a plain convolution (PyTorch: groups ignored)
    (K_SEPARABLE, "params", None, "1168", "as-plain-conv", "pointwise"),
    (K_DEPTHWISE, "params", None, "148", "as-plain-conv", "its own kernels"),
    (T_DEPTHWISE, "params", None, "148", "ignored-groups", "depthwise"),
    # depth_multiplier forgotten
    (K_MULTIPLIER, "params", None, "40", "forgot-depth-multiplier", "depth_multiplier=2"),
    (K_MULTIPLIER, "depth", None, "4", "forgot-depth-multiplier", "depth_multiplier=2"),
    (K_SEP_MULTIPLIER, "params", None, "116", "forgot-depth-multiplier", "M = 2"),
    # padding: the other formula (a pooling's default said as such), PyTorch's padding added
    (K_POOL, "height", None, "4", "padding-swapped", "the default, 'valid'"),
    (T_CONV, "width", None, "17", "padding-added", "padding=0 (the default)"),
    # F_h and F_w swapped
    (K_RECT, "height", None, "16", "kernel-axes-swapped", "F_h and F_w"),
    (T_RECT, "height", None, "16", "kernel-axes-swapped", "F_h and F_w"),
    # the layer's own formula for D_in: rectangular kernels, Conv1D
    (K_RECT_PARAMS, "params", None, "64", "forgot-input-depth", "F_h × F_w × D_in"),
    (K_CONV1D, "params", None, "48", "forgot-input-depth", "weights are F × D_in."),
    (T_RECT_PARAMS, "params", None, "64", "forgot-input-depth", "C_in × F_h × F_w"),
    (T_CONV1D, "params", None, "48", "forgot-input-depth", "weights are C_in × F."),
    # BatchNorm: four vectors against two trainable; PyTorch's buffers
    (K_BN, "trainable_params", None, "32", "stats-as-trainable", "only gamma and beta"),
    (K_BN, "params", None, "16", "batchnorm-stats-left-out", "moving mean"),
    (T_BN, "params", None, "32", "buffers-as-params", "buffers"),
    # a transposed convolution computed with the shrinking formula
    (K_TRANSPOSE, "width", None, "8", "shrinking-formula", "grows it"),
    (K_TRANSPOSE_VALID, "height", None, "7", "shrinking-formula", "grows it"),
    (T_TRANSPOSE, "width", None, "4", "shrinking-formula", "grows it"),
    # working from the wrong layer
    (K_STACK, "width", 1, "16", "from-model-input", "conv2d (Conv2D)"),
    (K_STACK, "params", 1, str(16 * 9 * 3 + 16), "from-model-input", "model's input"),
    # Conv2D(8, 3) on 3 channels: 8 × 27 + 8 = 224 parameters
    (K_STACK, "params", 1, "224", "previous-layer", "the layer before, conv2d (Conv2D)"),
    (K_STACK, "width", 0, "15", "next-layer", "conv2d_1 (Conv2D)"),
    (K_STACK, "depth", 0, "3", "previous-layer", "model's input"),
    (K_CHAIN, "output_shape", 2, "(None, 7200)", "skipped-layer", "max_pooling2d"),
    (T_STACK, "width", 1, "15", "from-model-input", "model's input"),
    (T_STACK, "width", 1, "28", "previous-layer", "the layer before"),
    (T_STACK, "width", 0, "13", "next-layer", "the layer after"),
    (T_CHAIN, "output_shape", 2, "(1, 7200)", "skipped-layer", "skipped 1 (MaxPool2d)"),
    # the other framework's layout, and its batch axis
    (K_STACK, "output_shape", 0, "(None, 8, 30, 30)", "other-layout", "Keras puts the channels"),
    (T_SHAPE, "output_shape", None, "(4, 8, 8, 16)", "other-layout", "PyTorch puts the"),
    (T_SHAPE, "output_shape", None, "(None, 8, 8, 16)", "other-layout", "PyTorch puts the"),
    (T_SHAPE, "output_shape", None, "(None, 16, 8, 8)", "batch-as-none", "no None axis"),
    (T_SHAPE, "output_shape", None, "(1, 16, 8, 8)", "counted-batch-axis", "batch size"),
    (K_STACK, "output_shape", 0, "(1, 30, 30, 8)", "counted-batch-axis", "None"),
    # frozen layers counted as trainable
    (K_FROZEN, "trainable_params", None, "54", "frozen-as-trainable", "trainable=False"),
    (K_FROZEN, "non_trainable_params", None, "0", "frozen-as-trainable", "non-trainable"),
    # the sequence length for the vocabulary
    (K_EMBED, "params", None, "160", "length-as-features", "one row per token id"),
    (T_EMBED, "params", None, "160", "length-as-features", "one row per token id"),
    # output_padding left out; weights over a dilated span; TimeDistributed per step; causal
    (K_OUT_PAD, "height", None, "13", "forgot-output-padding", "output_padding=1"),
    (T_OUT_PAD, "height", None, "13", "forgot-output-padding", "output_padding=1"),
    (K_DILATED, "params", None, "10384", "dilated-kernel-weights", "F × F × D_in"),
    (T_DILATED, "params", None, "10384", "dilated-kernel-weights", "dilation=4"),
    (K_TIME, "params", None, "1950", "per-step-weights", "one set of weights"),
    (K_CAUSAL, "length", None, "62", "padding-swapped", "padding='causal'"),
    # Bidirectional with merge_mode='ave': no talk of concat
    (K_BI_AVE, "params", None, "416", "forgot-bidirectional", "merge_mode='ave'"),
]


@pytest.mark.parametrize(("spec", "asked", "layer", "typed", "mistake", "words"), CASES)
def test_each_slip_is_named(spec: ModelSpec, asked: str, layer: Any, typed: str,
                            mistake: str, words: str) -> None:
    verdict = check_answer(typed, Asked(spec, asked, layer))
    assert verdict.verdict == "incorrect"
    assert verdict.mistake_id == mistake, verdict.feedback
    assert words in verdict.feedback
    assert not gives_away(verdict.feedback, verdict.expected.value)


def test_merge_mode_ave_never_speaks_of_concat() -> None:
    verdict = check_answer("416", Asked(K_BI_AVE, "params"))
    assert "concat" not in verdict.feedback


def test_the_axis_a_number_is_is_named_not_the_shape() -> None:
    verdict = check_answer("8", Asked(K_STACK, "width", 0))
    assert verdict.mistake_id == "wrong-axis"
    assert verdict.feedback.startswith("8 is the depth of the output")
    assert "30" not in verdict.feedback


def numbers(text: str) -> list[str]:
    return re.findall(r"(?<![\w.])\d+(?![\w.])", text)


def gives_away(text: str, expected: object) -> bool:
    """Whether feedback states the expected value: the whole shape, or the number."""
    if isinstance(expected, tuple):
        return fmt(expected) in text or fmt(expected[1:]) in text
    return str(expected) in numbers(text)
