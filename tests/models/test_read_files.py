"""Model files as `tutor summary` reads them: every bad file is a message, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tutor.errors import ModelError, TutorError
from tutor.models.read import read_model_file

BOMB = """\
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
input_shape: [8]
layers: [{type: Dense, units: *g}]
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(ModelError, match="too large once its aliases are expanded"):
        read_model_file(write(tmp_path, "bomb.yaml", BOMB))
    assert time.perf_counter() - start < 2


def test_a_python_tag_is_refused_not_run(tmp_path: Path) -> None:
    path = write(tmp_path, "tag.yaml", "input_shape: !!python/object/apply:os.system "
                                       "['echo hi']\nlayers: [Dense]\n")
    with pytest.raises(ModelError, match="could not determine a constructor") as caught:
        read_model_file(path)
    assert caught.value.line == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bin.py", b"\xff\xfe\x00garbage", "not UTF-8 text"),
    ("syntax.yaml", "input_shape: [1, 2\nlayers:\n  - Dense\n", "invalid YAML"),
    ("list.yaml", "- 1\n- 2\n", "must be a mapping"),
    ("model.txt", "hello", "unknown kind of file"),
    ("bad.json", "{", "invalid JSON"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deep2.json", '{"input_shape": [8], "layers": [{"type": "Dense", "units": '
                   + "[" * 950 + "]" * 950 + "}]}", "nested too deeply"),
])
def test_unreadable_files_say_why(tmp_path: Path, name: str, content, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        read_model_file(write(tmp_path, name, content))


def test_a_layer_error_in_a_yaml_spec_names_its_line(tmp_path: Path) -> None:
    from tutor.calc import summarize

    spec = read_model_file(write(tmp_path, "m.yaml", "input_shape: [8]\nlayers:\n"
                                 "  - Dense: {units: 3}\n"
                                 "  - {type: Conv2D, filters: 2, kernel_size: 3}\n"))
    with pytest.raises(TutorError) as caught:
        summarize(spec)
    assert caught.value.line == 4 and caught.value.layer == "conv2d"
