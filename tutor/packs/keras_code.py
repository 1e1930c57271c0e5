"""Render a model spec as the Keras code that would build it, in the lesson's style.

A YAML-spec exercise is shown to learners as code, like the lesson's snippets:

    from keras.models import Sequential
    from keras.layers import Conv2D

    model = Sequential()
    model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                     activation='relu', input_shape=(128, 128, 3)))
    model.summary()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tutor.models.spec import LayerSpec, ModelSpec

WIDTH = 88


def keras_code(spec: ModelSpec) -> str:
    """Keras code equivalent to `spec` (input shape on the first layer, as the lesson does)."""
    types = sorted({t for layer in spec.layers for t in layer_types(layer)})
    lines = ["from keras.models import Sequential",
             f"from keras.layers import {', '.join(types)}", "", "model = Sequential()"]
    for index, layer in enumerate(spec.layers):
        extra = {}
        if index == 0 and spec.input_shape is not None:
            extra["input_shape"] = tuple(spec.input_shape)
        lines.append(wrap("model.add(", call(layer, extra), "))"))
    lines.append("model.summary()")
    return "\n".join(lines)


def layer_types(layer: LayerSpec) -> Iterator[str]:
    yield layer.type
    for value in (*layer.positional, *layer.args.values()):
        if isinstance(value, LayerSpec):
            yield from layer_types(value)


def call(layer: LayerSpec, extra: dict[str, Any] | None = None) -> tuple[str, list[str]]:
    """The layer's class name and its arguments, each as Python source."""
    args = [literal(value) for value in layer.positional]
    args += [f"{key}={literal(value)}" for key, value in layer.args.items()]
    if layer.name is not None:
        args.append(f"name={layer.name!r}")
    args += [f"{key}={literal(value)}" for key, value in (extra or {}).items()]
    return layer.type, args


def literal(value: Any) -> str:
    """A value as Python source: 'same', (3, 3), True, None, or a nested layer."""
    if isinstance(value, LayerSpec):
        name, args = call(value)
        return f"{name}({', '.join(args)})"
    if isinstance(value, tuple | list):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def wrap(prefix: str, layer: tuple[str, list[str]], suffix: str) -> str:
    """`model.add(Conv2D(a, b, ...))`, continued under the first argument past WIDTH columns,
    as the lesson breaks its long `model.add` line."""
    name, args = layer
    head = f"{prefix}{name}("
    indent = " " * len(head)
    lines, current = [], head
    for i, arg in enumerate(args):
        piece = arg + (", " if i < len(args) - 1 else "")
        if current.strip() and current != head and len(current + piece.rstrip()) > WIDTH:
            lines.append(current.rstrip())
            current = indent
        current += piece
    lines.append(current + suffix)
    return "\n".join(lines)
