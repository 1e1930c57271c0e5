"""What feedback says about a mistake: one sentence per mistake, worded from the layer itself.

A sentence reads the layer's own derivation (its weights-per-filter formula, its bias step, its
merge mode, its padding as written or by default) so that a Conv1D hears F × D_in and a
rectangular kernel F_h × F_w × D_in. A sentence may quote the learner's number, the layer's
arguments and formulas, but never the expected value or the whole right shape: the learner may
want to try again before revealing the derivation.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.calc.derivation import Step, fmt
from tutor.calc.result import LayerResult
from tutor.models.spec import LayerSpec

Value = int | tuple[int | None, ...]


@dataclass(frozen=True)
class Seen:
    """What a sentence may speak of: the layer asked about, the quantity asked, the learner's
    value, the layer before it (for "you skipped ...") and a detail the search found (the axis
    the learner's number is, say)."""

    layer: LayerResult | None
    quantity: str = ""
    value: Value | None = None
    before: LayerResult | None = None
    detail: str = ""

    @property
    def torch(self) -> bool:
        return self.layer is not None and self.layer.framework == "pytorch"


# Keras's argument names as PyTorch spells them, and the symbol a derivation gives them (an
# argument given by position is known only from there).
TORCH_ARGS = {"strides": ("stride", "S"), "dilation_rate": ("dilation", "R"),
              "groups": ("groups", "G"), "padding": ("padding", "P")}


def arg(seen: Seen, key: str, default: object) -> object:
    layer = seen.layer
    if layer is None or layer.spec is None:
        return default
    if layer.framework == "pytorch" and key in TORCH_ARGS:
        name, symbol = TORCH_ARGS[key]
        return layer.spec.args.get(name, layer.symbols.get(symbol, default))
    return layer.spec.args.get(key, default)


def written(seen: Seen, key: str) -> bool:
    """Whether the author wrote this argument on the layer (or on the layer it wraps)."""
    layer = seen.layer
    if layer is None or layer.spec is None:
        return False
    names = {key, TORCH_ARGS[key][0]} if key in TORCH_ARGS else {key}
    inner = wrapped(layer)
    return any(n in layer.spec.args or (inner is not None and n in inner.args) for n in names)


def name(seen: Seen, key: str) -> str:
    """An argument's name in the layer's framework: strides, or PyTorch's stride."""
    return TORCH_ARGS[key][0] if seen.torch and key in TORCH_ARGS else key


def wrapped(layer: LayerResult | None) -> LayerSpec | None:
    """The layer a wrapper holds (Bidirectional(LSTM) → the LSTM's spec), or None."""
    if layer is None or layer.spec is None:
        return None
    spec = layer.spec
    inner = spec.args.get("layer", spec.positional[0] if spec.positional else None)
    return inner if isinstance(inner, LayerSpec) else None


def recurrent_type(layer: LayerResult | None) -> str:
    inner = wrapped(layer)
    if inner is not None:
        return str(inner.type)
    return layer.type if layer is not None else ""


def step(seen: Seen, key: str) -> Step | None:
    if seen.layer is None:
        return None
    return next((s for s in seen.layer.steps if s.key == key), None)


def symbol(seen: Seen, sym: str, default: object) -> object:
    """A symbol's value in this layer's derivation (S is the pool size when strides were not
    written), else the default."""
    if seen.layer is None:
        return default
    symbols = seen.layer.symbols
    if sym in symbols:
        return symbols[sym]
    sized = sorted({v for k, v in symbols.items() if k.startswith(f"{sym}_") and
                    k[len(sym) + 1:].isalpha() and len(k) <= len(sym) + 3})
    return ", ".join(map(str, sized)) if sized else default


# -- parameters -------------------------------------------------------------------------------

def bias(seen: Seen) -> str:
    """Names what was left out, from the layer's own bias step (K for a convolution, 4 × U
    for an LSTM...): "the biases (one per filter): K"."""
    found = step(seen, "bias")
    if found is None or not found.value:
        return ("It looks like you left out the bias terms: every filter (or unit) adds one "
                "bias to its weights.")
    return (f"It looks like you left out the bias terms, the {found.label}: "
            f"{found.formula} = {found.substituted}.")


def extra_bias(seen: Seen) -> str:
    flag = "bias=False" if seen.torch else "use_bias=False"
    return (f"It looks like you counted biases, but this layer has {flag}: it adds no bias, "
            "so its parameters are its weights alone.")


def per_filter_formula(seen: Seen) -> str:
    found = step(seen, "weights_per_filter") or step(seen, "weights") or step(seen, "depthwise")
    if found is None:
        return "F × F × D_in"
    return found.formula


def input_depth(seen: Seen) -> str:
    if seen.layer is not None and seen.layer.type == "Flatten":
        return ("It looks like you left out the depth: Flatten keeps every value, so it "
                "multiplies all the non-batch axes, the channels too.")
    depth = "C_in" if seen.torch else "D_in"
    what = "input channels" if seen.torch else "input depth"
    return (f"It looks like you left out the {what} {depth}: each filter spans all the "
            f"channels of its input, so its weights are {per_filter_formula(seen)}.")


def kernel_area(seen: Seen) -> str:
    formula = per_filter_formula(seen)
    parts = [p for p in formula.replace("(", "").replace(")", "").split(" × ")
             if p.startswith("F")]
    area = " × ".join(parts) if len(parts) > 1 else "F × F"
    return (f"It looks like you used {area.split(' × ')[0]} where the kernel's area {area} "
            f"belongs: the filter has {area} weights per input channel.")


def filters_kernel(seen: Seen) -> str:
    if seen.torch:
        return ("It looks like you swapped out_channels and kernel_size: C_out is the number "
                "of output channels, F the kernel's size.")
    return ("It looks like you swapped K and F: K is the number of filters, F the kernel's "
            "height and width.")


def groups(seen: Seen) -> str:
    depth = "C_in" if seen.torch else "D_in"
    count = arg(seen, "groups", "G")
    text = (f"It looks like you ignored groups={count}: each filter sees only {depth} / G "
            "input channels")
    symbols = seen.layer.symbols if seen.layer else {}
    if count == symbols.get(depth) and isinstance(count, int) and count > 1:
        return (f"{text}. With groups = {depth} this is a depthwise convolution, one kernel "
                "per input channel, not an ordinary one that mixes every channel.")
    return f"{text}."


def plain_conv(seen: Seen) -> str:
    kind = seen.layer.type if seen.layer else "this layer"
    if "Separable" in kind:
        return (f"It looks like you counted {kind} as an ordinary convolution (K × F × F × "
                "D_in): it is a depthwise step, one F × F kernel per input channel (× M), "
                "then a 1 × 1 pointwise step that mixes the channels into K filters, so "
                "F × F × D_in × M + D_in × M × K weights.")
    return (f"It looks like you counted {kind} as an ordinary convolution that mixes every "
            "input channel: a depthwise convolution gives each input channel its own kernels "
            "(M of them), so its weights are F × F × D_in × M, and its depth is D_in × M.")


def depth_multiplier(seen: Seen) -> str:
    m = arg(seen, "depth_multiplier", "M")
    return (f"It looks like you forgot depth_multiplier={m}: each input channel gets M = {m} "
            "kernels, so multiply the depthwise part (and the channels it makes) by M.")


def batchnorm_stats(_: Seen) -> str:
    return ("It looks like you counted only gamma and beta: BatchNormalization also keeps a "
            "moving mean and a moving variance per channel, and Keras counts them (as "
            "non-trainable) in the total.")


def stats_trainable(_: Seen) -> str:
    return ("It looks like you counted all four vectors as trainable: only gamma and beta are "
            "trained by gradients; the moving mean and variance are non-trainable (Keras "
            "still counts them in the total).")


def frozen(seen: Seen) -> str:
    what = "trainable" if seen.quantity != "non_trainable_params" else "non-trainable"
    return ("It looks like you counted the frozen layers as trainable: a layer with "
            "trainable=False keeps its weights fixed, so all its parameters move to the "
            f"non-trainable count. Add up the {what} parameters again, layer by layer.")


def buffers(_: Seen) -> str:
    return ("It looks like you counted running_mean and running_var as parameters: they are "
            "buffers, saved with the model but not trained by gradients, and "
            "model.parameters() leaves them out. The parameters are weight and bias, 2 × C_in.")


def dense_flattened(_: Seen) -> str:
    return ("It looks like you counted every input value as a Dense input: on an input of "
            "rank > 2, Dense connects only the last axis, position by position.")


def channels_swapped(_: Seen) -> str:
    return ("It looks like you swapped the input and the output: PyTorch takes in_channels "
            "(in_features) first and out_channels (out_features) second, and there is one "
            "bias per output.")


# -- recurrent layers -------------------------------------------------------------------------

GATES = {"LSTM": "× 4: an LSTM has four gates (input, forget, cell and output)",
         "GRU": "× 3: a GRU has three gates (update, reset and candidate)"}


def gates(seen: Seen) -> str:
    kind = recurrent_type(seen.layer)
    text = GATES["GRU" if kind == "GRU" else "LSTM"]
    return (f"It looks like you counted the weights of one gate only. Multiply by the gates, "
            f"{text}, each with its own input weights, recurrent weights and biases.")


def recurrent_weights(_: Seen) -> str:
    return ("It looks like you left out the recurrent weights: at every step each gate also "
            "reads the previous step's output, so it has U × U recurrent weights besides its "
            "N_in × U input weights.")


def gru_bias(_: Seen) -> str:
    return ("It looks like you counted one bias per unit per gate: with reset_after=True "
            "(Keras 3's default) a GRU has two, one for the input and one for the recurrent "
            "part, so 2 × U per gate.")


def merge_mode(seen: Seen) -> str:
    layer = seen.layer
    if layer is None or layer.spec is None:
        return "concat"
    spec = layer.spec
    mode = spec.args.get("merge_mode", spec.positional[1] if len(spec.positional) > 1
                         else "concat")
    return "None" if mode is None else str(mode)


def one_direction(seen: Seen) -> str:
    mode = merge_mode(seen)
    if seen.quantity in ("depth", "output_shape") and mode == "concat":
        return ("It looks like you counted one direction only: Bidirectional runs the layer "
                "forwards and a copy of it backwards, and merge_mode='concat' (the default) "
                "puts their outputs side by side: 2 × U features.")
    merged = ("merge_mode='concat' puts their outputs side by side, 2 × U features"
              if mode == "concat" else
              f"merge_mode='{mode}' combines their outputs into U features" if mode != "None"
              else "merge_mode=None returns both outputs")
    return ("It looks like you counted one direction only: Bidirectional runs the layer "
            "forwards and a copy of it backwards, each with its own weights, so × 2 "
            f"({merged}).")


def length_as_features(seen: Seen) -> str:
    if seen.layer is not None and seen.layer.type == "Embedding":
        return ("It looks like you used the sequence length where the vocabulary size belongs: "
                "the table has one row per token id (input_dim = V), however long the "
                "sequences are, so V × E.")
    return ("It looks like you used the sequence length T where the features per step N_in "
            "belong: the layer reads one step at a time, so its input weights are N_in × U "
            "and T never enters the count.")


def second_bias(_: Seen) -> str:
    return ("It looks like you counted one bias vector: PyTorch's LSTM, GRU and RNN keep two "
            "per layer, b_ih for the input and b_hh for the hidden state, so an LSTM has "
            "4 × (U × (N_in + U) + 2 × U).")


def bidirectional_double(_: Seen) -> str:
    return ("It looks like you counted one direction: with bidirectional=True a second set "
            "of weights reads the sequence backwards, so × 2, and the two outputs are "
            "concatenated (2 × U features).")


# -- sliding windows --------------------------------------------------------------------------

def padding_as_written(seen: Seen) -> tuple[str, str]:
    """The layer's padding, and how to say it: "padding='same'" or "no padding written, so
    the default, 'valid'"."""
    padding = str(arg(seen, "padding", "valid")).lower()
    if written(seen, "padding"):
        return padding, f"this layer has padding='{padding}'"
    return padding, f"this layer has no padding written, so it uses the default, '{padding}'"


def padding_swapped(seen: Seen) -> str:
    padding, said = padding_as_written(seen)
    other = "same" if padding == "valid" else "valid"
    return f"It looks like you used the formula for padding='{other}', but {said}."


def floor_not_ceil(_: Seen) -> str:
    return ("It looks like you rounded down: the lesson's formulas round up (ceil), because a "
            "window that starts inside the input still produces an output.")


def ceil_not_floor(seen: Seen) -> str:
    if arg(seen, "ceil_mode", False) is True:
        return ("It looks like you rounded down: with ceil_mode=True PyTorch rounds up, so a "
                "last window that runs off the edge still gives an output.")
    return ("It looks like you rounded up: PyTorch's formula rounds down, floor((H_in + 2 × P "
            "− R × (F − 1) − 1) / S) + 1, so a last window that does not fit is dropped (unless "
            "ceil_mode=True).")


def stride(seen: Seen) -> str:
    strides = symbol(seen, "S", arg(seen, "strides", 1))
    if not written(seen, "strides") and seen.layer is not None and "Pool" in seen.layer.type:
        how = (f"strides is not written, so it defaults to the pool size, {strides}: the "
               "windows do not overlap")
        if seen.torch:
            how = (f"stride is not written, so it defaults to kernel_size, {strides}: the "
                   "windows do not overlap")
        return f"It looks like you ignored the stride: {how}, so divide by S."
    return (f"It looks like you ignored the stride: with {name(seen, 'strides')}={strides} the "
            "window jumps that many positions, so divide by S.")


def dilation(seen: Seen) -> str:
    return (f"It looks like you forgot the dilation rate ({arg(seen, 'dilation_rate', 1)}): a "
            "dilated kernel covers R × (F − 1) + 1 input positions.")


def forgot_padding(seen: Seen) -> str:
    return (f"It looks like you left out the padding: padding={arg(seen, 'padding', 'P')} "
            "adds that many zeros on each side, so the formula starts from H_in + 2P.")


def padding_added(seen: Seen) -> str:
    default = "" if written(seen, "padding") else " (the default)"
    return ("It looks like you added padding the layer does not have, as a 'same' "
            f"convolution (or an earlier exercise) would: here padding=0{default}, so no "
            "zeros are added and the formula starts from H_in.")


def dilated(seen: Seen) -> str:
    return (f"It looks like you counted weights over the whole span the dilated kernel covers: "
            f"dilation ({name(seen, 'dilation_rate')}={arg(seen, 'dilation_rate', 'D')}) "
            "spreads the same F × F weights apart, with gaps between them, so the count is "
            f"still {per_filter_formula(seen)} per filter.")


def output_padding(seen: Seen) -> str:
    return (f"It looks like you left out output_padding={arg(seen, 'output_padding', 'OP')}: "
            "a strided convolution sends several sizes to the same one, and output_padding "
            "adds that many rows (or columns) at the end to pick the larger.")


def per_step(_: Seen) -> str:
    return ("It looks like you counted the wrapped layer once per time step: TimeDistributed "
            "runs one layer, with one set of weights, on every step, so its parameters are "
            "those of the layer alone.")


def kernel_axes(_: Seen) -> str:
    return ("It looks like you swapped F_h and F_w: kernel_size is (height, width), so the "
            "first number slides down the height and the second across the width.")


def shrinking(seen: Seen) -> str:
    return ("It looks like you used an ordinary convolution's formula, which shrinks the "
            "input: a transposed convolution works the other way and grows it, "
            f"{transposed_formula(seen)}.")


def transposed_formula(seen: Seen) -> str:
    quantity = seen.quantity if seen.quantity in ("height", "width", "length") else ""
    for found in seen.layer.steps if seen.layer else ():
        if found.quantity in ("height", "width", "length", "dim1") and found.key == (
                quantity or found.key) and not found.key.startswith("dilated"):
            return f"{found.label}: {found.formula}"
    return "(H_in − 1) × S + F"


# -- reading the answer off the shape ---------------------------------------------------------

def layout(seen: Seen) -> str:
    if seen.torch:
        return "PyTorch lists batch, channels, then height and width"
    if channels_first(seen):
        return "with data_format='channels_first' Keras lists batch, depth, height, width"
    return "Keras lists batch, height, width, then depth"


def channels_first(seen: Seen) -> bool:
    return seen.torch or arg(seen, "data_format", None) == "channels_first"


def wrong_axis(seen: Seen) -> str:
    asked = "depth" if seen.quantity == "channels" else seen.quantity
    return (f"{fmt(seen.value)} is the {seen.detail} of the output, and the question asks for "
            f"its {asked} ({layout(seen)}).")


def batch_axis(seen: Seen) -> str:
    if seen.torch:
        return ("That first number is not this model's batch size: PyTorch shapes start with "
                "the batch size of the example the model is called on, as written in the code "
                "(or leave the batch out).")
    return ("The first axis is the batch: Keras shows it as None because the batch size is not "
            "fixed by the model. Write None there, or leave it out.")


def batch_none(_: Seen) -> str:
    return ("That is Keras's convention: PyTorch has no None axis; its shapes start with the "
            "real batch size of the example the model is called on (or leave the batch out).")


def other_layout(seen: Seen) -> str:
    if seen.torch:
        return ("That is Keras's layout, channels last. PyTorch puts the channels first: "
                "(N, C, H, W).")
    if channels_first(seen):
        return ("That is channels last, but this layer has data_format='channels_first': "
                "(None, depth, height, width).")
    return ("That is PyTorch's layout, channels first. Keras puts the channels last: (None, "
            "height, width, depth).")


def shape_order(seen: Seen) -> str:
    return f"Those are the right sizes in the wrong order: {layout(seen)}."


def return_sequences(seen: Seen) -> str:
    layer = seen.layer
    if layer is not None and len(layer.output_shape) == len(layer.input_shape):
        return ("That is the shape without return_sequences. This layer has "
                "return_sequences=True, so it gives one output per time step, and the time "
                "axis stays in its shape.")
    return ("That shape keeps the time axis, which needs return_sequences=True. Without it "
            "(the default) the layer gives only the last step's output: (batch, units).")


# -- working from the wrong layer ------------------------------------------------------------

def describe(layer: LayerResult | None) -> str:
    if layer is None:
        return "the layer before"
    return f"{layer.name} ({layer.type})" if layer.name != layer.type else layer.type


def what(quantity: str) -> str:
    return {"channels": "depth", "output_shape": "shape", "params": "parameter count"}.get(
        quantity, quantity.replace("_", " "))


def previous_layer(seen: Seen) -> str:
    if seen.quantity == "params":
        return (f"{fmt(seen.value)} is the parameter count of the layer before, "
                f"{describe(seen.before)}: the question asks about the next one.")
    source = ("the model's input" if seen.detail == "input" else
              f"the layer before, {describe(seen.before)}")
    return (f"{fmt(seen.value)} is the {what(seen.quantity)} of {source}: the layer asked "
            "about takes that as its input and changes it. Apply this layer's own formula to "
            "it.")


def next_layer(seen: Seen) -> str:
    return (f"{fmt(seen.value)} is the {what(seen.quantity)} of the layer after this one, "
            f"{seen.detail}: check which layer the question asks about.")


def model_input(seen: Seen) -> str:
    return ("It looks like you worked from the model's input: this layer takes the output of "
            f"the layer before it, {describe(seen.before)}, whose sizes (and depth) the layers "
            "on the way have already changed.")


def skipped(seen: Seen) -> str:
    return (f"It looks like you skipped {describe(seen.before)}: this layer takes its output, "
            "not its input, so work through that layer first.")
