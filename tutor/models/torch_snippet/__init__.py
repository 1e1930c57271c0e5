"""Read the PyTorch model a pasted snippet builds, without running it.

The snippet is read with the Keras reader's machinery (`ast`, statement by statement: constants
and integer arithmetic, imports, the snippet's own functions, loops over constants unrolled),
taught PyTorch's constructs. Nothing is ever executed.

Models read:
  * `nn.Sequential(...)` however written: `from torch import nn`, `import torch.nn as nn`,
    `torch.nn.Conv2d` spelled out, `nn.Sequential(*layers)` from a list built in a loop,
    `model.append(...)`, an `OrderedDict` of names, Sequentials inside Sequentials;
  * `nn.Module` subclasses: `__init__` is read with `self` (submodules are registered in the
    order it assigns them, `nn.ModuleList`s and `nn.Sequential`s and other module classes of
    the snippet included, named by attribute path: "conv1", "main.0", "block1.bn2"); then
    `forward` is *traced*: each module call and each operation on a tensor (`F.relu`,
    `F.max_pool2d(x, 2)`, `torch.flatten(x, 1)`, `x.view(-1, 16 * 5 * 5)`,
    `x.view(x.size(0), -1)`, `out[:, -1, :]`, `x + identity`, `torch.cat`) becomes one call of
    the spec, in order, naming the tensors it takes. Unpacking works as in Python:
    `out, (h, c) = self.lstm(x)`;
  * a single layer as the model (`model = nn.MultiheadAttention(256, 4, batch_first=True)`,
    called as `out, weights = model(x, x, x)`).

The input shape: the model called at module level on example tensors (`x = torch.randn(2, 3,
128, 128)`, `torch.zeros`, `torch.rand`, `torch.randint(0, 10000, (2, 50))`, then `model(x)`),
or torchinfo's `summary(model, input_size=...)` (torchsummary's, without the batch axis). No
call: the spec has no input shape, and the calculator still gives every parameter count.

Which model: the module in the module-level variable `model`; otherwise the last one called on
example inputs; otherwise the last one made at module level that no other holds.

What `forward` does that the reader cannot follow — a loop over data (`for t in
range(x.size(1))`), a branch on data, a tensor method it does not know — is an error naming
the line, raised when the model needs it. `__init__` follows the Keras reader's rules.
"""

from __future__ import annotations

import ast
import contextlib
from dataclasses import replace
from typing import Any

from tutor.errors import ModelError
from tutor.models.snippet import guarded
from tutor.models.snippet.execute import Break, Continue, Return
from tutor.models.snippet.source import Source, parse
from tutor.models.snippet.state import MISSING, Scope
from tutor.models.snippet.values import CallArgs, Unknown
from tutor.models.spec import ModelSpec
from tutor.models.torch_snippet.interpreter import TorchInterpreter, TorchReading
from tutor.models.torch_snippet.tensors import call_module
from tutor.models.torch_snippet.values import (
    Container,
    Custom,
    Example,
    Layer,
    ModelCall,
    ModuleDict,
    Traced,
    is_module,
)

__all__ = ["spec_from_torch_snippet"]

def spec_from_torch_snippet(source: str) -> ModelSpec:
    """The model a PyTorch snippet builds, as a spec with `framework="pytorch"`. Raises
    `ModelError` for anything else, never another exception."""
    return guarded(_read, source)


def _read(text: str) -> ModelSpec:
    tree = parse(text)
    reading = TorchReading(Source(text))
    scope = Scope()
    scope.vars["__name__"] = "__main__"
    interpreter = TorchInterpreter(reading, scope)
    with contextlib.suppress(Return, Break, Continue):
        interpreter.run(tree.body)
    if not reading.created and not reading.model_calls:
        interpreter.call_defined_functions()
    model = choose(scope, reading)
    call = next((c for c in reading.model_calls if c.model is model), None)
    return trace(interpreter, model, call, text)


def choose(scope: Scope, reading: TorchReading) -> Any:
    named = scope.vars.get("model", MISSING)
    if is_module(named):
        return named
    if isinstance(named, Unknown):
        raise named.error() if named.final else ModelError(
            f"cannot read `model`: {named.message}", line=named.line)
    if reading.model_calls:
        return reading.model_calls[-1].model
    held = {id(child) for module in reading.created for child in children(module)}
    free = [m for m in reading.created if id(m) not in held]
    if free:
        return free[-1]
    raise ModelError("no PyTorch model found: the snippet never makes an nn.Module "
                     "(nn.Sequential(...), a class of its own, or a layer)")


def children(module: Any) -> list[Any]:
    if isinstance(module, Container):
        return list(module)
    if isinstance(module, ModuleDict):
        return list(module.values())
    if isinstance(module, Custom):
        return list(module.modules.values())
    return []


def leaves(root: Any) -> list[tuple[str, Layer]]:
    """Leaf modules by name in `named_modules()` order; a module held twice, once."""
    found: list[tuple[str, Layer]] = []
    seen: set[int] = set()

    def walk(module: Any, prefix: str) -> None:
        if id(module) in seen:
            return
        seen.add(id(module))
        if isinstance(module, Layer):
            found.append((prefix, module))
            return
        if isinstance(module, Container):
            pairs = list(zip(module.names(), module, strict=True))
        elif isinstance(module, ModuleDict):
            pairs = list(module.items())
        elif isinstance(module, Custom):
            pairs = list(module.modules.items())
        else:
            return
        for name, child in pairs:
            walk(child, f"{prefix}.{name}" if prefix else str(name))

    walk(root, "")
    return found


def trace(ev: TorchInterpreter, model: Any, call: ModelCall | None, text: str) -> ModelSpec:
    named = leaves(model)
    reading = ev.reading
    reading.names = {id(layer): name for name, layer in named}
    reading.trace = []
    examples = distinct(call.inputs) if call else []
    if call:
        arguments = [Traced(-1 - examples.index(x)) for x in call.inputs]
    else:
        arguments = [Traced(-1 - k) for k in range(forward_arity(model))]
    line = call.line if call else getattr(model, "line", None) or 1
    node = ast.Call(ast.Name("model", ast.Load()), [], [], lineno=line, col_offset=0)
    keywords = {k: (node, v) for k, v in call.keywords.items()} if call else {}
    call_module(ev, model, node, CallArgs([(node, a) for a in arguments], keywords))
    modules = tuple(replace(layer.spec, name=name) for name, layer in named)
    if not modules:
        raise ModelError("the model has no layers: its __init__ makes no nn modules, so there "
                         "is nothing to count", line=getattr(model, "line", None))
    first = examples[0] if examples else None
    return ModelSpec(tuple(reading.trace), None if first is None else first.shape[1:],
                     "pytorch", source=text,
                     batch_size=None if first is None else first.shape[0],
                     modules=modules,
                     extra_inputs=tuple(x.shape for x in examples[1:]),
                     input_dtype=first.dtype if first else None)


def distinct(inputs: list[Example]) -> list[Example]:
    out: list[Example] = []
    for item in inputs:
        if not any(item is seen for seen in out):
            out.append(item)
    return out


def forward_arity(model: Any) -> int:
    """How many tensors `forward` takes when the snippet never calls the model."""
    if isinstance(model, Custom):
        forward = model.cls.method("forward")
        if forward is not None:
            spec = forward.node.args
            params = [*spec.posonlyargs, *spec.args][1:]
            return max(1, len(params) - len(forward.defaults))
    return 1
