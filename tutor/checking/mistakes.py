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
from typing import TYPE_CHECKING

from tutor.calc import cost, reach, summarize
from tutor.calc.layers.recurrent import RECURRENT_TYPES
from tutor.calc.quantities import MODEL_QUANTITIES, Quantity, find_layer, quantity
from tutor.calc.result import LayerResult, ModelSummary
from tutor.calc.slips import Slip
from tutor.checking import cost_sentences as cost_say
from tutor.checking import sentences as say
from tutor.checking.sentences import Seen
from tutor.errors import TutorError
from tutor.models.spec import ModelSpec

if TYPE_CHECKING:
    from tutor.packs.model import AuthorMistake

Value = int | tuple[int | None, ...]
AXES = ("height", "width", "depth", "length", "channels")


@dataclass(frozen=True)
class Mistake:
    """One entry of the catalogue: an id, what the learner did (a sentence about the layer,
    see `tutor.checking.sentences`), and the keys of the derivation steps where it happens,
    most specific first.

    `likely` ranks explanations of one number (3: the lesson's classic slips, 1: rare ones);
    `topic` names the arguments that make an exercise about this mistake when the author
    wrote them on the layer (padding for the other padding's formula, groups for groups...).
    """

    id: str
    title: str
    sentence: Callable[[Seen], str]
    points_at: tuple[str, ...]
    slip: Slip | None = None
    likely: int = 2
    topic: tuple[str, ...] = ()


SHAPE_KEYS = ("height", "width", "length", "dim1", "dim2", "dim3")
TOPIC_BONUS = 2

# PyTorch's own slips (its layers also honour the general ones: biases, input depth, kernel
# area, stride, dilation, groups).
TORCH_MISTAKES: tuple[Mistake, ...] = (
    Mistake("forgot-padding", "forgot the padding", say.forgot_padding, SHAPE_KEYS,
            Slip.NO_PADDING, 3, ("padding",)),
    Mistake("ceil-not-floor", "rounded the wrong way", say.ceil_not_floor, SHAPE_KEYS,
            Slip.CEIL_NOT_FLOOR, 2, ("ceil_mode",)),
    Mistake("padding-added", "added padding the layer does not have", say.padding_added,
            SHAPE_KEYS, Slip.PADDING_ADDED, 3),
    Mistake("channels-swapped", "swapped the input and output channels", say.channels_swapped,
            ("bias", "depth", "weights", "params"), Slip.CHANNELS_SWAPPED, 2),
    Mistake("forgot-second-bias", "forgot the second bias vector", say.second_bias,
            ("bias", "per_direction", "params"), Slip.ONE_RNN_BIAS, 3),
    Mistake("forgot-bidirectional-double", "forgot × 2 for bidirectional=True",
            say.bidirectional_double, ("directions", "params", "depth"), Slip.NO_BIDIRECTIONAL,
            3, ("bidirectional",)),
    Mistake("buffers-as-params", "counted BatchNorm's running statistics as parameters",
            say.buffers, ("buffers", "params"), Slip.BUFFERS_AS_PARAMS, 3),
)

