"""How long the calculator takes per layer, derivations included.

Run: .venv/bin/python bench/bench_calc.py [--layers 10000]

Builds random single-layer models (Conv1D/2D/3D, transposed, depthwise, separable, pooling,
Dense, BatchNormalization, Flatten) from a fixed seed, computes each one's summary with its
derivation, and prints microseconds per layer. In the same run it times a baseline: the bare
Keras output-size and parameter arithmetic for the same layers, with no validation, naming or
derivation — the least any calculator could do. The ratio is the price of the explanations.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from tutor.calc import summarize
from tutor.errors import TutorError
from tutor.models.spec import LayerSpec, ModelSpec


def random_layer(rng: random.Random) -> ModelSpec:
    kind = rng.choice(["Conv2D", "Conv2D", "Conv1D", "Conv3D", "Conv2DTranspose",
                       "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "Dense",
                       "BatchNormalization", "Flatten"])
    rank = {"Conv1D": 1, "Conv3D": 3}.get(kind, 2)
    size = rng.randint(8, 128) if rank < 3 else rng.randint(4, 24)
    shape = (*([size] * rank), rng.choice([1, 3, 16, 64]))
    args: dict[str, object] = {}
    if kind in ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D"):
        args = {"filters": rng.choice([8, 16, 32, 64]), "kernel_size": rng.randint(1, 5),
                "strides": rng.randint(1, 3), "padding": rng.choice(["valid", "same"])}
    elif kind == "DepthwiseConv2D":
        args = {"kernel_size": rng.randint(1, 5), "depth_multiplier": rng.randint(1, 3)}
    elif kind == "MaxPooling2D":
        args = {"pool_size": rng.randint(2, 3), "padding": rng.choice(["valid", "same"])}
    elif kind == "Dense":
        args = {"units": rng.choice([10, 64, 128])}
        shape = (rng.randint(8, 512),)
    return ModelSpec((LayerSpec(kind, args),), shape)


def baseline(spec: ModelSpec) -> tuple[tuple[int | None, ...], int]:
    """The bare arithmetic: output sizes and a parameter count, nothing else."""
    layer, shape = spec.layers[0], spec.input_shape or ()
    args = layer.args
    if layer.type == "Dense":
        return (None, args["units"]), shape[-1] * args["units"] + args["units"]
    if layer.type == "Flatten":
        return (None, math.prod(shape)), 0
    if layer.type == "BatchNormalization":
        return (None, *shape), 4 * shape[-1]
    k = args.get("kernel_size", args.get("pool_size", 1))
    s = args.get("strides", 1)
    same = args.get("padding") == "same"
    sizes = tuple(math.ceil(d / s) if same else math.ceil((d - k + 1) / s) for d in shape[:-1])
    filters = args.get("filters", shape[-1] * args.get("depth_multiplier", 1))
    params = k ** len(sizes) * shape[-1] * filters + filters
    return (None, *sizes, filters), params


def timed(fn, specs: list[ModelSpec]) -> tuple[float, int]:
    start = time.perf_counter()
    done = 0
    for spec in specs:
        try:
            fn(spec)
            done += 1
        except (TutorError, ZeroDivisionError):
            pass
    return time.perf_counter() - start, done


def full(spec: ModelSpec) -> None:
    """A summary with its derivation, read as a front end would read it."""
    for layer in summarize(spec).layers:
        for step in layer.steps:
            _ = (step.formula, step.substituted, step.value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    rng = random.Random(2026)
    specs = [random_layer(rng) for _ in range(options.layers)]

    ours = min(timed(full, specs)[0] for _ in range(options.repeat))
    bare = min(timed(baseline, specs)[0] for _ in range(options.repeat))
    computed = timed(summarize, specs)[1]
    n = len(specs)
    print(f"layers: {n} ({computed} computed, {n - computed} rejected as Keras would)")
    print(f"calculator with derivations: {ours * 1e6 / n:8.1f} µs per layer "
          f"({ours * 1000:.0f} ms for all)")
    print(f"baseline, bare arithmetic:   {bare * 1e6 / n:8.1f} µs per layer "
          f"({bare * 1000:.0f} ms for all)")
    print(f"ratio: {ours / bare:.1f}× the bare arithmetic")


if __name__ == "__main__":
    main()
