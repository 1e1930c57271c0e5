"""`tutor list`, `tutor show PACK [--json]` and `-` for standard input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli import packs as list_command
from tutor.cli.main import main
from tutor.cli.stdin import read_stdin
from tutor.errors import TutorError
from tutor.packs import load_library
from tutor.progress import Attempt, open_store


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(out: str) -> dict[str, list[str]]:
    return {line[2:].split()[0]: line for line in out.splitlines()[1:]
            if line[:1] in (" ", "✓") and line[2:].strip()}


def test_list_shows_every_pack_in_order_with_progress_and_next(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = load_library()
    code, out, _ = run(capsys, "list")
    assert code == 0
    listed = list(rows(out))
    assert listed == [p.id for p in library.packs] and listed[0] == "conv-dims"
    conv = rows(out)["conv-dims"]
    assert "Dimensions of a convolutional layer" in conv
    assert conv.split()[-2:] == ["2.", "lesson-questions"]  # the example needs no answer
    assert "0/3" in conv
    assert f"Progress kept in {data / 'progress.sqlite3'}" in out


def test_list_moves_on_as_questions_are_solved(data: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = open_store(data)
    for question in ("question-1", "question-2", "question-3"):
        store.record(Attempt("conv-dims", "lesson-questions", question, "x", True))
    store.record(Attempt("padding-strides", "valid-height", "q1", "x", False))
    store.close()
    _, out, _ = run(capsys, "list")
    conv, drills = rows(out)["conv-dims"], rows(out)["padding-strides"]
    assert conv.startswith("✓") and "3/3" in conv and "all solved" in conv
    assert "0/" in drills and drills.endswith("2. valid-height")  # tried, not solved
    _, out, _ = run(capsys, "list", "--json")
    packs = {p["id"]: p for p in json.loads(out)["packs"]}
    assert packs["conv-dims"]["solved"] == packs["conv-dims"]["total"] == 3
    assert packs["conv-dims"]["next"] is None
    assert packs["padding-strides"]["next"]["id"] == "valid-height"
    assert packs["padding-strides"]["tried"] == 1


def test_list_titles_give_way_on_a_narrow_terminal() -> None:
    library = load_library()
    from tutor.cli.locate import outline_of
    from tutor.progress.standing import standing

    table = list_command.table([standing(outline_of(p), {}) for p in library.packs], 79)
    assert all(len(line) <= 79 for line in table.splitlines())
    assert "lesson-questions" in table


def test_show_pack_lists_exercises_and_questions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "conv-dims")
    assert code == 0 and not err
    assert "2. lesson-questions: The second model: three questions" in out
    line = next(line for line in out.splitlines() if "question-2" in line)
    assert line.split()[:2] == ["question-2", "depth"]
    assert "(worked example)" in out
    assert "Answer:" not in out and "896" not in out  # a listing gives no answer away


def test_show_pack_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "conv-dims", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"pack", "exercises"}
    assert data["pack"]["id"] == "conv-dims"
    lesson = data["exercises"][1]
    assert (lesson["number"], lesson["id"], lesson["example"]) == (2, "lesson-questions", False)
    assert [(q["id"], q["quantity"]) for q in lesson["questions"]] == [
        ("question-1", "params"), ("question-2", "depth"), ("question-3", "width")]
    assert all("answer" not in q for q in lesson["questions"])
    _, out, _ = run(capsys, "show", "conv-dims", "lesson-questions", "--json", "--reveal")
    one = json.loads(out)["exercises"]
    assert [q["answer"] for q in one[0]["questions"]] == [896, 32, 64]


def test_show_unknown_pack_lists_the_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "no-such-pack")
    assert code == 2 and "conv-dims" in err


def test_check_reads_the_answer_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"32*3*3*3 + 32\n")))
    code, out, _ = run(capsys, "check", "conv-dims", "2", "-")
    assert code == 0 and "CORRECT" in out


SNIPPET = b"""from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(32, 3, input_shape=(28, 28, 1)))
"""
SPEC = b"""input_shape: [28, 28, 1]
layers:
  - Conv2D: {filters: 32, kernel_size: 3}
"""


@pytest.mark.parametrize("text", [SNIPPET, SPEC, json.dumps({
    "input_shape": [28, 28, 1], "layers": [{"Conv2D": {"filters": 32, "kernel_size": 3}}]
}).encode()])
def test_summary_reads_a_model_from_stdin(text: bytes) -> None:
    done = subprocess.run([sys.executable, "-m", "tutor", "summary", "-", "--json"],
                          input=text, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["file"] == "-" and result["total_params"] == 320


def test_stdin_is_bounded_and_must_be_text() -> None:
    assert read_stdin(10, "x", io.BytesIO(b"896\n")) == "896\n"
    with pytest.raises(TutorError, match="longer than 10 bytes"):
        read_stdin(10, "x", io.BytesIO(b"9" * 1000))
    with pytest.raises(TutorError, match="not UTF-8"):
        read_stdin(10, "x", io.BytesIO(b"\xff"))
