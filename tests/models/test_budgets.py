"""Every model read is bounded: arithmetic that would take for ever is refused, the read has a
step and time budget that names the line where it ran out, and a builder is followed to a
stated depth or refused — a result is exact or refused, never cut short."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tutor.errors import ModelError
from tutor.models.snippet import spec_from_snippet, state
from tutor.models.torch_snippet import spec_from_torch_snippet
from tutor.packs import load_text

HANG_GUARD = 120  # seconds for a child that answers in well under one


def builder(depth: int) -> str:
    return textwrap.dedent(f"""\
        from keras import layers, models

        def build(model, n):
            if n == 0:
                return model
            model.add(layers.Dense(1))
            return build(model, n - 1)

        model = models.Sequential([layers.Input((1,))])
        build(model, {depth})
        """)


def test_a_deep_builder_is_followed_exactly_up_to_the_stated_depth() -> None:
    depth = state.MAX_CALL_DEPTH - 1  # the outer call is the first level
    spec = spec_from_snippet(builder(depth))
    assert len(spec.layers) == depth  # Dense(1) on one input: 2 parameters each, none lost


def test_a_builder_deeper_than_that_is_refused_with_its_line() -> None:
    with pytest.raises(ModelError) as raised:
        spec_from_snippet(builder(state.MAX_CALL_DEPTH + 5))
    assert raised.value.line == 7
    assert f"more than {state.MAX_CALL_DEPTH} deep" in raised.value.message


def test_a_pytorch_builder_deeper_than_the_limit_is_refused_too() -> None:
    source = textwrap.dedent(f"""\
        import torch
        import torch.nn as nn

        def blocks(n):
            return [] if n == 0 else [nn.Linear(4, 4)] + blocks(n - 1)

        model = nn.Sequential(*blocks({state.MAX_CALL_DEPTH + 3}))
        x = torch.randn(1, 4)
        y = model(x)
        """)
    with pytest.raises(ModelError) as raised:
        spec_from_torch_snippet(source)
    assert raised.value.line == 5


@pytest.mark.parametrize("expression", [
    "round(5, -10**8)", "round(5, 10**8)", "round(2.5, -10**9)", "round(10**50, -10**6)"])
def test_rounding_with_huge_digits_is_refused_not_computed(expression: str) -> None:
    source = ("from keras import layers, models\n"
              f"n = {expression}\n"
              "model = models.Sequential([layers.Input((4,)), layers.Dense(n)])\n")
    with pytest.raises(ModelError, match="round's digits"):
        spec_from_snippet(source)


def test_rounding_as_python_does_within_the_bound() -> None:
    source = ("from keras import layers, models\n"
              "model = models.Sequential([layers.Input((4,)), layers.Dense(round(1234, -2))])\n")
    assert spec_from_snippet(source).layers[-1].positional == (1200,)


def test_a_pack_with_a_hanging_expression_does_not_keep_the_app_from_starting() -> None:
    """Five lines of pack in a child process: it must come back with a problem, not hang."""
    pack = textwrap.dedent("""\
        id: hang
        title: Hang
        exercises:
          - id: one
            title: One
            prompt: P.
            keras: |
              from keras import layers, models
              model = models.Sequential([layers.Input((4,)), layers.Dense(round(5, -10**8))])
            questions:
              - {quantity: params}
        """)
    code = ("import sys\nfrom tutor.packs import load_text\n"
            "result = load_text(sys.stdin.read(), 'hang.yaml')\n"
            "print(result.pack is None, *result.problems, sep='\\n')\n")
    done = subprocess.run([sys.executable, "-c", code], input=pack, capture_output=True,
                          text=True, timeout=HANG_GUARD)
    assert done.stdout.startswith("True"), done
    assert "round's digits" in done.stdout


def test_the_step_budget_names_the_line_it_ran_out_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "MAX_STEPS", 500)
    source = ("from keras import layers, models\n"
              "total = 0\n"
              "def f(k):\n"
              "    return [i for i in range(k)]\n"
              "for a in range(30):\n"
              "    total = total + len(f(100))\n"
              "model = models.Sequential([layers.Input((4,)), layers.Dense(total)])\n")
    with pytest.raises(ModelError, match="more than 500 steps") as raised:
        spec_from_snippet(source)
    assert raised.value.line in (4, 5, 6)


def test_the_time_budget_names_the_line_it_ran_out_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "MAX_SECONDS", 0.0)
    source = ("from keras import layers, models\n"
              "model = models.Sequential([layers.Input((4,)), layers.Dense(3)])\n")
    with pytest.raises(ModelError, match="more than 0 seconds") as raised:
        spec_from_snippet(source)
    assert raised.value.line == 1


def test_the_same_pack_reads_through_load_text_in_process() -> None:
    """And, once bounded, the in-process read says which line of the YAML file."""
    pack = ("id: p\ntitle: P\nexercises:\n  - id: one\n    title: One\n    prompt: P.\n"
            "    keras: |\n      from keras import layers, models\n"
            "      model = models.Sequential([layers.Input((4,)), "
            "layers.Dense(round(5, -10**8))])\n"
            "    questions:\n      - {quantity: params}\n")
    result = load_text(pack, "p.yaml")
    assert result.pack is None
    assert any(p.position.line == 9 and "round's digits" in p.message for p in result.problems)
