"""Bidirectional and TimeDistributed: layers that run another layer.

Bidirectional runs a recurrent layer forwards and a copy of it backwards over the sequence, so
it has twice the parameters; TimeDistributed runs one layer on each time step with the same
weights, so it has exactly the wrapped layer's parameters. The wrapped layer arrives as a
`Sublayer`, named already (Keras names it when it is created, before the wrapper).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tutor.calc.args import REQUIRED, Args
from tutor.calc.derivation import Step, shape_with, shapes_with
from tutor.calc.layers.base import Ctx, LayerOut, Sublayer, register
from tutor.calc.layers.recurrent import RECURRENT_TYPES
from tutor.calc.layers.shapes import shape_text, size_text
from tutor.calc.result import Shape
from tutor.calc.slips import Slip
from tutor.errors import LayerError

MERGE_MODES = ("sum", "mul", "ave", "concat", None)
MERGE_NOTES = {
    "sum": "merge_mode='sum' adds the two directions element by element: the width stays U",
    "mul": "merge_mode='mul' multiplies the two directions element by element: the width "
           "stays U",
    "ave": "merge_mode='ave' averages the two directions element by element: the width "
           "stays U",
}


def sublayer(args: Args, key: str, wrapper: str) -> Sublayer:
    value = args.raw(key)
    if not isinstance(value, Sublayer):
        raise args.error(f"{wrapper}'s `{key}` must be a layer such as LSTM(64), "
                         f"got {value!r}")
    return value


def run(inner: Sublayer, shape: Shape, ctx: Ctx, args: Args, where: str = "") -> LayerOut:
    """The wrapped layer's result; its errors are reported as the wrapper's, as Keras does."""
    try:
        return inner.compute(shape, ctx)
    except LayerError as error:
        raise args.error(f"the wrapped {inner.type}{where}: {error.message}") from error


def is_multi(shape: Shape | tuple[Shape, ...]) -> bool:
    return bool(shape) and isinstance(shape[0], tuple)


def relabel(steps: list[Step], prefix: str, *, final_key: str | None = None) -> list[Step]:
    """The wrapped layer's steps, labelled as part of the wrapper's derivation."""
    out = []
    for step in steps:
        key = final_key if final_key and step.key == "params" else step.key
        out.append(replace(step, key=key, label=f"{prefix}: {step.label}"))
    return out


# -- Bidirectional ------------------------------------------------------------------------

@register("Bidirectional", {"layer": REQUIRED, "merge_mode": "concat", "weights": None,
                            "backward_layer": None},
          positional=("layer", "merge_mode", "weights", "backward_layer"))
def bidirectional(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    forward = recurrent_sublayer(args, "layer")
    backward = None if args.raw("backward_layer") is None else recurrent_sublayer(
        args, "backward_layer")
    merge = args.raw("merge_mode")
    if merge not in MERGE_MODES:
        raise args.error(f"`merge_mode` must be one of 'sum', 'mul', 'ave', 'concat' or None, "
                         f"got {merge!r}")
    if backward is not None:
        check_directions(args, forward, backward)
    elif forward.args.raw("go_backwards") is True:
        # Keras makes the backward copy with go_backwards=True: both would run backwards
        raise args.error("the wrapped layer has go_backwards=True, and so has the backward "
                         "copy Bidirectional makes of it: both would run backwards (leave "
                         "go_backwards out; Bidirectional runs the copy backwards)")
    forward_out = run(forward, shape, ctx, args)
    backward_out = run(backward, shape, ctx, args) if backward else None
    output = merged_shape(forward_out.output_shape, merge, ctx)
    param_steps, total = direction_params(forward_out, backward_out, forward, backward, ctx)
    frozen = forward_out.non_trainable + (backward_out or forward_out).non_trainable
    if ctx.slip(Slip.ONE_DIRECTION):
        frozen = forward_out.non_trainable
    steps = [*merge_steps(forward_out, output, merge, ctx),
             *still_trainable(args, param_steps)]
    axes = {} if is_multi(output) else sequence_axes(output)
    return LayerOut(output, trainable=total - frozen, non_trainable=frozen, steps=steps,
                    axes=axes, symbols=dict(forward_out.symbols),
                    ignores_trainable=args.raw("trainable") is False)


def recurrent_sublayer(args: Args, key: str) -> Sublayer:
    inner = sublayer(args, key, "Bidirectional")
    if inner.type not in RECURRENT_TYPES:
        raise args.error(f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN); "
                         f"{inner.type} has no `go_backwards`, so Keras cannot make the "
                         "backward copy")
    return inner


def check_directions(args: Args, forward: Sublayer, backward: Sublayer) -> None:
    """Keras's `_verify_layer_config`: opposite directions, the same kind of output."""
    go_f, go_b = forward.args.raw("go_backwards"), backward.args.raw("go_backwards")
    if go_f == go_b:
        fix = ("give the backward layer go_backwards=True" if not go_f
               else "the forward layer needs go_backwards=False")
        raise args.error(f"the forward and backward layers must run in opposite directions: "
                         f"both have go_backwards={go_f} ({fix})")
    for key in ("stateful", "return_sequences", "return_state"):
        if forward.args.raw(key) != backward.args.raw(key):
            raise args.error(f"the forward and backward layers must have the same `{key}`, "
                             f"got {forward.args.raw(key)} and {backward.args.raw(key)}")


