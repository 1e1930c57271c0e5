"""PyTorch on the shared calculator: the same `Step`s, `LayerResult`s and window arithmetic as
Keras, with PyTorch's own names, signatures, defaults, layout (channels first, a real batch
size) and rounding (floor). Importing the package registers every type."""

from tutor.calc.torch import (  # noqa: F401  (each registers its types)
    activations,
    attention,
    conv,
    core,
    functional,
    normalization,
    pooling,
    recurrent,
    resampling,
)
from tutor.calc.torch.model import summarize_torch
from tutor.calc.torch.registry import REGISTRY

__all__ = ["REGISTRY", "summarize_torch"]
