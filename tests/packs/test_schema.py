"""The JSON Schema: committed as exercises/schema.json, and every shipped pack satisfies it.

`jsonschema` is not a dependency, so a small checker for the keywords the schema uses stands
in for it (and the real one is used as well when it happens to be installed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL

from tutor.packs.fields import EXERCISE_FIELDS, PACK_FIELDS, QUESTION_FIELDS
from tutor.packs.schema import pack_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted((ROOT / "exercises").glob("*.yaml"))
TYPES = {"object": dict, "array": list, "string": str, "null": type(None), "boolean": bool}


def is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(value: Any, schema: dict, root: dict, path: str = "$") -> list[str]:
    """Draft-07, for the keywords our schema uses."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/definitions/")
        return errors(value, root["definitions"][name], root, path)
    out: list[str] = []
    types = schema.get("type")
    if types and not any(is_type(value, t) for t in ([types] if isinstance(types, str)
                                                     else types)):
        return [f"{path}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in enum")
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: {value!r} != {schema['const']!r}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"],
                                                                         value):
        out.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and is_type(value, "number") and value < schema["minimum"]:
        out.append(f"{path}: {value} < minimum")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        out.append(f"{path}: too short")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(f"{path}: too few items")
        if "items" in schema:
            for i, item in enumerate(value):
                out += errors(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        out += object_errors(value, schema, root, path)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            passing = sum(not errors(value, s, root, path) for s in schema[key])
            if passing == 0 or (key == "oneOf" and passing > 1):
                out.append(f"{path}: {passing} of {key} match")
    if "not" in schema and not errors(value, schema["not"], root, path):
        out.append(f"{path}: matches `not`")
    if "if" in schema:
        branch = "then" if not errors(value, schema["if"], root, path) else "else"
        if branch in schema:
            out += errors(value, schema[branch], root, path)
    return out


def object_errors(value: dict, schema: dict, root: dict, path: str) -> list[str]:
    out = [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
    if not schema.get("minProperties", 0) <= len(value) <= schema.get("maxProperties", 10**9):
        out.append(f"{path}: wrong number of properties")
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if "propertyNames" in schema:
            out += errors(key, schema["propertyNames"], root, f"{path}.{key}")
        if key in properties:
            out += errors(item, properties[key], root, f"{path}.{key}")
        elif extra is False:
            out.append(f"{path}: unexpected {key}")
        elif isinstance(extra, dict):
            out += errors(item, extra, root, f"{path}.{key}")
    return out


def test_the_committed_schema_is_the_generated_one() -> None:
    assert (ROOT / "exercises" / "schema.json").read_text() == schema_text()


def test_the_schema_knows_every_key() -> None:
    schema = pack_schema()
    assert set(schema["properties"]) == set(PACK_FIELDS)
    assert set(schema["definitions"]["exercise"]["properties"]) == set(EXERCISE_FIELDS)
    assert set(schema["definitions"]["question"]["properties"]) == set(QUESTION_FIELDS)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_shipped_packs_satisfy_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    assert errors(data, pack_schema(), pack_schema()) == []
    try:
        import jsonschema
    except ImportError:
        return
    jsonschema.validate(data, pack_schema())


def test_the_schema_catches_what_an_editor_should_flag() -> None:
    schema = pack_schema()
    good = yaml.safe_load(MINIMAL)
    assert errors(good, schema, schema) == []
    typo = yaml.safe_load(MINIMAL.replace("expect: 896", "expcet: 896"))
    assert errors(typo, schema, schema) == ["$.exercises[0].questions[0]: unexpected expcet"]
    both = yaml.safe_load(MINIMAL.replace("    questions:", "    keras: x\n    questions:"))
    assert errors(both, schema, schema) == ["$.exercises[0]: 2 of oneOf match"]
    example = yaml.safe_load(MINIMAL.replace("    questions:\n      - quantity: params\n"
                                             "        expect: 896\n", "    example: true\n"))
    assert errors(example, schema, schema) == []


def test_the_shipped_packs_point_editors_at_the_schema() -> None:
    for path in PACKS:
        assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=./schema.json"
    assert json.loads((ROOT / "exercises" / "schema.json").read_text())["title"]
