"""A pack made from any model a learner brings: for each layer, in order, what its output looks
like and what it learns; at the end, the totals.

The pack is written as pack YAML (what `tutor pack model.py` prints for an author to edit) and
loaded like any other, so the calculator checks every question the same way. Which questions a
layer gets depends on what it does: a layer that changes the shape is asked its output shape,
one with weights its parameter count (with hints from its own derivation's formulas), and a
layer that does neither (an activation, dropout) is asked nothing unless `every_layer` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tutor.calc import summarize
from tutor.calc.derivation import fmt
from tutor.calc.frameworks import framework
from tutor.calc.result import LayerResult, ModelSummary
from tutor.errors import ModelError
from tutor.models.read import read_model_text
from tutor.models.spec import ModelSpec

MAX_LAYERS = 200
"""A model with more rows than this gets exercises for the first ones only (said in the
description), so that a pack stays something a learner can work through."""


@dataclass(frozen=True)
class Source:
    """A model as the learner gave it: its text and what kind of text it is."""

    text: str
    suffix: str  # ".py", ".yaml", ".yml" or ".json"
    name: str  # the file name (or "pasted model")


def pack_id(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(name).stem).strip("-.") or "model"
    return f"model-{stem}" if stem[0].isalpha() else f"model-m{stem}"


def model_pack(source: Source, *, every_layer: bool = False) -> dict[str, Any]:
    """The pack, as the mapping its YAML holds. Raises `TutorError` for a model the tutor
    cannot read or compute, with its line."""
    spec = read_model_text(source.text, source.suffix)
    summary = summarize(spec)
    model_key, model_value = model_block(source, spec)
    exercises: list[dict[str, Any]] = []
    names = [layer.name for layer in summary.layers]
    for index, layer in enumerate(summary.layers[:MAX_LAYERS]):
        questions = layer_questions(summary, layer, index, names, every_layer)
        if questions:
            exercises.append({
                "id": f"layer-{index + 1}",
                "title": f"Layer {index + 1}: {layer.name or layer.type} ({layer.type})",
                "prompt": prompt_for(layer, index, summary),
                model_key: model_value,
                "questions": questions,
            })
    exercises.append({"id": "totals", "title": "The whole model",
                      "prompt": "Add up what every layer learns.",
                      model_key: model_value, "questions": total_questions(summary)})
    cut = len(summary.layers) > MAX_LAYERS
    framework_name = framework(summary.framework).name
    return {
        "id": pack_id(source.name),
        "title": f"Your model: {Path(source.name).name}",
        "description": (f"Exercises made from {Path(source.name).name} ({framework_name}): each "
                        "layer's output and parameters, in order, then the totals."
                        + (f" Only its first {MAX_LAYERS} layers are asked about." if cut
                           else "")),
        "version": "1.0",
        "author": "tutor (generated)",
        "tags": ["generated", framework_name.lower()],
        "exercises": exercises,
    }


def model_block(source: Source, spec: ModelSpec) -> tuple[str, Any]:
    """How the pack holds the model: the snippet's text, or the spec's mapping."""
    if source.suffix == ".py":
        return ("pytorch" if spec.framework == "pytorch" else "keras"), source.text
    data = yaml.load(source.text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader")
                     else yaml.SafeLoader)
    return "model", data


def layer_ref(index: int, names: list[str]) -> int | str:
    """A layer's name when it is unique (and not a number), else its 1-based position."""
    name = names[index]
    if name and names.count(name) == 1 and not name.lstrip("-").isdigit():
        return name
    return index + 1


SHAPE_KEEPERS = frozenset({"Dropout", "ReLU", "LeakyReLU", "Activation", "Softmax", "ELU",
                           "BatchNormalization", "LayerNormalization", "GroupNormalization",
                           "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm",
                           "GroupNorm", "Identity", "Tanh", "Sigmoid", "GELU", "SiLU"})


