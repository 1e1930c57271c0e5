"""Command-line answers against the interpreter's own start, same run.

Each figure is the median wall time of fresh processes, alternated with its baseline so both
see the same machine load:

- `tutor summary` of the lesson's snippet against `python -c pass` (target ≤ 3×), and against
  the same snippet run with real Keras when a Keras environment is given (`--keras-python`,
  e.g. /work/golden-venv/bin/python; target ≥ 60× faster);
- `tutor check` and `tutor show` of one lesson exercise against `python -c pass` (≤ 4×);
- with a generated pack of 2,000 exercises beside the built-in ones: `tutor show` of one of
  its exercises (target ≤ 0.3 s; loaded packs are cached, so it is timed after one run
  that fills the cache, as a learner's second command would be), and `tutor validate` of it
  against a bare CSafeLoader parse of the same file plus the calculator's own time for its
  models (target ≤ 1.3×), with no cache, so that it does all the work its baseline does.

    .venv/bin/python bench/bench_cli.py [--runs 7] [--keras-python PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LESSON = """\
from keras.models import Sequential
from keras.layers import Conv2D

model = Sequential()
model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                 input_shape=(128, 128, 3)))
model.summary()
"""

BIG_EXERCISE = """\
  - id: ex-{i}
    title: Exercise {i}
    prompt: A convolution on a {h} × {h} input.
    model:
      input_shape: [{h}, {h}, 3]
      layers:
        - {{type: Conv2D, filters: {k}, kernel_size: 3, strides: {s}, padding: same}}
        - MaxPooling2D
    questions:
      - {{quantity: params, layer: 1}}
      - {{quantity: output_shape}}
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def race(runs: int, env: dict[str, str], *commands: list[str]) -> list[float]:
    """Median times of the commands, run in turn `runs` times."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for slot, command in zip(times, commands, strict=True):
            slot.append(timed(command, env))
    return [statistics.median(slot) for slot in times]


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def big_pack(folder: Path, count: int = 2000) -> Path:
    path = folder / "big.yaml"
    head = ("id: big\ntitle: Big\ndescription: A generated pack.\nversion: '1.0'\n"
            "author: bench\nexercises:\n")
    body = "".join(BIG_EXERCISE.format(i=i, h=16 + i % 48, k=4 + i % 60, s=1 + i % 3)
                   for i in range(count))
    path.write_text(head + body, encoding="utf-8")
    return path


PARSE_AND_CALC = r"""
import sys, time, yaml
from tutor.calc import summarize
from tutor.models.spec import LayerSpec, ModelSpec
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
data = yaml.load(text, Loader=yaml.CSafeLoader)
parsed = time.perf_counter() - start
start = time.perf_counter()
for exercise in data["exercises"]:
    layers = tuple(LayerSpec(l["type"], {k: v for k, v in l.items() if k != "type"})
                   if isinstance(l, dict) else LayerSpec(l, {})
                   for l in exercise["model"]["layers"])
    summarize(ModelSpec(layers, tuple(exercise["model"]["input_shape"])))
print(parsed, time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keras-python", default=None,
                        help="a Python with Keras (any backend) to time the real summary")
    args = parser.parse_args()
    python = sys.executable
    tutor = [python, "-m", "tutor"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        snippet = folder / "lesson.py"
        snippet.write_text(LESSON, encoding="utf-8")
        env = {**os.environ, "TUTOR_DATA_DIR": str(folder / "data"),
               "TUTOR_PACKS_DIR": str(folder / "packs"), "KERAS_BACKEND": "torch",
               "TUTOR_CACHE_DIR": str(folder / "cache")}
        uncached = {**env, "TUTOR_CACHE_DIR": ""}
        base, summary = race(args.runs, env, [python, "-c", "pass"],
                             [*tutor, "summary", str(snippet)])
        print(f"python -c pass                       {base * 1000:8.1f} ms")
        print(f"tutor summary lesson.py              {summary * 1000:8.1f} ms  "
              f"{summary / base:5.2f}× pass  ({verdict(summary <= 3 * base)}: ≤ 3×)")
        if args.keras_python:
            real, = race(max(1, args.runs // 3), env, [args.keras_python, str(snippet)])
            print(f"real Keras, same snippet             {real * 1000:8.1f} ms  tutor is "
                  f"{real / summary:5.1f}× faster ({verdict(real >= 60 * summary)}: ≥ 60×)")
        base, check, show = race(
            args.runs, env, [python, "-c", "pass"],
            [*tutor, "check", "conv-dims", "lesson-questions", "896"],
            [*tutor, "show", "conv-dims", "lesson-questions"])
        print(f"tutor check conv-dims (one answer)   {check * 1000:8.1f} ms  "
              f"{check / base:5.2f}× pass  ({verdict(check <= 4 * base)}: ≤ 4×)")
        print(f"tutor show conv-dims (one exercise)  {show * 1000:8.1f} ms  "
              f"{show / base:5.2f}× pass  ({verdict(show <= 4 * base)}: ≤ 4×)")
        packs = folder / "packs"
        packs.mkdir()
        big = big_pack(packs)
        # `show` after its first run finds the pack in the cache; `validate` is timed without
        # it, so that it does all the work its baseline does
        timed([*tutor, "show", "big", "ex-1000"], env)  # the first run fills the cache
        show_big, = race(max(1, args.runs // 2), env, [*tutor, "show", "big", "ex-1000"])
        validate, = race(max(1, args.runs // 2), uncached, [*tutor, "validate", str(big)])
        out = subprocess.run([python, "-c", PARSE_AND_CALC, str(big)], env=env,
                             capture_output=True, text=True, check=True).stdout.split()
        parse, calc = float(out[0]), float(out[1])
        print(f"tutor show big ex-1000 (2,000 ex.)   {show_big * 1000:8.1f} ms  "
              f"({verdict(show_big <= 0.3)}: ≤ 300 ms)")
        print(f"tutor validate big.yaml              {validate * 1000:8.1f} ms  against "
              f"parse {parse * 1000:.0f} ms + calculator {calc * 1000:.0f} ms = "
              f"{(parse + calc) * 1000:.0f} ms: {validate / (parse + calc):4.2f}× "
              f"({verdict(validate <= 1.3 * (parse + calc))}: ≤ 1.3×)")


if __name__ == "__main__":
    main()