SLIP_MISTAKES: tuple[Mistake, ...] = (
    Mistake("forgot-bias", "forgot the bias terms", say.bias, ("bias", "params"), Slip.NO_BIAS,
            3),
    Mistake("extra-bias", "counted biases the layer does not have", say.extra_bias,
            ("params", "weights"), Slip.EXTRA_BIAS, 3, ("use_bias", "bias")),
    Mistake("forgot-input-depth", "forgot the input depth D_in", say.input_depth,
            ("weights_per_filter", "depthwise", "weights"), Slip.NO_INPUT_DEPTH, 3),
    Mistake("kernel-not-squared", "used F instead of the kernel's area", say.kernel_area,
            ("weights_per_filter", "depthwise", "weights"), Slip.KERNEL_NOT_SQUARED, 2),
    Mistake("filters-kernel-swapped", "confused filters with kernel size", say.filters_kernel,
            ("weights", "weights_per_filter", "depth"), Slip.FILTERS_KERNEL_SWAPPED, 1),
    Mistake("as-plain-conv", "counted it as an ordinary convolution", say.plain_conv,
            ("depthwise", "pointwise", "weights", "depth"), Slip.AS_PLAIN_CONV, 3),
    Mistake("forgot-depth-multiplier", "forgot depth_multiplier", say.depth_multiplier,
            ("depthwise", "weights", "depth"), Slip.NO_DEPTH_MULTIPLIER, 3,
            ("depth_multiplier",)),
    Mistake("padding-swapped", "used the other padding's formula", say.padding_swapped,
            SHAPE_KEYS, Slip.SWAP_PADDING, 3, ("padding",)),
    Mistake("floor-not-ceil", "rounded down instead of up", say.floor_not_ceil, SHAPE_KEYS,
            Slip.FLOOR_NOT_CEIL, 2),
    Mistake("ignored-stride", "ignored the stride", say.stride, SHAPE_KEYS, Slip.NO_STRIDE, 3,
            ("strides",)),
    Mistake("forgot-dilation", "forgot the dilation", say.dilation,
            ("dilated_height", "dilated_width", "dilated_length", *SHAPE_KEYS),
            Slip.NO_DILATION, 2, ("dilation_rate",)),
    Mistake("dilated-kernel-weights", "counted weights over the dilated span", say.dilated,
            ("weights_per_filter", "weights"), Slip.DILATED_WEIGHTS, 3, ("dilation_rate",)),
    Mistake("forgot-output-padding", "forgot output_padding", say.output_padding, SHAPE_KEYS,
            Slip.NO_OUTPUT_PADDING, 3, ("output_padding",)),
    Mistake("per-step-weights", "counted TimeDistributed's weights once per step",
            say.per_step, ("params",), Slip.PER_STEP, 3),
    Mistake("kernel-axes-swapped", "swapped the kernel's height and width", say.kernel_axes,
            SHAPE_KEYS, Slip.KERNEL_AXES_SWAPPED, 2),
    Mistake("shrinking-formula", "used a convolution's formula for a transposed one",
            say.shrinking, SHAPE_KEYS, Slip.SHRINKING_FORMULA, 3),
    Mistake("ignored-groups", "ignored the groups", say.groups, ("groups", "weights"),
            Slip.NO_GROUPS, 2, ("groups",)),
    Mistake("dense-flattened", "counted a Dense layer's input as if flattened",
            say.dense_flattened, ("weights", "rank"), Slip.DENSE_NOT_FLATTENED, 2),
    Mistake("batchnorm-stats-left-out", "left out BatchNormalization's moving statistics",
            say.batchnorm_stats, ("non_trainable", "params"), Slip.NON_TRAINABLE_AS_TRAINABLE,
            3),
    Mistake("stats-as-trainable", "counted the moving statistics as trainable",
            say.stats_trainable, ("trainable", "non_trainable"), Slip.STATS_AS_TRAINABLE, 3),
    Mistake("frozen-as-trainable", "counted frozen layers as trainable", say.frozen,
            ("trainable", "non_trainable", "params"), Slip.FROZEN_IGNORED, 3, ("trainable",)),
    # sequence layers
    Mistake("forgot-recurrent-weights", "forgot the recurrent weights (U × U)",
            say.recurrent_weights, ("recurrent_weights", "per_gate", "params"),
            Slip.NO_RECURRENT_WEIGHTS, 3),
    Mistake("forgot-gates", "forgot the gates (× 4 for LSTM, × 3 for GRU)", say.gates,
            ("direction", "params", "per_gate"), Slip.NO_GATES, 3),
    Mistake("gru-one-bias", "forgot the GRU's second bias", say.gru_bias, ("bias",),
            Slip.GRU_ONE_BIAS, 2, ("reset_after",)),
    Mistake("forgot-bidirectional", "forgot × 2 for Bidirectional", say.one_direction,
            ("params", "depth"), Slip.ONE_DIRECTION, 3, ("merge_mode",)),
    Mistake("length-as-features", "used the sequence length where the feature size belongs",
            say.length_as_features, ("input_weights", "params"), Slip.LENGTH_AS_FEATURES, 2),
    *TORCH_MISTAKES,
    # working from the wrong layer's output
    Mistake("from-model-input", "worked from the model's input, not the layer before",
            say.model_input, (*SHAPE_KEYS, "depth", "weights_per_filter", "weights"),
            Slip.MODEL_INPUT, 3),
    Mistake("skipped-layer", "skipped the layer before", say.skipped,
            (*SHAPE_KEYS, "depth", "weights_per_filter", "weights"), Slip.SKIPPED_PREVIOUS, 3),
)

