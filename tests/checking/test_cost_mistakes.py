"""The mistake catalogue on cost and reach questions, in both frameworks: each slip's number
is named as that slip, and no feedback shows the expected value."""

from __future__ import annotations

import pytest

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.checking.mistakes import Asked, diagnose
from tutor.models.read import read_model_text
from tutor.models.spec import LayerSpec, ModelSpec

LESSON = ModelSpec((LayerSpec("Conv2D", {"filters": 32, "kernel_size": 3, "strides": 3,
                                         "padding": "same"}),
                    LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3,
                                         "dilation_rate": 2})), (128, 128, 3))
TORCH = read_model_text("""
import torch
from torch import nn
model = nn.Sequential(nn.Conv2d(3, 8, 3, stride=3), nn.Conv2d(8, 8, 3, dilation=2))
out = model(torch.randn(4, 3, 32, 32))
""", ".py")


def named(spec: ModelSpec, asked: str, layer: int | None, value: int) -> str | None:
    summary = summarize(spec)
    right = quantity(summary, asked, layer)
    found = diagnose(Asked(spec, asked, layer), right, summary, value)
    return None if found is None else found.mistakes[0].id


@pytest.mark.parametrize("spec", [LESSON, TORCH], ids=["keras", "pytorch"])
@pytest.mark.parametrize(("asked", "layer", "slip", "expected_id"), [
    ("mult_adds", 0, lambda v, s: 2 * v, "flops-not-macs"),
    ("total_mult_adds", None, lambda v, s: 2 * v, "flops-not-macs"),
    ("mult_adds", 0, lambda v, s: s.layers[0].params, "mult-adds-no-positions"),
    ("params_bytes", 0, lambda v, s: v // 4, "numbers-not-bytes"),
    ("activation_bytes", 1, lambda v, s: v // 2, "half-precision-bytes"),
    ("params_bytes", 1, lambda v, s: v * 8, "bits-not-bytes"),
])
def test_cost_slips_are_named(spec, asked, layer, slip, expected_id) -> None:
    summary = summarize(spec)
    value = quantity(summary, asked, layer).value
    assert named(spec, asked, layer, slip(value, summary)) == expected_id


@pytest.mark.parametrize(("spec", "no_jump", "no_dilation"), [
    # 3 (stride 3), then a dilated 3-tap kernel spans 5: 3 + 4 × 3 = 15
    (LESSON, 3 + 4 * 1, 3 + 2 * 3),
    (TORCH, 3 + 4 * 1, 3 + 2 * 3),
], ids=["keras", "pytorch"])
def test_receptive_field_slips_are_named(spec, no_jump, no_dilation) -> None:
    summary = summarize(spec)
    assert quantity(summary, "receptive_field", 1).value == 15
    assert named(spec, "receptive_field", 1, no_jump) == "receptive-field-no-jump"
    assert named(spec, "receptive_field", 1, no_dilation) == "receptive-field-no-dilation"


def test_one_example_instead_of_the_batch_is_pytorch_only() -> None:
    summary = summarize(TORCH)
    value = quantity(summary, "total_mult_adds").value
    assert named(TORCH, "total_mult_adds", None, value // 4) == "mult-adds-one-example"


def test_no_cost_feedback_shows_the_expected_value() -> None:
    from tutor.checking.mistakes import candidates
    from tutor.checking.sentences import Seen  # noqa: F401  (sentences take what they see)

    for spec in (LESSON, TORCH):
        summary = summarize(spec)
        for asked, layer in (("mult_adds", 0), ("params_bytes", 1), ("receptive_field", 1),
                             ("total_mult_adds", None)):
            right = quantity(summary, asked, layer)
            for found in candidates(Asked(spec, asked, layer), right, summary):
                text = found.mistakes[0].sentence(found.seen(right.layer, asked))
                assert str(right.value) not in text
