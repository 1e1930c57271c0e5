"""The JSON Schema: committed as exercises/schema.json, checked by a real validator
(`jsonschema`, as editors' YAML language servers check it): every shipped pack satisfies it,
and broken packs it can express are refused by it and by `tutor validate` alike."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import MINIMAL, load

from tutor.packs.fields import EXERCISE_FIELDS, PACK_FIELDS, QUESTION_FIELDS
from tutor.packs.problems import errors as pack_errors
from tutor.packs.schema import layer_types, pack_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted((ROOT / "exercises").glob("*.yaml"))
VALIDATOR = jsonschema.Draft7Validator(pack_schema())


def errors(value: object, schema: dict, root: dict | None = None) -> list[str]:
    """What a real validator (jsonschema, draft 7) finds wrong with `value`."""
    validator = jsonschema.Draft7Validator(root or schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(value)]


def schema_errors(text: str) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(yaml.safe_load(text))]


def test_the_schema_is_valid_draft_7() -> None:
    jsonschema.Draft7Validator.check_schema(pack_schema())


def test_the_committed_schema_is_the_generated_one() -> None:
    assert (ROOT / "exercises" / "schema.json").read_text() == schema_text()


def test_the_schema_knows_every_key() -> None:
    schema = pack_schema()
    assert set(schema["properties"]) == set(PACK_FIELDS)
    assert set(schema["definitions"]["exercise"]["properties"]) == set(EXERCISE_FIELDS)
    assert set(schema["definitions"]["question"]["properties"]) == set(QUESTION_FIELDS)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_shipped_packs_satisfy_the_schema(path: Path) -> None:
    assert schema_errors(path.read_text()) == []


def test_layer_types_are_listed_per_framework() -> None:
    keras, torch = layer_types("keras"), layer_types("pytorch")
    assert {"Conv2D", "Dense", "Input", "Flatten"} <= set(keras)
    assert {"Conv2d", "Linear", "LSTM"} <= set(torch) and "Conv2D" not in torch


HEADER = MINIMAL.split("exercises:\n")[0] + "exercises:\n"
VARIED = HEADER + """\
  - id: v
    title: V
    prompt: p
    vary:
      F: [2, 3]
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 8, kernel_size: $F}
    questions:
      - quantity: params
"""

BROKEN = {
    "unknown layer type": MINIMAL.replace("type: Conv2D", "type: Conv2d"),
    "pytorch type in keras": MINIMAL.replace("{type: Conv2D, filters: 32, kernel_size: 3, "
                                             "strides: 2, padding: same}", "Linear"),
    "keras type in a pytorch spec": MINIMAL.replace(
        "      input_shape: [128, 128, 3]",
        "      framework: pytorch\n      input_shape: [3, 8, 8]"),
    "a shape where a number goes": MINIMAL.replace("expect: 896", "expect: [null, 896]"),
    "a number where a shape goes": MINIMAL.replace("quantity: params", "quantity: output_shape"),
    "a step of 0": VARIED.replace("F: [2, 3]", "F: {from: 1, to: 3, step: 0}"),
    "expect under vary": VARIED.replace("      - quantity: params",
                                        "      - quantity: params\n        expect: 80"),
    "choices under vary": VARIED.replace("      - quantity: params",
                                         "      - quantity: params\n        choices: [80, 8]"),
    "layer on a total": MINIMAL.replace("quantity: params", "quantity: total_params\n"
                                        "        layer: 1"),
    "choices twice": MINIMAL.replace("expect: 896", "choices: [896, 896, 3]"),
    "unknown key": MINIMAL.replace("expect: 896", "expcet: 896"),
    "two models": MINIMAL.replace("    questions:", "    keras: x\n    questions:"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_schema_and_validate_refuse_the_same_broken_packs(name: str) -> None:
    text = BROKEN[name]
    assert schema_errors(text), f"the schema lets through: {name}"
    assert pack_errors(load(text).problems), f"tutor validate lets through: {name}"


def test_the_schema_accepts_what_validate_accepts() -> None:
    for text in (MINIMAL, VARIED, VARIED.replace("params\n", "params\n        choices: auto\n"),
                 MINIMAL.replace("    questions:\n      - quantity: params\n        expect: 896\n",
                                 "    example: true\n")):
        assert not pack_errors(load(text).problems)
        assert schema_errors(text) == []


def test_the_shipped_packs_point_editors_at_the_schema() -> None:
    for path in PACKS:
        assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=./schema.json"
    assert json.loads((ROOT / "exercises" / "schema.json").read_text())["title"]
