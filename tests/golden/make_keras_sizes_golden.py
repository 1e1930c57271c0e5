#!/usr/bin/env python
"""Generate golden parameter sizes from REAL Keras 3 (torch backend): the bytes Keras's
`model.summary()` prints beside its totals, `Total params: 80 (320.00 B)`.

Not part of the tutor package, never imported by the tests; it runs in the environment of
make_keras_golden.py:

    cd <repo root>
    KERAS_BACKEND=torch /work/golden-venv/bin/python tests/golden/make_keras_sizes_golden.py

Models: every spec case of keras_cases.yaml that builds, plus DTYPE_CASES (layers given a
`dtype=`), built as make_keras_golden.py builds them. Output (keras_sizes_golden.json):
{"meta", "cases": {id: {"layers"?, "input_shape"?, "total_bytes", "trainable_bytes",
"non_trainable_bytes", "lines": [the three lines Keras prints]}}}.
"""

import contextlib
import io
import json
import os
import re
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import keras  # noqa: E402
import make_keras_golden as base  # noqa: E402
from keras.src.utils import summary_utils  # noqa: E402

OUT_PATH = os.path.join(HERE, "keras_sizes_golden.json")
ANSI = re.compile(r"\x1b\[[0-9;]*m")

DTYPE_CASES = [
    {"id": f"dtype-{dtype}-{kind}", "input_shape": shape, "layers": layers}
    for dtype in ("float16", "bfloat16", "float64", "mixed_float16", "float32")
    for kind, shape, layers in (
        ("dense", [20], [{"type": "Dense", "units": 8, "dtype": dtype}]),
        ("conv", [16, 16, 3], [{"type": "Conv2D", "filters": 4, "kernel_size": 3,
                                 "dtype": dtype}]),
        ("bn", [16, 16, 3], [{"type": "Conv2D", "filters": 4, "kernel_size": 3,
                               "dtype": dtype},
                              {"type": "BatchNormalization", "dtype": dtype}]),
        ("mixed", [20], [{"type": "Dense", "units": 8, "dtype": dtype},
                         {"type": "Dense", "units": 2}]),
    )
]


def sizes(model):
    total = summary_utils.weight_memory_size(model.weights)
    trainable = summary_utils.weight_memory_size(model.trainable_weights)
    non_trainable = summary_utils.weight_memory_size(model.non_trainable_weights)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary(line_length=120)
    lines = [ANSI.sub("", line).strip() for line in out.getvalue().splitlines()
             if "params:" in line]
    return {"total_bytes": total, "trainable_bytes": trainable,
            "non_trainable_bytes": non_trainable, "lines": lines}


def build(case):
    base.reset()
    layers = [base.make_layer(spec) for spec in case["layers"]]
    return keras.Sequential([keras.Input(shape=tuple(case["input_shape"])), *layers])


def main():
    warnings.simplefilter("ignore")
    import yaml

    with open(base.CASES_PATH, encoding="utf-8") as handle:
        cases = [c for c in yaml.safe_load(handle)["cases"] if "layers" in c]
    out = {}
    for case in [*cases, *DTYPE_CASES]:
        try:
            model = build(case)
            record = sizes(model)
        except Exception as error:  # a case Keras rejects has no sizes
            print(f"{case['id']:50} skipped: {type(error).__name__}")
            continue
        if case in DTYPE_CASES:
            record.update(input_shape=case["input_shape"], layers=case["layers"])
        out[case["id"]] = record
        print(f"{case['id']:50} {record['lines'][0] if record['lines'] else ''}")
    meta = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "cases": len(out)}
    with open(OUT_PATH, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "cases": out}, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
