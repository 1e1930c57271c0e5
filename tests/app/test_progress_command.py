"""`tutor progress`: listing, and a reset that asks first and refuses without a terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tutor.cli import progress
from tutor.cli.main import main
from tutor.progress import Attempt, open_store


@pytest.fixture
def data(tmp_path: Path) -> Path:
    store, _ = open_store(tmp_path)
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "864", False,
                         "forgot-bias"))
    store.record(Attempt("conv-dims", "lesson-questions", "question-1", "896", True))
    store.record(Attempt("other", "e1", "q1", "3", True))
    store.close()
    return tmp_path


def args(data: Path, reset: str | None = None, yes: bool = False) -> argparse.Namespace:
    return argparse.Namespace(data_dir=str(data), reset=reset, yes=yes)


def answers(data: Path) -> int:
    store, _ = open_store(data)
    try:
        return len(store.attempts())
    finally:
        store.close()


def test_lists_progress_per_pack(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"Progress kept in {data / 'progress.sqlite3'}"
    line = next(line for line in out.splitlines() if line.split()[:1] == ["conv-dims"])
    assert "Dimensions of a convolutional layer" in line
    assert line.split()[-2:] == ["1/3", "2"]  # one of its three questions solved, two answers
    # every installed pack is listed, practised or not, and the overall total adds them up
    assert any(line.split()[:1] == ["sequences"] for line in out.splitlines())
    total = sum(int(line.split()[-2].split("/")[1]) for line in out.splitlines()
                if "/" in line and line[:1] in (" ", "✓") and line.split()[-1].isdigit())
    assert f"1/{total} questions solved" in out
    # answers to a pack no longer installed are shown, not hidden
    assert "other: 1 answer saved; this pack is no longer installed" in out


def test_empty_progress_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "--data-dir", str(tmp_path)]) == 0
    assert "No progress yet" in capsys.readouterr().out


def test_reset_refuses_without_a_terminal(data: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    assert progress.run(args(data, reset="*"), interactive=False) == 2
    assert "--yes" in capsys.readouterr().err
    assert answers(data) == 3


def test_reset_with_yes_needs_no_terminal(data: Path) -> None:
    assert progress.run(args(data, reset="conv-dims", yes=True), interactive=False) == 0
    assert answers(data) == 1


def test_reset_asks_and_no_keeps_everything(data: Path) -> None:
    asked: list[str] = []
    code = progress.run(args(data, reset="*"), interactive=True,
                        ask=lambda prompt: asked.append(prompt) or "n")
    assert code == 1
    assert "[y/N]" in asked[0]
    assert str(data / "progress.sqlite3") in asked[0]  # the prompt names the file it clears
    assert answers(data) == 3


def test_reset_asks_and_yes_clears_one_pack(data: Path) -> None:
    code = progress.run(args(data, reset="conv-dims"), interactive=True, ask=lambda _: "y")
    assert code == 0
    assert answers(data) == 1


def test_unusable_data_dir_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["progress", "--data-dir", str(blocker / "sub")]) == 2
    assert "is not a folder" in capsys.readouterr().err