def merged_shape(shape: Shape | tuple[Shape, ...], merge: str | None, ctx: Ctx
                 ) -> Shape | tuple[Shape, ...]:
    """Keras's `compute_output_shape`: from the forward layer alone (concat doubles its
    width even when the backward layer has another size), states repeated for each side."""
    output, states = (shape[0], shape[1:]) if is_multi(shape) else (shape, ())
    if merge == "concat" and not ctx.slip(Slip.ONE_DIRECTION):
        output = (*output[:-1], 2 * output[-1])
    outputs = (output, output) if merge is None else (output,)
    if states:
        return (*outputs, *states, *states)
    return outputs if merge is None else output


def merge_steps(forward: LayerOut, output: Shape | tuple[Shape, ...], merge: str | None,
                ctx: Ctx) -> list[Step]:
    """The wrapper's output, from the forward layer's: its length steps as they are, its
    features and shapes as the merge makes them."""
    shape = forward.output_shape
    single = shape[0] if is_multi(shape) else shape
    units = single[-1]
    steps = [s for s in forward.steps if s.quantity not in ("params", "output_shape")
             and s.key != "depth"]
    doubled = merge == "concat" and not ctx.slip(Slip.ONE_DIRECTION)
    width, width_numbers = ("2 × U", f"2 × {units}") if doubled else ("U", str(units))
    if merge == "concat":
        steps.append(Step("depth", "depth", "output features (concat: forward and backward "
                          "outputs side by side)", width, width_numbers,
                          2 * units if doubled else units))
    elif merge is not None:
        steps.append(Step("depth", "depth", f"output features ({merge} of the two directions)",
                          "U", str(units), units, note=MERGE_NOTES[merge]))
    returns_sequences = len(single) == 3
    if merge is None or is_multi(output):
        steps.append(outputs_step(output, single, merge, width, width_numbers))
    elif not returns_sequences:
        before = next((s for s in forward.steps if s.key == "return_sequences"), None)
        if before is not None:
            into, numbers_into = before.formula.split(" → ")[0], before.substituted.split(
                " → ")[0]
            steps.append(replace(before, formula=f"{into} → (None, {width})",
                                 substituted=f"{numbers_into} → (None, {width_numbers})",
                                 value=output))
    return steps


def outputs_step(output: Shape | tuple[Shape, ...], single: Shape, merge: str | None,
                 width: str, width_numbers: str) -> Step:
    """Several tensors: merge_mode=None gives each direction's output, return_state=True adds
    each direction's final states."""
    outputs = output if is_multi(output) else (output,)
    count = 2 if merge is None else 1
    sequence = {1: "T"} if len(single) == 3 else {}
    parts: list[tuple[Shape, dict[int, str | tuple[str, str]]]] = []
    for index, shape in enumerate(outputs):
        if index < count:
            parts.append((shape, {**sequence, len(shape) - 1: (width, width_numbers)}))
        else:
            parts.append((shape, {1: "U"}))
    formula, numbers = shapes_with(parts)
    label = ("merge_mode=None: the two directions' outputs, separately" if merge is None
             else "return_state=True: the merged output, then each direction's final states")
    return Step("output_shape", "merge" if merge is None else "states", label, formula,
                numbers, output, note="several tensors: in a Sequential model no layer can "
                                      "follow")


