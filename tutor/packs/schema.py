"""The pack format as a JSON Schema (draft-07), for YAML language servers in authors' editors.

Built from the same field tables the loader reads (`tutor.packs.fields`), so editors complete
and check exactly the keys validation accepts. The schema checks the form; only `tutor
validate` runs the calculator (models, answers, `expect`).
"""

from __future__ import annotations

import json
from typing import Any

from tutor.calc.quantities import MODEL_QUANTITIES, QUANTITIES
from tutor.packs.fields import (
    CHOICE_FIELDS,
    COMPARE_FIELDS,
    EXERCISE_FIELDS,
    ID_PATTERN,
    MISTAKE_FIELDS,
    NAME_PATTERN,
    PACK_FIELDS,
    QUESTION_FIELDS,
    RANGE_FIELDS,
    Field,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
PLACEHOLDER = r"^\$[A-Za-z_][A-Za-z0-9_]*$"

KINDS: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "pattern": ID_PATTERN},
    "text": {"type": "string"},
    "version": {"type": ["string", "number"]},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "texts": {"type": "array", "items": {"type": "string"}},
    "quantity": {"enum": list(QUANTITIES)},
    "layer": {"anyOf": [{"type": "integer", "not": {"const": 0}},
                        {"type": "string", "minLength": 1}]},
    "answer": {"$ref": "#/definitions/answer"},
    "answers": {"anyOf": [
        {"type": "array", "minItems": 2, "uniqueItems": True, "items": {"anyOf": [
            {"$ref": "#/definitions/answer"}, {"$ref": "#/definitions/option"}]}},
        {"const": "auto"}, {"type": "integer", "minimum": 2, "maximum": 6}]},
    "mistakes": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/mistake"}},
    "mistake_value": {"anyOf": [{"$ref": "#/definitions/answer"}, {"type": "string"}]},
}
REFS = {"exercises": "#/definitions/exercise", "model": "#/definitions/model",
        "vary": "#/definitions/vary", "questions": "#/definitions/question",
        "compare": "#/definitions/compare"}


def pack_schema() -> dict[str, Any]:
    """The JSON Schema of a pack file."""
    return {
        "$schema": DRAFT,
        "title": "tutor exercise pack",
        "description": "An exercise pack for tutor: see AUTHORING.md, and check a pack with "
                       "`tutor validate PACK.yaml`.",
        **obj(PACK_FIELDS),
        "definitions": {
            "exercise": exercise_schema(),
            "question": question_schema(),
            "answer": answer_schema(),
            "mistake": obj(MISTAKE_FIELDS),
            "option": obj(CHOICE_FIELDS),
            "shape": shape_schema(),
            "model": model_schema(),
            "keras_layer": layer_schema("keras"),
            "torch_layer": layer_schema("pytorch"),
            "vary": vary_schema(),
            "compare": {**obj(COMPARE_FIELDS), "oneOf": [
                {"required": ["model"]}, {"required": ["keras"]}, {"required": ["pytorch"]}]},
        },
    }


def schema_text() -> str:
    """The schema as `tutor schema` prints it and exercises/schema.json holds it."""
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"


def obj(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, field in fields.items() if field.required],
        "properties": {name: prop(name, field) for name, field in fields.items()},
    }


def prop(name: str, field: Field) -> dict[str, Any]:
    if name in REFS:
        ref = {"$ref": REFS[name]}
        body = {"type": "array", "minItems": 1, "items": ref} if field.kind == "list" else ref
    else:
        body = dict(KINDS[field.kind])
    return {"description": field.description, **body}


def exercise_schema() -> dict[str, Any]:
    """One model; questions unless a worked example; and with `vary`, no `expect` and no
    written-out `choices` (the answer changes with each variant)."""
    fixed_answer = {"anyOf": [{"required": ["expect"]},
                              {"required": ["choices"],
                               "properties": {"choices": {"type": "array"}}}]}
    return {
        **obj(EXERCISE_FIELDS),
        "allOf": [
            {"oneOf": [{"required": ["model"]}, {"required": ["keras"]},
                       {"required": ["pytorch"]}]},
            {"if": {"properties": {"example": {"const": True}}, "required": ["example"]},
             "else": {"required": ["questions"]}},
            {"if": {"required": ["vary"]},
             "then": {"properties": {"questions": {"items": {"not": fixed_answer}}}}},
        ],
    }


