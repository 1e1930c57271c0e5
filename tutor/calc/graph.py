"""Compute a Keras functional model: every call of a layer in the order the snippet makes it,
then one row per layer in the order Keras's `model.summary()` lists them.

Keras (`keras/src/ops/function.py`, `map_graph`) orders a functional model's operations by
depth, the longest path from them to an output, deepest first; layers at the same depth by
when a depth-first walk from the outputs first meets them. A layer called several times
(shared weights) is one row, with the shape of its last call and its weights counted once.
Its "Connected to" cell names each input as `layer[node][tensor]`: which call of the layer
that made it, and which of that call's outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tutor.calc.args import Args
from tutor.calc.binding import Namer, bind_layer, check_single_input
from tutor.calc.derivation import Step, frozen_steps
from tutor.calc.layers.base import Ctx, LayerDef, LayerOut, lookup
from tutor.calc.layers.merging import shape_formula
from tutor.calc.layers.shapes import axes_of, no_params
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.errors import LayerError, ModelError
from tutor.models.spec import Graph, LayerSpec, ModelSpec

INPUT = "InputLayer"
OP_PREFIX = "ops."
# Layers that take a list of tensors (`Add()([a, b])`) rather than one tensor.
JOINING = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
                     "Concatenate", "Dot", "ops.Add", "ops.Subtract", "ops.Multiply",
                     "ops.TrueDivide"})


@dataclass
class Bound:
    """A layer of the model, named, and bound once however often it is called."""

    spec: LayerSpec
    name: str
    definition: LayerDef | None = None  # None for an InputLayer
    args: Args | None = None
    first: LayerOut | None = None  # its first call: weights are made (and counted) there
    calls: list[int] = field(default_factory=list)


def summarize_graph(spec: ModelSpec, *, slips: Iterable[str] = (),
                    slip_layer: int | None = None) -> ModelSummary:
    graph = spec.graph
    assert graph is not None
    used = {node.layer for node in graph.nodes}
    layers = name_layers(spec.layers, used)
    order, relevant, chain = keras_order(graph)
    slipped_layer = order[slip_layer] if slip_layer is not None else None
    wrong = frozenset(slips)
    outputs: list[list[Shape]] = []
    inputs_of: list[Shape | tuple[Shape, ...]] = []
    for index, node in enumerate(graph.nodes):
        bound = layers[node.layer]
        bound.calls.append(index)
        shape = node_input(graph, index, outputs, layers)
        inputs_of.append(shape)
        if bound.definition is None:  # a model input
            shape_ = (None, *bound.spec.args["shape"])
            outputs.append([shape_])
            continue
        assert bound.args is not None
        if bound.spec.type not in JOINING:
            check_single_input(bound.definition, bound.name, shape, bound.spec)
        applies = slip_layer is None or slipped_layer == node.layer
        try:
            out = bound.definition.fn(bound.args, shape, Ctx(wrong if applies else frozenset()))
        except LayerError as error:  # the error is where the layer is called
            raise LayerError(error.message, layer=error.layer,
                             line=node.line or error.line) from None
        if bound.first is None:
            bound.first = out
        shape_out = out.output_shape
        several = bool(shape_out) and isinstance(shape_out[0], tuple)
        outputs.append(list(shape_out) if several else [shape_out])  # type: ignore[arg-type]
    for source, output in graph.outputs:
        pick(graph, layers, outputs, source, output, graph.nodes[source].line)
    rows = tuple(row(layers[i], graph, layers, outputs, inputs_of, relevant)
                 for i in order)
    first = (None, *spec.input_shape) if spec.input_shape is not None else ()
    return ModelSummary(rows, first, "keras", graph=not chain)  # type: ignore[arg-type]


def name_layers(specs: tuple[LayerSpec, ...], used: set[int]) -> list[Bound]:
    """Keras's automatic names, in the order the layers were made: a layer made but not in
    the model still uses up its name. Layers held by a wrapper are named with it."""
    held = {id(value) for spec in specs for value in _nested(spec)}
    names = Namer()
    bound: list[Bound] = []
    for index, spec in enumerate(specs):
        if id(spec) in held and index not in used:
            bound.append(Bound(spec, spec.name or ""))
            continue
        if spec.type == INPUT:
            name = names.name_for(spec, _INPUT_DEF)
            bound.append(Bound(spec, name))
        elif index in used:
            definition, args = bind_layer(spec, names)
            bound.append(Bound(spec, args.layer, definition, args))
        else:
            known = lookup(spec.type)
            base = known.auto_name if known else spec.type.lower()
            bound.append(Bound(spec, spec.name or names.auto(base)))
    return bound


_INPUT_DEF = LayerDef(INPUT, lambda a, s, c: LayerOut(s), {}, (), "input_layer")


def _nested(spec: LayerSpec) -> list[LayerSpec]:
    found = []
    stack = [*spec.args.values(), *spec.positional]
    while stack:
        value = stack.pop()
        if isinstance(value, LayerSpec):
            found.append(value)
            stack.extend([*value.args.values(), *value.positional])
        elif isinstance(value, tuple):
            stack.extend(value)
    return found


def node_input(graph: Graph, index: int, outputs: list[list[Shape]], layers: list[Bound]
               ) -> Shape | tuple[Shape, ...]:
    """The shape (or, for a list of tensors, the shapes) a call is given."""
    node = graph.nodes[index]
    shapes: list[Shape] = []
    for source, output in node.inputs[:len(node.inputs) - node.state]:
        shapes.extend(pick(graph, layers, outputs, source, output, node.line))
    if not node.listed and len(shapes) == 1:
        return shapes[0]
    return tuple(shapes)


def pick(graph: Graph, layers: list[Bound], outputs: list[list[Shape]], source: int,
         output: int, line: int | None) -> list[Shape]:
    """The shapes a reference to a call's output stands for: one output, or all of them
    (-1: the call's whole result, a list when the layer has several outputs)."""
    made = outputs[source]
    if output == -1:
        return list(made)
    if output >= len(made):
        producer = layers[graph.nodes[source].layer]
        raise ModelError(f"{producer.name} gives {len(made)} tensor{'s' if len(made) != 1 else ''}"
                         f", but the snippet takes tensor {output + 1} of it (unpacking its "
                         "result into more names than it has outputs)", line=line)
    return [made[output]]


def keras_order(graph: Graph) -> tuple[list[int], set[int], bool]:
    """The layers (as indexes of `ModelSpec.layers`) in the order Keras lists them, the
    nodes that belong to the model, and whether it reads as a chain (no "Connected to")."""
    nodes = graph.nodes
    in_decreasing_depth: list[int] = []
    first_seen: dict[int, int] = {}
    finished: set[int] = set()
    for output, _ in graph.outputs:  # an iterative depth-first walk, as `_build_map`
        stack: list[tuple[int, int]] = [(output, 0)]
        while stack:
            current, next_input = stack.pop()
            if next_input == 0:
                if current in finished:
                    continue
                first_seen.setdefault(nodes[current].layer, len(first_seen))
            parents = nodes[current].inputs
            if next_input < len(parents):
                stack.append((current, next_input + 1))
                stack.append((parents[next_input][0], 0))
                continue
            if current not in finished:
                finished.add(current)
                in_decreasing_depth.append(current)
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    for current in reversed(in_decreasing_depth):
        depth = max(node_depth.setdefault(current, 0), layer_depth.get(nodes[current].layer, 0))
        layer_depth[nodes[current].layer] = depth
        node_depth[current] = depth
        for parent, _ in nodes[current].inputs:
            node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    for current in graph.inputs:  # an input no output needs is still listed
        if nodes[current].layer not in layer_depth:
            layer_depth[nodes[current].layer] = 0
            first_seen[nodes[current].layer] = -1
            node_depth[current] = 0
    order = sorted(layer_depth, key=lambda layer: (-layer_depth[layer], first_seen[layer]))
    return order, set(node_depth), _chain(nodes, node_depth)


def _chain(nodes: tuple, node_depth: dict[int, int]) -> bool:
    """Keras's `sequential_like`: one node per depth, each with one input, no shared layer."""
    by_depth: dict[int, list[int]] = {}
    for current, depth in node_depth.items():
        by_depth.setdefault(depth, []).append(current)
    if any(len(group) > 1 or len(nodes[group[0]].inputs) > 1 for group in by_depth.values()):
        return False
    layers = [nodes[current].layer for current in node_depth]
    return len(layers) == len(set(layers))


def row(bound: Bound, graph: Graph, layers: list[Bound], outputs: list[list[Shape]],
        inputs_of: list[Shape | tuple[Shape, ...]], relevant: set[int]) -> LayerResult:
    calls = [c for c in bound.calls if c in relevant] or bound.calls
    last = outputs[calls[-1]]
    shape = last[0] if len(last) == 1 else tuple(last)
    connected = tuple(connection(graph, layers, source, output)
                      for c in calls for source, output in graph.nodes[c].inputs)
    if bound.definition is None:
        formula, numbers = shape_formula(shape)  # type: ignore[arg-type]
        steps = (Step("output_shape", "input", "output shape (the shape given to keras.Input, "
                      "batch axis first)", formula, numbers, shape),  # type: ignore[arg-type]
                 no_params(INPUT))
        return LayerResult(bound.name, INPUT, shape, shape, 0, 0, steps,  # type: ignore
                           axes=axes_of(len(shape)), spec=bound.spec)
    out = bound.first
    assert out is not None
    trainable, non_trainable = out.trainable, out.non_trainable
    if bound.spec.args.get("trainable") is False and not out.ignores_trainable:
        trainable, non_trainable = 0, trainable + non_trainable
    return LayerResult(
        name=bound.name, type=bound.definition.type.removeprefix(OP_PREFIX),
        input_shape=inputs_of[calls[0]],  # type: ignore[arg-type]
        output_shape=shape,  # type: ignore[arg-type]
        trainable=trainable, non_trainable=non_trainable,
        steps=tuple(frozen_steps(out.steps) if non_trainable and not trainable else out.steps),
        axes=out.axes, symbols=out.symbols, buffers=out.buffers, spec=bound.spec,
        connected_to=connected)


def connection(graph: Graph, layers: list[Bound], source: int, output: int) -> str:
    layer = layers[graph.nodes[source].layer]
    return f"{layer.name}[{layer.calls.index(source)}][{max(output, 0)}]"