AXIS_KEYS = ("height", "width", "depth", "length", "dim1", "dim2", "dim3")
WRONG_AXIS = Mistake("wrong-axis", "gave another axis than the one asked", say.wrong_axis,
                     AXIS_KEYS, likely=2)
BATCH_AXIS = Mistake("counted-batch-axis", "counted the batch axis as a size", say.batch_axis,
                     ("output_shape",), likely=3)
BATCH_NONE = Mistake("batch-as-none", "wrote Keras's None for PyTorch's batch size",
                     say.batch_none, ("output_shape",), likely=3)
OTHER_LAYOUT = Mistake("other-layout", "used the other framework's layout", say.other_layout,
                       ("output_shape",), likely=3)
SHAPE_ORDER = Mistake("shape-order", "put the axes in the wrong order", say.shape_order,
                      ("output_shape",), likely=1)
RETURN_SEQUENCES = Mistake(
    "return-sequences", "confused the shapes with and without return_sequences",
    say.return_sequences, ("return_sequences", "length", "time", "output_shape"), likely=4)
PREVIOUS_LAYER = Mistake("previous-layer", "gave the layer before's value",
                         say.previous_layer, (*AXIS_KEYS, "output_shape", "params"), likely=3)
NEXT_LAYER = Mistake("next-layer", "gave the next layer's value", say.next_layer,
                     (*AXIS_KEYS, "output_shape", "params"), likely=2)
READING_MISTAKES = (WRONG_AXIS, BATCH_AXIS, BATCH_NONE, OTHER_LAYOUT, SHAPE_ORDER,
                    RETURN_SEQUENCES, PREVIOUS_LAYER, NEXT_LAYER)

# Slips in counting cost and reach (`tutor.calc.cost`, `tutor.calc.reach`): read off the
# right value (FLOPs are twice the mult-adds) or recomputed with a slip of the recurrence.
FLOPS = Mistake("flops-not-macs", "counted FLOPs, not multiply-adds", cost_say.flops,
                ("mult_adds", "total_mult_adds"), likely=3)
NO_POSITIONS = Mistake("mult-adds-no-positions", "forgot the output positions",
                       cost_say.no_positions, ("mult_adds",), likely=3)
ONE_EXAMPLE = Mistake("mult-adds-one-example", "counted one example, not the batch",
                      cost_say.one_example, ("mult_adds", "total_mult_adds"), likely=2)
NUMBERS_NOT_BYTES = Mistake("numbers-not-bytes", "counted numbers, not bytes",
                            cost_say.numbers_not_bytes, ("params_bytes", "activation_bytes"),
                            likely=3)
HALF_PRECISION = Mistake("half-precision-bytes", "used 2 bytes a number, not 4",
                         cost_say.half_precision, ("params_bytes", "activation_bytes"))
BITS = Mistake("bits-not-bytes", "counted bits, not bytes", cost_say.bits,
               ("params_bytes", "activation_bytes"), likely=1)
NO_JUMP = Mistake("receptive-field-no-jump", "forgot the jump", cost_say.no_jump,
                  ("receptive_field", "jump"), likely=3)
NO_DILATION = Mistake("receptive-field-no-dilation", "forgot the dilation",
                      cost_say.no_dilation, ("receptive_field",), likely=3,
                      topic=("dilation_rate", "dilation"))
COST_MISTAKES = (FLOPS, NO_POSITIONS, ONE_EXAMPLE, NUMBERS_NOT_BYTES, HALF_PRECISION, BITS,
                 NO_JUMP, NO_DILATION)