def question_schema() -> dict[str, Any]:
    """A question: `expect` and `choices` typed by the quantity (a shape for output_shape, a
    whole number otherwise), and no `layer` for the model-wide quantities."""
    number = {"type": "integer", "minimum": 0}
    shape = {"$ref": "#/definitions/shape"}

    def answers(answer: dict[str, Any]) -> dict[str, Any]:
        option = {"type": "object", "properties": {"value": answer}}  # {value: ..., why: ...}
        return {"properties": {"expect": answer, "choices": {"anyOf": [
            {"type": "array", "items": {"anyOf": [answer, option]}},
            {"not": {"type": "array"}}]}}}

    return {
        **obj(QUESTION_FIELDS),
        "allOf": [
            {"if": {"properties": {"quantity": {"const": "output_shape"}},
                    "required": ["quantity"]},
             "then": answers(shape), "else": answers(number)},
            {"if": {"properties": {"quantity": {"enum": list(MODEL_QUANTITIES)}},
                    "required": ["quantity"]},
             "then": {"not": {"required": ["layer"]}}},
        ],
    }


def answer_schema() -> dict[str, Any]:
    return {
        "description": "A whole number, or for output_shape a shape: [null, 64, 64, 32] or "
                       "\"(None, 64, 64, 32)\".",
        "anyOf": [{"type": "integer", "minimum": 0}, shape_schema()],
    }


def shape_schema() -> dict[str, Any]:
    return {
        "description": "A shape, batch axis first: [null, 64, 64, 32] or \"(None, 64, 64, 32)\".",
        "anyOf": [
            {"type": "array", "minItems": 1,
             "items": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}},
            {"type": "string", "pattern": r"^\s*\(.*\)\s*$"},
        ],
    }


def layer_types(framework: str) -> list[str]:
    """Every layer type the calculator knows, for completion of `type:` in editors."""
    if framework == "pytorch":
        from tutor.calc import torch as _torch  # noqa: F401  (registers the PyTorch types)
        from tutor.calc.torch.registry import TORCH

        return sorted(n for n in {*TORCH.layers, *TORCH.aliases} if not TORCH.is_functional(n))
    from tutor.calc import layers as _keras  # noqa: F401  (registers the Keras types)
    from tutor.calc.layers.base import KERAS

    return sorted({*KERAS.layers, *KERAS.aliases, "Input", "InputLayer"})


def layer_schema(framework: str) -> dict[str, Any]:
    types = {"enum": layer_types(framework)}
    return {"anyOf": [
        {**types, "description": "A layer without arguments, such as Flatten."},
        {"type": "object", "required": ["type"], "properties": {"type": types},
         "description": "{type: Conv2D, filters: 32, ...}"},
        {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": types,
         "additionalProperties": {"type": ["object", "null"]},
         "description": "{Dense: {units: 10}}"},
    ]}


def model_schema() -> dict[str, Any]:
    size = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"},
                      {"type": "string", "pattern": PLACEHOLDER}]}
    torch = {"properties": {"framework": {"const": "pytorch"}}, "required": ["framework"]}
    return {
        "description": "A Sequential model: the input shape (without the batch axis) and the "
                       "layers, as Keras takes their arguments. `$NAME` puts in a vary value.",
        "type": "object",
        "additionalProperties": False,
        "required": ["layers"],
        "properties": {
            "input_shape": {"description": "The input shape without the batch axis, such as "
                                           "[128, 128, 3].",
                            "anyOf": [{"type": "array", "minItems": 1, "items": size},
                                      {"type": "string", "pattern": PLACEHOLDER}]},
            "layers": {"type": "array", "minItems": 1},
            "framework": {"enum": ["keras", "pytorch"]},
            "batch_size": {"type": "integer", "minimum": 1},
        },
        "if": torch,
        "then": {"properties": {"layers": {"items": {"$ref": "#/definitions/torch_layer"}}}},
        "else": {"properties": {"layers": {"items": {"$ref": "#/definitions/keras_layer"}}}},
    }


def vary_schema() -> dict[str, Any]:
    scalar = {"type": ["integer", "number", "string", "boolean", "null"]}
    values = {"type": "array", "minItems": 1,
              "items": {"anyOf": [scalar, {"type": "array", "items": scalar}]}}
    return {
        "description": "Names and the values they may take: a list, or {from, to, step}.",
        "type": "object",
        "propertyNames": {"pattern": NAME_PATTERN},
        "additionalProperties": {"anyOf": [values, range_schema()]},
    }


def range_schema() -> dict[str, Any]:
    """`{from: 1, to: 5, step: 2}`: the step is at least 1."""
    schema = obj(RANGE_FIELDS)
    schema["properties"]["step"] = {**schema["properties"]["step"], "minimum": 1}
    return schema
