#!/usr/bin/env python
"""Generate golden reference data from REAL PyTorch 2.

This script is NOT part of the tutor package and is never imported by the tests: it runs only
when the case list (torch_cases.yaml) changes. torch and PyYAML live in a virtualenv outside
the repo (torch is never a dependency of the project):

    python3 -m venv /work/golden-venv
    /work/golden-venv/bin/pip install torch==2.13.0 pyyaml   # the CPU wheel
    cd <repo root>
    /work/golden-venv/bin/python tests/golden/make_torch_golden.py

Versions used for the committed torch_golden.json: Python 3.11, torch 2.13.0+cpu.

Inputs / outputs (next to this file): torch_cases.yaml -> torch_golden.json

Two kinds of cases:

* Spec cases (`input_shape` + `layers`): `input_shape` is the FULL shape of the example input,
  batch axis included (null: no input, counts only); `input_dtype: long` makes integer indices
  (for Embedding). Each layer is {type: <torch.nn class>, args: [positional...], **keywords};
  YAML lists become tuples. The model is `nn.Sequential(*layers)` (children "0", "1", ...),
  run once on `torch.zeros(input_shape)` in training mode (a new module's mode), as a learner
  would. Layers are first constructed one by one and then called one by one, so the first
  that raises gives `failed_layer_index`.

* Snippet cases (`snippet`): Python text as a learner pastes it, leaving a variable `model`.
  These are OUR OWN test data, executed only here. `from torchinfo import summary` gets a
  stand-in that runs `model(torch.rand(input_size))` (or `input_data`), as torchinfo does, so
  torchinfo need not be installed. Global forward hooks record every call of every module
  while the snippet runs; the calls of `model`'s leaf modules are its rows. A failing snippet
  records `failed_snippet_line` (the snippet's line that raised) and `failed_module` (the
  innermost module whose forward had started and not finished, or null).

Rows (`layers`) are torchinfo's: one per call of a layer (a module of torch.nn itself other
than a container; what it holds, such as MultiheadAttention's out_proj, is part of it), in the
order `forward` makes them, a later call of the same module marked `recursive` with params 0.
Layers `forward` never calls are not rows: they are listed in `uncalled` (torchinfo counts
their parameters in its totals, on the model's own row). A model never run (no example input)
has each layer once, in `named_modules()` order, with `output_shape` null. `calls` lists the
module calls in execution order.

Output (torch_golden.json): {"meta": {...}, "cases": {id: record}}, keys sorted, indent 1.

    ok:   {"id", "ok": true, "layers": [{"name", "type", "output_shape", "outputs", "params",
           "trainable", "buffers", "recursive"}], "calls": [{"name", "output_shape"}],
           "uncalled": [{"name", "type", "params", "trainable", "buffers"}],
           "total_params", "trainable_params", "non_trainable_params", "total_buffers"}
    fail: {"id", "ok": false, "error_type", "message", "failed_layer_index" (spec cases),
           "failed_snippet_line", "failed_module" (snippet cases)}

`output_shape` is the module's first output tensor's shape (as torchinfo shows it); `outputs`
lists every tensor output's shape when there are several (LSTM: output, h_n, c_n).
"""

import contextlib
import io
import json
import math
import os
import re
import sys
import traceback
import types
import warnings

# Messages print Python sets ({'valid', 'same'}), whose order depends on string hashing: pin
# PYTHONHASHSEED so that the JSON is the same from run to run.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import torch
import yaml
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_PATH = os.path.join(HERE, "torch_cases.yaml")
OUT_PATH = os.path.join(HERE, "torch_golden.json")
MESSAGE_LIMIT = 500
ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")


def to_tuples(value):
    if isinstance(value, list):
        return tuple(to_tuples(v) for v in value)
    return value


def make_layer(spec):
    spec = dict(spec)
    cls = getattr(nn, spec.pop("type"))
    args = [to_tuples(a) for a in spec.pop("args", [])]
    return cls(*args, **{k: to_tuples(v) for k, v in spec.items()})


