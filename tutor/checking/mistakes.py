"""The catalogue of common mistakes, each defined once as a change to the calculation.

Most mistakes are a *slip* (see `tutor.calc.slips`): the calculator recomputes the model with
the slip on the layer the question is about, and if that gives the learner's number, the
mistake is named. A few are slips in reading the answer off the shape (the wrong axis, the batch
axis), defined as a change to which value is read. Nothing here is written per question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

from tutor.calc import summarize
from tutor.calc.derivation import fmt
from tutor.calc.layers.recurrent import RECURRENT_TYPES
from tutor.calc.quantities import MODEL_QUANTITIES, Quantity, find_layer, quantity
from tutor.calc.result import LayerResult, ModelSummary
from tutor.calc.slips import Slip
from tutor.errors import TutorError
from tutor.models.spec import ModelSpec

Value = int | tuple[int | None, ...]
AXES = ("height", "width", "depth", "length", "channels")


@dataclass(frozen=True)
class Mistake:
    """One entry of the catalogue: an id, what the learner did (a sentence about the layer),
    and the keys of the derivation steps where it happens, most specific first."""

    id: str
    title: str
    sentence: Callable[[LayerResult | None], str]
    points_at: tuple[str, ...]
    slip: Slip | None = None


def _padding(layer: LayerResult | None) -> str:
    padding = layer.spec.args.get("padding", "valid") if layer and layer.spec else "valid"
    return str(padding).lower()


def _swap_sentence(layer: LayerResult | None) -> str:
    padding = _padding(layer)
    other = "same" if padding == "valid" else "valid"
    return (f"It looks like you used the formula for padding='{other}', but this layer has "
            f"padding='{padding}'.")


def _recurrent_type(layer: LayerResult | None) -> str:
    """The recurrent layer's type, looking inside a wrapper (Bidirectional(LSTM) → LSTM)."""
    if layer is None or layer.spec is None:
        return ""
    inner = layer.spec.args.get("layer", layer.spec.positional[0] if layer.spec.positional
                                else None)
    return getattr(inner, "type", layer.type)


GATES = {"LSTM": "× 4: an LSTM has four gates (input, forget, cell and output)",
         "GRU": "× 3: a GRU has three gates (update, reset and candidate)"}


def _gates_sentence(layer: LayerResult | None) -> str:
    kind = _recurrent_type(layer)
    gates = GATES["GRU" if kind == "GRU" else "LSTM"]
    return (f"It looks like you counted the weights of one gate only. Multiply by the gates, "
            f"{gates}, each with its own input weights, recurrent weights and biases.")


def _length_sentence(layer: LayerResult | None) -> str:
    if layer is not None and layer.type == "Embedding":
        return ("It looks like you used the sequence length where the vocabulary size belongs: "
                "the table has one row per token id (input_dim = V), however long the "
                "sequences are, so V × E.")
    return ("It looks like you used the sequence length T where the features per step N_in "
            "belong: the layer reads one step at a time, so its input weights are N_in × U "
            "and T never enters the count.")


def _ceil_sentence(layer: LayerResult | None) -> str:
    if _arg(layer, "ceil_mode", False) is True:
        return ("It looks like you rounded down: with ceil_mode=True PyTorch rounds up, so a "
                "last window that runs off the edge still gives an output.")
    return ("It looks like you rounded up: PyTorch's formula rounds down, floor((H_in + 2P − "
            "D × (F − 1) − 1) / S) + 1, so a last window that does not fit is dropped (unless "
            "ceil_mode=True).")


