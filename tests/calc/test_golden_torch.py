"""Every case of tests/golden/torch_cases.yaml, computed by us and compared with what real
PyTorch reported in torch_golden.json (see tests/golden/make_torch_golden.py): spec cases
through the calculator, snippet cases through the snippet reader and the calculator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.calc import summarize
from tutor.calc.result import LayerResult, ModelSummary
from tutor.errors import TutorError
from tutor.models.spec import LayerSpec, ModelSpec

GOLDEN = Path(__file__).parent.parent / "golden"
CASES_FILE = GOLDEN / "torch_cases.yaml"
GOLDEN_FILE = GOLDEN / "torch_golden.json"


def load() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not CASES_FILE.exists() or not GOLDEN_FILE.exists():
        return [], {}
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    golden = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["cases"]
    return cases, golden


CASES, RESULTS = load()
SPEC_CASES = [c for c in CASES if "layers" in c]
SNIPPET_CASES = [c for c in CASES if "snippet" in c]


def tuples(value: Any) -> Any:
    return tuple(tuples(v) for v in value) if isinstance(value, list) else value


def build(case: dict[str, Any], layers: int | None = None) -> ModelSpec:
    """The case as a PyTorch spec; `input_shape` holds the batch axis, as torch shapes do."""
    specs = tuple(
        LayerSpec(layer["type"], {k: tuples(v) for k, v in layer.items()
                                  if k not in ("type", "args")},
                  positional=tuple(tuples(a) for a in layer.get("args", ())))
        for layer in case["layers"][:layers])
    shape = case["input_shape"]
    return ModelSpec(specs, None if shape is None else tuple(shape[1:]), "pytorch",
                     batch_size=None if shape is None else shape[0],
                     input_dtype="int" if case.get("input_dtype") == "long" else "float")


def row(layer: LayerResult) -> dict[str, Any]:
    return {"name": layer.name, "type": layer.type,
            "output_shape": None if layer.output_shape is None else tuple(layer.output_shape),
            "outputs": [tuple(s) for s in layer.outputs] if len(layer.outputs) > 1 else [],
            "params": layer.params, "trainable": layer.trainable, "buffers": layer.buffers,
            "recursive": layer.recursive}


def golden_row(layer: dict[str, Any]) -> dict[str, Any]:
    return {**layer, "output_shape": tuples(layer["output_shape"]),
            "outputs": [tuples(s) for s in layer["outputs"]]}


def assert_same(summary: ModelSummary, expected: dict[str, Any]) -> None:
    assert [row(layer) for layer in summary.layers] == [golden_row(g) for g in expected["layers"]]
    assert [{"name": u.name, "type": u.type, "params": u.params, "trainable": u.trainable,
             "buffers": u.buffers} for u in summary.uncalled] == expected["uncalled"]
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params,
            summary.total_buffers) == (expected["total_params"], expected["trainable_params"],
                                       expected["non_trainable_params"],
                                       expected["total_buffers"])


def expected_for(case: dict[str, Any]) -> dict[str, Any]:
    expected = RESULTS.get(case["id"])
    if expected is None:
        pytest.skip("case not in torch_golden.json yet: regenerate it with make_torch_golden.py")
    return expected


@pytest.mark.skipif(not SPEC_CASES, reason="no golden data (tests/golden/torch_golden.json)")
@pytest.mark.parametrize("case", SPEC_CASES, ids=[c["id"] for c in SPEC_CASES])
def test_spec_matches_torch(case: dict[str, Any]) -> None:
    expected = expected_for(case)
    if expected["ok"]:
        assert_same(summarize(build(case)), expected)
        return
    index = failed_index(case)
    assert index is not None, f"PyTorch rejected this model ({expected['message'][:200]}) " \
                              "but we did not"
    assert index == expected["failed_layer_index"], expected["message"][:300]


def failed_index(case: dict[str, Any]) -> int | None:
    """The first layer we reject: the end of the shortest prefix that fails."""
    for n in range(1, len(case["layers"]) + 1):
        try:
            summarize(build(case, n))
        except TutorError:
            return n - 1
    return None


def read_snippet(text: str) -> ModelSpec:
    reader = pytest.importorskip("tutor.models.torch_snippet")
    return reader.spec_from_torch_snippet(text)


@pytest.mark.skipif(not SNIPPET_CASES, reason="no golden data (tests/golden/torch_golden.json)")
@pytest.mark.parametrize("case", SNIPPET_CASES, ids=[c["id"] for c in SNIPPET_CASES])
def test_snippet_matches_torch(case: dict[str, Any]) -> None:
    expected = expected_for(case)
    if expected["ok"]:
        summary = summarize(read_snippet(case["snippet"]))
        assert_same(summary, expected)
        calls = [(c.name, c.output_shape) for c in summary.calls if not c.name.startswith(
            ("F.", "Tensor.", "torch."))]
        if summary.input_shape is None:  # nothing ran: no calls to compare
            return
        assert calls == [(c["name"], tuples(c["output_shape"])) for c in expected["calls"]]
        return
    with pytest.raises(TutorError) as raised:
        summarize(read_snippet(case["snippet"]))
    error = raised.value
    if expected["failed_module"]:  # "" is the model itself: a functional call failed
        assert error.layer == expected["failed_module"], str(error)
    # PyTorch fails at the line calling the module; a layer of an nn.Sequential is pointed at
    # where it is written instead (the call is just `model(x)`), so either line will do.
    assert error.line is not None, str(error)
    written = {c.line for c in read_snippet(case["snippet"]).modules if c.name == error.layer}
    assert error.line in {expected["failed_snippet_line"], *written}, str(error)


def test_golden_covers_every_layer_type() -> None:
    """Each module type the calculator knows is in at least one golden case."""
    from tutor.calc.torch.registry import REGISTRY, is_functional

    used = {layer["type"] for c in SPEC_CASES for layer in c["layers"]}
    used |= {name for c in SNIPPET_CASES for name in REGISTRY if f"nn.{name}(" in c["snippet"]}
    modules = {name for name in REGISTRY if not is_functional(name)}
    assert not modules - used
