"""A property of the whole catalogue: for random layers (Keras and PyTorch) and every slip the
calculator can make on them, the number that slip gives is diagnosed as that slip, or as an
explanation of the same number at least as likely, and the feedback never states the expected
value."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.calc import summarize
from tutor.calc.derivation import fmt
from tutor.calc.quantities import LAYER_QUANTITIES, MODEL_QUANTITIES, find_layer, quantity
from tutor.calc.result import LayerResult, ModelSummary
from tutor.checking import Asked, check_answer
from tutor.checking.mistakes import SLIP_MISTAKES, Mistake, likelihood
from tutor.errors import TutorError
from tutor.models.mapping import spec_from_mapping
from tutor.models.spec import ModelSpec

small = st.integers(1, 5)
padding = st.sampled_from(["valid", "same"])
kernel = small | st.tuples(small, small).map(list)


@st.composite
def keras_layer(draw: st.DrawFn) -> tuple[list[int], dict[str, Any]]:
    """An input shape (without the batch) and a Keras layer for it."""
    h, w, c = draw(st.integers(6, 40)), draw(st.integers(6, 40)), draw(st.integers(1, 8))
    image, sequence = [h, w, c], [draw(st.integers(4, 30)), draw(st.integers(1, 16))]
    kind = draw(st.sampled_from([
        "Conv2D", "Conv1D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D",
        "AveragePooling2D", "Conv2DTranspose", "Dense", "BatchNormalization", "LSTM", "GRU",
        "Bidirectional"]))
    common = {"kernel_size": draw(kernel), "strides": draw(small | st.just(1)),
              "padding": draw(padding)}
    if kind == "Conv2D":
        layer = {"type": kind, "filters": draw(st.integers(1, 32)), **common,
                 "use_bias": draw(st.booleans())}
        if common["strides"] == 1:
            layer["dilation_rate"] = draw(st.integers(1, 3))
        return image, layer
    if kind == "Conv1D":
        return sequence, {"type": kind, "filters": draw(st.integers(1, 32)),
                          "kernel_size": draw(small), "strides": draw(small),
                          "padding": draw(st.sampled_from(["valid", "same", "causal"]))}
    if kind in ("DepthwiseConv2D", "SeparableConv2D"):
        layer = {"type": kind, **common, "depth_multiplier": draw(st.integers(1, 3))}
        if kind == "SeparableConv2D":
            layer["filters"] = draw(st.integers(1, 32))
        return image, layer
    if kind.endswith("Pooling2D"):
        layer = {"type": kind, "pool_size": draw(kernel), "padding": draw(padding)}
        if draw(st.booleans()):
            layer["strides"] = draw(small)
        if draw(st.booleans()):
            del layer["padding"]  # the default, 'valid'
        return image, layer
    if kind == "Conv2DTranspose":
        return image, {"type": kind, "filters": draw(st.integers(1, 32)), **common}
    if kind == "Dense":
        shape = draw(st.sampled_from([[sequence[1]], sequence]))
        return shape, {"type": kind, "units": draw(st.integers(1, 64)),
                       "use_bias": draw(st.booleans())}
    if kind == "BatchNormalization":
        return image, {"type": kind}
    cell = {"type": draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"])),
            "units": draw(st.integers(1, 32)), "return_sequences": draw(st.booleans())}
    if kind == "Bidirectional":
        return sequence, {"type": kind, "layer": cell,
                          "merge_mode": draw(st.sampled_from(["concat", "sum", "ave", "mul"]))}
    return sequence, {**cell, "type": kind}


@st.composite
def torch_layer(draw: st.DrawFn) -> tuple[list[int], dict[str, Any]]:
    c, h, w = draw(st.integers(1, 8)), draw(st.integers(6, 40)), draw(st.integers(6, 40))
    kind = draw(st.sampled_from(["Conv2d", "Conv1d", "MaxPool2d", "ConvTranspose2d",
                                 "Linear", "BatchNorm2d", "LSTM"]))
    k = draw(small)
    if kind == "Conv2d":
        groups = draw(st.sampled_from([1, c]))
        out = groups * draw(st.integers(1, 8))
        return [c, h, w], {"type": kind, "args": [c, out, draw(kernel)],
                           "stride": draw(small), "padding": draw(st.integers(0, 2)),
                           "groups": groups, "bias": draw(st.booleans())}
    if kind == "Conv1d":
        return [c, h], {"type": kind, "args": [c, draw(st.integers(1, 32)), k],
                        "stride": draw(small), "padding": draw(st.integers(0, 2))}
    if kind == "MaxPool2d":
        return [c, h, w], {"type": kind, "args": [k], "stride": draw(small),
                           "padding": draw(st.integers(0, k // 2)),
                           "ceil_mode": draw(st.booleans())}
    if kind == "ConvTranspose2d":
        stride = draw(small)
        return [c, h, w], {"type": kind, "args": [c, draw(st.integers(1, 16)), k],
                           "stride": stride, "padding": draw(st.integers(0, k - 1))}
    if kind == "Linear":
        return [h], {"type": kind, "args": [h, draw(st.integers(1, 64))],
                     "bias": draw(st.booleans())}
    if kind == "BatchNorm2d":
        return [c, h, w], {"type": kind, "args": [c]}
    return [h, c], {"type": kind, "args": [c, draw(st.integers(1, 16))], "batch_first": True,
                    "bidirectional": draw(st.booleans()), "bias": draw(st.booleans())}


def keras_model(draw: st.DrawFn) -> ModelSpec:
    shape, layer = draw(keras_layer())
    layers = [layer]
    before = draw(st.sampled_from(["", "conv", "conv+pool"])) if len(shape) == 3 else ""
    if before:  # layers before: the wrong layer's output, a layer skipped
        layers[:0] = [{"type": "Conv2D", "filters": shape[2], "kernel_size": 3,
                       "strides": draw(small), "padding": "same"}]
    if before == "conv+pool":
        layers.insert(1, {"type": "MaxPooling2D", "padding": "same"})
    return spec_from_mapping({"input_shape": shape, "layers": layers})


def torch_model(draw: st.DrawFn) -> ModelSpec:
    shape, layer = draw(torch_layer())
    layers = [layer]
    before = draw(st.sampled_from(["", "conv", "conv+pool"])) if len(shape) == 3 else ""
    if before:
        c = shape[0]
        layers[:0] = [{"type": "Conv2d", "args": [c, c, 3], "stride": draw(small),
                       "padding": 1}]
    if before == "conv+pool":
        layers.insert(1, {"type": "MaxPool2d", "args": [2], "ceil_mode": True})
    return spec_from_mapping({"framework": "pytorch", "input_shape": shape,
                              "batch_size": draw(st.sampled_from([1, 4])), "layers": layers})


@st.composite
def models(draw: st.DrawFn) -> ModelSpec:
    return keras_model(draw) if draw(st.booleans()) else torch_model(draw)


# the constants formulas are written with: "× 4" gates, "2 × U", "D × (F − 1) + 1", "1 × 1"
FORMULA_CONSTANTS = {"1", "2", "3", "4"}


def numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w.])\d+(?![\w.])", text))


def shown_in_code(layer: LayerResult | None, typed: str) -> set[str]:
    """Numbers feedback may quote although they equal the answer: the layer's own arguments,
    as written in its code, and the learner's number."""
    if layer is None or layer.spec is None:
        return numbers(typed)
    return numbers(repr(layer.spec.args)) | numbers(repr(layer.spec.positional)) | numbers(typed)


