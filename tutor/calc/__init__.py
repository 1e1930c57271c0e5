"""The calculator core: output shapes, parameter counts and worked derivations, as Keras and
PyTorch compute them.

`summarize`, `LayerResult` and `ModelSummary` load on first use: importing a small piece
(`tutor.calc.derivation`, say) must not register every layer type, which the app's first
screen does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tutor.calc.derivation import Step, fmt

if TYPE_CHECKING:
    from tutor.calc.model import summarize
    from tutor.calc.result import LayerResult, ModelSummary

__all__ = ["LayerResult", "ModelSummary", "Step", "fmt", "summarize"]

_LAZY = {"summarize": "tutor.calc.model", "LayerResult": "tutor.calc.result",
         "ModelSummary": "tutor.calc.result"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tutor.calc' has no attribute {name!r}")
