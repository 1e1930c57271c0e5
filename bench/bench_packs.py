"""Benchmark: load and validate a 10,000-exercise pack, against a bare PyYAML load.

    .venv/bin/python bench/bench_packs.py [--exercises 10000] [--runs 3]

Generates a pack in a temporary folder (Conv2D / pooling / Dense stacks with random sizes,
hints, `expect`s and some `vary` exercises), then times, best of N runs, in the same process:

  ours  tutor.packs.load_file: read, compose once, build the pack from the nodes with every
        check, and compute every model with the calculator (validation included)
  bare  yaml.load(text, Loader=yaml.CSafeLoader): just the data, no checks

and prints both and the ratio. The generated pack is bigger than the 2 MB a pack may be, so
the size limit is raised for this run only.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from tutor.packs import load_file
from tutor.packs.safeyaml import gc_paused

HEADER = """\
# yaml-language-server: $schema=./schema.json
id: bench
title: Generated benchmark pack
description: Many exercises, to time loading and validation.
version: "1.0"
author: bench
exercises:
"""


def conv_exercise(rng: random.Random, index: int) -> str:
    size, depth = rng.choice([28, 32, 64, 100, 128, 224]), rng.choice([1, 3, 16])
    filters, kernel = rng.choice([8, 16, 32, 64]), rng.choice([1, 2, 3, 5])
    stride, padding = rng.choice([1, 2]), rng.choice(["same", "valid"])
    params = filters * kernel * kernel * depth + filters
    return f"""\
  - id: conv-{index}
    title: Convolution {index}
    prompt: |
      A `Conv2D` layer with {filters} filters of size {kernel} × {kernel}, stride {stride} and
      '{padding}' padding reads a {size} × {size} × {depth} input.
    model:
      input_shape: [{size}, {size}, {depth}]
      layers:
        - {{type: Conv2D, filters: {filters}, kernel_size: {kernel}, strides: {stride},
           padding: {padding}}}
        - {{type: MaxPooling2D, pool_size: 2}}
        - Flatten
        - {{type: Dense, units: 10}}
    questions:
      - id: params
        text: How many parameters does the convolutional layer have?
        quantity: params
        layer: 1
        expect: {params}
        hints:
          - "K × F × F × D_in + K"
          - "Don't forget the biases."
      - quantity: output_shape
        layer: 2
      - quantity: total_params
"""


def varied_exercise(index: int) -> str:
    return f"""\
  - id: drill-{index}
    title: Drill {index}
    prompt: "Kernel {{F}}, stride {{S}}, on {{H}} × {{H}}."
    vary:
      H: {{from: 20, to: 64}}
      F: [2, 3, 5]
      S: [1, 2, 3]
    model:
      input_shape: [$H, $H, 3]
      layers:
        - {{type: Conv2D, filters: 8, kernel_size: $F, strides: $S}}
    questions:
      - quantity: height
        hints: ["ceil((H_in − F + 1) / S)"]
"""


def generate(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts = [HEADER]
    for index in range(count):
        parts.append(varied_exercise(index) if index % 10 == 9 else conv_exercise(rng, index))
    return "".join(parts)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        path.write_text(generate(args.exercises), encoding="utf-8")
        size = path.stat().st_size
        result = load_file(path, max_bytes=size + 1)
        if result.problems or result.pack is None or len(result.pack) != args.exercises:
            print("the generated pack does not validate:", *result.problems[:5], sep="\n")
            return 1

        def ours() -> object:
            return load_file(path, max_bytes=size + 1)

        def bare() -> object:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def bare_paused() -> object:
            with gc_paused():
                return bare()

        ours_time = best_of(args.runs, ours)
        bare_time = best_of(args.runs, bare)
        paused_time = best_of(args.runs, bare_paused)
    print(f"pack: {args.exercises:,} exercises, {size / 1e6:.1f} MB "
          f"(Python {sys.version.split()[0]}, PyYAML {yaml.__version__}, "
          f"libyaml {'yes' if yaml.__with_libyaml__ else 'no'})")
    print(f"tutor load + validate : {ours_time:7.3f} s  (best of {args.runs})")
    print(f"bare yaml.load (C)    : {bare_time:7.3f} s  (best of {args.runs})")
    print(f"ratio                 : {ours_time / bare_time:7.2f}")
    # Most of a bare load's time is the garbage collector scanning the new objects over and
    # over; the loader pauses it while it builds. For comparison, the same bare load with the
    # collector paused as well:
    print(f"bare yaml.load, gc paused: {paused_time:7.3f} s  "
          f"(ratio {ours_time / paused_time:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
