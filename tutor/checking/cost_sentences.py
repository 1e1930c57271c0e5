"""What to say about a slip in counting a layer's cost or reach. Like every sentence, each
quotes the learner's number and the formula, never the expected value."""

from __future__ import annotations

from tutor.calc.derivation import fmt
from tutor.checking.sentences import Seen


def flops(seen: Seen) -> str:
    return (f"{fmt(seen.value)} counts a multiply and an add as two operations (FLOPs). "
            "Mult-adds (MACs) count each multiply-add once.")


def no_positions(seen: Seen) -> str:
    where = "N × H_out × W_out" if seen.torch else "H_out × W_out"
    return (f"{fmt(seen.value)} is the layer's parameter count Params: each parameter is used "
            f"once at every output position, so the mult-adds are {where} × Params.")


def one_example(seen: Seen) -> str:
    return (f"{fmt(seen.value)} is the count for one example: torchinfo counts the whole "
            "batch, N × ... .")


def numbers_not_bytes(seen: Seen) -> str:
    return (f"{fmt(seen.value)} is the number of values, not bytes: each float32 value takes "
            "B = 4 bytes.")


def half_precision(seen: Seen) -> str:
    return (f"{fmt(seen.value)} would be right for 16-bit numbers (2 bytes each); these are "
            "float32, 4 bytes each.")


def bits(seen: Seen) -> str:
    return f"{fmt(seen.value)} is in bits: the question asks for bytes (8 bits each)."


def no_jump(seen: Seen) -> str:
    return (f"{fmt(seen.value)} adds F − 1 for every layer as if neighbouring outputs were one "
            "input pixel apart. After a stride or a pooling they are j pixels apart: "
            "r = r_in + (F − 1) × j_in.")


def no_dilation(seen: Seen) -> str:
    return (f"{fmt(seen.value)} leaves out the dilation: a dilated kernel spans D × (F − 1) + 1 "
            "pixels, so r = r_in + D × (F − 1) × j_in.")