def slipped(spec: ModelSpec, summary: ModelSummary, mistake: Mistake, asked: str,
            layer: int | None) -> Any:
    target = None
    if asked not in MODEL_QUANTITIES:
        target = summary.layers.index(find_layer(summary, layer))
    try:
        wrong = summarize(spec, slips={mistake.slip}, slip_layer=target)
        return quantity(wrong, asked, layer).value
    except TutorError:
        return None


def named(verdict: Any) -> list[tuple[Mistake, ...]]:
    return [verdict.mistake.mistakes, *verdict.mistake.also] if verdict.mistake else []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_every_slip_is_diagnosed_and_no_feedback_gives_the_answer_away(spec: ModelSpec
                                                                       ) -> None:
    try:
        summary = summarize(spec)
    except TutorError:
        return  # a layer that does not fit its input: nothing to ask
    last = len(summary.layers) - 1
    for asked in (*LAYER_QUANTITIES, *MODEL_QUANTITIES):
        try:
            right = quantity(summary, asked, last if asked in LAYER_QUANTITIES else None)
        except TutorError:
            continue  # the layer has no such quantity (the height of a Dense layer)
        question = Asked(spec, asked, last if asked in LAYER_QUANTITIES else None)
        for mistake in SLIP_MISTAKES:
            value = slipped(spec, summary, mistake, asked, question.layer)
            if value is None or value == right.value or (
                    isinstance(value, tuple) and None in value[1:]):
                continue
            if isinstance(value, int) and value < 0:
                continue  # no learner types a negative count
            typed = fmt(value)
            verdict = check_answer(typed, question, summary=summary)
            if verdict.correct:
                continue  # the slip gives the right answer read another way (batch left out)
            ways = named(verdict)
            assert ways, f"{mistake.id} gives {typed} for {asked}, not diagnosed"
            best = ways[0]
            layer = right.layer
            assert (mistake,) in ways or min(
                likelihood(m, layer) for m in best) >= likelihood(mistake, layer), (
                f"{typed} ({mistake.id}) named {verdict.mistake_id}")
            assert_no_giveaway(verdict.feedback, right.value, layer, typed)


def assert_no_giveaway(feedback: str, expected: Any, layer: LayerResult | None,
                       typed: str) -> None:
    if isinstance(expected, tuple):
        assert fmt(expected) not in feedback
        return
    if str(expected) in shown_in_code(layer, typed) | FORMULA_CONSTANTS:
        return  # "with strides=2" or "2 × U" may be said when the answer is 2 too
    assert str(expected) not in numbers(feedback), feedback
