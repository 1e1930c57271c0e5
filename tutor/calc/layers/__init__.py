"""Every layer type the calculator knows; importing this package registers them all."""

from tutor.calc.layers import (
    activations,
    conv,
    conv_transpose,
    core,
    depthwise,
    embedding,
    merging,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    resizing,
    wrappers,
)

__all__ = ["activations", "conv", "conv_transpose", "core", "depthwise", "embedding", "merging",
           "normalization", "pooling", "preprocessing", "recurrent", "regularization",
           "reshaping", "resizing", "wrappers"]
