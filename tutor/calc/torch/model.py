"""Run a PyTorch model spec: every call `forward` makes, in order, then the rows torchinfo
would list.

A Sequential stack (`ModelSpec.modules` empty) is its layers, named "0", "1", ... (or as the
spec names them), each taking the one before's output. A module model lists its leaf modules
in the order `__init__` registers them (`modules`) and the calls `forward` makes (`layers`),
each call naming the tensors it takes.

Rows, as torchinfo shows them and as documented in AUTHORING.md: one per call of a module,
under its attribute name, the modules in registration order and each module's calls in call
order. A module called again (the CIFAR-10 tutorial's `self.pool`) gets a row per call, like
torchinfo, whose later rows are "(recursive)": their parameters are counted once, on the first.
A module never called still gets a row, without a shape, so the totals count its parameters
as `model.parameters()` does. Functional calls (`F.relu`, `x.view`) get no row; they are in
`ModelSummary.calls`, with every module call, for the step-by-step explanation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from tutor.calc.args import Args
from tutor.calc.derivation import Step
from tutor.calc.layers.base import LayerDef
from tutor.calc.result import LayerResult, ModelSummary, Shape
from tutor.calc.slips import MODEL_SLIPS, Slip
from tutor.calc.torch.args import bind
from tutor.calc.torch.common import shape_text
from tutor.calc.torch.functional import SOURCES
from tutor.calc.torch.registry import TorchCtx, is_functional, lookup, out_of, suggest
from tutor.errors import LayerError, ModelError
from tutor.models.spec import LayerSpec, ModelSpec

SIZE_OP = "<size op>"
"""Arithmetic on such sizes (`h * w`): ("<size op>", "*", a, b), a and b sizes or numbers."""
SIZE_REF = "<size>"
"""A size read off a tensor in `forward` (`x.size(0)`), as the reader writes it in an argument:
("<size>", call, output, axis), with call < 0 for a model input as in `LayerSpec.inputs`."""

# Types that compute in floating point: integer indices (torch.randint) are refused.
FLOAT_TYPES = ("Conv", "ConvTranspose", "Linear", "BatchNorm", "LayerNorm", "GroupNorm",
               "LSTM", "GRU", "RNN", "MultiheadAttention", "AvgPool", "F.avg_pool", "PReLU")


@dataclass
class Module:
    """A leaf module: its spec, bound arguments, and the rows of its calls."""

    spec: LayerSpec
    definition: LayerDef
    args: Args
    calls: list[int] = field(default_factory=list)


@dataclass
class Run:
    """What the calls have computed so far."""

    inputs: list[Shape | None]
    dtype: str | None
    outputs: list[list[Shape | None]] = field(default_factory=list)
    dtypes: list[str | None] = field(default_factory=list)
    results: list[LayerResult] = field(default_factory=list)


def summarize_torch(spec: ModelSpec, *, slips: Iterable[str] = (),
                    slip_layer: int | None = None) -> ModelSummary:
    """Every module's output shape, parameters and buffers, as PyTorch and torchinfo count
    them. Without an input shape the shapes are unknown (None) but every count is given."""
    modules, calls = plan(spec)
    rows = row_plan(modules, calls, spec.input_shape is not None)
    slipped = frozenset(slips)
    slip_call = None if slip_layer is None else rows[slip_layer][1]
    slip_module = None if slip_layer is None else rows[slip_layer][0]
    first = None if spec.input_shape is None else (spec.batch_size, *spec.input_shape)
    run = Run([first, *spec.extra_inputs], spec.input_dtype)
    for index, call in enumerate(calls):
        applies = slip_layer is None or slip_call == index
        # reading the wrong layer's output is a slip about one layer, never about all
        slips = slipped if applies else frozenset()
        slips = slips if slip_layer is not None else slips - MODEL_SLIPS
        try:
            compute_call(run, modules, call, index, slips)
        except LayerError:
            if slip_call is not None and index > slip_call:
                # after a slip the later shapes may not fit: they are unknown, not an error
                unknown_call(run, modules, call)
                continue
            construct(modules)  # an argument a module refuses comes first, as in PyTorch
            raise
    results = []
    for name, call_index in rows:
        if call_index is not None:
            results.append(row_result(run, modules[name], call_index))
        else:
            applies = slip_layer is None or (slip_module == name and slip_call is None)
            results.append(uncalled(modules[name], slipped if applies else frozenset()))
    unused = tuple(uncalled(module, frozenset()) for module in modules.values()
                   if first is not None and not module.calls)
    return ModelSummary(tuple(results), first, "pytorch", calls=tuple(run.results),
                        uncalled=unused,
                        extra_inputs=tuple(spec.extra_inputs), input_dtype=spec.input_dtype)


def plan(spec: ModelSpec) -> tuple[dict[str, Module], list[LayerSpec]]:
    """The leaf modules by name (bound once) and the calls in order."""
    if spec.modules:
        declared, calls = spec.modules, list(spec.layers)
    else:  # a Sequential stack: each layer is a module, named by its position
        declared = tuple(replace(layer, name=layer.name or str(i))
                         for i, layer in enumerate(spec.layers))
        calls = list(declared)
    modules: dict[str, Module] = {}
    for layer in declared:
        name = layer.name or ""
        if name in modules:
            raise LayerError(f"two modules are named {name!r}", layer=name, line=layer.line)
        definition = definition_of(layer, module=True)
        args = bind(definition.type, name, layer.args, definition.defaults, layer.line,
                    positional=layer.positional, order=definition.positional)
        modules[name] = Module(layer, definition, args)
    for index, call in enumerate(calls):
        if call.name is not None and call.name in modules:
            modules[call.name].calls.append(index)
        elif call.name is not None:  # a module made in forward (name None) is only computed
            raise ModelError(f"forward calls {call.name or call.type!r}, which __init__ does "
                             "not register", line=call.line)
    return modules, calls


def construct(modules: dict[str, Module]) -> None:
    """PyTorch makes every module before `forward` runs, so an argument one refuses is the
    error, at the line that makes it, whatever `forward` would have failed at. (Checked only
    when something failed: on success every module's arguments have been checked already.)"""
    for module in modules.values():
        module.definition.fn(module.args, None, TorchCtx())


def definition_of(layer: LayerSpec, *, module: bool) -> LayerDef:
    definition = lookup(layer.type)
    if definition is None or (module and is_functional(layer.type)):
        close = suggest(layer.type)
        hint = f" (did you mean nn.{close}?)" if close else ""
        raise LayerError(f"unknown PyTorch layer type {layer.type!r}{hint}", layer=layer.name,
                         line=layer.line)
    return definition


def row_plan(modules: dict[str, Module], calls: list[LayerSpec], shapes: bool
             ) -> list[tuple[str, int | None]]:
    """(module, call) per row: torchinfo's, one per call of a module in the order `forward`
    makes them. Without an input shape nothing runs, so each module is one row of counts, in
    the order `__init__` registers them, as `model.parameters()` has them."""
    if not shapes:
        return [(name, None) for name in modules]
    return [(call.name, index) for index, call in enumerate(calls)
            if call.name is not None and call.name in modules]


def compute_call(run: Run, modules: dict[str, Module], call: LayerSpec, index: int,
                 slips: frozenset[str]) -> None:
    shapes, dtypes = input_shapes(run, call, index)
    if slips & MODEL_SLIPS:
        shapes = misread_input(run, call, index, shapes, slips)
    module = modules.get(call.name) if call.name is not None else None
    if module is not None:
        definition, args = module.definition, module.args
    else:
        definition = definition_of(call, module=False)
        given = {k: resolve(run, v, call) for k, v in call.args.items()}
        positional = tuple(resolve(run, v, call) for v in call.positional)
        args = bind(definition.type, definition.type, given, definition.defaults, call.line,
                    positional=positional, order=definition.positional)
    check_dtype(definition.type, args, dtypes[0] if dtypes else None, shapes)
    ctx = TorchCtx(slips, inputs=tuple(shapes), call_args=dict(call.call_args),
                   dtype=dtypes[0] if dtypes else None)
    try:
        out = out_of(definition.fn(args, shapes[0] if shapes else None, ctx))
    except LayerError as error:  # a module refusing its input: the error is where it is called
        raise LayerError(error.message, layer=error.layer, line=call.line or error.line
                         ) from None
    run.outputs.append([out.output_shape, *out.outputs])
    run.dtypes.append(out.dtype or (dtypes[0] if dtypes else None))
    run.results.append(LayerResult(
        name=definition.type if call.name is None else call.name, type=definition.type,
        input_shape=shapes[0] if shapes else None,  # type: ignore[arg-type]
        output_shape=out.output_shape, trainable=out.trainable,
        non_trainable=out.non_trainable, steps=tuple(out.steps), axes=out.axes,
        symbols=out.symbols, buffers=out.buffers,
        spec=call,
        outputs=(out.output_shape, *out.outputs) if out.outputs and out.output_shape else (),
        framework="pytorch"))


def misread_input(run: Run, call: LayerSpec, index: int, shapes: list[Shape | None],
                  slips: frozenset[str]) -> list[Shape | None]:
    """The input a learner works from who takes the model's input, or skips the call before
    (`MODEL_INPUT`, `SKIPPED_PREVIOUS`), instead of the tensor this call is given."""
    refs = call.inputs or ((index - 1, 0) if index else (-1, 0),)
    source = refs[0][0] if refs else -1
    if not shapes or source < 0:
        return shapes
    if Slip.MODEL_INPUT in slips:
        return [sizes_of(run.inputs[0], shapes[0]), *shapes[1:]]
    if Slip.SKIPPED_PREVIOUS in slips and run.results[source].input_shape != run.inputs[0]:
        return [sizes_of(run.results[source].input_shape, shapes[0]), *shapes[1:]]
    return shapes


def sizes_of(wrong: Shape | None, given: Shape | None) -> Shape | None:
    """The sizes of `wrong` with the channels of `given`: a module checks its in_channels, and
    the slip is in the sizes a learner carries forward, not in the module's arguments."""
    if wrong is None or given is None or len(wrong) != len(given) or len(given) < 3:
        return wrong
    return (wrong[0], given[1], *wrong[2:])


def unknown_call(run: Run, modules: dict[str, Module], call: LayerSpec) -> None:
    """A call whose input a slip before it has made unknown: its counts, no shapes."""
    module = modules.get(call.name) if call.name is not None else None
    out = out_of(module.definition.fn(module.args, None, TorchCtx())) if module else None
    run.outputs.append([None])
    run.dtypes.append(None)
    run.results.append(LayerResult(
        name=call.name or call.type, type=module.definition.type if module else call.type,
        input_shape=None, output_shape=None,  # type: ignore[arg-type]
        trainable=out.trainable if out else 0, non_trainable=out.non_trainable if out else 0,
        steps=tuple(out.steps) if out else (), buffers=out.buffers if out else 0, spec=call,
        framework="pytorch"))


def input_shapes(run: Run, call: LayerSpec, index: int
                 ) -> tuple[list[Shape | None], list[str | None]]:
    if call.type in SOURCES:
        return [], []
    refs = call.inputs or ((index - 1, 0) if index else (-1, 0),)
    shapes, dtypes = [], []
    for source, output in refs:
        if source < 0:
            k = -1 - source
            if k >= len(run.inputs):
                raise ModelError(f"forward uses input {k + 1}, but the model was given "
                                 f"{len(run.inputs)}", line=call.line)
            shapes.append(run.inputs[k])
            dtypes.append(run.dtype if k == 0 else None)
            continue
        outputs = run.outputs[source]
        if not call.inputs and len(outputs) > 1 and outputs[0] is not None:
            raise LayerError(f"{run.results[source].type} gives {len(outputs)} tensors (a "
                             "tuple), and nn.Sequential passes the whole tuple on: the next "
                             f"layer takes one tensor; PyTorch says: {call.type.lower()}(): "
                             "argument 'input' must be Tensor, not tuple",
                             layer=call.name, line=call.line)
        if output >= len(outputs):
            raise ModelError(f"{run.results[source].name} has {len(outputs)} outputs, but "
                             f"forward takes output {output + 1}", line=call.line)
        shapes.append(outputs[output])
        dtypes.append(run.dtypes[source])
    return shapes, dtypes


def resolve(run: Run, value: Any, call: LayerSpec) -> Any:
    """Put in the sizes read off tensors (`x.size(0)`) now that their shapes are known."""
    if isinstance(value, tuple) and len(value) == 4 and value[0] == SIZE_OP:
        _, op, left, right = value
        a, b = resolve(run, left, call), resolve(run, right, call)
        if a is None or b is None:
            return None
        if op == "//" and b == 0:
            raise ModelError("a size is divided by zero", line=call.line)
        return {"+": a + b, "-": a - b, "*": a * b, "//": a // b if b else 0}[op]
    if isinstance(value, tuple) and len(value) == 4 and value[0] == SIZE_REF:
        _, source, output, axis = value
        shape = run.inputs[-1 - source] if source < 0 else run.outputs[source][output]
        if shape is None:
            return None
        if not -len(shape) <= axis < len(shape):
            raise LayerError(f"Dimension out of range (expected to be in range of "
                             f"[{-len(shape)}, {len(shape) - 1}], but got {axis}): the tensor "
                             f"has shape {shape_text(shape)}", line=call.line)
        return shape[axis]
    if isinstance(value, tuple):
        return tuple(resolve(run, item, call) for item in value)
    return value


def check_dtype(type_: str, args: Args, dtype: str | None, shapes: list[Any]) -> None:
    if dtype == "int" and type_.startswith(FLOAT_TYPES):
        raise args.error(f"{type_} computes in floating point, but its input holds integers "
                         "(torch.randint and dtype=torch.long make integers; an Embedding "
                         "turns indices into floats); PyTorch says: expected scalar type Float "
                         "but found Long")


def row_result(run: Run, module: Module, index: int) -> LayerResult:
    result = run.results[index]
    if module.calls[0] == index:
        return result
    again = Step("params", "params", "parameters (counted on this module's first call)", "0",
                 "0", 0, note="the same module called again uses the same weights: torchinfo "
                              "shows (recursive)")
    steps = (*(s for s in result.steps if s.quantity != "params"), again)
    return replace(result, trainable=0, non_trainable=0, buffers=0, steps=steps,
                   recursive=True)


def uncalled(module: Module, slips: frozenset[str]) -> LayerResult:
    """A module `forward` never calls (or a model without an input shape): counts only."""
    out = out_of(module.definition.fn(module.args, None, TorchCtx(slips)))
    return LayerResult(
        name=module.args.layer, type=module.definition.type, input_shape=None,  # type: ignore
        output_shape=None, trainable=out.trainable,  # type: ignore[arg-type]
        non_trainable=out.non_trainable, steps=tuple(out.steps), axes=out.axes,
        symbols=out.symbols, buffers=out.buffers, spec=module.spec, framework="pytorch")
