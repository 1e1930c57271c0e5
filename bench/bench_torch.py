"""How long the calculator takes per PyTorch layer, beside Keras's, in the same run.

Run: .venv/bin/python bench/bench_torch.py [--layers 10000] [--repeat 5]

Builds random single-layer models from a fixed seed — for Keras the mix bench_calc.py uses
(Conv1D/2D/3D, transposed, depthwise, separable, pooling, Dense, BatchNormalization, Flatten),
for PyTorch the same kinds of layer (Conv1d/2d/3d, ConvTranspose2d, depthwise Conv2d with
groups, MaxPool2d, Linear, BatchNorm2d, Flatten) — computes each one's summary with its
derivation, and prints microseconds per layer for both. It then times reading and computing
whole PyTorch snippets (LeNet-5, the CIFAR-10 tutorial's net, a DCGAN generator, an LSTM text
classifier: the snippet reader traces `forward`, then the calculator runs every call).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from tutor.calc import summarize
from tutor.models.spec import LayerSpec, ModelSpec

sys.path.insert(0, str(Path(__file__).parent))
from bench_calc import full, timed
from bench_calc import random_layer as random_keras_layer

ROOT = Path(__file__).resolve().parents[1]


def random_torch_layer(rng: random.Random) -> ModelSpec:
    kind = rng.choice(["Conv2d", "Conv2d", "Conv1d", "Conv3d", "ConvTranspose2d", "Depthwise",
                       "Conv2d", "MaxPool2d", "Linear", "BatchNorm2d", "Flatten"])
    rank = {"Conv1d": 1, "Conv3d": 3}.get(kind, 2)
    size = rng.randint(8, 128) if rank < 3 else rng.randint(4, 24)
    channels = rng.choice([1, 3, 16, 64])
    shape: tuple[int, ...] = (channels, *([size] * rank))
    positional: tuple[int, ...] = ()
    args: dict[str, object] = {}
    if kind in ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d"):
        positional = (channels, rng.choice([8, 16, 32, 64]), rng.randint(1, 5))
        args = {"stride": rng.randint(1, 3), "padding": rng.randint(0, 2)}
    elif kind == "Depthwise":
        kind, positional = "Conv2d", (channels, channels * rng.randint(1, 3), rng.randint(1, 5))
        args = {"groups": channels, "padding": 1}
    elif kind == "MaxPool2d":
        positional = (rng.randint(2, 3),)
        args = {"padding": rng.randint(0, 1)}
    elif kind == "BatchNorm2d":
        positional = (channels,)
    elif kind == "Linear":
        features = rng.randint(8, 512)
        positional, shape = (features, rng.choice([10, 64, 128])), (features,)
    return ModelSpec((LayerSpec(kind, args, positional=positional),), shape, "pytorch",
                     batch_size=rng.choice([1, 2, 32]))


def classics() -> dict[str, str]:
    """The PyTorch classics pack's snippets, by exercise id."""
    import yaml

    pack = yaml.safe_load((ROOT / "exercises" / "pytorch-classics.yaml").read_text())
    return {e["id"]: e["pytorch"] for e in pack["exercises"] if "pytorch" in e}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    rng = random.Random(2026)
    keras = [random_keras_layer(rng) for _ in range(options.layers)]
    torch = [random_torch_layer(rng) for _ in range(options.layers)]
    n = options.layers
    for name, specs in (("Keras", keras), ("PyTorch", torch)):
        best = min(timed(full, specs)[0] for _ in range(options.repeat))
        computed = timed(summarize, specs)[1]
        print(f"{name + ':':9} {best * 1e6 / n:7.1f} µs per layer with derivations "
              f"({best * 1000:.0f} ms for {n}; {computed} computed, {n - computed} rejected "
              "as the framework would)")
    from tutor.models.torch_snippet import spec_from_torch_snippet

    print("PyTorch snippets, read (forward traced) and computed:")
    for key, text in classics().items():
        runs = []
        for _ in range(options.repeat):
            start = time.perf_counter()
            summary = summarize(spec_from_torch_snippet(text))
            runs.append(time.perf_counter() - start)
        print(f"  {key:18} {min(runs) * 1000:6.2f} ms ({len(summary.calls)} calls, "
              f"{len(summary.layers)} rows)")


if __name__ == "__main__":
    main()
