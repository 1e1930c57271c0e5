"""Spaced review replayed from the log, with a fixed clock: ratings, due order, restarts,
export and import, mistakes and streaks."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from tutor.cli.main import main
from tutor.errors import TutorError
from tutor.progress.store import FILENAME, Attempt, Event, ProgressStore
from tutor.review import history, portable, schedule

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()
DAY = 86400.0


def attempt(question: str, correct: bool, at: float, mistake: str | None = None) -> Attempt:
    return Attempt("conv-dims", "lesson-questions", question, "x", correct, mistake, 0, at)


def event(question: str, kind: str, at: float, count: int = 0) -> Event:
    return Event("conv-dims", "lesson-questions", question, kind, count, 0, at)


def rating_of(attempts, events=(), steps=None) -> Rating:
    states = schedule.cards(attempts, events, steps_of=(lambda key: steps) if steps else None)
    (state,) = states.values()
    return state.last_rating


def test_ratings_follow_how_the_question_was_answered() -> None:
    assert rating_of([attempt("q1", False, T0)]) == Rating.Again
    assert rating_of([attempt("q1", False, T0), attempt("q1", True, T0 + 30)]) == Rating.Hard
    assert rating_of([attempt("q1", True, T0 + 30)], [event("q1", "hint", T0, 1)]) == \
        Rating.Hard
    assert rating_of([attempt("q1", True, T0 + 60)], [event("q1", "view", T0)]) == Rating.Good
    assert rating_of([attempt("q1", True, T0 + 5)], [event("q1", "view", T0)]) == Rating.Easy
    # typed after the whole derivation was shown: the answer was on screen
    assert rating_of([attempt("q1", True, T0 + 60)], [event("q1", "step", T0 + 30, 4)],
                     steps=4) == Rating.Again
    # the command line has no "came on screen": right at once is Good, not Easy
    assert rating_of([attempt("q1", True, T0)]) == Rating.Good


def test_again_comes_back_before_good() -> None:
    states = schedule.cards([attempt("q1", False, T0), attempt("q1", False, T0 + 10),
                             attempt("q2", True, T0 + 20)], [event("q2", "view", T0 - 60)])
    again, good = states[("conv-dims", "lesson-questions", "q1")], \
        states[("conv-dims", "lesson-questions", "q2")]
    assert again.last_rating == Rating.Again and good.last_rating == Rating.Good
    assert again.due < good.due
    later = schedule.when(T0) + timedelta(days=365)
    assert [s.key[2] for s in schedule.due(states.values(), later)] == ["q1", "q2"]
    assert schedule.due(states.values(), schedule.when(T0 + 30)) == []


def test_an_unanswered_question_left_for_an_hour_is_a_lapse_then_a_new_encounter() -> None:
    found = schedule.encounters([attempt("q1", False, T0), attempt("q1", True, T0 + 2 * 3600)],
                                [])
    assert [(e.tries, e.solved_at is not None) for e in found] == [(1, False), (1, True)]


def test_checking_again_right_after_is_not_a_review() -> None:
    states = schedule.cards([attempt("q1", True, T0), attempt("q1", True, T0 + 60)], [])
    (state,) = states.values()
    assert len(state.reviews) == 1


def test_reviews_on_later_days_space_out() -> None:
    at, log = T0, []
    for _ in range(4):
        log.append(attempt("q1", True, at))
        (state,) = schedule.cards(log, []).values()
        gap = state.due.timestamp() - at
        at = state.due.timestamp()
    assert gap > 7 * DAY  # four good reviews: more than a week apart


def store_with(path: Path, attempts: list[Attempt]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    store = ProgressStore(path / FILENAME)
    for item in attempts:
        store.record(item)
    store.close()


def test_nothing_is_lost_across_restarts_and_export_import(tmp_path: Path, capsys) -> None:
    log = [attempt("q1", False, T0, "forgot-bias"), attempt("q1", True, T0 + 20),
           attempt("q2", True, T0 + 40)]
    store_with(tmp_path / "a", log)
    store = ProgressStore(tmp_path / "a" / FILENAME, read_only=True)  # a restart
    before = schedule.cards(store.attempts(), store.events())
    assert main(["progress", "--data-dir", str(tmp_path / "a"), "--export",
                 str(tmp_path / "p.json")]) == 0
    assert main(["progress", "--data-dir", str(tmp_path / "b"), "--import",
                 str(tmp_path / "p.json")]) == 0
    assert main(["progress", "--data-dir", str(tmp_path / "b"), "--import",
                 str(tmp_path / "p.json")]) == 0  # again: nothing twice
    out = capsys.readouterr().out
    assert "Imported 3 new answers" in out and "Imported 0 new answers" in out
    copy = ProgressStore(tmp_path / "b" / FILENAME, read_only=True)
    assert copy.attempts() == store.attempts()
    after = schedule.cards(copy.attempts(), copy.events())
    assert {k: s.due for k, s in after.items()} == {k: s.due for k, s in before.items()}


def test_a_newer_or_damaged_export_is_refused(tmp_path: Path, capsys) -> None:
    with pytest.raises(TutorError, match="newer than this tutor"):
        portable.parse(json.dumps({"format": "tutor-progress", "version": 99}))
    with pytest.raises(TutorError, match="damaged"):
        portable.parse(json.dumps({"format": "tutor-progress", "version": 1,
                                   "attempts": [{"pack": "p"}]}))
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    assert main(["progress", "--data-dir", str(tmp_path), "--import", str(bad)]) == 2
    assert "not a progress export" in capsys.readouterr().err


def test_a_file_from_before_events_were_kept_still_schedules(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE attempts (id INTEGER PRIMARY KEY, pack TEXT NOT NULL, "
                     "exercise TEXT NOT NULL, question TEXT NOT NULL, seed INTEGER NOT NULL "
                     "DEFAULT 0, answer TEXT NOT NULL, correct INTEGER NOT NULL, mistake TEXT, "
                     "at REAL NOT NULL); PRAGMA user_version=1;")
    db.execute("INSERT INTO attempts (pack, exercise, question, answer, correct, at) "
               "VALUES ('conv-dims', 'lesson-questions', 'q1', '896', 1, ?)", (T0,))
    db.commit()
    db.close()
    store = ProgressStore(path, read_only=True)
    assert len(schedule.cards(store.attempts(), store.events())) == 1


def test_review_list_at_a_date(tmp_path: Path, capsys) -> None:
    store_with(tmp_path, [attempt("q1", False, T0), attempt("q2", True, T0)])
    assert main(["review", "--list", "--data-dir", str(tmp_path), "--at", "2026-03-02T09:00"]) \
        == 0
    assert capsys.readouterr().out.startswith("Nothing due until 2026-03-03")
    assert main(["review", "--list", "--json", "--data-dir", str(tmp_path), "--at",
                 "2027-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["question"], c["last_rating"]) for c in data["due"]] == [("q1", "Again"),
                                                                         ("q2", "Good")]
    assert main(["review", "--list", "--data-dir", str(tmp_path), "--at", "tomorrow"]) == 2


def test_mistakes_and_streaks(tmp_path: Path, capsys) -> None:
    log = [attempt("q1", False, T0, "forgot-bias"), attempt("q1", False, T0 + DAY, "forgot-bias"),
           attempt("q2", False, T0 + DAY, "swap-padding"), attempt("q2", True, T0 + 3 * DAY)]
    found = history.mistakes(log)
    assert [(m.id, m.count) for m in found] == [("forgot-bias", 2), ("swap-padding", 1)]
    assert history.streak(log, date(2026, 3, 5)) == 1
    assert history.streak(log, date(2026, 3, 3)) == 2  # yesterday still counts
    assert history.answers_per_day(log)[date(2026, 3, 3)] == 2
    store_with(tmp_path, log)
    assert main(["mistakes", "--json", "--data-dir", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mistakes"][0]["id"] == "forgot-bias" and data["mistakes"][0]["count"] == 2
    assert data["mistakes"][0]["title"] == "forgot the bias terms"
