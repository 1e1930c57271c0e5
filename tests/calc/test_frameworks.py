"""Keras and PyTorch as two records and two instances of one `Registry` class."""

from __future__ import annotations

from tutor.calc.frameworks import KERAS, PYTORCH, framework
from tutor.calc.registry import Registry


def test_each_framework_has_its_own_registry_of_one_class() -> None:
    keras, torch = KERAS.registry, PYTORCH.registry
    assert isinstance(keras, Registry) and isinstance(torch, Registry)
    assert keras is not torch
    assert "Conv2D" in keras and "Conv2D" not in torch
    assert "Conv2d" in torch and "Conv2d" not in keras
    assert keras.lookup("Conv2D") is not None and torch.lookup("Conv2d") is not None


def test_names_aliases_suggestions_and_functions() -> None:
    keras, torch = KERAS.registry, PYTORCH.registry
    assert keras.lookup("Conv2D").auto_name == "conv2d"  # Keras names layers after the type
    assert torch.lookup("Conv2d").auto_name == ""
    assert keras.suggest("Conv2d") == "Conv2D" and torch.suggest("Conv2D") == "Conv2d"
    assert torch.is_functional("relu") or any(torch.is_functional(n) for n in torch)
    assert not keras.functional


def test_the_record_says_what_differs() -> None:
    assert framework("pytorch") is PYTORCH and framework("keras") is KERAS
    assert (KERAS.name, PYTORCH.name) == ("Keras", "PyTorch")
    assert PYTORCH.channels_first and not KERAS.channels_first
    assert PYTORCH.code_label(True) == "PyTorch code"
    assert KERAS.code_label(False) == "model (as Keras code)"
