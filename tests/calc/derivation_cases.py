"""Every model the project ships or is checked on, computed: the golden cases of both
frameworks (specs and snippets) and every exercise of every built-in pack (each combination of
its `vary` values, up to a bound), as (where, layer) pairs for the derivation checks."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tutor.calc import summarize
from tutor.calc.derivation import Step
from tutor.calc.result import LayerResult, ModelSummary
from tutor.errors import TutorError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
EXERCISES = ROOT / "exercises"
VARIANTS_PER_EXERCISE = 48


@dataclass(frozen=True)
class Model:
    where: str
    summary: ModelSummary
    answers: tuple[tuple[str, tuple[Step, ...]], ...] = ()


def golden(name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    cases = yaml.safe_load((GOLDEN / f"{name}_cases.yaml").read_text(encoding="utf-8"))
    results = json.loads((GOLDEN / f"{name}_golden.json").read_text(encoding="utf-8"))
    return cases["cases"], results["cases"]


def keras_models() -> Iterator[Model]:
    from test_golden_keras import build

    from tutor.models.snippet import spec_from_snippet

    cases, results = golden("keras")
    for case in cases:
        if not results.get(case["id"], {}).get("ok"):
            continue
        try:
            spec = build(case) if "layers" in case else spec_from_snippet(case["snippet"])
            yield Model(f"keras:{case['id']}", summarize(spec))
        except TutorError:  # a snippet the reader refuses by design (tests/models says which)
            continue


def torch_models() -> Iterator[Model]:
    from test_golden_torch import build

    from tutor.models.torch_snippet import spec_from_torch_snippet

    cases, results = golden("torch")
    for case in cases:
        if not results.get(case["id"], {}).get("ok"):
            continue
        spec = build(case) if "layers" in case else spec_from_torch_snippet(case["snippet"])
        yield Model(f"torch:{case['id']}", summarize(spec))


def exercise_models() -> Iterator[Model]:
    from tutor.packs import load_file
    from tutor.packs.variants import Variant, attempt

    for path in sorted(EXERCISES.glob("*.yaml")):
        pack = load_file(path).pack
        assert pack is not None, path
        for exercise in pack.exercises:
            sizes = [range(len(v.values)) for v in exercise.vary]
            for combo in itertools.islice(itertools.product(*sizes), VARIANTS_PER_EXERCISE):
                variant = attempt(exercise, combo)
                if not isinstance(variant, Variant):
                    continue
                where = f"{pack.id}/{exercise.id}{list(combo) if combo else ''}"
                answers = tuple((q.id, a.steps) for q, a in zip(
                    variant.questions, variant.answers, strict=True))
                yield Model(where, variant.summary, answers)
                if variant.compare is not None:
                    yield Model(f"{where} (compare)", variant.compare.summary)


@cache
def all_models() -> tuple[Model, ...]:
    return (*keras_models(), *torch_models(), *exercise_models())


def layers_of(model: Model) -> Iterator[tuple[str, LayerResult]]:
    """Each layer (PyTorch: each call `forward` makes, then the modules never called)."""
    summary = model.summary
    if summary.framework == "pytorch" and summary.calls:
        called = set()
        for index, call in enumerate(summary.calls):
            called.add(call.name)
            yield f"{model.where} call {index} {call.name}", call
        rows = [layer for layer in summary.layers if layer.name not in called]
    else:
        rows = list(summary.layers)
    for layer in rows:
        yield f"{model.where} {layer.name}", layer
