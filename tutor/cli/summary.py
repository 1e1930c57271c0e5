"""`tutor summary FILE...`: Keras-style summaries of snippets and model specs."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.calc import ModelSummary, summarize
from tutor.cli.render import explain, summary_table
from tutor.errors import TutorError
from tutor.models.read import read_model_file


def run(args: argparse.Namespace) -> int:
    failed = False
    for index, path in enumerate(args.files):
        try:
            summary = summarize(read_model_file(path))
        except TutorError as error:
            failed = True
            if args.json:
                print(json.dumps({"file": path, "error": error_json(error)}))
            else:
                print(f"{path}: {error}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(summary_json(path, summary)))
            continue
        if index:
            print()
        print(summary_table(summary, title=f"Model: {path}"))
        if args.explain:
            print()
            print(explain(summary))
    return 1 if failed else 0


def error_json(error: TutorError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": error.message}
    if error.line is not None:
        out["line"] = error.line
    if error.layer:
        out["layer"] = error.layer
    return out


def summary_json(path: str, summary: ModelSummary) -> dict[str, Any]:
    return {
        "file": path,
        "layers": [{"name": layer.name, "type": layer.type,
                    "output_shape": list(layer.output_shape), "params": layer.params,
                    "trainable": layer.trainable, "non_trainable": layer.non_trainable}
                   for layer in summary.layers],
        "total_params": summary.total_params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
    }
