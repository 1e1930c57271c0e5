"""`tutor summary FILE...`: summaries of snippets and model specs, in the style of Keras's
`model.summary()` or of torchinfo for PyTorch models."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

from tutor.calc import ModelSummary, cost, reach, summarize
from tutor.calc.derivation import Step
from tutor.calc.result import LayerResult
from tutor.cli.render import explain, summary_table, torch_explain, torch_summary_table
from tutor.cli.stdin import STDIN, read_stdin
from tutor.errors import TutorError
from tutor.models.read import (
    MAX_FILE_BYTES,
    read_model_file,
    read_model_text,
    suffix_of_text,
    with_input_shape,
)
from tutor.models.spec import ModelSpec

SHAPE = re.compile(r"\s*[(\[]?\s*\d+(?:\s*[,x]\s*\d+)*\s*,?\s*[)\]]?\s*")


def run(args: argparse.Namespace) -> int:
    failed = False
    try:
        dims = input_shape(getattr(args, "input_shape", None))
    except ValueError as error:
        print(f"tutor summary: {error}", file=sys.stderr)
        return 2
    if args.files.count(STDIN) > 1:
        print("tutor summary: standard input (-) can be read only once", file=sys.stderr)
        return 2
    for index, path in enumerate(args.files):
        try:
            done = summarize_file(args, index, path, dims)
        except Exception as error:  # a bug of ours in one file must not stop the others
            if os.environ.get("TUTOR_DEBUG"):
                raise
            done = report(args, path, TutorError(
                f"internal error ({type(error).__name__}: {error}); please report it"))
        failed = failed or not done
    return 1 if failed else 0


def read_model(path: str) -> ModelSpec:
    """A model from a file, or from standard input for `-` (its kind told from its text)."""
    if path != STDIN:
        return read_model_file(path)
    text = read_stdin(MAX_FILE_BYTES, "a snippet or a model spec")
    return read_model_text(text, suffix_of_text(text))


def summarize_file(args: argparse.Namespace, index: int, path: str,
                   dims: tuple[int, ...] | None) -> bool:
    """Print one file's summary (or its error); False if it had none."""
    try:
        spec = read_model(path)
        summary = summarize(with_input_shape(spec, dims) if dims else spec)
    except TutorError as error:
        return report(args, path, error)
    if args.json:
        out = summary_json(path, summary)
        print(json.dumps(with_steps(out, summary) if args.explain else out))
        return True
    if index:
        print()
    torch = summary.framework == "pytorch"
    table = torch_summary_table if torch else summary_table
    print(table(summary, title=f"Model: {'standard input' if path == STDIN else path}"))
    if args.explain:
        print()
        print(torch_explain(summary) if torch else explain(summary))
    return True


def report(args: argparse.Namespace, path: str, error: TutorError) -> bool:
    if args.json:
        print(json.dumps({"file": path, "error": error_json(error)}))
    else:
        print(f"{path}: {error}", file=sys.stderr)
    return False


def input_shape(text: str | None) -> tuple[int, ...] | None:
    """`--input-shape 2,3,128,128` (also "(2, 3, 128, 128)" or "2x3x128x128")."""
    if text is None:
        return None
    if not SHAPE.fullmatch(text):
        raise ValueError(f"--input-shape must be whole numbers such as 2,3,128,128, got "
                         f"{text!r}")
    return tuple(int(d) for d in re.findall(r"\d+", text))


