"""Binding a PyTorch call's arguments as Python does, with the messages PyTorch users see.

Unlike Keras layers, `nn` modules take no catch-all keyword arguments: an unknown name is a
TypeError (`Conv2d.__init__() got an unexpected keyword argument 'filters'`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from tutor.calc.args import REQUIRED, Args
from tutor.errors import LayerError

FACTORY = {"device": None, "dtype": None}
"""Arguments of every module with weights: where and in which type to make them."""


def bind(type_: str, name: str, given: Mapping[str, Any], defaults: Mapping[str, Any],
         line: int | None, *, positional: tuple[Any, ...], order: tuple[str, ...]) -> Args:
    def error(message: str) -> LayerError:
        return LayerError(message, layer=name, line=line)

    if len(positional) > len(order):
        raise error(f"{type_}() takes at most {len(order)} positional argument"
                    f"{'s' * (len(order) != 1)} ({', '.join(order) or 'none'}), "
                    f"got {len(positional)}")
    named = dict(zip(order, positional, strict=False))
    for key in given:
        if key in named:
            raise error(f"{type_}() got multiple values for argument {key!r}")
        if key not in defaults:
            raise error(unexpected(type_, key, defaults))
    values = {**defaults, **named, **given}
    missing = [key for key, value in values.items() if value is REQUIRED]
    if missing:
        listed = " and ".join(repr(m) for m in missing)
        raise error(f"{type_}() missing {len(missing)} required argument"
                    f"{'s' * (len(missing) > 1)}: {listed}")
    return Args(name, values, line)


def unexpected(type_: str, key: str, known: Mapping[str, Any]) -> str:
    message = f"{type_}() got an unexpected keyword argument {key!r}"
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = KERAS_NAMES.get(key) or (close[0] if close else None)
    return f"{message} (did you mean {hint!r}?)" if hint and hint in known else message


# Keras's names for PyTorch's arguments: a learner coming from Keras types these.
KERAS_NAMES = {
    "filters": "out_channels", "strides": "stride", "dilation_rate": "dilation",
    "use_bias": "bias", "units": "out_features", "pool_size": "kernel_size", "rate": "p",
    "input_dim": "num_embeddings", "output_dim": "embedding_dim", "return_sequences": None,
}
