"""A framework's layer types, one `Registry` per framework: Keras's (`tutor.calc.layers`) and
PyTorch's (`tutor.calc.torch`) are two instances of this class.

A layer type is declared once with `@registry.register(name, defaults, positional=...)` on the
function that computes it; aliases are other names of the same type (Keras's `Convolution2D`);
`functional` types are functions or tensor methods (`F.relu`, `Tensor.view`), not modules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.calc.layers.base import LayerFn


@dataclass(frozen=True)
class LayerDef:
    type: str
    fn: LayerFn
    defaults: Mapping[str, Any]
    positional: tuple[str, ...] = ()
    auto_name: str = ""


class Registry:
    """The layer types of one framework, by name and alias."""

    def __init__(self, framework: str, *, auto_names: bool = False) -> None:
        self.framework = framework
        self.auto_names = auto_names  # Keras names layers after their type (conv2d_1)
        self.layers: dict[str, LayerDef] = {}
        self.aliases: dict[str, str] = {}
        self.functional: set[str] = set()

    def register(self, type_: str, defaults: Mapping[str, Any], *,
                 positional: tuple[str, ...] = (), aliases: tuple[str, ...] = (),
                 auto_name: str | None = None, functional: bool = False
                 ) -> Callable[[LayerFn], LayerFn]:
        """Declare a layer type: its class name, its arguments with defaults, and the order
        the framework takes leading positional arguments in."""

        def decorate(fn: LayerFn) -> LayerFn:
            name = (auto_name or snake_case(type_)) if self.auto_names else ""
            self.layers[type_] = LayerDef(type_, fn, dict(defaults), positional, name)
            for alias in aliases:
                self.aliases[alias] = type_
            if functional:
                self.functional.add(type_)
            return fn

        return decorate

    def lookup(self, type_: str) -> LayerDef | None:
        return self.layers.get(self.aliases.get(type_, type_))

    def is_functional(self, type_: str) -> bool:
        return self.aliases.get(type_, type_) in self.functional

    def suggest(self, type_: str) -> str | None:
        """The registered name closest to a misspelt one (modules only), if any is close."""
        names = sorted(n for n in set(self.layers) | set(self.aliases)
                       if not self.is_functional(n))
        close = difflib.get_close_matches(type_, names, n=1, cutoff=0.6)
        if not close:
            lowered = {n.lower(): n for n in names}
            close = [lowered[type_.lower()]] if type_.lower() in lowered else []
        return close[0] if close else None

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers)

    def __contains__(self, type_: object) -> bool:
        return isinstance(type_, str) and self.lookup(type_) is not None


def snake_case(name: str) -> str:
    """Keras's own `to_snake_case`, which makes automatic layer names (LeakyReLU → leaky_re_lu)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()
