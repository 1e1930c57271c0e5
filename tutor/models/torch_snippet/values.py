"""What a PyTorch snippet's names can hold, beyond the Keras reader's constants and stand-ins:
modules, containers, instances of the snippet's own `nn.Module` classes, example inputs, and
the symbolic tensors `forward` is traced with."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from tutor.models.snippet.values import Function
from tutor.models.spec import LayerSpec


@dataclass(eq=False)
class Layer:
    """An `nn.Conv2d(...)`-style module: one object, however often it is called."""

    spec: LayerSpec


class Container(list):
    """`nn.Sequential` or `nn.ModuleList`: a list of modules (so loops and indexing work as on
    a list), with the names an `OrderedDict` gave them."""

    def __init__(self, kind: str, items: list[Any], keys: list[str] | None = None,
                 line: int | None = None) -> None:
        super().__init__(items)
        self.kind = kind
        self.keys = keys or []
        self.line = line

    def names(self) -> list[str]:
        return [self.keys[i] if i < len(self.keys) else str(i) for i in range(len(self))]

    __hash__ = object.__hash__  # one object, not a value: a module is itself

    def __eq__(self, other: object) -> bool:
        return self is other


class ModuleDict(dict):
    """`nn.ModuleDict`: modules by name, in insertion order."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass(eq=False)
class TorchClass:
    """A class of the snippet that subclasses `nn.Module` (directly or through another)."""

    node: ast.ClassDef
    scope: Any
    base: TorchClass | None
    methods: dict[str, Function] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.node.name

    def method(self, name: str) -> Function | None:
        cls: TorchClass | None = self
        while cls is not None:
            if name in cls.methods:
                return cls.methods[name]
            cls = cls.base
        return None

    def attribute(self, name: str) -> Any:
        cls: TorchClass | None = self
        while cls is not None:
            if name in cls.attrs:
                return cls.attrs[name]
            cls = cls.base
        return None


@dataclass(eq=False)
class Custom:
    """An instance of a snippet's module class: submodules in the order `__init__` registers
    them (as `nn.Module.__setattr__` keeps them), and plain attributes."""

    cls: TorchClass
    line: int | None
    modules: dict[str, Any] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)


Module = Layer | Container | ModuleDict | Custom


def is_module(value: Any) -> bool:
    return isinstance(value, Layer | Container | ModuleDict | Custom)


@dataclass(frozen=True)
class Bound:
    """A method of the snippet's own class, taken from an instance: calling passes `self`."""

    obj: Custom
    function: Function
    name: str


@dataclass(frozen=True)
class Super:
    """`super()` in a method of `cls`, for `obj`."""

    obj: Custom
    cls: TorchClass


@dataclass(eq=False)
class Example:
    """An example input made at module level (`torch.randn(2, 3, 128, 128)`): its shape is
    known, and "int" or "float" says what it holds."""

    shape: tuple[int, ...]
    dtype: str = "float"


@dataclass(frozen=True)
class Traced:
    """A tensor while `forward` is traced: output `output` of call `call` (call < 0: the
    model's input -1 - call)."""

    call: int
    output: int = 0

    @property
    def ref(self) -> tuple[int, int]:
        return (self.call, self.output)


@dataclass(frozen=True)
class Sizes:
    """`x.shape` or `x.size()` of a traced tensor: its sizes, known only to the calculator."""

    tensor: Traced


@dataclass(frozen=True)
class SizeOf:
    """`x.size(0)` or `x.shape[0]`: one size of a traced tensor."""

    tensor: Traced
    axis: int


@dataclass(frozen=True)
class SizeExpr:
    """Whole-number arithmetic on sizes read off tensors (`h * w`, `c // 2`, `b, c, h, w =
    x.shape`): the calculator works it out once it knows the shapes."""

    op: str  # "+", "-", "*" or "//"
    left: Any  # SizeOf, SizeExpr or int
    right: Any


@dataclass
class ModelCall:
    """The model called on example inputs at module level (`out = model(x)`)."""

    model: Any
    inputs: list[Example]
    line: int | None
    keywords: dict[str, Any] = field(default_factory=dict)  # `need_weights=False`


SELF, CLASS = "__torch_self__", "__torch_class__"
"""Scope names a method's call sets, so `super()` knows its instance and class."""


def set_member(obj: Custom, name: str, value: Any) -> None:
    """`self.name = value`, as nn.Module.__setattr__ does: a module is registered (keeping its
    place if the name was registered before), anything else is a plain attribute."""
    if is_module(value):
        obj.attrs.pop(name, None)
        obj.modules[name] = value
    else:
        obj.modules.pop(name, None)
        obj.attrs[name] = value
