#!/usr/bin/env python
"""Generate golden reference data from REAL Keras 3 (torch backend).

This script is NOT part of the tutor package and is never imported by the
tests: it only needs to run when the case list (keras_cases.yaml) changes.
Keras, torch and PyYAML live in a separate virtualenv outside the repo.

How to reproduce (versions used for the committed keras_golden.json:
Python 3.11, keras 3.15.1, torch 2.13.0+cpu, PyYAML 6.0.x, numpy 2.4.x):

    python3 -m venv /work/golden-venv
    /work/golden-venv/bin/pip install torch==2.13.0   # CPU wheel
    /work/golden-venv/bin/pip install keras pyyaml    # latest Keras 3.x
    cd <repo root>
    KERAS_BACKEND=torch /work/golden-venv/bin/python tests/golden/make_keras_golden.py

Inputs / outputs (paths relative to this file):
    keras_cases.yaml  -> keras_golden.json

Two kinds of cases:

* Spec cases (``input_shape`` + ``layers``).  Each layer is a mapping with
  ``type`` (a class in ``keras.layers``), optional ``name`` and otherwise the
  layer's keyword arguments exactly as Keras names them.  YAML lists become
  tuples (recursively).  A mapping that itself has a ``type`` key (e.g. the
  ``layer`` / ``backward_layer`` of Bidirectional or TimeDistributed) becomes a
  layer instance.  Optional ``args`` (a list) gives leading positional args.
  Each case is built twice, each time after ``keras.backend.clear_session()``
  (so automatic names start fresh: conv2d, conv2d_1, ...):
    1. layer by layer: ``x = keras.Input(shape); x = layer_i(x)`` creating and
       calling one layer at a time; the first layer whose construction or call
       raises gives ``failed_layer_index`` (index into the case's ``layers``);
    2. if that worked, exactly as a learner would:
       ``keras.Sequential([keras.Input(shape=...), *layers])`` with freshly
       created layers; the reported layers/params come from this model.  If
       only this step fails (Sequential's own checks, e.g. duplicate layer
       names), ``failed_layer_index`` is found by rebuilding growing prefixes
       of the layer list.

* Snippet cases (``snippet``): Python text as a learner pastes it; it must
  leave a variable ``model``.  These are OUR OWN test data and are executed only
  here, inside the golden venv.  TensorFlow is not installed, so before
  executing, import lines in tf.keras style are rewritten (the YAML keeps the
  learner's text verbatim):
      from tensorflow.keras.X import Y   ->  from keras.X import Y
      from tensorflow.keras import Y     ->  from keras import Y
      from tensorflow import keras       ->  import keras
      import tensorflow.keras as K       ->  import keras as K
      import tensorflow as tf            ->  tf = <shim>  (tf.keras is keras,
                                              tf.nn.relu etc. are the
                                              keras.activations functions)
      any other "tensorflow.keras" / "tf.keras" text stays valid through the
      shim / the rewrites above.
  ``failed_layer_index`` is always null for snippets; instead
  ``failed_snippet_line`` (1-based line in the snippet text) tells which line
  raised.  A snippet whose model was never built (no input shape anywhere)
  is reported as a failure with the ValueError that ``model.count_params()``
  raises.

Output (keras_golden.json): ``{"meta": {...}, "cases": {id: record}}``, keys
sorted, indent 1.  Records:

    ok:   {"id", "ok": true, "keras_version",
           "layers": [{"name", "type", "output_shape", "params", "trainable",
                       "non_trainable"}],
           "total_params", "trainable_params", "non_trainable_params",
           "warnings"}
    fail: {"id", "ok": false, "keras_version", "error_type", "message",
           "core_message", "failed_layer_index", "warnings",
           ["layers"  (spec cases: the layers built before the failing one),]
           ["failed_snippet_line" (snippet cases)]}

``output_shape`` includes the batch axis (null for None); a layer with several
outputs (e.g. Bidirectional merge_mode=None) gets a list of shapes.
``message`` is str(exception) with ANSI colour codes removed, cut to 500
characters.  When Keras wrapped the error ("Exception encountered when calling
X.call(). ... Arguments received by ..."), ``core_message`` is the inner
explanation only; otherwise it equals the (uncut) message.
The script re-executes itself with PYTHONHASHSEED=0 so that set-valued parts of
Keras messages ({'valid', 'same'}) always print in the same order.
``warnings`` lists the distinct warning texts Python warnings emitted while
building (e.g. the input_shape / input_length deprecation notes), sorted.
For snippets, ``model.layers`` is reported as Keras lists it (a functional
keras.Model includes its InputLayer, a Sequential does not). A functional model's
record also has ``summary_rows``: the rows ``model.summary()`` prints (its
operations, ``a + b`` on tensors included, with their "Connected to" inputs as
``layer[node][tensor]``), and ``connected_column``: whether the table has that
column (the graph is not a chain).
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

os.environ.setdefault("KERAS_BACKEND", "torch")

# Some Keras messages print Python sets ({'valid', 'same'}), whose order
# depends on string hashing: pin PYTHONHASHSEED so the JSON is reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import keras
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_PATH = os.path.join(HERE, "keras_cases.yaml")
OUT_PATH = os.path.join(HERE, "keras_golden.json")
MESSAGE_LIMIT = 500

ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
WRAPPED_RE = re.compile(r"\x1b\[1m(.*?)\x1b\[0m", re.S)
ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def to_tuples(value):
    """YAML lists -> tuples (recursively); nested layer specs -> layers."""
    if isinstance(value, list):
        return tuple(to_tuples(v) for v in value)
    if isinstance(value, dict):
        if "type" in value:
            return make_layer(value)
        return {k: to_tuples(v) for k, v in value.items()}
    return value


def make_layer(spec):
    spec = dict(spec)
    cls = getattr(keras.layers, spec.pop("type"))
    args = [to_tuples(a) for a in spec.pop("args", [])]
    kwargs = {k: to_tuples(v) for k, v in spec.items()}
    return cls(*args, **kwargs)


def shape_of(tensor_or_list):
    if isinstance(tensor_or_list, (list, tuple)):
        return [shape_of(t) for t in tensor_or_list]
    return [None if d is None else int(d) for d in tensor_or_list.shape]


def weights_size(weights):
    return int(sum(math.prod(int(d) for d in w.shape) for w in weights))


def layer_record(layer, output=None):
    try:
        out = output if output is not None else layer.output
        output_shape = shape_of(out)
    except Exception:  # layer never called / several nodes
        output_shape = None
    try:
        params = int(layer.count_params())
    except Exception:  # not built
        params = None
    return {
        "name": layer.name,
        "type": type(layer).__name__,
        "output_shape": output_shape,
        "params": params,
        "trainable": weights_size(layer.trainable_weights),
        "non_trainable": weights_size(layer.non_trainable_weights),
    }


def clean(text):
    return ADDRESS_RE.sub(" at 0x…", ANSI_RE.sub("", text))


def error_record(case_id, exc):
    raw = str(exc)
    wrapped = WRAPPED_RE.search(raw)
    core = wrapped.group(1) if wrapped else raw
    return {
        "id": case_id,
        "ok": False,
        "keras_version": keras.__version__,
        "error_type": type(exc).__name__,
        "message": clean(raw)[:MESSAGE_LIMIT],
        "core_message": clean(core).strip(),
        "failed_layer_index": None,
    }


def summary_rows(model):
    """The rows `model.summary()` prints for a functional model (`model._operations`: its
    InputLayers and the keras.ops operations `a + b` makes included), each with the shape
    of the layer's last call and its "Connected to" inputs as `layer[node][tensor]`; and
    whether the printed table has that column (Keras's `sequential_like` is False)."""
    relevant = [n for nodes in model._nodes_by_depth.values() for n in nodes]
    rows = []
    for op in model._operations:
        node = op._inbound_nodes[-1]
        shapes = shape_of(node.outputs)
        connected = []
        for n in op._inbound_nodes:
            if n not in relevant:
                continue
            for kt in n.input_tensors:
                history = kt._keras_history
                connected.append(f"{history.operation.name}[{history.node_index}]"
                                 f"[{history.tensor_index}]")
        built = isinstance(op, keras.layers.Layer) and op.built
        rows.append({
            "name": op.name, "type": type(op).__name__,
            "output_shape": shapes[0] if len(shapes) == 1 else shapes,
            "params": int(op.count_params()) if built else 0,
            "connected_to": connected,
        })
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text))
    return rows, "Connected to" in "".join(lines)