def tensors_in(value):
    """Every tensor in an output, in order (LSTM: output, h_n, c_n)."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in tensors_in(item)]
    return []


def shape_of(value):
    found = tensors_in(value)
    return list(found[0].shape) if found else None


def count(tensors):
    return int(sum(math.prod(t.shape) for t in tensors))


def message_of(error):
    text = ADDRESS_RE.sub("", str(error))
    return text[:MESSAGE_LIMIT]


class Recorder:
    """Global forward hooks: every module call while a case runs."""

    def __init__(self):
        self.calls = []  # (module, output)
        self.open = []  # modules whose forward has started and not finished

    def __enter__(self):
        self.handles = [
            nn.modules.module.register_module_forward_pre_hook(self.pre),
            nn.modules.module.register_module_forward_hook(self.post),
        ]
        return self

    def __exit__(self, *exc):
        for handle in self.handles:
            handle.remove()

    def pre(self, module, inputs):
        self.open.append(module)

    def post(self, module, inputs, output):
        if self.open and self.open[-1] is module:
            self.open.pop()
        self.calls.append((module, output))


CONTAINERS = (nn.Sequential, nn.ModuleList, nn.ModuleDict)


def is_layer(module):
    """A layer: a module of torch.nn itself, not a container (MultiheadAttention holds an
    out_proj Linear, but is one layer)."""
    return (type(module).__module__.startswith("torch.nn.modules")
            and not isinstance(module, CONTAINERS))


def leaves(model):
    """Layers by name, in named_modules() order (a shared module once); what a layer holds is
    part of it."""
    found, inside = [], []
    for name, module in model.named_modules():
        if any(name == p or name.startswith(p + ".") for p in inside if p) or (
                inside and inside[0] == ""):
            continue
        if is_layer(module) or (not name and not list(module.children())):
            found.append((name, module))
            inside.append(name)
    return found


def counts(name, module):
    params = list(module.parameters())
    return {"name": name, "type": type(module).__name__, "params": count(params),
            "trainable": count(p for p in params if p.requires_grad),
            "buffers": count(module.buffers())}


def record_model(model, calls):
    names = leaves(model)
    by_id = {id(m): name for name, m in names}
    mine = [(by_id[id(m)], m, out) for m, out in calls if id(m) in by_id]
    rows, seen = [], set()
    for name, module, out in mine:  # torchinfo's order: each call as it happens
        tensors = tensors_in(out)
        row = {**counts(name, module), "output_shape": shape_of(out),
               "outputs": [list(t.shape) for t in tensors] if len(tensors) > 1 else [],
               "recursive": name in seen}
        if name in seen:
            row.update(params=0, trainable=0, buffers=0)
        seen.add(name)
        rows.append(row)
    uncalled = [counts(name, module) for name, module in names if name not in seen]
    if not mine:  # nothing ran (no example input): each layer once, its counts only
        rows = [{**row, "output_shape": None, "outputs": [], "recursive": False}
                for row in uncalled]
        uncalled = []
    params = list(model.parameters())
    return {
        "layers": rows,
        "uncalled": uncalled,
        "calls": [{"name": n, "output_shape": shape_of(out)} for n, _, out in mine],
        "total_params": count(params),
        "trainable_params": count(p for p in params if p.requires_grad),
        "non_trainable_params": count(p for p in params if not p.requires_grad),
        "total_buffers": count(model.buffers()),
    }


def run_spec(case):
    specs = case["layers"]
    layers = []
    for index, spec in enumerate(specs):
        try:
            layers.append(make_layer(spec))
        except Exception as error:
            return failure(error, failed_layer_index=index)
    shape = case.get("input_shape")
    model = nn.Sequential(*layers)
    if shape is None:
        return {"ok": True, **record_model(model, [])}
    dtype = torch.long if case.get("input_dtype") == "long" else torch.float32
    x = torch.zeros(tuple(shape), dtype=dtype)
    with Recorder() as recorder:
        for index, layer in enumerate(layers):
            try:
                x = layer(x)
            except Exception as error:
                return failure(error, failed_layer_index=index)
    return {"ok": True, **record_model(model, recorder.calls)}


def torchinfo_stand_in():
    module = types.ModuleType("torchinfo")

    def summary(model, input_size=None, input_data=None, **kwargs):
        if input_data is not None:
            data = input_data if isinstance(input_data, (list, tuple)) else [input_data]
        else:
            sizes = input_size if isinstance(input_size[0], (list, tuple)) else [input_size]
            data = [torch.rand(tuple(s)) for s in sizes]
        return model(*data)

    module.summary = summary
    return module


def run_snippet(case):
    sys.modules["torchinfo"] = torchinfo_stand_in()
    scope = {"__name__": "__main__"}
    code = compile(case["snippet"], "<snippet>", "exec")
    with Recorder() as recorder, contextlib.redirect_stdout(io.StringIO()):
        try:
            exec(code, scope)
        except Exception as error:
            lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                     if f.filename == "<snippet>"]
            inner = recorder.open[-1] if recorder.open else None
            model = scope.get("model")
            name = None
            if inner is not None and isinstance(model, nn.Module):
                name = next((n for n, m in model.named_modules() if m is inner), None)
            return failure(error, failed_snippet_line=lines[-1] if lines else None,
                           failed_module=name)
    model = scope["model"]
    return {"ok": True, **record_model(model, recorder.calls)}


def failure(error, **where):
    return {"ok": False, "error_type": type(error).__name__, "message": message_of(error),
            **where}


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    with open(CASES_PATH, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)["cases"]
    out = {}
    ids = set()
    for case in cases:
        if case["id"] in ids:
            raise SystemExit(f"duplicate case id {case['id']}")
        ids.add(case["id"])
        record = run_snippet(case) if "snippet" in case else run_spec(case)
        out[case["id"]] = {"id": case["id"], **record}
        status = "ok" if record["ok"] else f"FAIL {record['error_type']}: {record['message'][:90]}"
        print(f"{case['id']:45} {status}")
    meta = {"torch_version": torch.__version__, "python": sys.version.split()[0],
            "cases": len(out)}
    with open(OUT_PATH, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "cases": out}, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