def layer_questions(summary: ModelSummary, layer: LayerResult, index: int, names: list[str],
                    every_layer: bool) -> list[dict[str, Any]]:
    ref = layer_ref(index, names)
    out: list[dict[str, Any]] = []
    if layer.recursive:
        return out
    shape_known = layer.output_shape is not None and not isinstance(
        (layer.output_shape or (None,))[0], tuple)
    changes = layer.output_shape != layer.input_shape and layer.type not in SHAPE_KEEPERS
    if shape_known and (changes or every_layer):
        out.append({"quantity": "output_shape", "layer": ref,
                    "hints": shape_hints(layer)})
    if layer.params or every_layer:
        out.append({"quantity": "params", "layer": ref, "hints": param_hints(layer)})
    return [strip(q) for q in out]


def strip(question: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in question.items() if v not in ((), [], None)}


def shape_hints(layer: LayerResult) -> list[str]:
    """The general formulas of the layer's shape steps, no numbers: they teach the step
    without giving the answer."""
    seen: list[str] = []
    for step in layer.steps:
        if step.quantity != "params" and step.formula and any(c.isalpha() for c in
                                                               step.formula):
            hint = f"{step.label}: `{step.formula}`"
            if hint not in seen:
                seen.append(hint)
    return seen[:3]


def param_hints(layer: LayerResult) -> list[str]:
    steps = [s for s in layer.steps if s.quantity == "params" and s.formula
             and any(c.isalpha() for c in s.formula)]
    hints = [f"{s.label}: `{s.formula}`" for s in steps[:-1]][:3]
    return hints or ([f"{steps[-1].label}: `{steps[-1].formula}`"] if steps else [])


def prompt_for(layer: LayerResult, index: int, summary: ModelSummary) -> str:
    where = "the model's input" if index == 0 else "the layer before's output"
    shape = layer.input_shape
    known = shape is not None and not (shape and isinstance(shape[0], tuple))
    given = f" It reads {where}, of shape `{fmt(shape)}`." if known and index == 0 else (
        f" It reads {where}.")
    return f"Look at layer {index + 1}, `{layer.name or layer.type}` ({layer.type}).{given}"


def total_questions(summary: ModelSummary) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = [{"quantity": "total_params",
                                        "hints": ["Add every layer's parameter count."]}]
    if summary.non_trainable_params:
        questions += [{"quantity": "trainable_params"}, {"quantity": "non_trainable_params"}]
    return questions


class BlockDumper(yaml.SafeDumper):
    """Multi-line texts (snippets, prompts) as `|` blocks, as an author would write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Lists of plain values on one line (`F: [2, 3, 5]`), as authors write `vary`."""
    flat = all(isinstance(v, (int, float, str, bool)) and "\n" not in str(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


BlockDumper.add_representer(str, _text)
BlockDumper.add_representer(list, _list)
BlockDumper.add_representer(tuple, _list)
BlockDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]


def pack_yaml(pack: dict[str, Any]) -> str:
    """The pack as YAML an author can edit (and that loads as it is)."""
    body = yaml.dump(pack, Dumper=BlockDumper, sort_keys=False, allow_unicode=True, width=96)
    # `tutor schema > schema.json` beside the pack lets an editor check and complete it
    return "# yaml-language-server: $schema=./schema.json\n" + body


def source_of_file(path: str | Path, text: str) -> Source:
    suffix = Path(path).suffix.lower()
    if suffix not in (".py", ".yaml", ".yml", ".json"):
        raise ModelError("a model is a snippet (.py) or a model spec (.yaml, .yml, .json)")
    return Source(text, suffix, str(path))


MODEL_SUFFIXES = (".py", ".yaml", ".yml", ".json")


def is_model_text(text: str, suffix: str) -> bool:
    """A snippet, or a spec (a mapping with `layers` and no `exercises`), not a pack."""
    if suffix == ".py":
        return True
    if suffix not in MODEL_SUFFIXES:
        return False
    head = re.search(r"^(exercises|layers)\s*:", text, re.M) if suffix != ".json" else None
    if head is not None:
        return head.group(1) == "layers"
    return suffix == ".json" and '"layers"' in text and '"exercises"' not in text
