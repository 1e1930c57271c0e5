"""Any input yields problems, never a traceback: YAML-ish noise, random data, and random
mutations of the lesson pack. "please report it" marks an internal error, so it must not
appear either."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.packs import load_text
from tutor.packs.fields import EXERCISE_FIELDS, PACK_FIELDS, QUESTION_FIELDS

LESSON = (Path(__file__).resolve().parents[2] / "exercises" / "conv-dims.yaml").read_text()
MINI = (Path(__file__).resolve().parent / "conftest.py").read_text().split('"""\\\n')[1] \
    .split('"""')[0]
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

TOKENS = [*PACK_FIELDS, *EXERCISE_FIELDS, *QUESTION_FIELDS, "input_shape", "layers", "type",
          "Conv2D", "Dense", "filters", "kernel_size", "strides", "padding", "same", "valid",
          "params", "width", "output_shape", ":", ": ", "- ", "\n", "\n  ", "\n    ", "[", "]",
          "{", "}", ",", "&a ", "*a", "<<: ", "!!python/object:os.system ", "!x ", "$F",
          "{F}", "|", ">", "'", '"', "#", "null", "true", "0", "-1", "3", "128", "1e9",
          "from", "to", "step", "\t", "%YAML 1.1\n", "---\n", "...\n", "\x00", "é"]


def check(text: str) -> None:
    result = load_text(text, "fuzz.yaml")
    for problem in result.problems:
        assert "please report it" not in problem.message, problem
        assert problem.line >= 1 and problem.column >= 1
        assert str(problem).startswith("fuzz.yaml:")
    assert result.pack is not None or result.problems


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_yaml_ish_noise(tokens: list[str]) -> None:
    check("".join(tokens))


@FUZZ
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    check(text)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 300), st.floats(allow_nan=False),
                    st.sampled_from(TOKENS), st.text(max_size=8))
data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(TOKENS), inner, max_size=4)), max_leaves=30)


@FUZZ
@given(data)
def test_any_data(value: object) -> None:
    check(yaml.safe_dump(value))


@FUZZ
@given(st.dictionaries(st.sampled_from(list(QUESTION_FIELDS)), data, max_size=5))
def test_any_question(question: dict) -> None:
    pack = yaml.safe_load(MINI)
    pack["exercises"][0]["questions"] = [question]
    check(yaml.safe_dump(pack))


@FUZZ
@given(st.dictionaries(st.sampled_from(["input_shape", "layers", "vary", "framework"]), data,
                       max_size=3), data)
def test_any_model_and_vary(model: dict, vary: object) -> None:
    pack = yaml.safe_load(MINI)
    pack["exercises"][0]["model"] = model
    pack["exercises"][0]["vary"] = vary
    check(yaml.safe_dump(pack))


@st.composite
def mutations(draw: st.DrawFn) -> str:
    lines = LESSON.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "insert":
            lines.insert(at, draw(st.sampled_from(TOKENS)) + "\n")
        elif kind == "replace" and lines[at].strip():
            col = draw(st.integers(0, len(lines[at]) - 1))
            lines[at] = lines[at][:col] + draw(st.sampled_from(TOKENS)) + lines[at][col + 1:]
        else:
            lines[at] = lines[at][:draw(st.integers(0, len(lines[at])))] + "\n"
        if not lines:
            break
    return "".join(lines)


@FUZZ
@given(mutations())
def test_mutations_of_the_lesson_pack(text: str) -> None:
    check(text)
