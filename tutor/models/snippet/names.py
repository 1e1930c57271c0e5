"""Keras's many spellings of one name: `tf.keras.layers.Dense`, `keras.layers.core.Dense`, ...

Imported names are kept as dotted paths (`Ref`); these functions put a path in one canonical
form and say what it names: a layer class, `Sequential`, `Model`, `Input`, an activation.
"""

from __future__ import annotations

# Prefixes under which courses import Keras, all meaning the `keras` package.
KERAS_PREFIXES = (
    "tensorflow.python.keras", "tensorflow.compat.v2.keras", "tensorflow.compat.v1.keras",
    "tensorflow.keras", "keras.api._v2.keras", "keras.api.keras", "keras.api", "keras.src",
    "tf_keras",
)

# Where an activation function can be taken from; `activation=tf.nn.relu` is "relu".
ACTIVATION_MODULES = (
    "keras.activations", "keras.backend", "keras.ops", "tensorflow.nn", "tensorflow.math",
    "tensorflow",
)

# keras.layers functions that join tensors; a straight chain of layers has none.
MERGE_FUNCTIONS = frozenset({
    "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate", "dot",
})


def canonical(path: str) -> str:
    for prefix in KERAS_PREFIXES:
        if path == prefix or path.startswith(prefix + "."):
            return "keras" + path[len(prefix):]
    return path


def join(path: str, attribute: str) -> str:
    return canonical(f"{path}.{attribute}")


def in_keras(path: str) -> bool:
    return path == "keras" or path.startswith("keras.")


def last(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def is_layer_class(path: str) -> bool:
    """`keras.layers.Conv2D`, `keras.layers.convolutional.Conv2D`, ...: a class, so CapWords."""
    return path.startswith("keras.layers.") and last(path)[:1].isupper() and last(path) != "Input"


def is_input(path: str) -> bool:
    return in_keras(path) and last(path) == "Input"


def is_sequential(path: str) -> bool:
    return in_keras(path) and last(path) == "Sequential"


def is_model(path: str) -> bool:
    return in_keras(path) and last(path) == "Model"


def is_merge(path: str) -> bool:
    return path.startswith("keras.layers.") and last(path) in MERGE_FUNCTIONS


def activation_name(path: str) -> str | None:
    """"relu" for keras.activations.relu or tf.nn.relu; None for anything else."""
    module, _, name = path.rpartition(".")
    if module in ACTIVATION_MODULES and name[:1].islower():
        return name
    return None


def is_builtin(path: str) -> bool:
    """Python's own functions reached through a module: `from six.moves import range`."""
    return path.rpartition(".")[0] in ("builtins", "__builtin__", "six.moves", "future.builtins",
                                       "past.builtins")


def short(path: str) -> str:
    """A path as shown in an opaque argument: "<regularizers.l2>" rather than the full path."""
    return path[len("keras."):] if path.startswith("keras.") else path
