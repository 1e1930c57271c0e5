"""The PyTorch mistakes of the catalogue: each wrong answer a learner gives for a PyTorch layer
is named and points at its derivation step; the general slips (bias, stride, groups, ...) work
on PyTorch layers too, and Keras-only explanations are not offered for them."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.checking import CATALOGUE, Asked, check_answer
from tutor.checking.mistakes import candidates
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec


def model(shape: list[int], *layers: dict[str, Any], batch: int = 1) -> ModelSpec:
    """A PyTorch stack on an input of `shape` (without the batch axis)."""
    return spec_from_mapping({"framework": "pytorch", "input_shape": shape,
                              "batch_size": batch, "layers": list(layers)})


# the lesson's layer: nn.Conv2d(3, 32, 3, stride=2, padding=1) on 128 × 128, 896 params, width 64
LESSON = model([3, 128, 128], {"type": "Conv2d", "args": [3, 32, 3], "stride": 2, "padding": 1})
# positional stride and padding: the sentence still knows them
POSITIONAL = model([3, 128, 128], {"type": "Conv2d", "args": [3, 32, 3, 2, 1]})
GROUPS = model([8, 16, 16], {"type": "Conv2d", "args": [8, 16, 3], "groups": 4})
CONV1 = model([1, 32, 32], {"type": "Conv2d", "args": [1, 6, 5]})  # LeNet's first layer
POOL = model([8, 56, 56], {"type": "MaxPool2d", "args": [3, 2]})
POOL_CEIL = model([8, 27, 27], {"type": "MaxPool2d", "args": [2, 2], "ceil_mode": True})
LINEAR = model([784], {"type": "Linear", "args": [784, 10]})
# nn.LSTM(128, 256, batch_first=True): 4 × (256 × (128 + 256) + 2 × 256) = 395264
LSTM = model([50, 128], {"type": "LSTM", "args": [128, 256], "batch_first": True})
# bidirectional: 2 × 4 × (32 × (16 + 32) + 2 × 32) = 12800, 64 features out
BI = model([10, 16], {"type": "LSTM", "args": [16, 32], "batch_first": True,
                      "bidirectional": True})
BN = model([32, 8, 8], {"type": "BatchNorm2d", "args": [32]}, batch=4)
TRANSPOSE = model([64, 8, 8], {"type": "ConvTranspose2d", "args": [64, 32, 4, 2, 1]})


@pytest.mark.parametrize(("spec", "asked", "layer", "answer", "mistake", "step"), [
    # forgot the padding: floor((128 − 2 − 1) / 2) + 1 = 63
    (LESSON, "width", None, "63", "forgot-padding", "width"),
    (POSITIONAL, "height", None, "63", "forgot-padding", "height"),
    # rounded up: ceil((128 + 2 − 2 − 1) / 2) + 1 = 65
    (LESSON, "width", None, "65", "ceil-not-floor", "width"),
    (POOL, "width", None, "28", "ceil-not-floor", "width"),
    # ceil_mode=True rounds up; rounding down is the slip: floor((27 − 2) / 2) + 1 = 13
    (POOL_CEIL, "width", None, "13", "ceil-not-floor", "width"),
    # in and out channels swapped: 3 × 32 × 3 × 3 + 3 = 867 (one bias per *output*)
    (LESSON, "params", None, "867", "channels-swapped", "bias"),
    # out_channels typed as in_channels: the input's channels, whichever way it came
    (CONV1, "depth", None, "1", "previous-layer", "depth"),
    (LINEAR, "params", None, "7850", None, None),  # right: nothing to diagnose
    (LINEAR, "params", None, "8624", "channels-swapped", "bias"),
    # one bias vector instead of two: 4 × (256 × 384 + 256) = 394240
    (LSTM, "params", None, "394240", "forgot-second-bias", "bias"),
    # bidirectional counted once: 4 × (32 × 48 + 64) = 6400; 32 features instead of 64
    (BI, "params", None, "6400", "forgot-bidirectional-double", "directions"),
    (BI, "depth", None, "32", "forgot-bidirectional-double", "depth"),
    # running statistics counted as parameters: 2 × 32 + 2 × 32 = 128
    (BN, "params", None, "128", "buffers-as-params", "buffers"),
    # the general slips on PyTorch layers
    (LESSON, "params", None, "864", "forgot-bias", "bias"),
    (LESSON, "params", None, "320", "forgot-input-depth", "weights_per_filter"),
    (LESSON, "width", None, "128", "ignored-stride", "width"),
    (GROUPS, "params", None, "1168", "ignored-groups", "groups"),
    (TRANSPOSE, "width", None, "18", "forgot-padding", "width"),
])
def test_each_mistake_is_named(spec: ModelSpec, asked: str, layer: Any, answer: str,
                               mistake: str | None, step: str | None) -> None:
    verdict = check_answer(answer, Asked(spec, asked, layer))
    if mistake is None:
        assert verdict.correct
        return
    assert not verdict.correct
    assert verdict.mistake_id == mistake, verdict.feedback
    assert verdict.step_key == step


def test_sentences_use_pytorch_names() -> None:
    verdict = check_answer("128", Asked(POSITIONAL, "width"))
    assert "with stride=2" in verdict.feedback
    verdict = check_answer("63", Asked(POSITIONAL, "width"))
    assert "padding=1" in verdict.feedback


@pytest.mark.parametrize(("answer", "mistake"), [
    ("(1, 64, 64, 32)", "other-layout"),  # channels last, as Keras writes it
    ("(None, 64, 64, 32)", "other-layout"),  # and with Keras's batch axis
    ("(32, 64, 64)", None),  # the batch left out: right
    ("(1, 32, 64, 64)", None),
])
def test_shapes_are_read_channels_first(answer: str, mistake: str | None) -> None:
    verdict = check_answer(answer, Asked(LESSON, "output_shape"))
    if mistake is None:
        assert verdict.correct, verdict.feedback
    else:
        assert verdict.mistake_id == mistake
        assert "channels first" in verdict.feedback


def test_wrong_axis_names_pytorch_layout() -> None:
    verdict = check_answer("32", Asked(LESSON, "width"))
    assert verdict.mistake_id == "wrong-axis"
    assert "PyTorch lists batch, channels, then height and width" in verdict.feedback
    assert verdict.feedback.startswith("32 is the depth")


def test_the_real_batch_is_not_called_a_mistake() -> None:
    """Keras's batch is None, so writing 1 there is a slip; PyTorch's batch is real."""
    right = quantity(summarize(LESSON), "output_shape")
    found = candidates(Asked(LESSON, "output_shape"), right, summarize(LESSON))
    assert all(c.mistakes[0].id != "counted-batch-axis" for c in found)


def test_keras_explanations_stay_with_keras_layers() -> None:
    """return_sequences and Keras's BatchNormalization statistics do not explain PyTorch."""
    for spec, asked in ((LSTM, "output_shape"), (BN, "params"), (LSTM, "params")):
        summary = summarize(spec)
        right = quantity(summary, asked)
        ids = {m.id for c in candidates(Asked(spec, asked), right, summary)
               for m in c.mistakes}
        assert not ids & {"return-sequences", "batchnorm-stats-left-out", "gru-one-bias",
                          "forgot-bidirectional"}


def test_every_torch_slip_is_in_the_catalogue_once() -> None:
    ids = [m.id for m in CATALOGUE]
    assert len(ids) == len(set(ids))
    for mistake in ("forgot-padding", "ceil-not-floor", "channels-swapped",
                    "forgot-second-bias", "forgot-bidirectional-double", "buffers-as-params"):
        assert mistake in ids


def test_distractors_for_a_pytorch_question_are_real_mistakes() -> None:
    from tutor.checking.mistakes import distractors

    summary = summarize(LESSON)
    right = quantity(summary, "width")
    values = [c.value for c in distractors(Asked(LESSON, "width"), right, summary)]
    assert values and 64 not in values and all(isinstance(v, int) and v > 0 for v in values)
