"""One notation: every symbol in every derivation (golden cases of both frameworks, every
shipped exercise) is in the notation table, and the main ones mean the same in every layer:
K the filters, F the kernel or pool size, S the stride, U the units, D_in / C_in the input's
channels, H_in / W_in / L_in its sizes, T its time steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from derivation_cases import Model, all_models, layers_of
from stepcheck import match, parse

from tutor.calc.notation import SYMBOLS, meaning, table
from tutor.calc.result import LayerResult

MODELS = all_models()


def bindings(layer: LayerResult) -> Iterator[tuple[str, Any]]:
    """Each symbol of each step with the number put in its place."""
    for step in layer.steps:
        bound: dict[str, set[Any]] = {}
        match(parse(step.formula), parse(step.substituted), bound)
        for symbol, values in bound.items():
            for value in values:
                yield symbol, value


def test_every_symbol_is_in_the_table() -> None:
    unknown = {}
    for model in MODELS:
        for where, layer in layers_of(model):
            for symbol, _ in bindings(layer):
                if meaning(symbol) is None:
                    unknown.setdefault(symbol, f"{where} ({layer.type})")
        for question, steps in model.answers:
            for step in steps:
                for symbol in symbols(step.formula):
                    if meaning(symbol) is None:
                        unknown.setdefault(symbol, f"{model.where} {question}")
    assert not unknown, unknown


def symbols(formula: str) -> set[str]:
    from stepcheck import symbols_of

    return set(symbols_of(parse(formula)))


def arg(layer: LayerResult, *names: str) -> int | None:
    """An argument given as one int (a tuple of equal ints too), else None."""
    if layer.spec is None:
        return None
    for name in names:
        value = layer.spec.args.get(name)
        if isinstance(value, tuple | list) and value and len(set(value)) == 1:
            value = value[0]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def channels_first(layer: LayerResult) -> bool:
    return layer.framework == "pytorch" or (
        layer.spec is not None and layer.spec.args.get("data_format") == "channels_first")


def expected(layer: LayerResult, symbol: str) -> Any:
    """What the symbol must stand for in this layer, or None when the test cannot tell."""
    shape = layer.input_shape
    image = isinstance(shape, tuple) and len(shape) == 4 and not isinstance(shape[0], tuple)
    if symbol in ("K", "C_out"):
        return arg(layer, "filters", "out_channels")
    if symbol == "F":
        return arg(layer, "kernel_size", "pool_size")
    if symbol == "S":
        strides = arg(layer, "strides", "stride")
        return strides
    if symbol == "U" and layer.type in ("Dense", "LSTM", "GRU", "SimpleRNN", "RNN"):
        return arg(layer, "units", "hidden_size")
    if symbol in ("D_in", "C_in") and image and layer.type.startswith("Conv"):
        return shape[1] if channels_first(layer) else shape[-1]
    if symbol in ("H_in", "W_in") and image and layer.type.startswith(("Conv", "MaxPool",
                                                                       "AvgPool")):
        first = 2 if channels_first(layer) else 1
        return shape[first + (symbol == "W_in")]
    if symbol == "T" and layer.type in ("LSTM", "GRU", "SimpleRNN") and layer.framework == \
            "keras" and isinstance(shape, tuple) and len(shape) == 3:
        return shape[1]
    return None


@pytest.mark.parametrize("model", MODELS, ids=[m.where for m in MODELS])
def test_each_symbol_means_the_same_in_every_layer(model: Model) -> None:
    wrong = []
    for where, layer in layers_of(model):
        for symbol, value in bindings(layer):
            want = expected(layer, symbol)
            if want is not None and value != want:
                wrong.append(f"{where} ({layer.type}): {symbol} = {value}, but it means "
                             f"{want} here ({meaning(symbol).meaning})")  # type: ignore[union-attr]
    assert not wrong, "\n".join(wrong)


def test_the_notation_itself() -> None:
    names = [s.symbol for s in SYMBOLS]
    assert len(names) == len(set(names))
    # the lesson's letters, and one letter per meaning across the frameworks
    for symbol, means in (("K", "filters"), ("F", "pool"), ("S", "stride"), ("P", "padding"),
                          ("R", "dilation"), ("U", "units"), ("D_in", "depth")):
        entry = meaning(symbol)
        assert entry is not None and means in entry.meaning
    assert meaning("F_h") == meaning("F") and meaning("S_d2") == meaning("S")
    assert meaning("Params_LSTM") is not None and meaning("2H") is None
    assert len(table()) < len(table(short=False)) <= len(SYMBOLS)


def test_a_symbol_used_for_another_number_is_caught() -> None:
    from tutor.calc.derivation import Step
    from tutor.models.spec import LayerSpec

    layer = LayerResult("conv2d", "Conv2D", (None, 28, 28, 3), (None, 26, 26, 16), 448, 0,
                        (Step("params", "bias", "biases", "K", "3", 3),),
                        spec=LayerSpec("Conv2D", {"filters": 16, "kernel_size": 3}))
    assert [(s, v, expected(layer, s)) for s, v in bindings(layer)] == [("K", 3, 16)]
