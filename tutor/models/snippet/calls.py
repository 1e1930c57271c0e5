"""Calls of what a snippet imports or builds: Keras classes and functions, datasets, pure
functions, and the methods of models, lists, dictionaries and arrays."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from tutor.models.snippet import arrays, functional, layers, names, pure, sequential
from tutor.models.snippet.arith import Cannot
from tutor.models.snippet.values import (
    MAX_ITEMS,
    Array,
    CallArgs,
    Method,
    Ref,
    Sequential,
    Unknown,
    size_exceeds,
)

if TYPE_CHECKING:
    from tutor.models.snippet.evaluate import Evaluator

IMAGE_FORMAT = {"keras.backend.image_data_format": "channels_last",
                "keras.config.image_data_format": "channels_last",
                "keras.backend.image_dim_ordering": "tf"}


def call_ref(ev: Evaluator, ref: Ref, node: ast.Call, args: CallArgs) -> Any:
    path = ref.path
    if names.is_sequential(path):
        return sequential.make_sequential(ev, node, args)
    if names.is_model(path):
        return functional.make_functional(ev, node, args)
    if names.is_input(path):
        return layers.make_input(ev, node, args)
    if names.is_layer_class(path):
        return layers.make_layer(ev, names.last(path), node, args)
    if names.is_merge(path):
        return functional.merge(ev, names.last(path), node, args)
    if path in pure.LIBRARY:
        return ev.call_pure(pure.LIBRARY[path], node, args)
    values = [value for _, value in args.positional]
    if arrays.applies(path, values):
        keywords = {key: value for key, (_, value) in args.keywords.items()}
        try:
            result = arrays.call(path, values, keywords)
        except Cannot as error:
            return ev.unknown(node, str(error))
        if result is not None:
            return result
    if names.is_builtin(path) and names.last(path) in pure.BUILTINS:  # six.moves.range
        return ev.call_pure(names.last(path), node, args)
    if path in IMAGE_FORMAT:  # Keras's default configuration, which snippets test for
        return IMAGE_FORMAT[path]
    if path == "torch" or path.startswith("torch."):
        return ev.unknown(node, "snippets are read as Keras code; for a PyTorch model, give a "
                                "model spec (.yaml) with `framework: pytorch`")
    if path.startswith("keras.applications."):
        return ev.unknown(node, "it is a ready-made model; the tutor knows only layers written "
                                "in the snippet")
    return Unknown(f"the tutor does not run `{ev.quote(node)}`", node.lineno,
                   label=f"<{names.short(path)}>")


def call_method(ev: Evaluator, method: Method, node: ast.Call, args: CallArgs) -> Any:
    obj = method.obj
    if method.name == "get_layer":
        return functional.get_layer(ev, obj, node, args)
    if isinstance(obj, Sequential):
        return sequential.call_method(ev, obj, method.name, node, args)
    if args.problem:
        return args.problem
    values = [value for _, value in args.positional]
    if isinstance(obj, Array):
        try:
            keywords = {key: value for key, (_, value) in args.keywords.items()}
            return arrays.method(obj, method.name, values, keywords)
        except Cannot as error:
            return ev.unknown(node, str(error))
    if isinstance(obj, dict):  # dict.get
        if values and isinstance(values[0], str | int) and len(values) <= 2:
            return obj.get(values[0], values[1] if len(values) > 1 else None)
        return ev.unknown(node, "the key is not a constant")
    return _list_method(ev, obj, method.name, node, values)


def _list_method(ev: Evaluator, items: list[Any], name: str, node: ast.Call,
                 values: list[Any]) -> Any:
    try:
        if name == "append" and len(values) == 1:
            items.append(values[0])
        elif name == "extend" and len(values) == 1:
            items.extend(pure.items(values[0]))
        elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
            items.insert(values[0], values[1])
        elif name == "pop" and len(values) <= 1:
            return items.pop(*values) if items else ev.unknown(node, "the list is empty")
        else:
            return ev.unknown(node, "the call's arguments are not understood")
    except (Cannot, TypeError, IndexError):
        return ev.unknown(node, "the call's arguments are not understood")
    # Only containers added can nest (or make the list hold itself); for other values the
    # length is enough, which keeps a loop of appends linear.
    nested = any(isinstance(v, list | tuple | dict) for v in values)
    if len(items) > MAX_ITEMS or (nested and size_exceeds(items)):
        # A list that grew too large (or now holds itself) is spoiled for any model using it.
        items[:] = [ev.unknown(node, "the list grows too large")]
    return None
