"""Mult-adds and sizes against real torchinfo 1.8 (tests/golden/make_torchinfo_golden.py made
torchinfo_golden.json): every torch golden case that builds, every PyTorch snippet of the
shipped packs, and seeded random stacks."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.calc import cost, summarize
from tutor.calc.result import ModelSummary
from tutor.models.read import read_model_text
from tutor.models.spec import LayerSpec, ModelSpec

GOLDEN = Path(__file__).parent.parent / "golden"
CASES = {case["id"]: case for case in yaml.safe_load(
    (GOLDEN / "torch_cases.yaml").read_text(encoding="utf-8"))["cases"]}
RESULTS: dict[str, Any] = json.loads(
    (GOLDEN / "torchinfo_golden.json").read_text(encoding="utf-8"))["cases"]


def tuples(value: Any) -> Any:
    return tuple(tuples(v) for v in value) if isinstance(value, list) else value


def spec_of(case: dict[str, Any]) -> ModelSpec:
    layers = tuple(
        LayerSpec(layer["type"], {k: tuples(v) for k, v in layer.items()
                                  if k not in ("type", "args")},
                  positional=tuple(tuples(a) for a in layer.get("args", ())))
        for layer in case["layers"])
    shape = case["input_shape"]
    return ModelSpec(layers, tuple(shape[1:]), "pytorch", batch_size=shape[0],
                     input_dtype="int" if case.get("input_dtype") == "long" else "float")


def summary_of(case_id: str, record: dict[str, Any]) -> ModelSummary:
    if record["kind"] == "random":
        return summarize(spec_of(record))
    if record["kind"] == "pack":
        return summarize(read_model_text(record["snippet"], ".py"))
    case = CASES[case_id]
    if "snippet" in case:
        return summarize(read_model_text(case["snippet"], ".py"))
    return summarize(spec_of(case))


def leaves(summary: ModelSummary) -> Counter[tuple[str, int]]:
    return Counter((row.type, cost.mult_adds(summary, row).value) for row in summary.layers
                   if row.output_shape is not None and row.type not in cost.TORCH_CONTAINERS)


def test_there_are_several_hundred_models() -> None:
    assert len(RESULTS) >= 300


@pytest.mark.parametrize("case_id", sorted(RESULTS))
def test_mult_adds_and_sizes_match_torchinfo(case_id: str) -> None:
    record = RESULTS[case_id]
    summary = summary_of(case_id, record)
    sizes = cost.torch_sizes(summary)
    expected_leaves = Counter((leaf["type"], leaf["macs"]) for leaf in record["leaves"])
    assert leaves(summary) == expected_leaves
    assert (sizes.total_mult_adds, sizes.params_bytes, sizes.forward_backward_bytes) == (
        record["total_mult_adds"], record["total_param_bytes"], record["total_output_bytes"])
    if not record["repeated_input"]:  # torchinfo counts `model(x, x, x)`'s x three times
        assert sizes.input_bytes == record["total_input"]
