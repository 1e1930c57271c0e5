"""Every shipped exercise's classic mistake is named: for each exercise, the wrong answer its
topic is built around (chosen here by hand, from the exercise's title and prompt) goes through
`tutor check --json`, which must name that mistake and must not show the expected value.

The number typed is not written here: it is what the mistake gives on the exercise's first
variant (the catalogue's slip computed by the calculator, or the author's `mistakes:` value),
so the table stays true when an exercise's numbers change."""

from __future__ import annotations

import json
import re

import pytest

from tutor.calc.derivation import fmt
from tutor.checking.choices import asked
from tutor.checking.mistakes import BY_ID, value_of
from tutor.cli.main import main
from tutor.packs import load_library

# pack → exercise → [(question id, mistake id), ...]: the mistake each exercise is about
CLASSIC: dict[str, dict[str, list[tuple[str, str]]]] = {
    "conv-dims": {
        "lesson-questions": [("question-1", "forgot-bias"), ("question-1", "forgot-input-depth"),
                             ("question-2", "previous-layer"), ("question-3", "padding-swapped"),
                             ("question-3", "ignored-stride")],
    },
    "padding-strides": {
        "valid-height": [("q1", "padding-swapped")],
        "same-width": [("q1", "padding-swapped")],
        "padding-choice": [("q1", "padding-swapped")],
        "rectangular-kernel": [("q1", "kernel-axes-swapped"), ("q3", "kernel-not-squared")],
        "conv1d-length": [("q2", "forgot-input-depth")],
        "stacked-strides": [("q2", "from-model-input")],
    },
    "pooling-dense": {
        "max-pooling-shape": [("q1", "ignored-stride")],
        "pooling-params": [("q1", "pooling-weights"), ("q1", "window-size")],
        "flatten-size": [("q1", "forgot-input-depth")],
        "dense-after-flatten": [("q1", "forgot-bias")],
        "dense-on-a-sequence": [("q2", "dense-flattened")],
        "global-pooling": [("q1", "previous-layer")],
        "batch-norm-counts": [("q2", "stats-as-trainable"), ("q3", "batchnorm-stats-left-out")],
        "whole-model": [("q1", "skipped-layer")],
    },
    "conv-variants": {
        "dilated-height": [("q1", "forgot-dilation")],
        "dilation-params": [("q1", "dilated-kernel-weights")],
        "transposed-same": [("q1", "padding-swapped")],
        "transposed-valid": [("q1", "shrinking-formula")],
        "transposed-params": [("q1", "shrinking-formula")],
        "depthwise": [("q1", "forgot-depth-multiplier"), ("q2", "as-plain-conv")],
        "separable": [("q1", "as-plain-conv")],
        "grouped": [("q1", "ignored-groups")],
    },
    "lesson-pytorch": {
        "lesson-layer": [("question-1", "channels-swapped"), ("question-3", "forgot-padding")],
        "forgot-padding": [("q1", "padding-added")],
        "drill": [("q1", "forgot-padding")],
        "batchnorm-buffers": [("q1", "buffers-as-params")],
        "pool-ceil": [("q1", "ceil-not-floor"), ("q2", "ceil-not-floor")],
    },
    "pytorch-classics": {
        "lenet5": [("q1", "skipped-layer")],
        "cifar10-net": [("q1", "forgot-input-depth")],
        "dcgan-generator": [("q3", "shrinking-formula")],
        "lstm-classifier": [("q2", "forgot-second-bias")],
    },
    "sequences": {
        "imdb-lstm": [("q2", "length-as-features"), ("q3", "forgot-gates"),
                      ("q4", "return-sequences")],
        "lstm-params": [("q1", "forgot-gates")],
        "gru-params": [("q1", "gru-one-bias")],
        "lstm-or-gru": [("q1", "forgot-gates")],
        "return-sequences": [("q1", "return-sequences"), ("q2", "return-sequences")],
        "stacked-gru": [("q2", "from-model-input")],
        "bidirectional-lstm": [("q1", "forgot-bidirectional"), ("q2", "forgot-bidirectional")],
        "bidirectional-drill": [("q2", "forgot-bidirectional")],
        "timedistributed-decoder": [("q3", "per-step-weights")],
        "embedding-drill": [("q2", "length-as-features")],
        "text-cnn": [("q2", "forgot-input-depth")],
    },
}


def exercises() -> list[tuple[str, str, str, str]]:
    return [(pack, exercise, question, mistake)
            for pack, table in CLASSIC.items() for exercise, pairs in table.items()
            for question, mistake in pairs]




def numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d.])\d+(?!\d|\.\d)", text))


@pytest.fixture(scope="module")
def library():
    return load_library()


def wrong_value(variant, index: int, mistake: str):
    question = variant.questions[index]
    for authored in question.mistakes:
        if authored.id == mistake:
            return authored.value
    assert mistake in BY_ID, f"{mistake} is neither catalogued nor the author's"
    return value_of(mistake, asked(variant, index), variant.answers[index], variant.summary)


@pytest.mark.parametrize(("pack", "exercise", "question", "mistake"), exercises(),
                         ids=lambda v: str(v))
def test_each_exercises_classic_mistake_is_named(library, capsys, pack: str, exercise: str,
                                                  question: str, mistake: str) -> None:
    variant = library.pack(pack).exercise(exercise).variant(0)
    index = variant.index(question)
    value = wrong_value(variant, index, mistake)
    assert value is not None, f"{mistake} changes nothing in {pack}/{exercise}/{question}"
    code = main(["check", pack, exercise, fmt(value), "--question", question, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["mistake"] == mistake, out["feedback"]
    right = variant.answers[index].value
    if isinstance(right, tuple):
        assert fmt(right) not in out["feedback"]
    else:
        assert str(right) not in numbers(out["feedback"]) - numbers(fmt(value))
