"""The sequence-layer mistakes of the catalogue: each wrong answer a learner gives for an LSTM,
a GRU, a Bidirectional layer or an Embedding is named, and points at its derivation step."""

from __future__ import annotations

from typing import Any

import pytest

from tutor.calc import summarize
from tutor.calc.quantities import quantity
from tutor.checking import CATALOGUE, Asked, check_answer
from tutor.checking.mistakes import candidates
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec


def model(shape: list[int | None], *layers: dict[str, Any]) -> ModelSpec:
    return spec_from_mapping({"input_shape": shape, "layers": list(layers)})


# LSTM(32) on 100 steps of 64 features: 4 × (64 × 32 + 32 × 32 + 32) = 12416
LSTM = model([100, 64], {"type": "LSTM", "units": 32})
LSTM_SEQ = model([100, 64], {"type": "LSTM", "units": 32, "return_sequences": True})
# GRU(16) on 10 steps of 8 features, reset_after=True: 3 × (8 × 16 + 16 × 16 + 2 × 16) = 1248
GRU = model([10, 8], {"type": "GRU", "units": 16})
GRU_BEFORE = model([10, 8], {"type": "GRU", "units": 16, "reset_after": False})
# Bidirectional(LSTM(16)) on (10, 8): 2 × 4 × (8 × 16 + 16 × 16 + 16) = 3200, width 32
BI = model([10, 8], {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 16}})
BI_SEQ = model([10, 8], {"type": "Bidirectional",
                         "layer": {"type": "GRU", "units": 16, "return_sequences": True}})
# Embedding(10000, 8) on sequences of 100 ids: 10000 × 8 = 80000
EMBED = model([100], {"type": "Embedding", "input_dim": 10000, "output_dim": 8})
SIMPLE = model([20, 4], {"type": "SimpleRNN", "units": 8})
CONV_LSTM = model([5, 16, 16, 3], {"type": "ConvLSTM2D", "filters": 8, "kernel_size": 3})


@pytest.mark.parametrize(("spec", "asked", "answer", "mistake", "step"), [
    # forgot the recurrent weights: 4 × (64 × 32 + 32)
    (LSTM, "params", "8320", "forgot-recurrent-weights", "recurrent_weights"),
    (GRU, "params", "480", "forgot-recurrent-weights", "recurrent_weights"),
    (SIMPLE, "params", "40", "forgot-recurrent-weights", "recurrent_weights"),
    (CONV_LSTM, "params", "896", "forgot-recurrent-weights", "recurrent_weights"),
    # forgot the gates: one gate's weights
    (LSTM, "params", "3104", "forgot-gates", "params"),
    (LSTM, "params", "64*32 + 32*32 + 32", "forgot-gates", "params"),
    (GRU, "params", "416", "forgot-gates", "params"),
    (BI, "params", "800", "forgot-gates", "direction"),
    # the GRU's second bias (reset_after=True)
    (GRU, "params", "1200", "gru-one-bias", "bias"),
    (GRU, "params", "3*(8*16 + 16*16 + 16)", "gru-one-bias", "bias"),
    # Bidirectional: one direction only
    (BI, "params", "1600", "forgot-bidirectional", "params"),
    (BI, "output_shape", "(None, 16)", "forgot-bidirectional", "depth"),
    (BI_SEQ, "output_shape", "(None, 10, 16)", "forgot-bidirectional", "depth"),
    # the sequence length where the feature size belongs
    (LSTM, "params", "17024", "length-as-features", "input_weights"),
    (GRU, "params", "1344", "length-as-features", "input_weights"),
    (EMBED, "params", "800", "length-as-features", "params"),
    # return_sequences: the shape with and without the time axis
    (LSTM_SEQ, "output_shape", "(None, 32)", "return-sequences", "length"),
    (LSTM_SEQ, "output_shape", "32", "return-sequences", "length"),
    (LSTM, "output_shape", "(None, 100, 32)", "return-sequences", "return_sequences"),
    (LSTM, "output_shape", "100 x 32", "return-sequences", "return_sequences"),
    (BI_SEQ, "output_shape", "(None, 32)", "return-sequences", "length"),
    (BI, "output_shape", "(None, 10, 32)", "return-sequences", "return_sequences"),
    # mistakes from before still apply to recurrent layers
    (LSTM, "params", "12288", "forgot-bias", "bias"),
])
def test_each_sequence_mistake_is_diagnosed(spec, asked, answer, mistake, step) -> None:
    verdict = check_answer(answer, Asked(spec, asked))
    assert verdict.verdict == "incorrect"
    assert verdict.mistake is not None and verdict.mistake.mistakes[0].id == mistake
    assert verdict.step_key == step
    seen = verdict.mistake.seen(verdict.expected.layer, asked)
    assert verdict.mistake.mistakes[0].sentence(seen) in verdict.feedback


@pytest.mark.parametrize(("spec", "asked", "answer"), [
    (LSTM, "params", "12416"), (LSTM, "params", "4 * (64*32 + 32*32 + 32)"),
    (GRU, "params", "1248"), (GRU_BEFORE, "params", "1200"), (BI, "params", "3200"),
    (BI, "output_shape", "(None, 32)"), (LSTM_SEQ, "output_shape", "(None, 100, 32)"),
    (EMBED, "params", "10000 * 8"), (EMBED, "output_shape", "(None, 100, 8)"),
])
def test_right_answers_are_right(spec, asked, answer) -> None:
    assert check_answer(answer, Asked(spec, asked)).correct


@pytest.mark.parametrize(("spec", "answer"), [
    (GRU_BEFORE, "1152"),  # reset_after=False has one bias per gate: no second one to forget
    (SIMPLE, "104"),  # × 1: a SimpleRNN has no gates to forget
])
def test_a_mistake_that_cannot_happen_is_not_named(spec, answer) -> None:
    verdict = check_answer(answer, Asked(spec, "params"))
    ids = verdict.mistake_id or ""
    assert "gru-one-bias" not in ids and "forgot-gates" not in ids


def test_gates_sentence_names_the_wrapped_layer() -> None:
    verdict = check_answer("416", Asked(
        model([10, 8], {"type": "Bidirectional", "layer": {"type": "GRU", "units": 16}}),
        "params"))
    assert set((verdict.mistake_id or "").split("+")) == {"forgot-bidirectional",
                                                          "forgot-gates"}
    assert "× 3: a GRU" in verdict.feedback


def test_forgetting_two_things_at_once_is_named_as_a_pair() -> None:
    # neither the recurrent weights nor the gates: 64 × 32 + 32
    verdict = check_answer("2080", Asked(LSTM, "params"))
    assert verdict.mistake_id == "forgot-recurrent-weights+forgot-gates"


@pytest.mark.parametrize("spec", [LSTM, LSTM_SEQ, GRU, GRU_BEFORE, BI, BI_SEQ, EMBED, SIMPLE,
                                  CONV_LSTM])
@pytest.mark.parametrize("asked", ["params", "output_shape"])
def test_no_mistake_gives_the_right_answer(spec, asked) -> None:
    summary = summarize(spec)
    right = quantity(summary, asked)
    for found in candidates(Asked(spec, asked), right, summary):
        assert found.value != right.value


def test_new_mistakes_are_in_the_catalogue_once() -> None:
    ids = [m.id for m in CATALOGUE]
    for new in ("forgot-recurrent-weights", "forgot-gates", "gru-one-bias",
                "forgot-bidirectional", "length-as-features", "return-sequences"):
        assert ids.count(new) == 1