# PyTorch's own slips (its layers also honour the general ones above: biases, input depth,
# kernel area, stride, dilation, groups).
TORCH_AXES = ("height", "width", "length", "dim1", "dim2", "dim3")
TORCH_MISTAKES: tuple[Mistake, ...] = (
    Mistake("forgot-padding", "forgot the padding",
            lambda layer: f"It looks like you left out the padding: padding="
                          f"{_arg(layer, 'padding', 'P')} adds that many zeros on each side, "
                          "so the formula starts from H_in + 2P.", TORCH_AXES, Slip.NO_PADDING),
    Mistake("ceil-not-floor", "rounded the wrong way", _ceil_sentence, TORCH_AXES,
            Slip.CEIL_NOT_FLOOR),
    Mistake("channels-swapped", "swapped the input and output channels",
            lambda _: "It looks like you swapped the input and the output: PyTorch takes "
                      "in_channels (in_features) first and out_channels (out_features) second, "
                      "and there is one bias per output.", ("bias", "depth", "weights", "params"),
            Slip.CHANNELS_SWAPPED),
    Mistake("forgot-second-bias", "forgot the second bias vector",
            lambda _: "It looks like you counted one bias vector: PyTorch's LSTM, GRU and RNN "
                      "keep two per layer, b_ih for the input and b_hh for the hidden state, "
                      "so an LSTM has 4 × (H × (I + H) + 2H).", ("bias", "per_direction",
                                                                  "params"),
            Slip.ONE_RNN_BIAS),
    Mistake("forgot-bidirectional-double", "forgot × 2 for bidirectional=True",
            lambda _: "It looks like you counted one direction: with bidirectional=True a "
                      "second set of weights reads the sequence backwards, so × 2, and the two "
                      "outputs are concatenated (2 × H features).",
            ("directions", "params", "depth"), Slip.NO_BIDIRECTIONAL),
    Mistake("buffers-as-params", "counted BatchNorm's running statistics as parameters",
            lambda _: "It looks like you counted running_mean and running_var as parameters: "
                      "they are buffers, saved with the model but not trained by gradients, "
                      "and model.parameters() leaves them out. The parameters are weight and "
                      "bias, 2C.", ("buffers", "params"), Slip.BUFFERS_AS_PARAMS),
)

