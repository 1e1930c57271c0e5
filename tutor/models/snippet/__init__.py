"""Read the Keras model a pasted Python snippet builds, without running it.

The snippet is parsed with `ast` and read statement by statement: constants and integer
arithmetic are computed, imports are followed (`keras`, `tensorflow.keras`, `tf.keras` and
aliases), the snippet's own functions are called with the arguments given, loops over a
constant list or `range(N)` are unrolled when they build something, and `if`s are followed
when their condition is known (`K.image_data_format()` is Keras's default, "channels_last").
Keras's datasets (`mnist.load_data()`, ...) are known by their shapes only. Nothing is ever
executed.

Models read:
  * `Sequential()` with `model.add(...)`, or `Sequential([...])`; the input shape from
    `keras.Input(shape=...)`, `InputLayer(...)`, `model.build(...)`, or the first layer's
    `input_shape=`, `batch_input_shape=` or `input_dim=` (taken out of its arguments);
  * functional models: `inputs = keras.Input(...)`, layers called on tensors, joined by merge
    layers or `+ - * /`, shared between calls, with several inputs and outputs, up to
    `keras.Model(inputs, outputs)` (see `functional.py`); the spec then carries the `Graph`;
  * a Sequential or straight-chain model used as a layer of another, read as its layers.
Layer arguments are plain values; `activation=tf.nn.relu` is "relu", and what does not change
shapes but cannot be computed (`kernel_regularizer=regularizers.l2(0.01)`) is an opaque
"<regularizers.l2>".

Which model: the one in the module-level variable `model` if there is one, otherwise the last
model built. A snippet that only defines a function building a model, and never calls it, is
read by calling the function if it needs no arguments.

Lines that do not build the model (data loading, compile, fit, plotting) are not errors, even
when the reader cannot follow them. What it cannot follow raises `ModelError` only when the
chosen model depends on it, naming the line and the expression ("line 7: cannot follow
`x_train.shape[1:]` in Conv2D(...): the tutor does not run `imdb.load_data()` (line 3)"):
subclassed models and custom layers, a branching model used as a layer, ready-made models
(`keras.applications`), `Lambda` layers, loops and conditions it cannot decide that change
the model. Sources over 200 kB, nesting deeper
than 100 levels, numbers over 256 bits and work without end are refused early.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable

from tutor.errors import ModelError
from tutor.models.snippet.execute import Break, Continue, Interpreter, Return
from tutor.models.snippet.functional import reachable, to_graph
from tutor.models.snippet.sequential import is_model, layers_of
from tutor.models.snippet.source import Source, parse
from tutor.models.snippet.state import MISSING, Reading, Scope
from tutor.models.snippet.values import Functional, Model, Unknown
from tutor.models.spec import LayerSpec, ModelSpec

__all__ = ["spec_from_snippet"]

INTERNAL = "the tutor could not read this snippet (internal error: {}); please report it"


def spec_from_snippet(source: str) -> ModelSpec:
    """The model a Keras snippet builds. Raises `ModelError` for anything else, never another
    exception: the snippet is whatever a learner pasted."""
    return guarded(_read, source)


def guarded(read: Callable[[str], ModelSpec], source: str) -> ModelSpec:
    """`read(source)`, with every failure turned into a `ModelError` (shared by the readers)."""
    try:
        return read(source)
    except ModelError:
        raise
    except (RecursionError, MemoryError):
        raise ModelError("the snippet is nested too deeply to read") from None
    except Exception as error:  # a bug in the reader must not show the learner a traceback
        raise ModelError(INTERNAL.format(type(error).__name__)) from error


def _read(text: str) -> ModelSpec:
    tree = parse(text)
    reading = Reading(Source(text))
    scope = Scope()
    scope.vars["__name__"] = "__main__"  # so `if __name__ == "__main__":` blocks are read
    interpreter = Interpreter(reading, scope)
    # `return` or `break` outside a function or loop: Python would refuse to run it at all.
    with contextlib.suppress(Return, Break, Continue):
        interpreter.run(tree.body)
    if not reading.built:
        interpreter.call_defined_functions()
    return to_spec(choose(scope, reading), text, reading.created)


def choose(scope: Scope, reading: Reading) -> Model:
    named = scope.vars.get("model", MISSING)
    if is_model(named):
        return named
    if isinstance(named, Unknown):
        if named.final:
            raise named.error()
        raise ModelError(f"cannot read `model`: {named.message}", line=named.line)
    if reading.built:
        last = reading.built[-1]
        if isinstance(last, Unknown):
            raise last.error()
        return last
    raise ModelError("no Sequential model found: the snippet never calls Sequential(...) or "
                     "keras.Model(inputs, outputs)")


def to_spec(model: Model, text: str, created: list[LayerSpec]) -> ModelSpec:
    if isinstance(model, Functional):
        if not model.trainable:  # Keras freezes every layer of a frozen model
            for call in reachable(model.outputs):
                if isinstance(call.layer.args, dict) and call.inputs:
                    call.layer.args["trainable"] = False
        layers, graph = to_graph(model, created)
        return ModelSpec(layers, model.inputs[0].shape, source=text, graph=graph)
    found = layers_of(model)
    if isinstance(found, Unknown):
        raise found.error()
    layers, input_shape = found
    if not layers:
        raise ModelError("the model has no layers", line=model.line)
    return ModelSpec(layers, input_shape, source=text)