def model_record(case_id, model):
    layers = [layer_record(layer) for layer in model.layers]
    extra = {}
    if isinstance(model, keras.Model) and type(model).__name__ == "Functional":
        extra["summary_rows"], extra["connected_column"] = summary_rows(model)
    return {
        **extra,
        "id": case_id,
        "ok": True,
        "keras_version": keras.__version__,
        "layers": layers,
        "total_params": int(model.count_params()),
        "trainable_params": weights_size(model.trainable_weights),
        "non_trainable_params": weights_size(model.non_trainable_weights),
    }


def warning_texts(caught):
    return sorted({clean(str(w.message)) for w in caught})


def reset():
    keras.backend.clear_session()


# --------------------------------------------------------------------------
# spec cases
# --------------------------------------------------------------------------
def input_shape_of(case):
    return tuple(case["input_shape"])


def run_spec(case):
    case_id = case["id"]
    specs = case["layers"]

    # Pass 1: layer by layer, to find the failing layer.
    reset()
    built = []
    try:
        x = keras.Input(shape=input_shape_of(case))
    except Exception as exc:
        rec = error_record(case_id, exc)
        rec["layers"] = []
        return rec
    for i, spec in enumerate(specs):
        try:
            layer = make_layer(spec)
            x = layer(x)
        except Exception as exc:
            rec = error_record(case_id, exc)
            rec["failed_layer_index"] = i
            rec["layers"] = built
            return rec
        built.append(layer_record(layer, x))

    # Pass 2: the learner's way, keras.Sequential([keras.Input(...), *layers]).
    reset()
    try:
        layers = [make_layer(spec) for spec in specs]
        model = keras.Sequential([keras.Input(shape=input_shape_of(case)), *layers])
        if not model.built:
            model.count_params()  # raises the "isn't built" ValueError
        rec = model_record(case_id, model)
    except Exception as exc:
        # Sequential itself rejected what the layers accepted one by one (e.g.
        # duplicate layer names): find the first prefix of the layer list that
        # Sequential rejects, rebuilding from scratch each time.
        rec = error_record(case_id, exc)
        rec["failed_layer_index"] = sequential_failing_index(case)
        rec["layers"] = []
        return rec
    if [r["output_shape"] for r in rec["layers"]] != [r["output_shape"] for r in built]:
        print(f"[{case_id}] shapes differ between the two builds", file=sys.stderr)
    return rec