SLIP_MISTAKES: tuple[Mistake, ...] = (
    Mistake("forgot-bias", "forgot the bias terms", lambda layer: _bias_sentence(layer),
            ("bias", "params"), Slip.NO_BIAS),
    Mistake("forgot-input-depth", "forgot the input depth D_in",
            lambda _: "It looks like you left out the input depth D_in: each filter spans all "
                      "the channels of its input, so its weights are F × F × D_in.",
            ("weights_per_filter", "weights"), Slip.NO_INPUT_DEPTH),
    Mistake("kernel-not-squared", "used F instead of F × F",
            lambda _: "It looks like you used F where the kernel's area F × F belongs: a "
                      "2-D filter has F × F weights per input channel.",
            ("weights_per_filter", "weights"), Slip.KERNEL_NOT_SQUARED),
    Mistake("filters-kernel-swapped", "confused filters with kernel size",
            lambda _: "It looks like you swapped K and F: K is the number of filters, F the "
                      "kernel's height and width.", ("weights", "weights_per_filter", "depth"),
            Slip.FILTERS_KERNEL_SWAPPED),
    Mistake("padding-swapped", "used the other padding's formula", _swap_sentence,
            ("height", "width", "length", "dim1", "dim2", "dim3"), Slip.SWAP_PADDING),
    Mistake("floor-not-ceil", "rounded down instead of up",
            lambda _: "It looks like you rounded down: the lesson's formulas round up (ceil), "
                      "because a window that starts inside the input still produces an output.",
            ("height", "width", "length", "dim1", "dim2", "dim3"), Slip.FLOOR_NOT_CEIL),
    Mistake("ignored-stride", "ignored the stride",
            lambda layer: f"It looks like you ignored the stride: with "
                          f"{_name(layer, 'strides')}="
                          f"{_arg(layer, 'strides', 1)} the window jumps that many positions, "
                          "so divide by S.", ("height", "width", "length", "dim1", "dim2",
                                               "dim3"), Slip.NO_STRIDE),
    Mistake("forgot-dilation", "forgot the dilation",
            lambda layer: f"It looks like you forgot the dilation rate "
                          f"({_arg(layer, 'dilation_rate', 1)}): a dilated kernel covers "
                          "D × (F − 1) + 1 input positions.",
            ("dilated_height", "dilated_width", "dilated_length", "height", "width",
             "length"), Slip.NO_DILATION),
    Mistake("ignored-groups", "ignored the groups",
            lambda layer: f"It looks like you ignored groups={_arg(layer, 'groups', 1)}: each "
                      "filter sees only D_in / G input channels.", ("groups", "weights"),
            Slip.NO_GROUPS),
    Mistake("dense-flattened", "counted a Dense layer's input as if flattened",
            lambda _: "It looks like you counted every input value as a Dense input: on an "
                      "input of rank > 2, Dense connects only the last axis, position by "
                      "position.", ("weights", "rank"), Slip.DENSE_NOT_FLATTENED),
    Mistake("batchnorm-stats-left-out", "left out BatchNormalization's moving statistics",
            lambda _: "It looks like you counted only gamma and beta: BatchNormalization also "
                      "keeps a moving mean and a moving variance per channel, and Keras counts "
                      "them (as non-trainable) in the total.", ("non_trainable", "params"),
            Slip.NON_TRAINABLE_AS_TRAINABLE),
    # sequence layers
    Mistake("forgot-recurrent-weights", "forgot the recurrent weights (U × U)",
            lambda _: "It looks like you left out the recurrent weights: at every step each "
                      "gate also reads the previous step's output, so it has U × U recurrent "
                      "weights besides its N_in × U input weights.",
            ("recurrent_weights", "per_gate", "params"), Slip.NO_RECURRENT_WEIGHTS),
    Mistake("forgot-gates", "forgot the gates (× 4 for LSTM, × 3 for GRU)", _gates_sentence,
            ("direction", "params", "per_gate"), Slip.NO_GATES),
    Mistake("gru-one-bias", "forgot the GRU's second bias",
            lambda _: "It looks like you counted one bias per unit per gate: with "
                      "reset_after=True (Keras 3's default) a GRU has two, one for the input "
                      "and one for the recurrent part, so 2 × U per gate.", ("bias",),
            Slip.GRU_ONE_BIAS),
    Mistake("forgot-bidirectional", "forgot × 2 for Bidirectional",
            lambda _: "It looks like you counted one direction only: Bidirectional runs the "
                      "layer forwards and a copy of it backwards, each with its own weights, "
                      "so × 2 (and merge_mode='concat' puts their outputs side by side: 2 × U "
                      "features).", ("params", "depth"), Slip.ONE_DIRECTION),
    Mistake("length-as-features", "used the sequence length where the feature size belongs",
            _length_sentence, ("input_weights", "params"), Slip.LENGTH_AS_FEATURES),
    *TORCH_MISTAKES,
)


# Keras's argument names as PyTorch spells them, and the symbol a derivation gives them (an
# argument given by position is known only from there).
TORCH_ARGS = {"strides": ("stride", "S"), "dilation_rate": ("dilation", "D"),
              "groups": ("groups", "G"), "padding": ("padding", "P")}


def _bias_sentence(layer: LayerResult | None) -> str:
    """Names what was left out, from the layer's own bias step (K for a convolution, 4 × U
    for an LSTM...): "the biases (one per filter): K = 32"."""
    step = next((s for s in layer.steps if s.key == "bias"), None) if layer else None
    if step is None or not step.value:
        return ("It looks like you left out the bias terms: every filter (or unit) adds one "
                "bias to its weights.")
    return (f"It looks like you left out the bias terms, the {step.label}: "
            f"{step.formula} = {fmt(step.value)}.")


def _arg(layer: LayerResult | None, key: str, default: object) -> object:
    if layer is None or layer.spec is None:
        return default
    if layer.framework == "pytorch" and key in TORCH_ARGS:
        name, symbol = TORCH_ARGS[key]
        return layer.spec.args.get(name, layer.symbols.get(symbol, default))
    return layer.spec.args.get(key, default)


