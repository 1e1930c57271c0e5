"""Derivations a teacher would sign: every step of every golden case (Keras and PyTorch, specs
and snippets) and of every shipped exercise is arithmetic that holds, in the formula's shape,
and agrees with the summary's numbers (see stepcheck.py for what is checked).

`python tests/calc/test_derivations.py` prints the failing-step rate and the failures.
"""

from __future__ import annotations

import pytest
from derivation_cases import Model, all_models, layers_of
from stepcheck import Failure, check_layer, check_step, check_steps

from tutor.calc.derivation import Step

MODELS = all_models()

def failures(model: Model) -> list[Failure]:
    found = [f for where, layer in layers_of(model) for f in check_layer(layer, where)]
    for question, steps in model.answers:
        found += check_steps(steps, f"{model.where} {question}")
    return found


def test_every_kind_of_model_is_walked() -> None:
    wheres = [m.where for m in MODELS]
    assert sum(w.startswith("keras:") for w in wheres) > 400
    assert sum(w.startswith("torch:") for w in wheres) > 120
    packs = {w.split("/")[0] for w in wheres if ":" not in w}
    assert {"conv-dims", "sequences", "pytorch-classics"} <= packs


@pytest.mark.parametrize("model", MODELS, ids=[m.where for m in MODELS])
def test_every_step_holds(model: Model) -> None:
    found = failures(model)
    assert not found, "\n".join(map(str, found))


# -- the checker itself catches what it should ----------------------------------------------

def step(formula: str, substituted: str, value: object) -> Step:
    return Step("params", "params", "parameters", formula, substituted, value)  # type: ignore


@pytest.mark.parametrize(("formula", "substituted", "value"), [
    ("K × F × F × D_in + K", "32 × 3 × 3 × 3 + 32", 896),
    ("ceil((H_in − F + 1) / S)", "ceil((200 − 2 + 1) / 2)", 100),
    ("floor((H_in + 2 × P − F) / S) + 1", "floor((28 + 2 × 0 − 2) / 2) + 1", 14),
    ("2 × (4 × (U × (N_in + U) + 2 × U))", "2 × (4 × (20 × (8 + 20) + 2 × 20))", 4800),
    ("(None, T, N_in) → (None, U)", "(None, 10, 8) → (None, 16)", (None, 16)),
    ("H_in × W_in", "None × 8", None),
    ("(H_in − 1) × S + (F mod 2)", "(7 − 1) × 2 + (3 mod 2)", 13),
])
def test_the_checker_accepts_arithmetic_that_holds(formula: str, substituted: str,
                                                    value: object) -> None:
    assert check_step(step(formula, substituted, value)) is None


@pytest.mark.parametrize(("formula", "substituted", "value", "problem"), [
    # the issue's own examples
    ("2 × H × (I + H) + 2 × H", "2 × 20 × (8 + 20) + 2 × 20", 1200, "come to 1160"),
    ("2 × C", "2 × 16", 0, "come to 32"),
    ("N", "3 × 8 × 8", 192, "not by one number"),
    ("x[...]", "x[4]", 4, "unexpected"),
    ("H_in × W_in × D_in", "64 × 7 × 7", 3136, None),  # shape holds; the notation test's job
    ("2H", "2 × 20", 40, "unexpected"),
    ("K = F", "3 = 3", 3, "'='"),
    ("(…, U)", "(None, 16)", (None, 16), "placeholder"),
    ("F × F", "3 × 5", 15, "stands for"),
    ("(D_in / G) × F", "2 × 3", 6, "in its place"),
    ("the sum above", "3744", 3744, "unexpected"),
])
def test_the_checker_refuses_what_does_not_hold(formula: str, substituted: str, value: object,
                                                problem: str | None) -> None:
    found = check_step(step(formula, substituted, value))
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def rate() -> tuple[int, int, list[Failure]]:
    total = broken = 0
    found: list[Failure] = []
    for model in MODELS:
        total += sum(len(layer.steps) for _, layer in layers_of(model))
        total += sum(len(steps) for _, steps in model.answers)
        failed = failures(model)
        broken += len({id(f.step) for f in failed if f.step is not None})
        found += failed
    return total, broken, found


if __name__ == "__main__":
    total, broken, found = rate()
    for failure in found:
        print(failure)
    print(f"{len(MODELS)} models, {total} steps, {broken} failing ({broken / total:.2%}); "
          f"{len(found)} problems")
