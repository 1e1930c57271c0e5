"""Progress lands in, and is cleared from, the folder the learner named, wherever `--data-dir`
is written; every message about progress names its file; `check --record` saves attempts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.cli.main import main
from tutor.progress import Attempt, open_store


@pytest.fixture
def default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder used when no --data-dir is given (so tests never touch the real one)."""
    folder = tmp_path / "default"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(folder))
    return folder


def seed(folder: Path, pack: str = "conv-dims", n: int = 1) -> None:
    store, _ = open_store(folder)
    for _ in range(n):
        store.record(Attempt(pack, "lesson-questions", "question-1", "896", True))
    store.close()


def count(folder: Path) -> int:
    store, _ = open_store(folder)
    try:
        return len(store.attempts())
    finally:
        store.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse refusals
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("where", ["before", "after"])
def test_reset_clears_the_folder_given_not_the_default(
        default: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    chosen = tmp_path / "chosen"
    seed(default, n=2)
    seed(chosen, n=3)
    argv = (["--data-dir", str(chosen), "progress", "--reset", "--yes"] if where == "before"
            else ["progress", "--reset", "--yes", "--data-dir", str(chosen)])
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert count(chosen) == 0 and count(default) == 2
    assert str(chosen / "progress.sqlite3") in out and "3 answers" in out


def test_progress_reads_the_folder_given_before_the_command(
        default: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = tmp_path / "chosen"
    seed(chosen, n=3)
    code, out, _ = run(capsys, "--data-dir", str(chosen), "progress")
    assert code == 0
    assert f"Progress kept in {chosen / 'progress.sqlite3'}" in out
    assert not (default / "progress.sqlite3").exists()


def test_two_different_folders_are_refused(default: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    seed(tmp_path / "a")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "a"), "progress", "--reset",
                       "--yes", "--data-dir", str(tmp_path / "b"))
    assert code == 2 and "two progress folders" in err
    assert count(tmp_path / "a") == 1


def test_the_same_folder_twice_is_fine(default: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    seed(tmp_path / "a")
    code, _, _ = run(capsys, "--data-dir", str(tmp_path / "a"), "progress", "--data-dir",
                     str(tmp_path / "a" / "."))
    assert code == 0


def test_a_folder_for_a_command_that_keeps_no_progress_is_refused(
        default: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "show", "conv-dims", "1")
    assert code == 2 and "not used by `tutor show`" in err


def test_reset_of_an_unknown_pack_lists_the_packs(default: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seed(default)
    code, _, err = run(capsys, "progress", "--reset", "no-such-pack", "--yes")
    assert code == 2
    assert "no pack 'no-such-pack'" in err and "conv-dims" in err and "sequences" in err
    assert str(default / "progress.sqlite3") in err
    assert count(default) == 1


def test_reset_of_a_pack_not_practised_changes_nothing(
        default: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed(default)
    code, out, _ = run(capsys, "progress", "--reset", "sequences", "--yes")
    assert code == 0 and "Nothing to forget" in out and "sequences" in out
    assert count(default) == 1


def test_reset_of_a_pack_no_longer_installed_works(default: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    seed(default, pack="retired")
    seed(default)
    code, out, _ = run(capsys, "progress", "--reset", "retired", "--yes")
    assert code == 0 and "'retired'" in out
    assert count(default) == 1


def test_check_record_saves_the_attempt_like_the_app(
        default: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = tmp_path / "chosen"
    assert run(capsys, "check", "conv-dims", "lesson-questions", "864", "--record",
               "--data-dir", str(chosen))[0] == 1
    assert run(capsys, "--data-dir", str(chosen), "check", "conv-dims", "lesson-questions",
               "896", "--record")[0] == 0
    assert run(capsys, "check", "conv-dims", "lesson-questions", "nonsense((", "--record",
               "--data-dir", str(chosen))[0] == 2
    store, _ = open_store(chosen)
    attempts = store.attempts()
    records = store.records("conv-dims")
    store.close()
    assert [(a.exercise, a.question, a.answer, a.correct, a.mistake) for a in attempts] == [
        ("lesson-questions", "question-1", "864", False, "forgot-bias"),
        ("lesson-questions", "question-1", "896", True, None)]  # the unreadable one is not
    assert records[("lesson-questions", "question-1")].tries_to_solve == 2
    assert not (default / "progress.sqlite3").exists()
    _, out, _ = run(capsys, "progress", "--data-dir", str(chosen))
    assert next(line for line in out.splitlines()
                if line.split()[:1] == ["conv-dims"]).split()[-2:] == ["1/3", "2"]


def test_check_without_record_saves_nothing(default: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "check", "conv-dims", "lesson-questions", "896")
    assert not (default / "progress.sqlite3").exists()


@pytest.mark.parametrize(("question", "expected"), [("question-2", 0), ("2", 0),
                                                    ("question-3", 1)])
def test_question_by_id_or_number(default: Path, capsys: pytest.CaptureFixture[str],
                                  question: str, expected: int) -> None:
    code, out, _ = run(capsys, "check", "conv-dims", "lesson-questions", "32",
                       "--question", question)
    assert code == expected
    assert "depth" in out if question != "question-3" else "width" in out.lower()


def test_unknown_question_id_lists_the_ids(default: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "conv-dims", "lesson-questions", "32",
                       "--question", "question-9")
    assert code == 2 and "question-1" in err and "question-3" in err
