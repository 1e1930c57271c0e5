"""Compute a whole Sequential model: shapes flow layer to layer, names as Keras gives them."""

from __future__ import annotations

from collections.abc import Iterable

from tutor.calc.binding import Namer, bind_layer, check_single_input
from tutor.calc.derivation import frozen_steps
from tutor.calc.layers.base import Ctx
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.calc.slips import Slip
from tutor.errors import ModelError
from tutor.models.spec import ModelSpec


def summarize(spec: ModelSpec, *, slips: Iterable[str] = (), slip_layer: int | None = None
              ) -> ModelSummary:
    """Every layer's output shape, parameter counts and derivation, as Keras computes them.

    `slips` (see `tutor.calc.slips`) change the calculation the way a learner's mistake would;
    with `slip_layer` they apply to that layer only, the others being computed correctly.
    Raises `ModelError` or `LayerError` with a message for the learner.
    A spec with `framework: pytorch` is computed with PyTorch's conventions instead.
    """
    if spec.framework == "pytorch":
        from tutor.calc.torch import summarize_torch  # only PyTorch models pay for its import

        return summarize_torch(spec, slips=slips, slip_layer=slip_layer)
    if spec.graph is not None:
        from tutor.calc.graph import summarize_graph

        return summarize_graph(spec, slips=slips, slip_layer=slip_layer)
    if spec.input_shape is None:
        raise ModelError("the model has no input shape: give `input_shape=` to the first layer "
                         f"or start with `keras.Input(shape=...)`{_input_length_hint(spec)}")
    wrong = frozenset(slips)
    shape: Shape = (None, *spec.input_shape)
    names = Namer()
    results: list[LayerResult] = []
    for index, layer in enumerate(spec.layers):
        definition, args = bind_layer(layer, names)
        name = args.layer
        check_single_input(definition, name, shape, layer)
        applies = slip_layer is None or slip_layer == index
        if slip_layer == index:  # reading the wrong layer's output: a slip about one layer
            shape = misread_input(wrong, shape, results, spec)
        out = definition.fn(args, shape, Ctx(wrong if applies else frozenset()))
        trainable, non_trainable = out.trainable, out.non_trainable
        frozen = layer.args.get("trainable") is False and not out.ignores_trainable
        if frozen and not (applies and Slip.FROZEN_IGNORED in wrong):
            trainable, non_trainable = 0, trainable + non_trainable
        steps = frozen_steps(out.steps) if non_trainable and not trainable else out.steps
        results.append(LayerResult(
            name=name, type=definition.type, input_shape=shape, output_shape=out.output_shape,
            trainable=trainable, non_trainable=non_trainable, steps=tuple(steps),
            axes=out.axes, symbols=out.symbols, buffers=out.buffers, spec=layer))
        shape = out.output_shape
    return ModelSummary(tuple(results), (None, *spec.input_shape), spec.framework)


def misread_input(slips: frozenset[str], shape: Shape, results: list[LayerResult],
                  spec: ModelSpec) -> Shape:
    """The input a learner works from who takes the model's input, or skips the layer before
    (`MODEL_INPUT`, `SKIPPED_PREVIOUS`), instead of the previous layer's output."""
    if Slip.MODEL_INPUT in slips and results and spec.input_shape is not None:
        return (None, *spec.input_shape)
    # skipping the first layer is working from the model's input, said once, above
    if Slip.SKIPPED_PREVIOUS in slips and len(results) > 1:
        return results[-1].input_shape
    return shape


def _input_length_hint(spec: ModelSpec) -> str:
    first = spec.layers[0] if spec.layers else None
    if first is None or first.type != "Embedding" or "input_length" not in first.args:
        return ""
    length = first.args["input_length"]
    return (f" (Embedding's `input_length` is gone in Keras 3: it is ignored, so it does not "
            f"give the model its input shape; write `keras.Input(shape=({length},))` first)")
