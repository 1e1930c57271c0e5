"""`tutor check` and `tutor show` on the lesson pack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tutor.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("answer", "question", "code", "mistake"), [
    ("896", 1, 0, None), ("864", 1, 1, "forgot-bias"), ("32", 2, 0, None),
    ("64", 3, 0, None), ("63", 3, 1, "padding-swapped"), ("abc", 1, 2, None),
])
def test_check_exit_status_and_json(capsys, answer, question, code, mistake) -> None:
    status, out, _ = run(capsys, "check", "conv-dims", "lesson-questions", answer,
                         "--question", str(question), "--json")
    assert status == code
    data = json.loads(out)
    assert set(data) >= {"verdict", "answer", "expected", "mistake", "feedback"}
    assert data["verdict"] == {0: "correct", 1: "incorrect", 2: "unreadable"}[code]
    assert data["mistake"] == mistake
    assert data["answer"] == answer


def test_check_by_position_names_the_mistake_and_the_step(capsys) -> None:
    status, out, _ = run(capsys, "check", "conv-dims", "2", "32*3*3*3")
    assert status == 1
    assert "Your expression came to 864" in out
    assert "left out the bias terms" in out
    assert "Look again at this step: biases (one per filter): K" in out


@pytest.mark.parametrize("argv", [
    ("check", "no-such-pack", "1", "896"),
    ("check", "conv-dims", "99", "896"),
    ("check", "conv-dims", "2", "896", "--question", "9"),
    ("show", "conv-dims", "no-such-exercise"),
])
def test_bad_arguments_exit_2_with_a_message(capsys, argv) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert err.startswith(f"tutor {argv[0]}: ") and "Traceback" not in err


def test_show_hides_answers_until_reveal(capsys) -> None:
    _, hidden, _ = run(capsys, "show", "conv-dims", "lesson-questions")
    assert "How many parameters does the convolutional layer have?" in hidden
    assert "Answer:" not in hidden
    _, shown, _ = run(capsys, "show", "conv-dims", "lesson-questions", "--reveal")
    assert "Answer: 896" in shown and "Answer: 32" in shown and "Answer: 64" in shown
    assert "K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896" in shown


def test_worked_example_shows_its_derivation(capsys) -> None:
    _, out, _ = run(capsys, "show", "conv-dims", "1")
    assert "Worked example" in out
    assert "Answer: (None, 100, 100, 16)" in out and "Answer: 80" in out


def test_the_console_script_runs_and_answers_version() -> None:
    done = subprocess.run([sys.executable, "-m", "tutor", "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("tutor ")
    helped = subprocess.run([sys.executable, "-m", "tutor", "--help"], capture_output=True,
                            text=True, check=True)
    for command in ("practice", "summary", "check", "show", "validate", "schema", "progress"):
        assert command in helped.stdout
