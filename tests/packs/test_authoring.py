"""AUTHORING.md: its example packs and exercises validate, and it documents every key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL

from tutor.calc.quantities import QUANTITIES
from tutor.packs import load_text
from tutor.packs.fields import EXERCISE_FIELDS, PACK_FIELDS, QUESTION_FIELDS, RANGE_FIELDS

GUIDE = (Path(__file__).resolve().parents[2] / "AUTHORING.md").read_text()
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)
PACKS = [b for b in BLOCKS if b.startswith("# yaml-language-server") and "\nexercises:" in b]
EXERCISES = [b for b in BLOCKS if b.startswith("  - id:")]
HEADER = MINIMAL[:MINIMAL.index("  - id:")]


def test_the_guide_has_complete_examples() -> None:
    assert len(PACKS) >= 3 and len(EXERCISES) >= 2
    assert any("vary:" in block for block in PACKS)


@pytest.mark.parametrize("block", PACKS, ids=lambda b: b.split("id: ")[1].split("\n")[0])
def test_every_example_pack_validates(block: str) -> None:
    result = load_text(block, "AUTHORING.md")
    assert [str(p) for p in result.problems] == []


@pytest.mark.parametrize("block", EXERCISES, ids=lambda b: b.split("id: ")[1].split("\n")[0])
def test_every_example_exercise_validates(block: str) -> None:
    result = load_text(HEADER + block, "AUTHORING.md")
    assert [str(p) for p in result.problems] == []


def test_every_key_and_quantity_is_documented() -> None:
    for fields in (PACK_FIELDS, EXERCISE_FIELDS, QUESTION_FIELDS, RANGE_FIELDS):
        for key in fields:
            assert f"`{key}" in GUIDE, key
    for name in QUANTITIES:
        assert f"`{name}`" in GUIDE, name
