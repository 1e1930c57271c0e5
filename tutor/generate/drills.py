"""Drills without end: packs of random valid layers, by kind, framework and level.

Each drill is a template with `vary` ranges, so the pack engine draws the numbers, skips the
combinations the calculator rejects (a kernel larger than its input is never shown) and gives
a fresh variant on every new attempt. Levels follow the lessons: 1 the lesson's Conv2D with
square kernels; 2 strides, padding, rectangular kernels, pooling chains, dense layers; 3
dilation, groups, transposed, depthwise and separable convolutions, recurrent layers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from tutor.calc.frameworks import framework as framework_record

LEVELS = (1, 2, 3)
FRAMEWORKS = ("keras", "pytorch")


@dataclass(frozen=True)
class Drill:
    """One kind of exercise: which layer it drills, from which level, in which framework."""

    kind: str
    level: int
    framework: str
    title: str
    prompt: str
    vary: dict[str, Any]
    model: str  # a snippet with $NAMEs
    questions: tuple[dict[str, Any], ...]


KERAS_HEAD = "from keras.models import Sequential\nfrom keras.layers import {layers}\n\n"
TORCH_HEAD = "import torch\nfrom torch import nn\n\n"

SIZES = {"from": 8, "to": 64}
CHANNELS = [1, 3, 8, 16, 32, 64]
FILTERS = [4, 8, 16, 32, 64, 128]


def keras(layers: str, body: str) -> str:
    return KERAS_HEAD.format(layers=layers) + "model = Sequential()\n" + body


def torch(body: str, shape: str) -> str:
    return TORCH_HEAD + f"model = nn.Sequential({body})\nout = model(torch.randn({shape}))\n"


SHAPE = {"quantity": "output_shape", "hints": ["Work out each axis of the output with the "
                                                "layer's own formula."]}
PARAMS = {"quantity": "params", "hints": ["Count the weights, then the biases."]}

DRILLS: tuple[Drill, ...] = (
    # -- level 1: the lesson ------------------------------------------------------------
    Drill("conv2d", 1, "keras", "Conv2D: shape and parameters",
          "A `Conv2D` with {K} filters of {F} × {F}, padding '{P}', on a {H} × {H} × {D} input.",
          {"K": FILTERS, "F": [1, 2, 3, 5], "P": ["valid", "same"], "H": SIZES,
           "D": CHANNELS},
          keras("Conv2D", "model.add(Conv2D($K, $F, padding=$P, input_shape=($H, $H, $D)))\n"),
          (SHAPE, PARAMS)),
    Drill("conv2d", 1, "pytorch", "nn.Conv2d: shape and parameters",
          "`nn.Conv2d({D}, {K}, {F}, padding={P})` on a {H} × {H} image.",
          {"K": FILTERS, "F": [1, 3, 5], "P": [0, 1, 2], "H": SIZES, "D": CHANNELS},
          torch("nn.Conv2d($D, $K, $F, padding=$P)", "1, $D, $H, $H"), (SHAPE, PARAMS)),
    Drill("dense", 1, "keras", "Dense: parameters",
          "A `Dense({U})` layer on {N} inputs.",
          {"U": [1, 10, 32, 64, 100, 128], "N": [4, 20, 64, 100, 784]},
          keras("Dense", "model.add(Dense($U, input_shape=($N,)))\n"), (PARAMS,)),
    Drill("dense", 1, "pytorch", "nn.Linear: parameters",
          "`nn.Linear({N}, {U})`.",
          {"U": [1, 10, 32, 64, 100, 128], "N": [4, 20, 64, 100, 784]},
          torch("nn.Linear($N, $U)", "1, $N"), (PARAMS,)),
    # -- level 2: strides, padding, rectangles, pooling -----------------------------------
    Drill("conv2d", 2, "keras", "Conv2D with a stride",
          "`Conv2D({K}, {F}, strides={S}, padding='{P}')` on a {H} × {W} × {D} input.",
          {"K": FILTERS, "F": [2, 3, 5, 7], "S": [1, 2, 3], "P": ["valid", "same"],
           "H": SIZES, "W": SIZES, "D": CHANNELS},
          keras("Conv2D",
                "model.add(Conv2D($K, $F, strides=$S, padding=$P, input_shape=($H, $W, $D)))\n"),
          (SHAPE, PARAMS)),
    Drill("conv2d", 2, "keras", "A rectangular kernel",
          "`Conv2D({K}, kernel_size=({FH}, {FW}), strides=({SH}, {SW}))` on {H} × {W} × {D}.",
          {"K": FILTERS, "FH": [1, 3, 5], "FW": [1, 3, 7], "SH": [1, 2], "SW": [1, 2, 3],
           "H": SIZES, "W": SIZES, "D": CHANNELS},
          keras("Conv2D", "model.add(Conv2D($K, kernel_size=($FH, $FW), strides=($SH, $SW), "
                          "input_shape=($H, $W, $D)))\n"),
          (SHAPE, PARAMS)),
    Drill("conv2d", 2, "pytorch", "nn.Conv2d with stride and padding",
          "`nn.Conv2d({D}, {K}, {F}, stride={S}, padding={P})` on a {H} × {W} image.",
          {"K": FILTERS, "F": [2, 3, 5, 7], "S": [1, 2, 3], "P": [0, 1, 2, 3], "H": SIZES,
           "W": SIZES, "D": CHANNELS},
          torch("nn.Conv2d($D, $K, $F, stride=$S, padding=$P)", "2, $D, $H, $W"),
          (SHAPE, PARAMS)),
    Drill("pooling", 2, "keras", "Convolution, then pooling",
          "`Conv2D({K}, 3, padding='same')`, then `MaxPooling2D({Q})`, on {H} × {H} × {D}.",
          {"K": FILTERS, "Q": [2, 3], "H": SIZES, "D": CHANNELS},
          keras("Conv2D, MaxPooling2D",
                "model.add(Conv2D($K, 3, padding='same', input_shape=($H, $H, $D)))\n"
                "model.add(MaxPooling2D($Q))\n"),
          ({**SHAPE, "layer": 2},)),
    Drill("pooling", 2, "pytorch", "nn.MaxPool2d after a convolution",
          "`nn.Conv2d({D}, {K}, 3)` then `nn.MaxPool2d({Q})` on {H} × {H}.",
          {"K": FILTERS, "Q": [2, 3], "H": SIZES, "D": CHANNELS},
          torch("nn.Conv2d($D, $K, 3), nn.ReLU(), nn.MaxPool2d($Q)", "1, $D, $H, $H"),
          ({**SHAPE, "layer": 3},)),
    Drill("dense", 2, "keras", "Flatten, then Dense",
          "A {H} × {H} × {D} feature map is flattened into a `Dense({U})` layer.",
          {"H": [2, 3, 4, 5, 7, 8], "D": [8, 16, 32, 64], "U": [10, 64, 128]},
          keras("Flatten, Dense", "model.add(Flatten(input_shape=($H, $H, $D)))\n"
                                  "model.add(Dense($U))\n"),
          ({**PARAMS, "layer": 2},)),
    # -- level 3: dilation, groups, transposed, depthwise, separable, recurrent ---------
    Drill("conv2d", 3, "keras", "A dilated convolution",
          "`Conv2D({K}, {F}, dilation_rate={R})` on {H} × {H} × {D}.",
          {"K": FILTERS, "F": [2, 3, 5], "R": [2, 3, 4], "H": SIZES, "D": CHANNELS},
          keras("Conv2D", "model.add(Conv2D($K, $F, dilation_rate=$R, "
                          "input_shape=($H, $H, $D)))\n"),
          (SHAPE, PARAMS)),
    Drill("conv2d", 3, "pytorch", "Groups and dilation",
          "`nn.Conv2d({C}, {K}, 3, groups={G}, dilation={R})` on {H} × {H}.",
          {"C": [8, 16, 32], "K": [8, 16, 32, 64], "G": [1, 2, 4, 8], "R": [1, 2],
           "H": SIZES},
          torch("nn.Conv2d($C, $K, 3, groups=$G, dilation=$R)", "1, $C, $H, $H"),
          (SHAPE, PARAMS)),
    Drill("transposed", 3, "keras", "A transposed convolution",
          "`Conv2DTranspose({K}, {F}, strides={S}, padding='{P}')` on {H} × {H} × {D}.",
          {"K": FILTERS, "F": [2, 3, 4, 5], "S": [1, 2, 3], "P": ["valid", "same"],
           "H": [4, 5, 7, 8, 14, 16], "D": CHANNELS},
          keras("Conv2DTranspose", "model.add(Conv2DTranspose($K, $F, strides=$S, padding=$P, "
                                   "input_shape=($H, $H, $D)))\n"),
          (SHAPE, PARAMS)),
    Drill("transposed", 3, "pytorch", "nn.ConvTranspose2d",
          "`nn.ConvTranspose2d({D}, {K}, {F}, stride={S}, padding={P})` on {H} × {H}.",
          {"K": FILTERS, "F": [2, 3, 4], "S": [1, 2], "P": [0, 1], "H": [4, 7, 8, 14],
           "D": CHANNELS},
          torch("nn.ConvTranspose2d($D, $K, $F, stride=$S, padding=$P)", "1, $D, $H, $H"),
          (SHAPE, PARAMS)),
    Drill("depthwise", 3, "keras", "Depthwise and separable",
          "`SeparableConv2D({K}, {F}, depth_multiplier={M})` on {H} × {H} × {D}.",
          {"K": FILTERS, "F": [3, 5], "M": [1, 2], "H": SIZES, "D": [3, 8, 16, 32]},
          keras("SeparableConv2D", "model.add(SeparableConv2D($K, $F, depth_multiplier=$M, "
                                   "input_shape=($H, $H, $D)))\n"),
          (PARAMS, SHAPE)),
    Drill("depthwise", 3, "keras", "A depthwise convolution",
          "`DepthwiseConv2D({F}, depth_multiplier={M})` on {H} × {H} × {D}.",
          {"F": [3, 5], "M": [1, 2, 4], "H": SIZES, "D": [3, 8, 16, 32]},
          keras("DepthwiseConv2D", "model.add(DepthwiseConv2D($F, depth_multiplier=$M, "
                                   "input_shape=($H, $H, $D)))\n"),
          (PARAMS, SHAPE)),
    Drill("lstm", 3, "keras", "An LSTM",
          "`LSTM({U}, return_sequences={R})` on sequences of {T} steps of {N} features.",
          {"U": [8, 16, 32, 64, 128], "R": [True, False], "T": [5, 10, 50], "N": [1, 8, 32]},
          keras("LSTM", "model.add(LSTM($U, return_sequences=$R, input_shape=($T, $N)))\n"),
          (PARAMS, SHAPE)),
    Drill("lstm", 3, "pytorch", "nn.LSTM",
          "`nn.LSTM({N}, {U}, num_layers={L}, batch_first=True)` on {T} steps.",
          {"U": [8, 16, 32, 64], "L": [1, 2], "T": [5, 10, 50], "N": [1, 8, 32]},
          TORCH_HEAD + "class Model(nn.Module):\n    def __init__(self):\n"
          "        super().__init__()\n"
          "        self.lstm = nn.LSTM($N, $U, num_layers=$L, batch_first=True)\n\n"
          "    def forward(self, x):\n        out, _ = self.lstm(x)\n        return out\n\n\n"
          "model = Model()\nout = model(torch.randn(4, $T, $N))\n",
          ({**PARAMS, "layer": "lstm"}, {**SHAPE, "layer": "lstm"})),
    Drill("gru", 3, "keras", "A GRU",
          "`GRU({U})` on sequences of {T} steps of {N} features.",
          {"U": [8, 16, 32, 64], "T": [5, 10, 50], "N": [1, 8, 32]},
          keras("GRU", "model.add(GRU($U, input_shape=($T, $N)))\n"), (PARAMS,)),
)

KINDS = tuple(sorted({d.kind for d in DRILLS}))

# Which drills exercise the step a catalogued slip is about (see tutor.checking.mistakes):
# a learner who keeps making a slip gets more of the layers where it changes the answer.
SLIP_KINDS: dict[str, tuple[str, ...]] = {
    "forgot-bias": ("conv2d", "dense"), "extra-bias": ("conv2d", "dense"),
    "forgot-input-depth": ("conv2d", "depthwise"), "kernel-not-squared": ("conv2d",),
    "filters-kernel-swapped": ("conv2d",), "kernel-axes-swapped": ("conv2d",),
    "padding-swapped": ("conv2d", "pooling"), "forgot-padding": ("conv2d", "pooling"),
    "floor-not-ceil": ("conv2d", "pooling"), "ceil-not-floor": ("pooling",),
    "padding-added": ("conv2d",), "ignored-stride": ("conv2d", "pooling", "transposed"),
    "forgot-dilation": ("conv2d",), "ignored-groups": ("conv2d",),
    "channels-swapped": ("conv2d", "transposed"), "shrinking-formula": ("transposed",),
    "as-plain-conv": ("depthwise",), "forgot-depth-multiplier": ("depthwise",),
    "dense-flattened": ("dense",), "forgot-recurrent-weights": ("lstm", "gru"),
    "forgot-gates": ("lstm", "gru"), "gru-one-bias": ("gru",),
    "forgot-second-bias": ("lstm",), "forgot-bidirectional": ("lstm",),
    "length-as-features": ("lstm", "gru"),
}


def focus_kinds(slips: list[str], top: int = 3) -> set[str]:
    """The drill kinds that exercise the learner's most frequent slips (most frequent first
    in `slips`)."""
    kinds: set[str] = set()
    for slip in slips[:top]:
        for part in slip.split("+"):
            kinds.update(SLIP_KINDS.get(part, ()))
    return kinds


def choose(kind: str | None, framework: str, level: int) -> list[Drill]:
    """The drills of a kind (all kinds when None) for a framework, up to a level (a learner at
    level 3 still meets level-1 drills, less often)."""
    return [d for d in DRILLS if d.framework == framework and d.level <= level
            and (kind is None or d.kind == kind)]


def drill_pack(kind: str | None = None, framework: str = "keras", level: int = 1,
               count: int = 12, seed: int = 0, focus: set[str] | None = None
               ) -> dict[str, Any]:
    """A pack of `count` drills, chosen and ordered by `seed` (the same seed, the same pack);
    the drills of the level asked come twice as often as easier ones, and drills of a kind
    in `focus` (the learner's frequent slips, see `focus_kinds`) three times as often."""
    drills = choose(kind, framework, level)
    if not drills:
        return {}
    rng = random.Random(f"{kind}/{framework}/{level}/{seed}/{sorted(focus or ())}")
    weights = [(2 if d.level == level else 1) * (3 if focus and d.kind in focus else 1)
               for d in drills]
    picked = [rng.choices(drills, weights)[0] for _ in range(count)]
    name = framework_record(framework).name
    return {
        "id": f"drill-{kind or 'mixed'}-{framework}-{level}",
        "title": f"Drill: {kind or 'mixed layers'} ({name}, level {level})",
        "description": "Random valid layers with fresh numbers at every attempt: F5 gives "
                       "another variant, for as long as you like.",
        "version": "1.0",
        "author": "tutor (generated)",
        "tags": ["drill", "generated", framework],
        "exercises": [exercise(d, index) for index, d in enumerate(picked)],
    }


def exercise(drill: Drill, index: int) -> dict[str, Any]:
    return {"id": f"drill-{index + 1}", "title": drill.title, "prompt": drill.prompt,
            "vary": drill.vary, drill.framework: drill.model,
            "questions": [dict(q) for q in drill.questions]}