def error_json(error: TutorError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": error.message}
    if error.line is not None:
        out["line"] = error.line
    if error.layer:
        out["layer"] = error.layer
    return out


def with_steps(out: dict[str, Any], summary: ModelSummary) -> dict[str, Any]:
    """`--json --explain`: each layer's derivation as data, a step an object with the
    `Step`'s fields (a shape value as a list, nested for several outputs; None as null), so
    that other tools can check the steps without reading the text. A PyTorch model also
    lists every call `forward` makes, functional ones included, with theirs."""
    for item, layer in zip(out["layers"], summary.layers, strict=True):
        item["steps"] = [step_json(step) for step in layer.steps]
    if summary.framework == "pytorch" and summary.calls:
        out["calls"] = [{"name": call.name, "type": call.type,
                         "input_shape": json_value(call.input_shape),
                         "output_shape": json_value(call.output_shape),
                         "steps": [step_json(step) for step in call.steps]}
                        for call in summary.calls]
    return out


def step_json(step: Step) -> dict[str, Any]:
    return {"quantity": step.quantity, "key": step.key, "label": step.label,
            "formula": step.formula, "substituted": step.substituted,
            "value": json_value(step.value), "note": step.note}


def json_value(value: Any) -> Any:
    return [json_value(v) for v in value] if isinstance(value, tuple) else value


def summary_json(path: str, summary: ModelSummary) -> dict[str, Any]:
    if summary.framework == "pytorch":
        return torch_json(path, summary)
    reaches = reach.receptive_fields(summary)
    sizes = cost.keras_sizes(summary)
    return {
        "file": path,
        "layers": [{**keras_layer_json(layer, summary.graph),
                    **cost_json(summary, layer, reaches)} for layer in summary.layers],
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "total_mult_adds": cost.total_mult_adds(summary).value,
        "params_bytes": sizes.total_bytes,
        "trainable_bytes": sizes.trainable_bytes,
        "non_trainable_bytes": sizes.non_trainable_bytes,
    }


def cost_json(summary: ModelSummary, layer: LayerResult, reaches: dict[int, reach.Reach]
              ) -> dict[str, Any]:
    """A layer's mult-adds, and its receptive field and jump per spatial axis (null where the
    model has no spatial axes; a jump that is a fraction after upsampling as a number)."""
    found = reaches.get(id(layer))
    return {
        "mult_adds": cost.mult_adds(summary, layer).value,
        "receptive_field": None if found is None else list(found.field),
        "jump": None if found is None else [int(j) if j.denominator == 1 else float(j)
                                            for j in found.jump],
    }


def keras_layer_json(layer: LayerResult, graph: bool) -> dict[str, Any]:
    """A row as Keras lists it; in a functional model that is not a chain, with its inputs."""
    shape = layer.output_shape
    several = bool(shape) and isinstance(shape[0], tuple)
    item: dict[str, Any] = {
        "name": layer.name, "type": layer.type,
        "output_shape": [list(s) for s in shape] if several else list(shape),  # type: ignore
        "params": layer.params, "trainable": layer.trainable,
        "non_trainable": layer.non_trainable}
    if graph:
        item["connected_to"] = list(layer.connected_to)
    return item


def torch_json(path: str, summary: ModelSummary) -> dict[str, Any]:
    """Keras's object plus the framework, buffers, and PyTorch's names and full shapes (the
    batch axis as given; null where unknown). A later call of a module is marked recursive."""
    layers = []
    known = summary.input_shape is not None
    reaches = reach.receptive_fields(summary) if known else {}
    for layer in summary.layers:
        item: dict[str, Any] = {
            "name": layer.name, "type": layer.type,
            "output_shape": None if layer.output_shape is None else list(layer.output_shape),
            "params": layer.params, "trainable": layer.trainable,
            "non_trainable": layer.non_trainable, "buffers": layer.buffers}
        if known:
            item.update(cost_json(summary, layer, reaches))
        if layer.recursive:
            item["recursive"] = True
        layers.append(item)
    out: dict[str, Any] = {
        "file": path, "framework": "pytorch",
        "input_shape": None if summary.input_shape is None else list(summary.input_shape),
        "layers": layers,
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "total_buffers": summary.total_buffers,
    }
    if summary.uncalled:  # no rows (as torchinfo), but in the totals
        out["uncalled"] = [{"name": layer.name, "type": layer.type, "params": layer.params,
                            "trainable": layer.trainable, "non_trainable": layer.non_trainable,
                            "buffers": layer.buffers} for layer in summary.uncalled]
    if known:  # torchinfo's sizes need a forward pass: without an input there are none
        sizes = cost.torch_sizes(summary)
        out.update(total_mult_adds=sizes.total_mult_adds, input_bytes=sizes.input_bytes,
                   forward_backward_bytes=sizes.forward_backward_bytes,
                   params_bytes=sizes.params_bytes, total_size_bytes=sizes.total_bytes)
    return out
