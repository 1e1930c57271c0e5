"""Packs made from learners' models: every golden model that builds in either framework, and
every snippet of the shipped packs, becomes a pack that validates like an authored one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.calc import summarize
from tutor.cli.main import main
from tutor.errors import TutorError
from tutor.generate.model_pack import Source, is_model_text, model_pack, pack_id, pack_yaml
from tutor.models.read import read_model_text
from tutor.packs.loader import load_text

ROOT = Path(__file__).parent.parent.parent
GOLDEN = ROOT / "tests" / "golden"


def golden(name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    cases = yaml.safe_load((GOLDEN / f"{name}_cases.yaml").read_text(encoding="utf-8"))
    results = json.loads((GOLDEN / f"{name}_golden.json").read_text(encoding="utf-8"))
    return cases["cases"], results["cases"]


def sources() -> list[tuple[str, Source]]:
    found = []
    for name in ("keras", "torch"):
        cases, results = golden(name)
        for case in cases:
            if not results.get(case["id"], {}).get("ok"):
                continue
            if "snippet" in case:
                found.append((f"{name}:{case['id']}", Source(case["snippet"], ".py",
                                                            f"{case['id']}.py")))
            elif name == "keras":
                spec = {"input_shape": case["input_shape"], "layers": case["layers"]}
                found.append((f"keras:{case['id']}", Source(yaml.safe_dump(spec), ".yaml",
                                                            f"{case['id']}.yaml")))
    for file in sorted((ROOT / "exercises").glob("*.yaml")):
        pack = yaml.safe_load(file.read_text(encoding="utf-8"))
        for exercise in pack["exercises"]:
            for key in ("keras", "pytorch"):
                if key in exercise and "vary" not in exercise:
                    found.append((f"{pack['id']}/{exercise['id']}",
                                  Source(exercise[key], ".py", f"{exercise['id']}.py")))
    return found


def readable(source: Source) -> bool:
    """What the tutor reads (the golden tests say which models it refuses, and why)."""
    try:
        summarize(read_model_text(source.text, source.suffix))
    except TutorError:
        return False
    return True


SOURCES = [(where, source) for where, source in sources() if readable(source)]


def test_many_models_are_walked() -> None:
    assert len(SOURCES) > 300


@pytest.mark.parametrize(("where", "source"), SOURCES, ids=[w for w, _ in SOURCES])
def test_every_model_makes_a_valid_pack(where: str, source: Source) -> None:
    data = model_pack(source)
    result = load_text(pack_yaml(data), source.name)
    assert [str(p) for p in result.problems if not p.is_warning] == []
    assert result.pack is not None and result.pack.exercises[-1].id == "totals"
    summary = summarize(read_model_text(source.text, source.suffix))
    asked = {(q.quantity, q.layer) for e in result.pack.exercises for q in e.questions}
    for index, layer in enumerate(summary.layers):
        ref = layer.name if layer.name and [r.name for r in summary.layers].count(
            layer.name) == 1 and not layer.name.lstrip("-").isdigit() else index
        if layer.params and not layer.recursive and index < 200:
            assert ("params", ref) in asked, f"no params question for {layer.name}"
        if layer.type in ("ReLU", "Dropout") and layer.params == 0:
            assert ("params", ref) not in asked


def test_pack_ids_are_ids() -> None:
    assert pack_id("my model (v2).py") == "model-my-model-v2"
    assert pack_id("2024.py") == "model-m2024"


def test_a_pack_is_not_taken_for_a_model() -> None:
    text = (ROOT / "exercises" / "conv-dims.yaml").read_text(encoding="utf-8")
    assert not is_model_text(text, ".yaml")
    assert is_model_text("input_shape: [28, 28, 1]\nlayers:\n  - Flatten\n", ".yaml")


SNIPPET = """\
from keras.models import Sequential
from keras.layers import Conv2D, Dropout, Flatten, Dense

model = Sequential()
model.add(Conv2D(32, 3, strides=2, padding='same', input_shape=(128, 128, 3)))
model.add(Dropout(0.2))
model.add(Flatten())
model.add(Dense(10))
"""


def test_cli_pack_show_and_check_on_a_model_file(tmp_path: Path, capsys) -> None:
    model = tmp_path / "mine.py"
    model.write_text(SNIPPET)
    assert main(["pack", str(model)]) == 0
    written = capsys.readouterr().out
    (tmp_path / "mine-pack.yaml").write_text(written)
    assert main(["validate", str(tmp_path / "mine-pack.yaml")]) == 0
    capsys.readouterr()
    assert main(["show", str(model)]) == 0
    listing = capsys.readouterr().out
    assert "layer-1" in listing and "layer-2" not in listing  # Dropout is not asked about
    assert main(["check", str(model), "layer-1", "896", "--question", "2"]) == 0
    assert main(["check", str(model), "layer-1", "864", "--question", "2"]) == 1
    assert "bias" in capsys.readouterr().out
    assert main(["check", str(model), "totals", "1311626"]) == 0


def test_an_unreadable_model_is_a_message(tmp_path: Path, capsys) -> None:
    model = tmp_path / "bad.py"
    model.write_text("model = Sequential(\n")
    assert main(["pack", str(model)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tutor pack: {model}:1: ") and "Traceback" not in err
    assert main(["show", str(model)]) != 0
    assert "Traceback" not in capsys.readouterr().err
