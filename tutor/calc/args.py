"""Layer arguments: defaults, validation and conversion, with messages that name the layer."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from tutor.errors import LayerError

REQUIRED = object()
ARGUMENT_FIRST = re.compile(r"`(\w+)`")
"""Default of an argument the layer cannot do without (Conv2D's `filters`)."""

# Keyword arguments every Keras layer accepts that never change shapes or counts.
BASE_LAYER_ARGS = frozenset({
    "trainable", "dtype", "autocast", "input_shape", "batch_input_shape", "batch_size",
    "input_dim", "activity_regularizer", "name", "seed",
})
# Arguments of weighted layers that change values but never shapes or counts.
WEIGHT_ARGS = frozenset({
    "activation", "kernel_initializer", "bias_initializer", "kernel_regularizer",
    "bias_regularizer", "kernel_constraint", "bias_constraint", "lora_rank", "lora_alpha",
})

# keras.activations.ALL_OBJECTS_DICT: the names `activations.get` accepts (case-sensitive).
ACTIVATIONS = frozenset({
    "relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus", "softsign",
    "squareplus", "soft_shrink", "sparse_plus", "silu", "gelu", "glu", "tanh", "tanh_shrink",
    "threshold", "sigmoid", "sparse_sigmoid", "exponential", "hard_sigmoid", "hard_silu",
    "hard_tanh", "hard_shrink", "linear", "mish", "log_softmax", "log_sigmoid", "sparsemax",
    "swish", "hard_swish",
})


class Args:
    """The bound arguments of one layer, with typed accessors that raise `LayerError`."""

    def __init__(self, layer: str, values: Mapping[str, Any], line: int | None = None) -> None:
        self.layer = layer
        self.values = dict(values)
        self.line = line

    def error(self, message: str) -> LayerError:
        named = ARGUMENT_FIRST.match(message)  # "`strides` must be ...": point at `strides`
        argument = named.group(1) if named and named.group(1) in self.values else None
        return LayerError(message, layer=self.layer, line=self.line, argument=argument)

    def raw(self, key: str) -> Any:
        return self.values.get(key)

    def int(self, key: str, *, minimum: int | None = 1) -> int:
        value = self.values.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"`{key}` must be an integer, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.error(f"`{key}` must be at least {minimum}, got {value}")
        return value

    def opt_int(self, key: str, *, minimum: int | None = 1) -> int | None:
        return None if self.values.get(key) is None else self.int(key, minimum=minimum)

    def float(self, key: str) -> float:
        value = self.values.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"`{key}` must be a number, got {value!r}")
        return float(value)

    def bool(self, key: str) -> bool:
        value = self.values.get(key)
        if not isinstance(value, bool):
            raise self.error(f"`{key}` must be True or False, got {value!r}")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.values.get(key)
        text = value.lower() if isinstance(value, str) else value
        if text not in options:
            allowed = ", ".join(repr(o) for o in options)
            raise self.error(f"`{key}` must be one of {allowed}, got {value!r}")
        return text

    def ints(self, key: str, rank: int, *, minimum: int = 1) -> tuple[int, ...]:
        """An int or a tuple of `rank` ints, as Keras's `standardize_tuple` accepts them."""
        value = self.values.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = (value,) * rank
        if (not isinstance(value, tuple | list) or len(value) != rank
                or any(isinstance(v, bool) or not isinstance(v, int) for v in value)):
            raise self.error(
                f"`{key}` must be an integer or a tuple of {rank} integers, got {value!r}")
        for v in value:
            if v < minimum:
                raise self.error(f"`{key}` values must be at least {minimum}, got {value!r}")
        return tuple(value)

    def data_format(self) -> str:
        value = self.values.get("data_format")
        if value is None:
            return "channels_last"
        return self.choice("data_format", ("channels_last", "channels_first"))


def bind(layer_type: str, name: str, given: Mapping[str, Any], defaults: Mapping[str, Any],
         line: int | None = None, *, positional: tuple[Any, ...] = (),
         order: tuple[str, ...] = ()) -> Args:
    """Name the positional arguments, check every argument against the layer's known ones and
    fill in the defaults, as Python and Keras would."""
    known = set(defaults) | BASE_LAYER_ARGS
    if len(positional) > len(order):
        raise LayerError(f"{layer_type} takes at most {len(order)} positional argument"
                         f"{'s' if len(order) != 1 else ''} ({', '.join(order) or 'none'}), "
                         f"got {len(positional)}", layer=name, line=line)
    named = dict(zip(order, positional, strict=False))
    for key in named:
        if key in given:
            raise LayerError(f"{layer_type} got `{key}` twice, by position and by name",
                             layer=name, line=line)
    given = {**named, **given}
    for key in given:
        if key not in known:
            raise LayerError(unknown_argument(layer_type, key, known), layer=name, line=line,
                             argument=key)
    values = dict(defaults)
    values.update(given)
    activation = values.get("activation")
    if isinstance(activation, str) and activation not in ACTIVATIONS:
        raise LayerError(unknown_activation(activation), layer=name, line=line,
                         argument="activation")
    missing = [k for k, v in values.items() if v is REQUIRED]
    if missing:
        raise LayerError(
            f"{layer_type} needs the argument `{missing[0]}`", layer=name, line=line)
    return Args(name, values, line)


def unknown_argument(layer_type: str, key: str, known: set[str]) -> str:
    message = f"{layer_type} has no argument `{key}`"
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
    return f"{message} (did you mean `{close[0]}`?)" if close else message


def unknown_activation(value: str) -> str:
    """Keras's `activations.get` knows names in lower case only ('ReLU' is an error)."""
    hint = f" (names are lower case: {value.lower()!r})" if value.lower() in ACTIVATIONS else ""
    close = difflib.get_close_matches(value, sorted(ACTIVATIONS), n=1, cutoff=0.7)
    if not hint and close:
        hint = f" (did you mean {close[0]!r}?)"
    return f"unknown activation {value!r}{hint}"
