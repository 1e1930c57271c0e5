"""Keras and PyTorch: what differs between the two frameworks, one record each, so code asks
the record instead of testing a framework's name.

`ModelSpec.framework` (and `ModelSummary.framework`, `LayerResult.framework`) hold a record's
`id`; `framework(id)` gives the record. The layer registries are `Registry` instances, loaded
(every layer type registered) on first use of `registry`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.calc.registry import Registry


@dataclass(frozen=True)
class Framework:
    id: str
    """As a spec names it: "keras" or "pytorch"."""
    name: str
    """As a learner reads it."""
    channels_first: bool
    """The axis layout: (N, C, H, W) in PyTorch, (batch, H, W, C) in Keras."""
    batch: str
    """How a shape's batch axis is written: Keras's None, PyTorch's N."""
    channel_args: tuple[str, str]
    """The arguments a convolution's input and output channels are given by."""
    layers: str
    """The package whose import registers every layer type (imported on first use, so that
    importing the calculator stays cheap), and the module and name of its `Registry`."""
    registry_at: tuple[str, str]

    @property
    def registry(self) -> Registry:
        """The framework's layer types, every one registered."""
        import_module(self.layers)
        module, name = self.registry_at
        registry: Registry = getattr(import_module(module), name)
        return registry

    def code_label(self, snippet: bool) -> str:
        """What shown code is: "Keras code", or a spec rendered as "model (as PyTorch code)"."""
        return f"{self.name} code" if snippet else f"model (as {self.name} code)"


KERAS = Framework("keras", "Keras", False, "None", ("input depth", "filters"),
                  "tutor.calc.layers", ("tutor.calc.layers.base", "KERAS"))
PYTORCH = Framework("pytorch", "PyTorch", True, "N", ("in_channels", "out_channels"),
                    "tutor.calc.torch", ("tutor.calc.torch.registry", "TORCH"))
FRAMEWORKS = {f.id: f for f in (KERAS, PYTORCH)}


def framework(framework_id: str) -> Framework:
    """The record for a spec's `framework` (Keras for anything unknown, as specs default)."""
    return FRAMEWORKS.get(framework_id, KERAS)
