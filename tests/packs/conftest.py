"""Helpers: a minimal valid pack to mutate, and loading text as a named file."""

from __future__ import annotations

import textwrap

import pytest

from tutor.packs import LoadResult, load_text

MINIMAL = """\
id: demo
title: Demo
description: A demo pack.
version: "1.0"
author: Tests
exercises:
  - id: one
    title: One
    prompt: Count the parameters.
    model:
      input_shape: [128, 128, 3]
      layers:
        - {type: Conv2D, filters: 32, kernel_size: 3, strides: 2, padding: same}
    questions:
      - quantity: params
        expect: 896
"""


def load(text: str, name: str = "pack.yaml") -> LoadResult:
    return load_text(textwrap.dedent(text), name)


def messages(result: LoadResult) -> list[str]:
    return [str(problem) for problem in result.problems]


@pytest.fixture
def minimal() -> str:
    return MINIMAL
