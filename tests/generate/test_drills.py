"""Drills: for every framework, level and kind, and many seeds, only valid, answerable
questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.cli.main import main
from tutor.generate.drills import DRILLS, FRAMEWORKS, KINDS, LEVELS, choose, drill_pack
from tutor.generate.model_pack import pack_yaml
from tutor.packs.loader import load_text


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("level", LEVELS)
def test_every_drill_of_a_level_validates(framework: str, level: int) -> None:
    pack = drill_pack(None, framework, level, count=len(DRILLS))
    result = load_text(pack_yaml(pack), "drill.yaml")
    assert [str(p) for p in result.problems] == []
    assert result.pack is not None and len(result.pack.exercises) == len(DRILLS)


def test_levels_grow() -> None:
    for framework in FRAMEWORKS:
        sizes = [len(choose(None, framework, level)) for level in LEVELS]
        assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert {d.kind for d in choose(None, "keras", 1)} == {"conv2d", "dense"}


@settings(max_examples=40)
@given(framework=st.sampled_from(FRAMEWORKS), level=st.sampled_from(LEVELS),
       kind=st.sampled_from((None, *KINDS)), seed=st.integers(0, 10_000),
       variant=st.integers(0, 10_000))
def test_any_drill_and_variant_is_answerable(framework, level, kind, seed, variant) -> None:
    pack = drill_pack(kind, framework, level, count=3, seed=seed)
    if not pack:  # no drill of that kind up to that level
        assert not choose(kind, framework, level)
        return
    result = load_text(pack_yaml(pack), "drill.yaml")
    assert result.pack is not None and not result.problems
    for exercise in result.pack.exercises:
        concrete = exercise.variant(variant)
        for question in exercise.questions:
            assert concrete.answer(question) is not None


def test_the_same_seed_gives_the_same_drill() -> None:
    assert drill_pack("conv2d", "keras", 2, seed=7) == drill_pack("conv2d", "keras", 2, seed=7)
    assert drill_pack("conv2d", "keras", 2, seed=7) != drill_pack("conv2d", "keras", 2, seed=8)


def test_cli_prints_a_drill_and_refuses_what_does_not_exist(tmp_path: Path, capsys) -> None:
    assert main(["drill", "--print", "--layer", "lstm", "--level", "3", "--count", "2"]) == 0
    text = capsys.readouterr().out
    (tmp_path / "d.yaml").write_text(text)
    assert main(["validate", str(tmp_path / "d.yaml")]) == 0
    capsys.readouterr()
    assert main(["drill", "--layer", "gru", "--level", "1"]) == 2
    assert "try a higher --level" in capsys.readouterr().err


def test_a_drill_leans_towards_the_learners_frequent_slips(tmp_path: Path, capsys) -> None:
    from tutor.generate.drills import focus_kinds
    from tutor.progress.store import FILENAME, Attempt, ProgressStore

    assert focus_kinds(["forgot-gates", "forgot-bias"], top=1) == {"lstm", "gru"}
    plain = drill_pack(None, "keras", 3, count=60, seed=1)
    leaning = drill_pack(None, "keras", 3, count=60, seed=1, focus={"lstm", "gru"})

    def recurrent(pack: dict) -> int:
        return sum("LSTM" in e["title"] or "GRU" in e["title"] for e in pack["exercises"])

    assert recurrent(leaning) > recurrent(plain)
    store = ProgressStore(tmp_path / FILENAME)
    for at in range(3):
        store.record(Attempt("sequences", "lstm-params", "q1", "x", False, "forgot-gates", 0,
                             1000.0 + at))
    store.close()
    assert main(["drill", "--print", "--data-dir", str(tmp_path), "--level", "3"]) == 0
    assert "more gru, lstm layers" in capsys.readouterr().err
