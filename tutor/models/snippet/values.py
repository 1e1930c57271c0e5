"""What a snippet's names can hold while it is read: plain values and a few stand-ins.

The reader never runs the code, so anything it cannot know becomes an `Unknown` that says
why. An `Unknown` is not an error: data loading, training and plotting produce them all the
time. It becomes a `ModelError` only when the chosen model needs it (see `Unknown.error`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from tutor.errors import ModelError
from tutor.models.spec import LayerSpec

MAX_ITEMS = 10_000  # elements in one container value, nested ones included
MAX_STR = 10_000  # characters in one string value
MAX_INT_BITS = 256  # no layer size needs more; bigger numbers would only cost time
MAX_NESTING = 32  # containers inside containers


@dataclass(frozen=True)
class Unknown:
    """A value the reader cannot know. `final` once the message names where the model needed it."""

    message: str
    line: int | None
    final: bool = False
    label: str | None = None  # how to show it as an opaque argument: "<regularizers.l2>"

    def error(self) -> ModelError:
        return ModelError(self.message, line=self.line)


@dataclass
class CallArgs:
    """A call's arguments, each with the node it was written as (to quote it in messages)."""

    positional: list[tuple[ast.AST, Any]] = field(default_factory=list)
    keywords: dict[str, tuple[ast.AST, Any]] = field(default_factory=dict)
    problem: Unknown | None = None  # a `*args` or `**kwargs` the reader cannot expand
    problem_node: ast.AST | None = None

    def set_problem(self, problem: Unknown, node: ast.AST) -> None:
        if self.problem is None:
            self.problem, self.problem_node = problem, node

    def get(self, name: str, index: int | None = None) -> tuple[ast.AST, Any] | None:
        if name in self.keywords:
            return self.keywords[name]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return None

    def positions(self) -> dict[str, tuple[int, int]]:
        """Where each keyword argument's value is written, (line, column) 1-based, so that a
        message about one argument points at it."""
        # the value's node is kept; `key=` is written just before it
        return {key: (node.lineno, max(1, node.col_offset - len(key)))
                for key, (node, _) in self.keywords.items() if hasattr(node, "lineno")}


@dataclass(frozen=True)
class Ref:
    """A module, class or function reached through an import, by its canonical dotted path
    (`tf.keras.layers.Dense` and `keras.layers.Dense` are both "keras.layers.Dense")."""

    path: str


@dataclass(frozen=True)
class Array:
    """An array of one of Keras's datasets (`mnist.load_data()`): only its shape is known."""

    shape: tuple[int, ...]


@dataclass(eq=False)
class Node:
    """One call of a layer on symbolic tensors (`keras.Input(...)` is the call of an
    InputLayer on nothing). `seq` is its place in the order the snippet makes calls."""

    layer: LayerSpec
    inputs: tuple[Tensor, ...]
    line: int
    seq: int
    listed: bool = False  # the tensors were given as a list: `Concatenate()([a, b])`
    state: int = 0  # trailing inputs given as `initial_state=`


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor of a functional model: output `index` of a call, or with index -1
    the call's whole result (one tensor, or the list a layer with several outputs returns)."""

    node: Node
    index: int = -1

    @property
    def is_input(self) -> bool:
        return not self.node.inputs and self.node.layer.type == "InputLayer"

    @property
    def shape(self) -> tuple[int | None, ...]:
        """The shape a `keras.Input` was given (without the batch axis)."""
        return self.node.layer.args["shape"]

    @property
    def line(self) -> int:
        return self.node.line


@dataclass(eq=False)
class Sequential:
    """A Sequential model being built. `problem` records the first thing that could not be
    followed (a layer the reader does not understand), raised only if this model is chosen."""

    line: int
    layers: list[LayerSpec] = field(default_factory=list)
    input_shape: tuple[int | None, ...] | None = None
    problem: Unknown | None = None
    trainable: bool = True

    def spoil(self, problem: Unknown) -> None:
        if self.problem is None:
            self.problem = problem


@dataclass(eq=False)
class Functional:
    """A `keras.Model(inputs, outputs)`: its input tensors (from `keras.Input`) and outputs,
    in the order given; `keyed` when they were given as dictionaries."""

    line: int
    inputs: tuple[Tensor, ...]
    outputs: tuple[Tensor, ...]
    trainable: bool = True
    name: str | None = None
    several_inputs: bool = False  # given as a list or dict (model.input is then a list)
    several_outputs: bool = False


Model = Sequential | Functional


@dataclass(eq=False)
class Function:
    """A function defined in the snippet, called by interpreting its body with the arguments."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    scope: Any  # the Scope it was defined in (its closure)
    defaults: tuple[Any, ...]
    kw_defaults: dict[str, Any]


@dataclass(frozen=True)
class Method:
    """`obj.name` for a method the reader follows (`model.add`, `layers_list.append`, ...)."""

    obj: Any
    name: str


def size_exceeds(value: Any, limit: int = MAX_ITEMS) -> bool:
    """Whether a container holds more than `limit` values or nests deeper than `MAX_NESTING`.
    Stops early, so values shared many times over (`t = (t, t)` in a loop) or lists holding
    themselves cannot make it slow."""
    budget = limit
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, tuple | list | dict):
            if depth > MAX_NESTING:
                return True
            children = list(item.values()) if isinstance(item, dict) else item
            budget -= len(children) + 1
            if budget < 0:
                return True
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            budget -= len(item) // 100
    return budget < 0


def is_plain(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)
