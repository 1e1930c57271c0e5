"""The PyTorch packs: the lesson's numbers in PyTorch form with Keras's derivation beside them,
the classics, and the pack format's `pytorch:` and `compare:`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tutor.cli.main import main
from tutor.packs import load_file, load_text

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"


def pack(name: str):
    result = load_file(EXERCISES / f"{name}.yaml")
    assert [str(p) for p in result.problems] == []
    return result.pack


def test_the_lesson_numbers_in_pytorch_form() -> None:
    variant = pack("lesson-pytorch").exercise("lesson-layer").variant()
    assert variant.spec.framework == "pytorch"
    assert [a.value for a in variant.answers] == [896, 32, 64]
    assert variant.compare is not None and variant.compare.spec.framework == "keras"
    assert [a.value for a in variant.compare.answers] == [896, 32, 64]
    # each framework derives the width its own way
    ours = variant.answers[2].steps[-1]
    theirs = variant.compare.answers[2].steps[-1]
    assert ours.formula.startswith("floor(") and theirs.formula.startswith("ceil(")
    assert variant.code_label == "PyTorch code" and variant.compare.code_label == "Keras code"


@pytest.mark.parametrize(("exercise", "answers"), [
    ("lenet5", [(1, 16, 10, 10), 48120, 61706]),
    ("cifar10-net", [456, (4, 16, 5, 5), 62006]),
    ("dcgan-generator", [(2, 512, 4, 4), 819200, 8, (2, 3, 64, 64), 3576704]),
    ("lstm-classifier", [1280000, 395264, (2, 50, 256), (2, 2)]),
])
def test_the_classics(exercise: str, answers: list) -> None:
    variant = pack("pytorch-classics").exercise(exercise).variant()
    assert [a.value for a in variant.answers] == answers


def test_every_drill_variant_computes() -> None:
    exercise = pack("lesson-pytorch").exercise("drill")
    for seed in range(20):
        variant = exercise.variant(seed)
        width = variant.answers[0].value
        values = variant.values
        assert width == (values["H"] + 2 * values["P"] - values["F"]) // values["S"] + 1


def test_show_reveal_prints_both_derivations(capsys) -> None:
    assert main(["show", "lesson-pytorch", "lesson-layer", "--reveal"]) == 0
    out = capsys.readouterr().out
    assert "For comparison (Keras code):" in out
    assert "Keras, for comparison: 896" in out
    assert "output width (same padding): ceil(W_in / S) = ceil(128 / 2) = 64" in out
    assert "floor((128 + 2 × 1 − 1 × (3 − 1) − 1) / 2) + 1 = 64" in out


HEADER = """\
id: demo
title: Demo
description: A demo pack.
version: "1.0"
author: Tests
exercises:
"""


def load(exercise: str):
    return load_text(HEADER + textwrap.dedent(exercise), "pack.yaml")


def test_a_pytorch_spec_is_shown_as_pytorch_code() -> None:
    result = load("""\
      - id: spec
        title: Spec
        prompt: Count.
        model:
          framework: pytorch
          input_shape: [3, 32, 32]
          layers:
            - {type: Conv2d, args: [3, 8, 3], padding: 1}
        questions:
          - {quantity: params, expect: 224}
          - {quantity: output_shape, expect: "(1, 8, 32, 32)"}
    """)
    assert [str(p) for p in result.problems] == []
    variant = result.pack.exercises[0].variant()
    assert "nn.Conv2d(3, 8, 3, padding=1)" in variant.code
    assert variant.code_label == "model (as PyTorch code)"


@pytest.mark.parametrize(("exercise", "words"), [
    ("""\
      - id: both
        title: Both
        prompt: Count.
        keras: |
          import keras
          model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        pytorch: |
          from torch import nn
          model = nn.Linear(4, 2)
        questions: [{quantity: params}]
    """, ["exercises[0].pytorch", "give the model once"]),
    ("""\
      - id: broken-compare
        title: Broken
        prompt: Count.
        pytorch: |
          from torch import nn
          model = nn.Linear(4, 2)
        compare:
          keras: |
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, units=3)])
        questions: [{quantity: params}]
    """, ["pack.yaml:16:", "exercises[0].compare.keras", "units"]),
    ("""\
      - id: wrong-key
        title: Wrong
        prompt: Count.
        pytorch: |
          from torch import nn
          model = nn.Linear(4, 2)
        compare: {tensorflow: "x = 1"}
        questions: [{quantity: params}]
    """, ["exercises[0].compare.tensorflow", "unknown key"]),
    ("""\
      - id: pytorch-error
        title: Error
        prompt: Count.
        pytorch: |
          import torch
          from torch import nn
          model = nn.Sequential(nn.Linear(4, 2), nn.Linear(3, 1))
          model(torch.zeros(1, 4))
        questions: [{quantity: params}]
    """, ["pack.yaml:13:", "exercises[0].pytorch", "in_features is 3"]),
])
def test_problems_are_placed(exercise: str, words: list[str]) -> None:
    problems = "\n".join(str(p) for p in load(exercise).problems)
    for word in words:
        assert word in problems, problems
