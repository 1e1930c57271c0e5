#!/usr/bin/env python
"""Generate golden mult-adds and sizes from REAL torchinfo 1.8 (on PyTorch 2.13).

Not part of the tutor package and never imported by the tests. It runs in the separate
environment of make_torch_golden.py, with torchinfo added:

    /work/golden-venv/bin/pip install torch==2.13.0 pyyaml torchinfo==1.8.0
    cd <repo root>
    /work/golden-venv/bin/python tests/golden/make_torchinfo_golden.py

The models (next to this file and in exercises/):
* every spec case of torch_cases.yaml that builds and has an input shape;
* every snippet case of torch_cases.yaml that runs;
* every `pytorch:` snippet of the shipped packs that has no `vary`;
* RANDOM_CASES seeded random Sequential stacks (convolutions, pooling, normalization, linear
  and recurrent layers), written into the output with their layers so the test can rebuild
  them.
Each model is run through `torchinfo.summary(model, input_data=..., verbose=0)` on the input
the case gives (a snippet: the arguments of its first call of `model`).

Output (torchinfo_golden.json): {"meta", "cases": {id: {"kind": "spec"|"snippet"|"pack"|
"random", "layers"?: [...], "input_shape"?, "input_dtype"?, "total_mult_adds",
"total_param_bytes", "total_output_bytes", "total_input", "text": [torchinfo's closing lines],
"leaves": [{"type", "macs", "output_bytes", "param_bytes", "recursive"}] in call order}}}.
"""

import contextlib
import io
import json
import os
import random
import sys
import warnings

import torch
import torchinfo
import yaml
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_torch_golden as base  # noqa: E402  (the same case builders)

PACKS = os.path.join(HERE, "..", "..", "exercises")
OUT_PATH = os.path.join(HERE, "torchinfo_golden.json")
RANDOM_CASES = 160


def closing_lines(stats):
    text = str(stats).splitlines()
    return [line for line in text if line.startswith(("Total mult-adds", "Input size",
                                                       "Forward/backward", "Params size",
                                                       "Estimated Total"))]


def record(stats):
    leaves = [{"type": info.class_name, "macs": int(info.macs),
               "output_bytes": int(info.output_bytes), "param_bytes": int(info.param_bytes),
               "recursive": bool(info.is_recursive)}
              for info in stats.summary_list if info.is_leaf_layer]
    return {"total_mult_adds": int(stats.total_mult_adds),
            "total_param_bytes": int(stats.total_param_bytes),
            "total_output_bytes": int(stats.total_output_bytes),
            "total_input": int(stats.total_input),
            "text": closing_lines(stats), "leaves": leaves}


def summarize(model, inputs):
    with contextlib.redirect_stdout(io.StringIO()):
        result = record(torchinfo.summary(model, input_data=list(inputs), verbose=0))
    tensors = [x for x in inputs if isinstance(x, torch.Tensor)]
    # torchinfo's input size counts a tensor once per argument (x, x, x: three times)
    result["repeated_input"] = len({id(x) for x in tensors}) != len(tensors)
    return result


def run_spec(case):
    layers = [base.make_layer(spec) for spec in case["layers"]]
    dtype = torch.long if case.get("input_dtype") == "long" else torch.float32
    x = torch.zeros(tuple(case["input_shape"]), dtype=dtype)
    return summarize(nn.Sequential(*layers), [x])


class FirstCall:
    """Records the arguments of every module call, to find the snippet's call of `model`."""

    def __init__(self):
        self.calls = []

    def __enter__(self):
        self.handle = nn.modules.module.register_module_forward_pre_hook(self.pre)
        return self

    def __exit__(self, *exc):
        self.handle.remove()

    def pre(self, module, inputs):
        self.calls.append((module, inputs))


def run_snippet(text):
    sys.modules["torchinfo_stand_in"] = base.torchinfo_stand_in()
    scope = {"__name__": "__main__"}
    real = sys.modules["torchinfo"]
    sys.modules["torchinfo"] = sys.modules["torchinfo_stand_in"]
    try:
        with FirstCall() as calls, contextlib.redirect_stdout(io.StringIO()):
            exec(compile(text, "<snippet>", "exec"), scope)
    finally:
        sys.modules["torchinfo"] = real
    models = [v for v in scope.values() if isinstance(v, nn.Module)]
    model = scope.get("model")
    called = {id(m) for m, _ in calls.calls}
    if not isinstance(model, nn.Module) or id(model) not in called:
        # a pack's snippet may name its model otherwise (net, netG, features ...)
        model = next((m for m in models if id(m) in called), None)
    if model is None:
        return None
    inputs = next(args for m, args in calls.calls if m is model)
    return summarize(model, inputs)


