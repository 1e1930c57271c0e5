"""Functional models: layers called on symbolic tensors from `keras.Input`, joined by merge
layers (`layers.add`, `Concatenate()`) or by `+ - * /` on tensors, with any number of inputs
and outputs and layers shared between calls, up to `keras.Model(inputs, outputs)`.

Each call is a `Node`; `to_graph` turns the nodes a model's outputs depend on into the
`Graph` of its `ModelSpec`.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from tutor.models.snippet import layers as layer_values
from tutor.models.snippet.values import (
    CallArgs,
    Functional,
    Model,
    Node,
    Sequential,
    Tensor,
    Unknown,
)
from tutor.models.spec import Graph, GraphNode, LayerSpec

if TYPE_CHECKING:
    from tutor.models.snippet.evaluate import Evaluator

MERGE_CLASSES = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                 "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                 "concatenate": "Concatenate", "dot": "Dot"}
OPERATORS = {ast.Add: "Add", ast.Sub: "Subtract", ast.Mult: "Multiply", ast.Div: "TrueDivide"}
NOT_A_TENSOR = "it is applied to data, not to a tensor from keras.Input"


def apply(ev: Evaluator, func: LayerSpec | Model, node: ast.Call, args: CallArgs) -> Any:
    """`layer(x)`, `layer([a, b])` or `model(x)`: one more call in a functional graph."""
    if args.problem:
        return args.problem
    given = args.get("inputs", 0)
    if given is None:
        return ev.unknown(node, "the layer is called without an input")
    tensors = _tensors(ev, given[0], given[1])
    if not isinstance(tensors, tuple):
        return tensors
    inputs, listed = tensors
    state: tuple[Tensor, ...] = ()
    initial = args.keywords.get("initial_state")
    if initial is not None and isinstance(func, LayerSpec):
        found = _tensors(ev, *initial)
        if not isinstance(found, tuple):
            return found
        state = found[0]
    if isinstance(func, LayerSpec):
        if func.type == "InputLayer":
            return ev.unknown(node, "an InputLayer is not applied to a tensor")
        made = ev.reading.node(func, inputs + state, node.lineno, listed=listed,
                               state=len(state))
        return Tensor(made)
    return _apply_model(ev, func, node, inputs)


def _tensors(ev: Evaluator, arg: ast.AST, value: Any
             ) -> tuple[tuple[Tensor, ...], bool] | Unknown:
    """The tensors a call is given: one, or a list (or tuple, or dict) of them."""
    if isinstance(value, Unknown):
        return value
    listed = isinstance(value, list | tuple | dict)
    if isinstance(value, dict):  # Keras flattens a dict in the order of its sorted keys
        try:
            items = [value[key] for key in sorted(value)]
        except TypeError:
            return ev.unknown(arg, "the dictionary's keys cannot be sorted")
    else:
        items = list(value) if listed else [value]
    for item in items:
        if isinstance(item, Unknown):
            return item
        if not isinstance(item, Tensor):
            return ev.unknown(arg, NOT_A_TENSOR)
    if not items:
        return ev.unknown(arg, "the list of tensors is empty")
    return tuple(items), listed


def _apply_model(ev: Evaluator, model: Model, node: ast.Call, inputs: tuple[Tensor, ...]
                 ) -> Tensor | Unknown:
    """A model used as a layer: its layers are called one after another (Keras would show
    the model as one row, with the same shapes and parameter counts)."""
    chain = chain_layers(model)
    if isinstance(chain, Unknown):
        return chain
    if len(inputs) != 1:
        return Unknown(f"cannot follow `{ev.quote(node)}`: the model takes one input, and is "
                       f"given {len(inputs)}", node.lineno, final=True)
    x = inputs[0]
    layers, _ = chain
    if not model.trainable:
        for layer in layers:  # Keras freezes every layer of a frozen model
            if isinstance(layer.args, dict):
                layer.args["trainable"] = False
    for layer in layers:
        x = Tensor(ev.reading.node(layer, (x,), node.lineno))
    return x


def chain_layers(model: Model) -> tuple[tuple[LayerSpec, ...], tuple[int | None, ...] | None
                                        ] | Unknown:
    """A model's layers when they are one straight chain (a Sequential always is), with its
    input shape."""
    if isinstance(model, Sequential):
        if model.problem:
            return model.problem
        return tuple(model.layers), model.input_shape
    line = model.line
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return Unknown("a model with several inputs or outputs is used as a layer; the tutor "
                       "reads only a straight chain of layers there", line, final=True)
    layers: list[LayerSpec] = []
    tensor = model.outputs[0]
    while not tensor.is_input:
        call = tensor.node
        if len(call.inputs) != 1 or call.state:
            return Unknown("a model whose layers branch or join is used as a layer; the "
                           "tutor reads only a straight chain of layers there", line,
                           final=True)
        layers.append(call.layer)
        tensor = call.inputs[0]
    if tensor is not model.inputs[0] and tensor.node is not model.inputs[0].node:
        return Unknown("the model's output does not come from its input", line, final=True)
    return tuple(reversed(layers)), model.inputs[0].shape


def merge(ev: Evaluator, function: str, node: ast.Call, args: CallArgs) -> Any:
    """`layers.add([a, b])`, `layers.concatenate([a, b], axis=1)`: the layer made and called
    at once (Keras's functions do just that)."""
    if args.problem:
        return args.problem
    inputs = args.get("inputs", 0)
    if inputs is None:
        return ev.unknown(node, "it is given no tensors to join")
    rest = CallArgs(args.positional[1:], {k: v for k, v in args.keywords.items()
                                          if k != "inputs"})
    layer = layer_values.make_layer(ev, MERGE_CLASSES[function], node, rest)
    if isinstance(layer, Unknown):
        return layer
    return apply(ev, layer, node, CallArgs([inputs]))


def operator(ev: Evaluator, node: ast.AST, op: ast.operator, left: Any, right: Any) -> Any:
    """`a + b`, `x * 0.5` with a tensor: a keras.ops operation, a node of the graph."""
    kind = OPERATORS.get(type(op))
    if kind is None:
        return Unknown(f"cannot follow `{ev.quote(node)}`: the tutor reads `+ - * /` on "
                       "tensors, not this operator", getattr(node, "lineno", None), final=True)
    tensors = tuple(v for v in (left, right) if isinstance(v, Tensor))
    for value in (left, right):
        if not isinstance(value, Tensor | int | float) or isinstance(value, bool):
            return Unknown(f"cannot follow `{ev.quote(node)}`: a tensor is combined with "
                           "something that is neither a tensor nor a number",
                           getattr(node, "lineno", None), final=True)
    line = getattr(node, "lineno", 0)
    layer = ev.reading.made(LayerSpec("ops." + kind, {}, None, line))
    return Tensor(ev.reading.node(layer, tensors, line, listed=len(tensors) > 1))


def make_functional(ev: Evaluator, node: ast.Call, args: CallArgs) -> Functional | Unknown:
    result = _functional(ev, node, args)
    ev.reading.built.append(result)
    return result


def _functional(ev: Evaluator, node: ast.Call, args: CallArgs) -> Functional | Unknown:
    inputs, outputs = args.get("inputs", 0), args.get("outputs", 1)
    if args.problem:
        return ev.needed(args.problem, args.problem_node or node, "keras.Model(...)")
    if inputs is None or outputs is None:
        return Unknown("keras.Model(...) without inputs and outputs (a subclassed model?): the "
                       "tutor reads Sequential models and functional models built from "
                       "keras.Input", node.lineno, final=True)
    found = []
    for arg, value in (inputs, outputs):
        tensors = _tensors(ev, arg, value)
        if isinstance(tensors, Unknown):
            return ev.needed(tensors, arg, "keras.Model(...)")
        found.append(tensors)
    (ins, several_ins), (outs, several_outs) = found
    for tensor, arg in ((t, inputs[0]) for t in ins):
        if not tensor.is_input:
            return Unknown(f"the model's input `{ev.quote(arg)}` must come straight from "
                           "keras.Input(...)", node.lineno, final=True)
    problem = _disconnected(ev, ins, outs, outputs[0], node)
    if problem is not None:
        return problem
    name = args.get("name")
    trainable = args.get("trainable")
    return Functional(node.lineno, ins, outs, trainable is None or trainable[1] is not False,
                      name[1] if name is not None and isinstance(name[1], str) else None,
                      several_ins, several_outs)


def _disconnected(ev: Evaluator, ins: tuple[Tensor, ...], outs: tuple[Tensor, ...],
                  arg: ast.AST, node: ast.Call) -> Unknown | None:
    """Keras's "Graph disconnected": an output that needs an Input the model is not given."""
    given = {id(t.node) for t in ins}
    for call in reachable(outs):
        if not call.inputs and id(call) not in given:
            return Unknown(f"the model's output `{ev.quote(arg)}` needs the input made on line "
                           f"{call.line}, which is not among the model's inputs (Keras: Graph "
                           "disconnected)", node.lineno, final=True)
    return None


def reachable(outputs: tuple[Tensor, ...]) -> list[Node]:
    """Every call the outputs depend on, in the order the snippet made them."""
    seen: dict[int, Node] = {}
    stack = [t.node for t in outputs]
    while stack:
        call = stack.pop()
        if id(call) in seen:
            continue
        seen[id(call)] = call
        stack.extend(t.node for t in call.inputs)
    return sorted(seen.values(), key=lambda n: n.seq)


def to_graph(model: Functional, created: list[LayerSpec]
             ) -> tuple[tuple[LayerSpec, ...], Graph]:
    """The model's layers (every layer the snippet made, in order, for Keras's automatic
    names; plus any its calls use that were made elsewhere) and its graph."""
    layers = list(created)
    index = {id(layer): i for i, layer in enumerate(layers)}
    calls = reachable(model.outputs)
    calls += [t.node for t in model.inputs if t.node not in calls]  # inputs no output needs
    for call in calls:
        if id(call.layer) not in index:
            index[id(call.layer)] = len(layers)
            layers.append(call.layer)
    position = {id(call): i for i, call in enumerate(calls)}
    nodes = tuple(GraphNode(index[id(call.layer)],
                            tuple((position[id(t.node)], t.index) for t in call.inputs),
                            call.line, call.listed, call.state) for call in calls)
    graph = Graph(nodes, tuple(position[id(t.node)] for t in model.inputs),
                  tuple((position[id(t.node)], t.index) for t in model.outputs))
    return tuple(layers), graph


def attribute(ev: Evaluator, model: Functional, name: str, node: ast.AST) -> Any:
    """`model.input`, `model.outputs`, ...: the tensors the model was made from."""
    if name in ("input", "inputs"):
        tensors, several = model.inputs, model.several_inputs
    else:
        tensors, several = model.outputs, model.several_outputs
    if name.endswith("s") or several:
        return list(tensors)
    return tensors[0]


def layer_output(ev: Evaluator, layer: LayerSpec, name: str, node: ast.AST) -> Any:
    """`layer.output` (or `.input`) of a layer called once."""
    calls = ev.reading.layer_calls.get(id(layer), [])
    if len(calls) != 1:
        why = "never called on a tensor" if not calls else \
            f"called {len(calls)} times, so it has several {name}s"
        return Unknown(f"cannot follow `{ev.quote(node)}`: the layer is {why}",
                       getattr(node, "lineno", None), final=True)
    call = calls[0]
    if name == "output":
        return Tensor(call)
    return call.inputs[0] if len(call.inputs) == 1 and not call.listed else list(call.inputs)


def get_layer(ev: Evaluator, model: Model, node: ast.Call, args: CallArgs) -> Any:
    """`model.get_layer("name")`: a layer given that `name=` (automatic names are the
    calculator's business, so they are not looked up)."""
    given = args.get("name", 0)
    if args.problem or given is None or not isinstance(given[1], str):
        return ev.unknown(node, "the tutor looks layers up by a name written in the snippet")
    layers = model.layers if isinstance(model, Sequential) else \
        [call.layer for call in reachable(model.outputs)]
    for layer in layers:
        if layer.name == given[1]:
            return layer
    return Unknown(f"cannot follow `{ev.quote(node)}`: no layer of the model is given "
                   f"name={given[1]!r} in the snippet (the tutor does not look up automatic "
                   "names)", node.lineno, final=True)