def sequential_failing_index(case):
    for k in range(1, len(case["layers"]) + 1):
        reset()
        try:
            layers = [make_layer(spec) for spec in case["layers"][:k]]
            keras.Sequential([keras.Input(shape=input_shape_of(case)), *layers])
        except Exception:
            return k - 1
    return None


# --------------------------------------------------------------------------
# snippet cases
# --------------------------------------------------------------------------
def tf_shim():
    acts = keras.activations
    nn = types.SimpleNamespace(
        relu=acts.relu, relu6=acts.relu6, sigmoid=acts.sigmoid, tanh=acts.tanh,
        softmax=acts.softmax, elu=acts.elu, selu=acts.selu, gelu=acts.gelu,
        softplus=acts.softplus, swish=acts.silu, silu=acts.silu,
        leaky_relu=acts.leaky_relu,
    )
    return types.SimpleNamespace(keras=keras, nn=nn, __version__="shim")


REWRITES = [
    (re.compile(r"^(\s*)from\s+tensorflow\.keras(\.[\w.]+)?\s+import\b", re.M),
     lambda m: f"{m.group(1)}from keras{m.group(2) or ''} import"),
    (re.compile(r"^(\s*)from\s+tensorflow\s+import\s+keras\b", re.M),
     lambda m: f"{m.group(1)}import keras"),
    (re.compile(r"^(\s*)import\s+tensorflow\.keras(\.[\w.]+)?\s+as\b", re.M),
     lambda m: f"{m.group(1)}import keras{m.group(2) or ''} as"),
    (re.compile(r"^(\s*)import\s+tensorflow\s+as\s+(\w+)\s*$", re.M),
     lambda m: f"{m.group(1)}{m.group(2)} = __tf_shim__"),
    (re.compile(r"^(\s*)import\s+tensorflow\s*$", re.M),
     lambda m: f"{m.group(1)}tensorflow = __tf_shim__"),
]