def random_case(rng, index):
    """A random valid-looking Sequential; cases PyTorch rejects are dropped by the caller."""
    channels, size = rng.choice([1, 3, 8]), rng.choice([16, 24, 28, 32, 40])
    batch = rng.choice([1, 2, 4])
    layers = []
    kind = rng.choice(["conv", "conv", "conv", "linear", "rnn", "conv1d"])
    if kind == "linear":
        width = rng.choice([10, 32, 100])
        shape = [batch + 1, width]  # BatchNorm1d in training mode needs two examples
        for _ in range(rng.randint(1, 4)):
            out = rng.choice([8, 16, 64, 120])
            layers.append({"type": "Linear", "args": [width, out],
                           "bias": rng.random() < 0.8})
            if rng.random() < 0.4:
                layers.append({"type": "BatchNorm1d", "args": [out]})
            layers.append({"type": rng.choice(["ReLU", "Tanh", "Dropout"])})
            width = out
        return {"input_shape": shape, "layers": layers}
    if kind == "rnn":
        features, steps = rng.choice([4, 16, 50]), rng.choice([5, 12])
        cls = rng.choice(["RNN", "LSTM", "GRU"])
        layers.append({"type": cls, "args": [features, rng.choice([8, 32])],
                       "num_layers": rng.choice([1, 2]), "batch_first": True,
                       "bidirectional": rng.random() < 0.4, "bias": rng.random() < 0.8})
        return {"input_shape": [batch, steps, features], "layers": layers}
    if kind == "conv1d":
        length = rng.choice([50, 100])
        layers.append({"type": "Conv1d", "args": [channels, 16, rng.choice([3, 5])],
                       "stride": rng.choice([1, 2]), "padding": rng.choice([0, 1, 2])})
        layers.append({"type": "ReLU"})
        layers.append({"type": "MaxPool1d", "args": [2]})
        return {"input_shape": [batch, channels, length], "layers": layers}
    c = channels
    for _ in range(rng.randint(1, 4)):
        k = rng.choice([4, 8, 16, 32])
        f = rng.choice([1, 3, 5])
        groups = rng.choice([1, 1, 1, c]) if k % c == 0 else 1
        layers.append({"type": rng.choice(["Conv2d", "Conv2d", "ConvTranspose2d"]),
                       "args": [c, k, f], "stride": rng.choice([1, 1, 2]),
                       "padding": rng.choice([0, 1, 2]), "dilation": rng.choice([1, 1, 2]),
                       "groups": groups, "bias": rng.random() < 0.7})
        if rng.random() < 0.5:
            layers.append({"type": "BatchNorm2d", "args": [k], "affine": rng.random() < 0.7}
                          if rng.random() < 0.6 else
                          {"type": "GroupNorm", "args": [rng.choice([1, 2, 4]), k],
                           "affine": rng.random() < 0.7})
        layers.append({"type": rng.choice(["ReLU", "LeakyReLU", "PReLU"])})
        if rng.random() < 0.5:
            layers.append({"type": rng.choice(["MaxPool2d", "AvgPool2d"]), "args": [2]})
        c = k
    if rng.random() < 0.5:
        layers.append({"type": "AdaptiveAvgPool2d", "args": [1]})
        layers.append({"type": "Flatten"})
        layers.append({"type": "Linear", "args": [c, 10]})
    return {"input_shape": [batch, channels, size, size], "layers": layers}


def pack_snippets():
    for name in sorted(os.listdir(PACKS)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(PACKS, name), encoding="utf-8") as handle:
            pack = yaml.safe_load(handle)
        for exercise in pack.get("exercises", []):
            for where, block in (("", exercise), ("compare.", exercise.get("compare") or {})):
                if "pytorch" in block and "vary" not in exercise:
                    yield f"pack:{pack['id']}:{exercise['id']}{where and ':compare'}", block[
                        "pytorch"]


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    with open(base.CASES_PATH, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)["cases"]
    with open(base.OUT_PATH, encoding="utf-8") as handle:
        # torchinfo runs models in eval mode: a case PyTorch rejects in training mode (a new
        # module's, the learner's) is left out
        rejected = {k for k, v in json.load(handle)["cases"].items() if not v["ok"]}
    cases = [case for case in cases if case["id"] not in rejected]
    out = {}

    def add(case_id, kind, make, **extra):
        try:
            result = make()
        except Exception as error:  # a case PyTorch rejects has no sizes to compare
            print(f"{case_id:50} skipped: {type(error).__name__}: {str(error)[:60]}")
            return
        if result is None:
            print(f"{case_id:50} skipped: no model call")
            return
        out[case_id] = {"kind": kind, **extra, **result}
        print(f"{case_id:50} {result['total_mult_adds']:>14,} mult-adds")

    for case in cases:
        if "snippet" in case:
            add(case["id"], "snippet", lambda c=case: run_snippet(c["snippet"]))
        elif case.get("input_shape"):
            add(case["id"], "spec", lambda c=case: run_spec(c))
    for case_id, text in pack_snippets():
        add(case_id, "pack", lambda t=text: run_snippet(t), snippet=text)
    rng = random.Random(2026)
    for index in range(RANDOM_CASES):
        case = random_case(rng, index)
        add(f"random-{index:03}", "random", lambda c=case: run_spec(c), **case)
    meta = {"torch_version": torch.__version__, "torchinfo_version": torchinfo.__version__,
            "python": sys.version.split()[0], "cases": len(out)}
    with open(OUT_PATH, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "cases": out}, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
