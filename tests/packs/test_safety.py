"""Nothing in a pack is constructed or run; bombs and huge files are refused quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import MINIMAL, load, messages

from tutor.packs import load_file
from tutor.packs.safeyaml import MAX_BYTES

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object:os.Pathlike",
                                 "!!python/name:os.system", "!custom"])
def test_tags_that_would_build_objects_are_errors(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = MINIMAL.replace("title: Demo", f"title: {tag} [touch {marker}]")
    result = load(text)
    assert result.pack is None
    (message,) = messages(result)
    assert message.startswith(f"pack.yaml:2:8: title: the tag {tag}")
    assert "is not allowed" in message
    assert not marker.exists()


def test_tags_inside_a_model_are_errors_too() -> None:
    text = MINIMAL.replace("filters: 32", "filters: !!python/object/new:int [32]")
    (message,) = messages(load(text))
    assert message.startswith("pack.yaml:13:35: exercises[0].model.layers[0].filters: the tag "
                              "!!python/object/new:int is not allowed")


def test_billion_laughs_in_a_model_is_refused_fast() -> None:
    text = MINIMAL.replace("exercises:", BOMB + "exercises:").replace(
        "input_shape: [128, 128, 3]", "input_shape: *i")
    start = time.perf_counter()
    result = load(text)
    assert time.perf_counter() - start < 1
    assert result.pack is None
    (message,) = messages(result)
    assert "alias bomb" in message


@pytest.mark.parametrize("where", ["expect", "vary"])
def test_billion_laughs_anywhere_values_are_read_is_refused_fast(where: str) -> None:
    text = MINIMAL.replace("exercises:", BOMB + "exercises:")
    if where == "expect":
        text = text.replace("expect: 896", "expect: *i")
    else:
        text = text.replace("    questions:", "    vary: {X: *i}\n    questions:")
    start = time.perf_counter()
    (message,) = messages(load(text))
    assert time.perf_counter() - start < 1
    assert "alias bomb" in message


def test_recursive_alias_is_refused() -> None:
    text = MINIMAL.replace("input_shape: [128, 128, 3]", "input_shape: &r [1, *r]")
    (message,) = messages(load(text))
    assert "nested too deeply" in message


def test_deep_nesting_is_refused() -> None:
    text = MINIMAL.replace("input_shape: [128, 128, 3]", "input_shape: " + "[" * 200 + "]" * 200)
    (message,) = messages(load(text))
    assert "nested too deeply" in message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + "#" * MAX_BYTES)
    start = time.perf_counter()
    result = load_file(path)
    assert time.perf_counter() - start < 0.5
    (problem,) = result.problems
    assert str(problem).startswith(f"{path}:1:1: file: the file is ")
    assert "more than the 2,000,000 a pack may have" in problem.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Demo", "D\xe9mo").encode("latin-1"))
    (problem,) = load_file(path).problems
    assert "not UTF-8" in problem.message


def test_merge_keys_work_and_stay_safe() -> None:
    text = MINIMAL.replace("exercises:", "defaults: &d {quantity: params}\nexercises:")
    assert "unknown key `defaults`" in messages(load(text))[0]
    text = MINIMAL.replace("      - quantity: params\n",
                           "      - <<: {quantity: params, hints: [Count]}\n")
    result = load(text)
    assert result.problems == ()
    assert result.pack.exercise("one").questions[0].hints == ("Count",)