def rewrite_snippet(text):
    for pattern, repl in REWRITES:
        text = pattern.sub(repl, text)
    return text


def run_snippet(case):
    case_id = case["id"]
    filename = f"<snippet {case_id}>"
    reset()
    namespace = {"__name__": "__snippet__", "__tf_shim__": tf_shim()}
    try:
        code = compile(rewrite_snippet(case["snippet"]), filename, "exec")
        with contextlib.redirect_stdout(io.StringIO()):  # model.summary() etc.
            exec(code, namespace)
        model = namespace["model"]
        if not model.built:
            model.count_params()  # raises the "isn't built" ValueError
        return model_record(case_id, model)
    except Exception as exc:
        rec = error_record(case_id, exc)
        line = None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename == filename:
                line = lineno
        if line is None and isinstance(exc, SyntaxError) and exc.filename == filename:
            line = exc.lineno
        rec["failed_snippet_line"] = line
        return rec


# --------------------------------------------------------------------------
def run_case(case):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = run_snippet(case) if "snippet" in case else run_spec(case)
    rec["warnings"] = warning_texts(caught)
    return rec


def main():
    with open(CASES_PATH, encoding="utf-8") as f:
        cases = yaml.safe_load(f)["cases"]
    ids = [c["id"] for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        sys.exit(f"duplicate case ids: {dupes}")
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    if bad:
        sys.exit(f"case ids must be kebab-case: {bad}")

    # `make_keras_golden.py --new`: run only the cases the JSON does not have yet, keeping
    # the others as they are (a full run takes minutes on a busy machine).
    results = {}
    if "--new" in sys.argv[1:] and os.path.exists(OUT_PATH):
        with open(OUT_PATH, encoding="utf-8") as f:
            old = json.load(f)["cases"]
        results = {c["id"]: old[c["id"]] for c in cases if c["id"] in old}
    for case in cases:
        if case["id"] in results:
            continue
        try:
            results[case["id"]] = run_case(case)
        except Exception as exc:  # never let one case abort the run
            rec = error_record(case["id"], exc)
            rec["warnings"] = []
            results[case["id"]] = rec
    try:
        import torch
        torch_version = torch.__version__
    except Exception:
        torch_version = None
    out = {
        "meta": {
            "generator": "tests/golden/make_keras_golden.py",
            "cases_file": "tests/golden/keras_cases.yaml",
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "torch_version": torch_version,
            "python_version": "{}.{}".format(*sys.version_info[:2]),
            "case_count": len(results),
            "ok_count": sum(r["ok"] for r in results.values()),
        },
        "cases": {c["id"]: results[c["id"]] for c in cases},
    }
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    n_ok = out["meta"]["ok_count"]
    print(f"wrote {OUT_PATH}: {len(results)} cases, {n_ok} ok, "
          f"{len(results) - n_ok} rejected (keras {keras.__version__}, "
          f"backend {keras.backend.backend()})")


if __name__ == "__main__":
    main()
