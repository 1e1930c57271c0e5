"""Every spec case of tests/golden/keras_cases.yaml, computed by us and compared with what real
Keras 3 reported in keras_golden.json (see tests/golden/make_keras_golden.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.calc import summarize
from tutor.errors import TutorError
from tutor.models.mapping import plain, spec_from_mapping
from tutor.models.spec import ModelSpec

GOLDEN = Path(__file__).parent.parent / "golden"
CASES_FILE = GOLDEN / "keras_cases.yaml"
GOLDEN_FILE = GOLDEN / "keras_golden.json"

# Cases that fail for reasons outside the layer calculations; strict, so that fixing one shows.
KNOWN_GAPS: dict[str, str] = {
    # Keras applies trainable=False to the wrapper before creating the wrapped layers, which
    # stay trainable: the wrapper's own weight lists say non-trainable, the model's totals
    # (and training) say trainable. We follow the totals, so the per-layer split differs.
    "bidirectional-trainable-false": "Keras's per-layer and model-level trainable counts "
                                     "disagree for a wrapper given trainable=False",
    "timedistributed-trainable-false": "Keras's per-layer and model-level trainable counts "
                                       "disagree for a wrapper given trainable=False",
}


def load() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not CASES_FILE.exists() or not GOLDEN_FILE.exists():
        return [], {}
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    golden = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["cases"]
    return [c for c in cases if "layers" in c], golden


CASES, RESULTS = load()


def build(case: dict[str, Any]) -> ModelSpec:
    """The case as a spec: `args` are the layer's leading positional arguments."""
    layers = [{k: v for k, v in layer.items() if k != "args"} for layer in case["layers"]]
    spec = spec_from_mapping({"input_shape": case["input_shape"], "layers": layers})
    specs = tuple(
        dataclasses.replace(s, positional=tuple(plain(a) for a in layer.get("args", ())))
        for s, layer in zip(spec.layers, case["layers"], strict=True))
    return dataclasses.replace(spec, layers=specs)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def test_the_golden_data_is_here_and_complete() -> None:
    """The golden files are committed; a missing file must fail, not skip, the comparison."""
    assert len(CASES) > 400
    assert all(case["id"] in RESULTS for case in CASES)


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(reason=KNOWN_GAPS[c["id"]], strict=True))
    if c["id"] in KNOWN_GAPS else c for c in CASES], ids=[c["id"] for c in CASES])
def test_matches_keras(case: dict[str, Any]) -> None:
    expected = RESULTS.get(case["id"])
    assert expected is not None, "case not in keras_golden.json: run make_keras_golden.py"
    if not expected["ok"]:
        assert_rejected(case, expected)
        return
    summary = summarize(build(case))
    ours = [layer_record(layer) for layer in summary.layers]
    # several outputs (return_state=True, merge_mode=None) come as a list of shapes
    keras = [{k: (_tuples(v) if k == "output_shape" else v) for k, v in layer.items()}
             for layer in expected["layers"]]
    assert ours == keras
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        expected["total_params"], expected["trainable_params"],
        expected["non_trainable_params"])


def layer_record(layer: Any) -> dict[str, Any]:
    return {"name": layer.name, "type": layer.type, "output_shape": layer.output_shape,
            "params": layer.params, "trainable": layer.trainable,
            "non_trainable": layer.non_trainable}


def assert_rejected(case: dict[str, Any], expected: dict[str, Any]) -> None:
    """Keras refused the model: so must we, at the same layer when Keras says which."""
    try:
        spec = build(case)
    except TutorError:
        return  # the spec itself is unreadable: nothing to locate
    index = failed_index(spec)
    if index is None:
        pytest.fail(f"Keras rejected this model ({expected['core_message'][:200]}) "
                    f"but we did not")
    if expected["failed_layer_index"] is not None:
        assert index == expected["failed_layer_index"], expected["core_message"][:300]


def failed_index(spec: ModelSpec) -> int | None:
    """The first layer we reject: the end of the shortest prefix that fails."""
    for n in range(1, len(spec.layers) + 1):
        try:
            summarize(dataclasses.replace(spec, layers=spec.layers[:n]))
        except TutorError:
            return n - 1
    return None