CATALOGUE: tuple[Mistake, ...] = (*SLIP_MISTAKES, *READING_MISTAKES, *COST_MISTAKES)
BY_ID = {m.id: m for m in CATALOGUE}


@dataclass(frozen=True)
class Asked:
    """What the catalogue needs to know about a question: the model, the quantity asked of
    which layer, and the mistakes its author foresaw (`tutor.packs.AuthorMistake`s: a value, a
    `why`, an id), named before any of the catalogue's (a pack's `Question` in a `Variant`
    gives all four; see `check`)."""

    spec: ModelSpec
    quantity: str
    layer: int | str | None = None
    authored: tuple[AuthorMistake, ...] = ()


@dataclass(frozen=True)
class Way:
    """One explanation of a wrong number: the mistakes that together give it, a detail the
    sentence needs (the axis it is, the layer it belongs to) and how likely it is."""

    mistakes: tuple[Mistake, ...]
    value: Value
    detail: str = ""
    score: int = 0


@dataclass(frozen=True)
class Candidate:
    """A wrong answer the catalogue explains: the mistakes that together produce it, and other
    explanations just as likely that lead to the same number (`also`)."""

    mistakes: tuple[Mistake, ...]
    value: Value
    also: tuple[tuple[Mistake, ...], ...] = ()
    detail: str = ""

    def seen(self, layer: LayerResult | None, quantity: str,
             before: LayerResult | None = None) -> Seen:
        return Seen(layer, quantity, self.value, before, self.detail)


def candidates(question: Asked, right: Quantity, summary: ModelSummary
               ) -> list[Candidate]:
    """Every wrong answer the catalogue can explain, most likely first, never the right one.

    When several explanations give the same number, the likeliest is named (a mistake about an
    argument the author wrote on the layer beats one about an argument left out); others are
    kept in `also` only when just as likely, so feedback mentions both instead of guessing.
    """
    found: dict[Value, list[Way]] = {}
    for way in (*_authored_ways(question), *_all_ways(question, right, summary)):
        if not _same(right.value, way.value):
            found.setdefault(way.value, []).append(way)
    ranked = []
    for value, ways in found.items():
        ways.sort(key=lambda w: -w.score)  # stable: the catalogue's order breaks ties
        best = ways[0]
        also = tuple(dict.fromkeys(w.mistakes for w in ways[1:] if w.score == best.score
                                   and w.mistakes != best.mistakes))
        ranked.append((best.score, Candidate(best.mistakes, value, also, best.detail)))
    ranked.sort(key=lambda pair: -pair[0])
    return [candidate for _, candidate in ranked]


AUTHORED = 10
"""An author's foreseen mistake outranks every catalogued one: the author knows the exercise."""


def _authored_ways(question: Asked) -> Iterator[Way]:
    for mistake in question.authored:
        said = Mistake(mistake.id, "made the mistake this exercise is about",
                       lambda _, why=mistake.why: why, ())
        yield Way((said,), mistake.value, score=AUTHORED)


def likelihood(mistake: Mistake, layer: LayerResult | tuple[LayerResult, ...] | None) -> int:
    """How likely a mistake is on this layer (or, for a whole-model count, these layers): its
    own rank, more if the exercise is about it (the author wrote the argument it concerns)."""
    layers = layer if isinstance(layer, tuple) else (layer,)
    topical = any(say.written(Seen(one), key) for key in mistake.topic for one in layers)
    return mistake.likely + (TOPIC_BONUS if topical else 0)


def _all_ways(question: Asked, right: Quantity, summary: ModelSummary) -> Iterator[Way]:
    layer = right.layer or summary.layers
    singles: dict[Mistake, Value] = {}
    for mistake in SLIP_MISTAKES:
        value = _slipped(question, summary, (mistake.slip,))
        if value is not None and not _same(right.value, value):
            singles[mistake] = value
            yield Way((mistake,), value, score=likelihood(mistake, layer))
    for mistake, value, detail in _reading_candidates(question, right, summary):
        yield Way((mistake,), value, detail, likelihood(mistake, layer))
    for pair in combinations(singles, 2):
        value = _slipped(question, summary, tuple(m.slip for m in pair))
        # a pair is only a new explanation if it differs from each slip alone; two slips at
        # once are less likely than any one
        if value is not None and all(value != singles[m] for m in pair):
            yield Way(pair, value, score=min(likelihood(m, layer) for m in pair) - 3)


