"""The reader's state: variables by scope, and what the whole reading has built so far."""

from __future__ import annotations

import ast
import time
from typing import Any

from tutor.errors import ModelError
from tutor.models.snippet.effects import Effects
from tutor.models.snippet.source import Source
from tutor.models.snippet.values import Model, Node, Unknown
from tutor.models.spec import LayerSpec

MAX_STEPS = 50_000  # statements read, a last guard against work without end (real: < 13k)
MAX_SECONDS = 10.0  # a last guard of time for one read (a real snippet takes milliseconds)
MAX_TURNS = 1_000  # loop turns unrolled in all; later loops are skipped
MAX_CALLS = 2_000  # calls of the snippet's own functions; more are refused
MAX_CALL_DEPTH = 50  # nested calls of the snippet's own functions; deeper is refused

MISSING = object()


class Scope:
    """Variables of the module or of one function call; `parent` is where a name not set here is
    looked up (the enclosing function, then the module), as Python's closures do."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.global_names: set[str] = set()
        self.star_modules: list[str] = []  # `from keras.layers import *`, module scope only

    @property
    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return MISSING

    def assign(self, name: str, value: Any) -> None:
        target = self.module if name in self.global_names else self
        target.vars[name] = value

    def delete(self, name: str) -> None:
        self.vars.pop(name, None)


class Reading:
    """State shared by every scope of one snippet: the text, the work done, the models built."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.turns = 0
        self.effects: dict[int, Effects] = {}  # see `effects.effects`
        self.depth = 0
        self.calls = 0
        self.built: list[Model | Unknown] = []  # in creation order; an Unknown for a failed one
        # Every layer made, in order (Keras numbers automatic names in this order), and every
        # call of a layer on tensors, by layer.
        self.created: list[LayerSpec] = []
        self.layer_calls: dict[int, list[Node]] = {}
        self.node_count = 0

    def step(self, node: ast.AST | None = None) -> None:
        """One statement (or loop turn) read; past the budget of steps or of time, the read
        stops with the line it had reached."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise ModelError(f"the snippet takes more than {MAX_STEPS:,} steps to read; "
                             "paste only the code that builds the model",
                             line=getattr(node, "lineno", None))
        if time.monotonic() > self.deadline:
            raise ModelError(f"the snippet takes more than {MAX_SECONDS:g} seconds to read; "
                             "paste only the code that builds the model",
                             line=getattr(node, "lineno", None))

    def made(self, layer: LayerSpec) -> LayerSpec:
        self.created.append(layer)
        return layer

    def node(self, layer: LayerSpec, inputs: tuple, line: int, *, listed: bool = False,
             state: int = 0) -> Node:
        """A new call of `layer` on `inputs` (Tensors)."""
        self.node_count += 1
        made = Node(layer, inputs, line, self.node_count, listed, state)
        self.layer_calls.setdefault(id(layer), []).append(made)
        return made

    def unroll(self, turns: int) -> bool:
        """Whether a loop of so many turns may still be unrolled; if so, they are counted."""
        if self.turns + turns > MAX_TURNS:
            return False
        self.turns += turns
        return True
