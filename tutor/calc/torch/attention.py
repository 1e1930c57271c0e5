"""nn.MultiheadAttention: query, key and value projections, one output projection.

With kdim = vdim = E (the default) PyTorch keeps the three input projections in one
in_proj_weight (3E × E) and in_proj_bias (3E); out_proj is a Linear(E, E):

    3E × E + 3E + E × E + E = 4E² + 4E

The heads split E between them (E / heads each): they change no count.
"""

from __future__ import annotations

from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import Ctx, LayerOut
from tutor.calc.slips import Slip
from tutor.calc.torch.args import FACTORY
from tutor.calc.torch.common import shape_text
from tutor.calc.torch.registry import TorchCtx, TorchOut, register

MHA_ORDER = ("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn",
             "kdim", "vdim", "batch_first", "device", "dtype")
MHA_DEFAULTS = {"embed_dim": REQUIRED, "num_heads": REQUIRED, "dropout": 0.0, "bias": True,
                "add_bias_kv": False, "add_zero_attn": False, "kdim": None, "vdim": None,
                "batch_first": False, **FACTORY}


def mha_params(args: Args, ctx: Ctx) -> tuple[int, list[Step], tuple[int, int, int]]:
    e, heads = args.int("embed_dim", minimum=None), args.int("num_heads", minimum=None)
    if e <= 0 or heads <= 0:
        raise args.error(f"embed_dim and num_heads must be greater than 0, got embed_dim={e} "
                         f"and num_heads={heads} instead")
    if e % heads:
        raise args.error(f"embed_dim must be divisible by num_heads ({e} is not divisible by "
                         f"{heads})")
    kdim = e if args.raw("kdim") is None else args.int("kdim")
    vdim = e if args.raw("vdim") is None else args.int("vdim")
    bias = (args.bool("bias") or ctx.slip(Slip.EXTRA_BIAS)) and not ctx.slip(Slip.NO_BIAS)
    steps: list[Step] = []
    if kdim == vdim == e:
        weights = 3 * e * e
        steps.append(Step("params", "weights", "in_proj_weight (query, key and value "
                          "projections)", "3 × E × E", f"3 × {e} × {e}", weights,
                          note=f"{heads} heads of E / heads = {e // heads} each: the heads "
                               "share out E, they add no weights"))
    else:
        weights = e * e + e * kdim + e * vdim
        steps.append(Step("params", "weights", "q_proj, k_proj and v_proj weights",
                          "E × E + E × kdim + E × vdim", f"{e} × {e} + {e} × {kdim} + {e} × "
                          f"{vdim}", weights))
    in_bias = 3 * e if bias else 0
    if args.bool("bias"):
        steps.append(Step("params", "bias", "in_proj_bias", "3 × E", f"3 × {e}", in_bias))
    out = e * e + (e if bias else 0)
    steps.append(Step("params", "out_proj", "out_proj (a Linear(E, E))",
                      "E × E + E" if args.bool("bias") else "E × E",
                      f"{e} × {e} + {e}" if args.bool("bias") else f"{e} × {e}", out))
    kv = 2 * e if args.bool("add_bias_kv") else 0
    if kv:
        steps.append(Step("params", "bias_kv", "bias_k and bias_v (add_bias_kv=True)", "2 × E",
                          f"2 × {e}", kv))
    total = weights + in_bias + out + kv
    formula = " + ".join(s.formula for s in steps)
    steps.append(Step("params", "params", "parameters", formula,
                      " + ".join(s.substituted for s in steps), total))
    return total, steps, (e, kdim, vdim)


@register("MultiheadAttention", MHA_DEFAULTS, positional=MHA_ORDER)
def multihead_attention(args: Args, shape: Any, ctx: Ctx) -> LayerOut:
    params, steps, (e, kdim, vdim) = mha_params(args, ctx)
    call = ctx.call_args if isinstance(ctx, TorchCtx) else {}
    need_weights = call.get("need_weights", True)
    depth = Step("depth", "depth", "output features (embed_dim)", "E", str(e), e)
    if shape is None:
        return TorchOut(None, trainable=params, steps=[depth, *steps], outputs=[None])
    inputs = ctx.inputs if isinstance(ctx, TorchCtx) and ctx.inputs else (shape,)
    query = inputs[0]
    key = inputs[1] if len(inputs) > 1 else query
    value = inputs[2] if len(inputs) > 2 else key
    for tensor, size, name in ((query, e, "query"), (key, kdim, "key"), (value, vdim, "value")):
        check_tensor(args, tensor, query, size, name)
    if key[:-1] != value[:-1]:
        raise args.error(f"key shape {shape_text(key)} does not match value shape "
                         f"{shape_text(value)}")
    batch_first = args.bool("batch_first")
    batched = len(query) == 3
    length_axis = 1 if batched and batch_first else 0
    output = (*query[:-1], e)
    extra = int(args.bool("add_bias_kv")) + int(args.bool("add_zero_attn"))
    source = key[length_axis] + extra if key[length_axis] is not None else None
    weights = attention_weights(query, length_axis, source, batched, batch_first,
                                args.int("num_heads"), call)
    length = Step("length", "length", "output length (one output per query position)", "T",
                  str(query[length_axis]), query[length_axis],
                  note="batch_first=True: (N, L, E)" if batched and batch_first else
                  "batch_first=False: (L, N, E)" if batched else None)
    return TorchOut(output, trainable=params, steps=[length, depth, *steps],
                    axes={"length": length_axis, "depth": len(output) - 1},
                    outputs=[weights if need_weights else None], symbols={"E": e})


def check_tensor(args: Args, tensor: Any, query: Any, size: int, name: str) -> None:
    if len(query) not in (2, 3):
        raise args.error(f"query should be unbatched 2D or batched 3D tensor but received "
                         f"{len(query)}-D query tensor")
    if len(tensor) != len(query):
        raise args.error(f"For {'batched (3-D)' if len(query) == 3 else 'unbatched (2-D)'} "
                         f"`query`, expected `key` and `value` to be {len(query)}-D, got "
                         f"{name} {shape_text(tensor)}")
    if tensor[-1] is not None and tensor[-1] != size:
        raise args.error(f"was expecting embedding dimension of {size} for the {name}, but got "
                         f"{tensor[-1]}: {shape_text(tensor)}")


def attention_weights(query: Any, length_axis: int, source: int | None, batched: bool,
                      batch_first: bool, heads: int, call: Any) -> Any:
    """The second output: (N, L, S) averaged over the heads, (N, heads, L, S) if not."""
    length = query[length_axis]
    if not batched:
        return (length, source) if call.get("average_attn_weights", True) else (
            heads, length, source)
    batch = query[0] if batch_first else query[1]
    if call.get("average_attn_weights", True):
        return (batch, length, source)
    return (batch, heads, length, source)
