"""A class's results: per learner per question, and per question, from each learner's own
progress file under DATA/learners/NAME/."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tutor.classroom.layout import check_name, learner_dir, learners
from tutor.classroom.results import IDLE_CAP, class_results, learner_results
from tutor.cli.main import main
from tutor.errors import TutorError
from tutor.progress import Attempt, Event, open_store

PACK, EX = "conv-dims", "lesson-questions"


def attempt(question: str, answer: str, correct: bool, at: float,
            mistake: str | None = None) -> Attempt:
    return Attempt(PACK, EX, question, answer, correct, mistake, 0, at)


def event(question: str, kind: str, at: float, count: int = 0) -> Event:
    return Event(PACK, EX, question, kind, count, 0, at)


def write(root: Path, name: str, attempts=(), events=()) -> None:
    store, _ = open_store(learner_dir(root, name))
    for a in attempts:
        store.record(a)
    for e in events:
        store.record_event(e)
    store.close()


def test_one_learner_row_counts_tries_help_mistakes_and_time() -> None:
    rows = learner_results("ana", [
        attempt("question-1", "864", False, 130.0, "forgot-bias"),
        attempt("question-1", "896", True, 160.0),
        attempt("question-2", "32", True, 200.0),
    ], [
        event("question-1", "view", 100.0),
        event("question-1", "hint", 110.0, 1),
        event("question-1", "step", 120.0, 2),
        event("question-1", "step", 125.0, 3),
        event("question-2", "view", 170.0),
    ])
    first, second = rows
    assert (first.question, first.attempts, first.first_try, first.solved) == (
        "question-1", 2, False, True)
    assert (first.hints, first.steps, first.mistakes) == (1, 3, (("forgot-bias", 1),))
    assert first.seconds == 70.0  # from the view at 100 to the next question's view at 170
    assert (second.attempts, second.first_try, second.solved, second.seconds) == (
        1, True, True, 30.0)  # the last action ends the time: nothing after it is counted


def test_a_long_pause_counts_only_up_to_the_cap() -> None:
    rows = learner_results("ana", [attempt("q", "1", True, 10_000.0)],
                           [event("q", "view", 0.0)])
    assert rows[0].seconds == IDLE_CAP


def test_a_question_only_looked_at_has_a_row_without_answers() -> None:
    [row] = learner_results("ana", [], [event("q", "view", 1.0), event("q", "hint", 5.0, 1)])
    assert (row.attempts, row.first_try, row.solved, row.hints, row.seconds) == (
        0, False, False, 1, 4.0)


def test_class_results_keep_each_learner_apart_and_rank_the_missed_questions(
        tmp_path: Path) -> None:
    write(tmp_path, "ana", [attempt("question-1", "864", False, 1.0, "forgot-bias"),
                            attempt("question-1", "896", True, 2.0),
                            attempt("question-2", "32", True, 3.0)])
    write(tmp_path, "ben", [attempt("question-1", "896", True, 1.0),
                            attempt("question-2", "30", False, 2.0, "valid-vs-same")])
    write(tmp_path, "cy", [attempt("question-1", "864", False, 1.0, "forgot-bias")])
    results = class_results(tmp_path)
    assert results.learners == ("ana", "ben", "cy")
    by = {(r.learner, r.question): r for r in results.rows}
    assert set(by) == {("ana", "question-1"), ("ana", "question-2"), ("ben", "question-1"),
                       ("ben", "question-2"), ("cy", "question-1")}
    assert by["ben", "question-1"].first_try and not by["ana", "question-1"].first_try
    assert not by["cy", "question-1"].solved
    q1, q2 = results.questions  # question-1: two of three missed it, so it comes first
    assert (q1.question, q1.learners, q1.solved, q1.first_try, q1.missed, q1.attempts) == (
        "question-1", 3, 2, 1, 2, 4)
    assert q1.mistakes == (("forgot-bias", 2),) and q1.top_mistake == "forgot-bias"
    assert (q2.question, q2.missed, q2.top_mistake) == ("question-2", 1, "valid-vs-same")


def test_reading_results_changes_no_learner_file(tmp_path: Path) -> None:
    write(tmp_path, "ana", [attempt("q", "1", True, 1.0)])
    (tmp_path / "learners" / "new").mkdir()  # a learner who has not started yet
    progress = learner_dir(tmp_path, "ana") / "progress.sqlite3"
    before = progress.read_bytes()
    class_results(tmp_path)
    assert progress.read_bytes() == before  # read-only: never migrated or written
    assert list((tmp_path / "learners" / "new").iterdir()) == []


def test_an_unreadable_learner_is_reported_and_the_others_still_count(tmp_path: Path) -> None:
    write(tmp_path, "ana", [attempt("q", "1", True, 1.0)])
    broken = tmp_path / "learners" / "bob"
    broken.mkdir(parents=True)
    (broken / "progress.sqlite3").write_bytes(b"not a database at all" * 50)
    results = class_results(tmp_path)
    assert results.learners == ("ana",)
    assert len(results.problems) == 1 and results.problems[0].startswith("bob: cannot read")


def test_a_plain_data_folder_is_one_learner(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "me")
    store.record(attempt("q", "1", True, 1.0))
    store.close()
    assert [name for name, _ in learners(tmp_path / "me")] == ["me"]


@pytest.mark.parametrize("name", ["", "../x", ".hidden", "a/b", "-rf", "a b", "x" * 65,
                                  "é"])
def test_names_that_are_not_safe_folder_names_are_refused(name: str) -> None:
    with pytest.raises(TutorError, match="not allowed"):
        check_name(name, "roster.yaml:3")


def test_names_from_key_comments_are_accepted() -> None:
    assert check_name("alice@laptop") == "alice@laptop"
    assert check_name("b.smith_2") == "b.smith_2"


def test_results_command_csv_json_and_text(tmp_path: Path, capsys) -> None:
    write(tmp_path, "ana", [attempt("question-1", "864", False, 1.0, "forgot-bias"),
                            attempt("question-1", "896", True, 2.0)],
          [event("question-1", "step", 1.5, 2)])
    write(tmp_path, "ben", [attempt("question-1", "896", True, 1.0)])
    assert main(["results", "--data-dir", str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["learner"], r["attempts"], r["first_try"], r["solved"], r["steps"],
             r["mistakes"]) for r in rows] == [
        ("ana", "2", "no", "yes", "2", "forgot-bias"), ("ben", "1", "yes", "yes", "0", "")]
    assert main(["results", "--data-dir", str(tmp_path), "--format", "csv", "--summary"]) == 0
    [summary] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (summary["learners"], summary["missed"], summary["mistakes"]) == (
        "2", "1", "forgot-bias")
    assert main(["results", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["learners"] == ["ana", "ben"]
    assert data["rows"][0]["mistakes"] == {"forgot-bias": 1}
    assert data["questions"][0]["first_try"] == 1
    assert main(["results", "--data-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "2 learners" in text and "forgot-bias" in text and "most missed" in text


def test_results_of_an_empty_or_missing_folder_say_so(tmp_path: Path, capsys) -> None:
    assert main(["results", "--data-dir", str(tmp_path)]) == 1
    assert "no learners' progress" in capsys.readouterr().err
    assert main(["results", "--data-dir", str(tmp_path / "nope")]) == 2
    assert "no data folder" in capsys.readouterr().err
