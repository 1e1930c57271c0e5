"""Parameter bytes against real Keras 3 (tests/golden/make_keras_sizes_golden.py made
keras_sizes_golden.json): the `Total params: 80 (320.00 B)` lines of `model.summary()`, for
every Keras spec case that builds and for layers given a `dtype=`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.calc import cost, summarize
from tutor.models.spec import LayerSpec, ModelSpec

GOLDEN = Path(__file__).parent.parent / "golden"
CASES = {case["id"]: case for case in yaml.safe_load(
    (GOLDEN / "keras_cases.yaml").read_text(encoding="utf-8"))["cases"] if "layers" in case}
RESULTS: dict[str, Any] = json.loads(
    (GOLDEN / "keras_sizes_golden.json").read_text(encoding="utf-8"))["cases"]


def tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(tuples(v) for v in value)
    if isinstance(value, dict) and "type" in value:
        return layer(value)
    return value


def layer(entry: dict[str, Any]) -> LayerSpec:
    return LayerSpec(entry["type"], {k: tuples(v) for k, v in entry.items()
                                     if k not in ("type", "args")},
                     positional=tuple(tuples(a) for a in entry.get("args", ())))


def lines(case: dict[str, Any]) -> list[str]:
    summary = summarize(ModelSpec(tuple(layer(e) for e in case["layers"]),
                                  tuple(case["input_shape"])))
    sizes = cost.keras_sizes(summary)
    return [f"Total params: {summary.total_params:,} ({cost.readable_bytes(sizes.total_bytes)})",
            f"Trainable params: {summary.trainable_params:,} "
            f"({cost.readable_bytes(sizes.trainable_bytes)})",
            f"Non-trainable params: {summary.non_trainable_params:,} "
            f"({cost.readable_bytes(sizes.non_trainable_bytes)})"]


def test_there_are_hundreds_of_models_and_every_dtype() -> None:
    assert len(RESULTS) >= 300
    assert {"dtype-float16-dense", "dtype-float64-bn", "dtype-mixed_float16-mixed"} <= set(
        RESULTS)


@pytest.mark.parametrize("case_id", sorted(RESULTS))
def test_parameter_bytes_match_keras(case_id: str) -> None:
    record = RESULTS[case_id]
    case = record if "layers" in record else CASES[case_id]
    assert lines(case) == record["lines"]