def _slipped(question: Asked, summary: ModelSummary, slips: tuple[Slip | None, ...]
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


Reading = tuple[Mistake, Value, str]


def _reading_candidates(question: Asked, right: Quantity, summary: ModelSummary
                        ) -> Iterator[Reading]:
    yield from _cost_readings(question, right, summary)
    layer = right.layer
    if layer is None or layer.output_shape is None:
        return
    yield from _axis_readings(question, layer)
    yield from _layer_readings(question, layer, summary)
    if question.quantity == "output_shape":
        yield from _shape_readings(layer)


def _cost_readings(question: Asked, right: Quantity, summary: ModelSummary
                   ) -> Iterator[Reading]:
    """Slips in counting what a layer costs and how far it sees."""
    asked, value, layer = question.quantity, right.value, right.layer
    if not isinstance(value, int) or not value:
        return
    if asked in ("mult_adds", "total_mult_adds"):
        yield FLOPS, 2 * value, ""
        batch = summary.input_shape[0] if summary.input_shape else None
        if summary.framework == "pytorch" and isinstance(batch, int) and batch > 1:
            yield ONE_EXAMPLE, value // batch, ""
        if asked == "mult_adds" and layer is not None:
            yield NO_POSITIONS, cost.layer_params(summary, layer), ""
    elif asked in ("params_bytes", "activation_bytes"):
        yield NUMBERS_NOT_BYTES, value // 4, ""
        yield HALF_PRECISION, value // 2, ""
        yield BITS, value * 8, ""
    elif asked == "receptive_field" and layer is not None:
        for mistake, slip in ((NO_JUMP, "no_jump"), (NO_DILATION, "no_dilation")):
            found = reach.receptive_fields(summary, slips=frozenset({slip})).get(id(layer))
            if found is not None and isinstance(found.value, int):
                yield mistake, found.value, ""


def _axis_readings(question: Asked, layer: LayerResult) -> Iterator[Reading]:
    """Another axis of the output: the learner's number is named as the axis it is."""
    if question.quantity not in AXES:
        return
    shape = layer.output_shape
    asked = layer.axes.get("depth" if question.quantity == "channels" else question.quantity)
    names: dict[int, list[str]] = {}
    for axis, index in layer.axes.items():
        if axis in AXES and axis != "channels":
            names.setdefault(index, []).append(axis)
    for index, axes in names.items():
        if index != asked and isinstance(shape[index], int):
            yield WRONG_AXIS, shape[index], " and ".join(axes)


def _layer_readings(question: Asked, layer: LayerResult, summary: ModelSummary
                    ) -> Iterator[Reading]:
    """The same quantity read off the layer before (or the model's input) or the one after."""
    index = summary.layers.index(layer)
    asked = question.quantity
    if asked == "output_shape":
        shape = layer.input_shape
        if shape is not None and not (shape and isinstance(shape[0], tuple)):
            yield PREVIOUS_LAYER, shape, "input" if index == 0 else ""
    elif asked in AXES:
        axis = layer.axes.get("depth" if asked == "channels" else asked)
        shape = layer.input_shape
        if axis is not None and shape is not None and len(shape) == len(layer.output_shape) \
                and isinstance(shape[axis], int):
            yield PREVIOUS_LAYER, shape[axis], "input" if index == 0 else ""
    elif asked == "params" and index > 0:
        yield PREVIOUS_LAYER, summary.layers[index - 1].params, ""
    if index + 1 < len(summary.layers):
        after = summary.layers[index + 1]
        try:
            value = quantity(summary, asked, index + 1).value
        except TutorError:
            return
        yield NEXT_LAYER, value, say.describe(after)


def _shape_readings(layer: LayerResult) -> Iterator[Reading]:
    shape = layer.output_shape
    torch = layer.framework == "pytorch"
    if not torch and (other := _other_sequences_shape(layer)):
        yield RETURN_SEQUENCES, other, ""
    if len(shape) <= 1:
        return
    if shape[0] is None:  # Keras: the batch is not a size
        for batch in (1, 32):
            yield BATCH_AXIS, (batch, *shape[1:]), ""
    else:  # PyTorch: the batch is the example's, never None
        yield BATCH_NONE, (None, *shape[1:]), ""
        if shape[0] != 1:
            yield BATCH_AXIS, (1, *shape[1:]), ""
    rest = shape[1:]
    first = (shape[0], rest[-1], *rest[:-1])   # channels moved first
    last = (shape[0], *rest[1:], rest[0])      # channels moved last
    spatial = "depth" in layer.axes and any(a in layer.axes for a in SHAPE_KEYS) and (
        any(a in layer.axes for a in ("height", "dim1")) or _windowed(layer))
    channels_first = layer.axes.get("depth") == 1
    to_other = last if channels_first else first
    for rotated in (first, last):
        if rotated == shape:
            continue
        if spatial and rotated == to_other:
            yield OTHER_LAYOUT, rotated, ""
            if torch:  # Keras's layout with Keras's batch axis
                yield OTHER_LAYOUT, (None, *rotated[1:]), ""
        else:
            yield SHAPE_ORDER, rotated, ""


def _windowed(layer: LayerResult) -> bool:
    """A layer whose channels the two frameworks put apart (a 1-D convolution or pooling):
    sequence layers (Embedding, LSTM, Dense) keep features last in both."""
    return any(word in layer.type for word in ("Conv", "Pool", "BatchNorm", "Sampling", "Padding",
                                               "Cropping"))


def _other_sequences_shape(layer: LayerResult) -> Value | None:
    """A recurrent layer's output with return_sequences the other way: the time axis (axis 1
    of the input) dropped, or put back."""
    shape, given = layer.output_shape, layer.input_shape
    kind = say.recurrent_type(layer) if layer.type == "Bidirectional" else layer.type
    if kind not in RECURRENT_TYPES or len(given) < 3 or (
            shape and isinstance(shape[0], tuple)):
        return None
    if len(shape) == len(given):
        return (shape[0], *shape[2:])
    if len(shape) == len(given) - 1:
        return (shape[0], given[1], *shape[1:])
    return None


def value_of(mistake_id: str, question: Asked, right: Quantity, summary: ModelSummary
             ) -> Value | None:
    """The wrong number this one mistake gives on this question (the first, for a mistake
    that can give several), or None if it changes nothing here."""
    for way in _all_ways(question, right, summary):
        if way.mistakes == (BY_ID[mistake_id],) and not _same(right.value, way.value):
            return way.value
    return None


def diagnose(question: Asked, right: Quantity, summary: ModelSummary, value: Value
             ) -> Candidate | None:
    """The catalogued mistake that explains a wrong `value`, if any."""
    for found in candidates(question, right, summary):
        if _same(found.value, value):
            return found
    return None


def layer_before(summary: ModelSummary, layer: LayerResult | None) -> LayerResult | None:
    """The layer whose output `layer` takes, as far as a stack tells."""
    if layer is None or layer not in summary.layers:
        return None
    index = summary.layers.index(layer)
    return summary.layers[index - 1] if index > 0 else None


def _same(expected: Value, given: Value) -> bool:
    if isinstance(expected, tuple) and isinstance(given, tuple):
        return expected == given or (len(given) == len(expected) - 1 and
                                     expected[0] is None and expected[1:] == given)
    return expected == given


def distractors(question: Asked, right: Quantity, summary: ModelSummary, count: int = 3
                ) -> list[Candidate]:
    """Wrong options for a multiple-choice question, each a real catalogued mistake."""
    chosen: list[Candidate] = []
    for found in candidates(question, right, summary):
        if isinstance(found.value, int) and found.value <= 0:
            continue
        if isinstance(found.value, tuple) and None in found.value[1:]:
            continue  # a shape with a made-up unknown axis is no option
        chosen.append(found)
        if len(chosen) == count:
            break
    return chosen
