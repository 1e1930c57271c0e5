"""Slips: deliberate changes to the calculation that model a learner's common mistakes.

The calculator honours them when asked (`Ctx.slips`); the answer checker's mistake catalogue
names them. Defining each slip once here, as a change to the calculation, means every layer and
every question gets the same diagnosis without per-question rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Slip(StrEnum):
    NO_BIAS = "no_bias"                    # left out the bias terms
    NO_INPUT_DEPTH = "no_input_depth"      # left out D_in (as if the input had one channel)
    KERNEL_NOT_SQUARED = "kernel_not_squared"  # F instead of F × F
    SWAP_PADDING = "swap_padding"          # valid where it was same, and the reverse
    FLOOR_NOT_CEIL = "floor_not_ceil"      # rounded down instead of up
    NO_STRIDE = "no_stride"                # ignored the stride
    NO_DILATION = "no_dilation"            # ignored the dilation rate
    FILTERS_KERNEL_SWAPPED = "filters_kernel_swapped"  # used F for K and K for F
    NO_GROUPS = "no_groups"                # ignored groups (every filter sees every channel)
    DENSE_NOT_FLATTENED = "dense_not_flattened"  # Dense on rank > 2 counted as if flattened
    NON_TRAINABLE_AS_TRAINABLE = "non_trainable_ignored"  # BatchNorm: only gamma and beta
    # sequence layers
    NO_RECURRENT_WEIGHTS = "no_recurrent_weights"  # RNN: left out the U × U recurrent weights
    NO_GATES = "no_gates"                  # LSTM/GRU: one gate's weights, not × 4 / × 3
    GRU_ONE_BIAS = "gru_one_bias"          # GRU reset_after=True: one bias per gate, not two
    ONE_DIRECTION = "one_direction"        # Bidirectional: counted one direction, not × 2
    LENGTH_AS_FEATURES = "length_as_features"  # used the sequence length T for the feature size
    # PyTorch
    NO_PADDING = "no_padding"              # left out the P zeros PyTorch adds on each side
    CEIL_NOT_FLOOR = "ceil_not_floor"      # rounded up where PyTorch rounds down (or the reverse
    #                                        with ceil_mode=True)
    CHANNELS_SWAPPED = "channels_swapped"  # in_channels and out_channels (features) swapped
    ONE_RNN_BIAS = "one_rnn_bias"          # one bias vector per gate, not b_ih and b_hh
    NO_BIDIRECTIONAL = "no_bidirectional"  # bidirectional=True: counted one direction
    BUFFERS_AS_PARAMS = "buffers_as_params"  # BatchNorm: running statistics counted as params
    PADDING_ADDED = "padding_added"        # padding kept from a 'same' layer where there is none
    # both frameworks
    EXTRA_BIAS = "extra_bias"              # a bias counted where use_bias=False / bias=False
    AS_PLAIN_CONV = "as_plain_conv"        # separable or depthwise counted as a plain convolution
    NO_DEPTH_MULTIPLIER = "no_depth_multiplier"  # depth_multiplier left out (as if M = 1)
    KERNEL_AXES_SWAPPED = "kernel_axes_swapped"  # F_h and F_w swapped (a non-square kernel)
    STATS_AS_TRAINABLE = "stats_as_trainable"  # BatchNorm: all four vectors counted trainable
    SHRINKING_FORMULA = "shrinking_formula"  # a transposed convolution with the conv formula
    FROZEN_IGNORED = "frozen_ignored"      # trainable=False ignored: a frozen layer counted trained
    DILATED_WEIGHTS = "dilated_weights"    # weights counted over a dilated kernel's whole span
    PER_STEP = "per_step"                  # TimeDistributed's shared weights counted per step
    NO_OUTPUT_PADDING = "no_output_padding"  # a transposed convolution's output_padding left out
    # the whole model (applied with a target layer only)
    MODEL_INPUT = "model_input"            # the layer computed on the model's input
    SKIPPED_PREVIOUS = "skipped_previous"  # the layer before it skipped (a pooling, say)


MODEL_SLIPS = frozenset({Slip.MODEL_INPUT, Slip.SKIPPED_PREVIOUS})
"""Slips in which layer's output a layer reads: `summarize` applies them to its target layer."""


@dataclass(frozen=True)
class Ctx:
    """How to compute. `slips` are deliberate mistakes (the `Slip`s above) that the answer
    checker asks for, to see which wrong answer a learner's slip would produce."""

    slips: frozenset[str] = frozenset()

    def slip(self, name: str) -> bool:
        return name in self.slips