def _name(layer: LayerResult | None, key: str) -> str:
    """An argument's name in the layer's framework: strides, or PyTorch's stride."""
    if layer is not None and layer.framework == "pytorch" and key in TORCH_ARGS:
        return TORCH_ARGS[key][0]
    return key


def _channels_first(layer: LayerResult | None) -> bool:
    return layer is not None and (layer.framework == "pytorch" or _arg(
        layer, "data_format", None) == "channels_first")


def _layout(layer: LayerResult | None) -> str:
    if layer is not None and layer.framework == "pytorch":
        return "PyTorch lists batch, channels, height, width"
    return "Keras lists batch, height, width, depth"


WRONG_AXIS = Mistake(
    "wrong-axis", "gave another axis than the one asked",
    lambda layer: "That is another axis of the output shape "
                  f"{fmt(layer.output_shape) if layer else ''}: check which position holds the "
                  f"one asked for ({_layout(layer)}).",
    ("height", "width", "depth", "length", "dim1", "dim2", "dim3"))
BATCH_AXIS = Mistake(
    "counted-batch-axis", "counted the batch axis as a size",
    lambda _: "The first axis is the batch: Keras shows it as None because the batch size is "
              "not fixed by the model. Write None there, or leave it out.", ("output_shape",))
SHAPE_ORDER = Mistake(
    "shape-order", "put the axes in the wrong order",
    lambda layer: "Those are the right sizes in the wrong order: this layer's output is "
                  f"{fmt(layer.output_shape) if layer else ''} (channels "
                  f"{'first' if _channels_first(layer) else 'last'}).", ("output_shape",))



def _sequences_sentence(layer: LayerResult | None) -> str:
    if layer is not None and len(layer.output_shape) == len(layer.input_shape):
        return ("That is the shape without return_sequences. This layer has "
                "return_sequences=True, so it gives one output per time step: "
                f"{fmt(layer.output_shape)}, with the time axis.")
    shape = fmt(layer.output_shape) if layer else ""
    return ("That shape keeps the time axis, which needs return_sequences=True. Without it "
            f"(the default) the layer gives only the last step's output: {shape}.")


RETURN_SEQUENCES = Mistake(
    "return-sequences", "confused the shapes with and without return_sequences",
    _sequences_sentence, ("return_sequences", "length", "time", "output_shape"))

CATALOGUE: tuple[Mistake, ...] = (*SLIP_MISTAKES, WRONG_AXIS, BATCH_AXIS, SHAPE_ORDER,
                                  RETURN_SEQUENCES)
BY_ID = {m.id: m for m in CATALOGUE}


@dataclass(frozen=True)
class Question:
    """What the checker needs to know about a question: the model and what it asks."""

    spec: ModelSpec
    quantity: str
    layer: int | str | None = None


@dataclass(frozen=True)
class Candidate:
    """A wrong answer the catalogue explains: the mistakes that together produce it, and other
    explanations that lead to the same number (`also`), least likely last."""

    mistakes: tuple[Mistake, ...]
    value: Value
    also: tuple[tuple[Mistake, ...], ...] = ()


def candidates(question: Question, right: Quantity, summary: ModelSummary
               ) -> list[Candidate]:
    """Every wrong answer the catalogue can explain, most likely first, never the right one.

    When two explanations give the same number, the first is named and the other kept in
    `also`, so feedback can mention both instead of claiming one for sure.
    """
    found: dict[Value, list[tuple[Mistake, ...]]] = {}
    for mistakes, value in _all_candidates(question, right, summary):
        if not _same(right.value, value):
            found.setdefault(value, []).append(mistakes)
    return [Candidate(ways[0], value, tuple(w for w in ways[1:] if w != ways[0]))
            for value, ways in found.items()]