def direction_params(forward: LayerOut, backward: LayerOut | None, f_layer: Sublayer,
                     b_layer: Sublayer | None, ctx: Ctx) -> tuple[list[Step], int]:
    p_f = forward.trainable + forward.non_trainable
    f_steps = [s for s in forward.steps if s.quantity == "params"]
    if backward is None or b_layer is None:
        total = p_f if ctx.slip(Slip.ONE_DIRECTION) else 2 * p_f
        steps = relabel(f_steps, f"one direction ({f_layer.type})", final_key="direction")
        steps.append(Step("params", "params", "parameters (a forward and a backward copy)",
                          f"2 × Params_{f_layer.type}", f"2 × {p_f}", total,
                          note="the backward copy has its own weights, as many as the forward "
                               "layer"))
        return steps, total
    p_b = backward.trainable + backward.non_trainable
    b_steps = [s for s in backward.steps if s.quantity == "params"]
    total = p_f if ctx.slip(Slip.ONE_DIRECTION) else p_f + p_b
    if backward.symbols.get("U") != forward.symbols.get("U"):  # U_b: the backward's own U
        b_steps = [replace(s, formula=re.sub(r"\bU\b", "U_b", s.formula)) for s in b_steps]
    steps = [*relabel(f_steps, f"forward ({f_layer.type})", final_key="forward"),
             *relabel(b_steps, f"backward ({b_layer.type})", final_key="backward"),
             Step("params", "params", "parameters (forward layer + backward layer)",
                  "Params_forward + Params_backward", f"{p_f} + {p_b}", total)]
    return steps, total


def still_trainable(args: Args, steps: list[Step]) -> list[Step]:
    """Keras sets trainable=False on the wrapper before it makes the inner layers, which stay
    trainable: the model still trains them and counts them as trainable. Say so at the end."""
    if args.raw("trainable") is not False or not steps or steps[-1].key != "params":
        return steps
    why = ("trainable=False given to the wrapper does not freeze the wrapped layer: Keras "
           "creates it afterwards, so the model still trains it (set trainable=False on the "
           "inner layer instead)")
    last = steps[-1]
    return [*steps[:-1], replace(last, note=f"{last.note}; {why}" if last.note else why)]


def sequence_axes(shape: Shape) -> dict[str, int]:
    if len(shape) == 3:
        return {"length": 1, "depth": 2, "units": 2}
    return {"depth": len(shape) - 1, "units": len(shape) - 1}


# -- TimeDistributed ----------------------------------------------------------------------

@register("TimeDistributed", {"layer": REQUIRED}, positional=("layer",))
def time_distributed(args: Args, shape: Shape, ctx: Ctx) -> LayerOut:
    inner = sublayer(args, "layer", "TimeDistributed")
    if len(shape) < 3:
        raise args.error(f"TimeDistributed needs an input of rank 3 or more (batch, time "
                         f"steps, ...), got shape {shape_text(shape)}")
    steps_count = shape[1]
    frame_in = (shape[0], *shape[2:])
    out = run(inner, frame_in, ctx, args,
              f" (given each step without the time axis, {shape_text(frame_in)})")
    if is_multi(out.output_shape):
        raise args.error(f"TimeDistributed needs a layer with one output; {inner.type} "
                         "gives several")
    frame = out.output_shape
    output = (frame[0], steps_count, *frame[1:])
    axes = {name: index + 1 for name, index in out.axes.items()}
    time_quantity = "time" if "length" in axes else "length"
    axes.setdefault("length", 1)
    time_step = Step(time_quantity, "time", "time steps (unchanged)", "T",
                     size_text(steps_count), steps_count,
                     note=f"TimeDistributed runs the same {inner.type} on each of the T steps")
    # The wrapped layer's own T (an LSTM's steps within each step) is another number: T_inner.
    inner_steps = [replace(s, formula=re.sub(r"\bT\b", "T_inner", s.formula))
                   for s in out.steps]
    steps = [time_step, *relabel([s for s in inner_steps if s.quantity != "params"],
                                 f"each step ({inner.type})")]
    if any(s.quantity == "output_shape" for s in inner_steps):
        axes_symbols: dict[int, str | tuple[str, str]] = {1: "T"}
        steps.append(Step("output_shape", "time_distributed", "output shape (the time axis "
                          "before each step's output)", *shape_with(output, axes_symbols),
                          output))
    steps += still_trainable(args, shared_params(
        LayerOut(out.output_shape, steps=inner_steps), inner))
    if ctx.slip(Slip.PER_STEP) and isinstance(steps_count, int):  # one copy per step
        out.trainable, out.non_trainable = (steps_count * out.trainable,
                                            steps_count * out.non_trainable)
    return LayerOut(output, trainable=out.trainable, non_trainable=out.non_trainable,
                    steps=steps, axes=axes, symbols=dict(out.symbols), buffers=out.buffers,
                    ignores_trainable=args.raw("trainable") is False)


def shared_params(out: LayerOut, inner: Sublayer) -> list[Step]:
    steps = [s for s in out.steps if s.quantity == "params"]
    if not steps:
        return [Step("params", "params", f"parameters ({inner.type} has no weights)", "0", "0",
                     0)]
    last = steps[-1]
    why = "one set of weights serves every time step: the count is not multiplied by T"
    note = f"{last.note}; {why}" if last.note else why
    return [*steps[:-1], replace(last, note=note)]
