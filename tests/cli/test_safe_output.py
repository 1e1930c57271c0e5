"""What reaches the terminal is safe and readable: no control character or escape sequence
from a pack, a snippet or a file name; ASCII stand-ins on a terminal that is not UTF-8; one
bad file never stops the others; the app without a terminal says it needs one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tutor.cli import main as cli_main
from tutor.packs import load_file
from tutor.text import printable, visible

HANG_GUARD = 120
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what must never be printed

ESCAPING_PACK = textwrap.dedent("""\
    id: esc
    title: "Esc \\e]0;pwned\\a title"
    description: "Clears \\e[2J the screen and writes the clipboard \\e]52;c;ZXZpbA==\\a"
    author: x
    version: "1"
    exercises:
      - id: one
        title: "One \\x9b31m"
        prompt: "P [b]not markup[/b] \\u202e."
        keras: |
          from keras import layers, models
          model = models.Sequential([layers.Input((4,)), layers.Dense(3, name="x\\x1b]0;t\\x07")])
        questions:
          - {quantity: params}
    """)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "esc.yaml"
    path.write_text(ESCAPING_PACK, encoding="utf-8")
    return path


def run(*argv: str, env: dict[str, str] | None = None, stdin: int | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tutor", *argv], capture_output=True,
                          env={**os.environ, **(env or {})}, timeout=HANG_GUARD,
                          stdin=stdin if stdin is not None else subprocess.DEVNULL)


def test_visible_escapes_controls_bidi_and_surrogates_only() -> None:
    assert visible("a\x1b[2Jb\x07\x9b\u202e\ud800\tc\nd ×") == (
        "a\\x1b[2Jb\\x07\\x9b\\u202e\\ud800\tc\nd ×")
    assert printable("━ ✓ ✗ ▶ × ²", "ascii") == "= + x > x ^2"
    assert printable("━ ✓", "utf-8") == "━ ✓"


def test_a_pack_is_loaded_with_its_controls_made_visible_and_warned(pack: Path) -> None:
    result = load_file(pack)
    assert result.pack is not None
    assert result.pack.title == "Esc \\x1b]0;pwned\\x07 title"
    assert not RAW.search(result.pack.description)
    exercise = result.pack.exercises[0]
    assert exercise.title == "One \\x9b31m" and "\\u202e" in exercise.prompt
    assert "[b]not markup[/b]" in exercise.prompt  # markup stays literal text
    assert exercise.variant(0).spec.layers[-1].name == "x\\x1b]0;t\\x07"
    warned = [str(p) for p in result.problems if p.is_warning]
    assert len(warned) == 4 and all("holds the control character" in w for w in warned)


def test_validate_reports_them(pack: Path) -> None:
    done = run("validate", str(pack))
    out = (done.stdout + done.stderr).decode()
    assert out.count("holds the control character") == 4, out
    assert "esc.yaml:2:8: warning: title" in out
    assert not RAW.search(out)


@pytest.mark.parametrize("argv", [
    ["show", "{pack}", "1", "--reveal"], ["check", "{pack}", "1", "15"],
    ["check", "{pack}", "1", "14"]])
def test_show_and_check_print_no_control_character(pack: Path, argv: list[str]) -> None:
    done = run(*(a.format(pack=pack) for a in argv))
    out = (done.stdout + done.stderr).decode()
    assert done.returncode in (0, 1), out
    assert not RAW.search(out), out
    assert "\\x1b" in out or "show" not in argv


def test_summary_of_names_with_escapes_and_a_lone_surrogate(tmp_path: Path) -> None:
    snippet = tmp_path / "names.py"
    snippet.write_text('from keras import layers, models\nmodel = models.Sequential(['
                       'layers.Input((4,)), layers.Dense(3, name="x\\x1b]52;c;e30=\\x07\\ud800")'
                       '])\n', encoding="utf-8")
    done = run("summary", str(snippet))
    out = done.stdout.decode()
    assert done.returncode == 0 and "x\\x1b]52;c;e30=\\x07\\ud800 (Dense)" in out, done
    assert not RAW.search(out)


def test_one_bad_file_never_stops_the_others(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"input_shape": [4], "layers": [{"type": "Dense", "units": '
                   + "9" * 5000 + "}]}")
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('{"input_shape": [4], "layers": [{"type": "Dense", "units": 3, '
                         '"name": "a\\ud800b"}]}')
    good = tmp_path / "good.yaml"
    good.write_text("input_shape: [4]\nlayers:\n  - {type: Dense, units: 2}\n")
    status = cli_main.main(["summary", str(big), str(surrogate), str(good)])
    out = capsys.readouterr()
    assert status == 1
    assert "big.json: a value cannot be read" in out.err
    assert "a\\ud800b (Dense)" in out.out and "Model: " + str(good) in out.out


def test_a_bug_in_one_file_is_reported_and_the_rest_go_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import summary

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text("input_shape: [4]\nlayers:\n  - {type: Dense, units: 2}\n")
    real = summary.read_model

    def broken(path: str):
        if path == str(first):
            raise ValueError("a bug")
        return real(path)

    monkeypatch.setattr(summary, "read_model", broken)
    assert cli_main.main(["summary", str(first), str(second)]) == 1
    out = capsys.readouterr()
    assert "a.yaml: internal error (ValueError: a bug)" in out.err
    assert f"Model: {second}" in out.out


@pytest.mark.parametrize("argv", [
    ["summary", "{snippet}"], ["summary", "{snippet}", "--explain"],
    ["show", "conv-dims", "2", "--reveal"], ["check", "conv-dims", "2", "864"],
    ["validate", "{pack}"], ["--help"]])
def test_a_terminal_that_is_not_utf8_gets_ascii(argv: list[str], pack: Path,
                                                tmp_path: Path) -> None:
    snippet = tmp_path / "m.py"
    snippet.write_text("from keras import layers, models\nmodel = models.Sequential(["
                       "layers.Input((28, 28, 1)), layers.Conv2D(8, 3)])\n")
    done = run(*(a.format(snippet=snippet, pack=pack) for a in argv),
               env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    assert done.returncode in (0, 1), done
    text = done.stdout + done.stderr
    assert text.isascii() and b"Traceback" not in text and b"internal error" not in text
    if argv[0] == "summary":
        assert b"=====" in done.stdout and b"Total params: 80" in done.stdout
    if argv[0] == "check":
        assert b"INCORRECT: you answered 864" in text
    if argv[0] == "show":
        assert b"3 x 3" in text  # the derivation's multiplication signs


def test_the_app_without_a_terminal_says_so_and_exits() -> None:
    for argv in ([], ["practice"]):
        done = run(*argv)  # stdin /dev/null, stdout a pipe
        assert done.returncode == 2
        assert b"needs a terminal" in done.stderr, done


def test_bare_tutor_has_the_same_error_handling(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import practice

    def boom(paths: list[str], data_dir: str | None) -> int:
        raise RuntimeError("\x1b]0;x\x07 broke")

    monkeypatch.setattr(practice, "run_practice", boom)
    monkeypatch.delenv("TUTOR_DEBUG", raising=False)
    assert cli_main.main([]) == 70
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: \\x1b]0;x\\x07 broke)" in err