def _all_candidates(question: Question, right: Quantity, summary: ModelSummary
                    ) -> Iterator[tuple[tuple[Mistake, ...], Value]]:
    singles: dict[Mistake, Value] = {}
    for mistake in SLIP_MISTAKES:
        value = _slipped(question, summary, (mistake.slip,))
        if value is not None and not _same(right.value, value):
            singles[mistake] = value
            yield (mistake,), value
    yield from _reading_candidates(question, right)
    for pair in combinations(singles, 2):
        value = _slipped(question, summary, tuple(m.slip for m in pair))
        # a pair is only a new explanation if it differs from each slip alone
        if value is not None and all(value != singles[m] for m in pair):
            yield pair, value


def _slipped(question: Question, summary: ModelSummary, slips: tuple[Slip | None, ...]
             ) -> Value | None:
    """The answer the model gives with these slips, or None if they change nothing here."""
    target = None
    if question.quantity not in MODEL_QUANTITIES:
        layer = find_layer(summary, question.layer)
        target = summary.layers.index(layer)
    try:
        wrong = summarize(question.spec, slips={s for s in slips if s}, slip_layer=target)
        return quantity(wrong, question.quantity, question.layer).value
    except TutorError:
        return None


def _reading_candidates(question: Question, right: Quantity
                        ) -> Iterator[tuple[tuple[Mistake, ...], Value]]:
    layer = right.layer
    if layer is None:
        return
    shape = layer.output_shape
    if question.quantity in AXES:
        asked = layer.axes.get("depth" if question.quantity == "channels" else question.quantity)
        for index in set(layer.axes.values()):
            if index != asked and shape[index] is not None:
                yield (WRONG_AXIS,), shape[index]
    torch = layer.framework == "pytorch"
    if question.quantity == "output_shape" and not torch and (
            other := _other_sequences_shape(layer)):
        yield (RETURN_SEQUENCES,), other
    if question.quantity == "output_shape" and len(shape) > 1:
        if shape[0] is None:  # PyTorch's batch is real: writing it is right there
            for batch in (1, 32):
                yield (BATCH_AXIS,), (batch, *shape[1:])
        rest = shape[1:]
        rotated = (shape[0], rest[-1], *rest[:-1])
        if rotated != shape:
            yield (SHAPE_ORDER,), rotated
        rotated_back = (shape[0], *rest[1:], rest[0])
        if rotated_back != shape:
            yield (SHAPE_ORDER,), rotated_back


def _other_sequences_shape(layer: LayerResult) -> Value | None:
    """A recurrent layer's output with return_sequences the other way: the time axis (axis 1
    of the input) dropped, or put back."""
    shape, given = layer.output_shape, layer.input_shape
    kind = _recurrent_type(layer) if layer.type == "Bidirectional" else layer.type
    if kind not in RECURRENT_TYPES or len(given) < 3 or (
            shape and isinstance(shape[0], tuple)):
        return None
    if len(shape) == len(given):
        return (shape[0], *shape[2:])
    if len(shape) == len(given) - 1:
        return (shape[0], given[1], *shape[1:])
    return None


def diagnose(question: Question, right: Quantity, summary: ModelSummary, value: Value
             ) -> Candidate | None:
    """The catalogued mistake that explains a wrong `value`, if any."""
    for found in candidates(question, right, summary):
        if _same(found.value, value):
            return found
    return None


def _same(expected: Value, given: Value) -> bool:
    if isinstance(expected, tuple) and isinstance(given, tuple):
        return expected == given or (len(given) == len(expected) - 1 and
                                     expected[0] is None and expected[1:] == given)
    return expected == given


def distractors(question: Question, right: Quantity, summary: ModelSummary, count: int = 3
                ) -> list[Candidate]:
    """Wrong options for a multiple-choice question, each a real catalogued mistake."""
    chosen: list[Candidate] = []
    for found in candidates(question, right, summary):
        if isinstance(found.value, int) and found.value <= 0:
            continue
        chosen.append(found)
        if len(chosen) == count:
            break
    return chosen
