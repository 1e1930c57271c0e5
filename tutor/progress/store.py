"""Attempts and positions in SQLite. Every checked answer is committed at once, so killing the
app (even with kill -9) loses at most the answer being typed."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "TUTOR_DATA_DIR"
FILENAME = "progress.sqlite3"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    pack TEXT NOT NULL,
    exercise TEXT NOT NULL,
    question TEXT NOT NULL,
    seed INTEGER NOT NULL DEFAULT 0,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    mistake TEXT,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_pack ON attempts (pack, exercise, question);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    pack TEXT NOT NULL,
    exercise TEXT NOT NULL,
    question TEXT NOT NULL,
    seed INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS positions (
    pack TEXT PRIMARY KEY,
    exercise TEXT NOT NULL,
    at REAL NOT NULL
);
"""


def data_dir(override: str | Path | None = None) -> Path:
    """`--data-dir`, else $TUTOR_DATA_DIR, else the platform's user data folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    return Path(chosen) if chosen else Path(platformdirs.user_data_dir("tutor", appauthor=False))


@dataclass(frozen=True)
class Attempt:
    pack: str
    exercise: str
    question: str
    answer: str
    correct: bool
    mistake: str | None = None
    seed: int = 0
    at: float = 0.0


@dataclass(frozen=True)
class Event:
    """Something the learner did with a question other than answering it: `view` (the
    question came on screen), `hint` or `step` (`count` hints or derivation steps are now
    shown). With the attempts they tell a teacher what help was used and for how long."""

    pack: str
    exercise: str
    question: str
    kind: str
    count: int = 0
    seed: int = 0
    at: float = 0.0


EVENT_KINDS = ("view", "hint", "step")


@dataclass(frozen=True)
class QuestionRecord:
    """What the learner has done with one question: tries, and whether one was right."""

    tries: int
    solved: bool
    tries_to_solve: int | None  # how many tries it took, counting the right one


class ProgressError(Exception):
    """The progress file could not be used; the message says why and where it was kept."""


class ProgressStore:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        if read_only:  # a teacher's report must never create, migrate or lock a learner's file
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                      isolation_level=None, timeout=5)
            return
        self.db = sqlite3.connect(path, isolation_level=None, timeout=5)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._check_schema()

    def _check_schema(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise sqlite3.DatabaseError(f"unknown progress format version {version}")
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        if self.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the progress file failed its integrity check")

    def close(self) -> None:
        self.db.close()

    def record(self, attempt: Attempt) -> None:
        self.db.execute(
            "INSERT INTO attempts (pack, exercise, question, seed, answer, correct, mistake, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (attempt.pack, attempt.exercise, attempt.question, attempt.seed, attempt.answer,
             int(attempt.correct), attempt.mistake, attempt.at or time.time()))

    def attempts(self, pack: str | None = None) -> list[Attempt]:
        query = ("SELECT pack, exercise, question, answer, correct, mistake, seed, at "
                 "FROM attempts")
        rows = (self.db.execute(query + " WHERE pack = ? ORDER BY id", (pack,)) if pack
                else self.db.execute(query + " ORDER BY id"))
        return [Attempt(p, e, q, a, bool(c), m, s, t) for p, e, q, a, c, m, s, t in rows]

    def record_event(self, event: Event) -> None:
        self.db.execute(
            "INSERT INTO events (pack, exercise, question, seed, kind, count, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.pack, event.exercise, event.question, event.seed, event.kind, event.count,
             event.at or time.time()))

    def events(self) -> list[Event]:
        """Every event, oldest first (none from a file written before events were kept)."""
        try:
            rows = self.db.execute("SELECT pack, exercise, question, kind, count, seed, at "
                                   "FROM events ORDER BY id").fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return []
            raise
        return [Event(*row) for row in rows]

    def records(self, pack: str) -> dict[tuple[str, str], QuestionRecord]:
        """Per (exercise, question): tries so far and whether, and when, it was solved."""
        tries: dict[tuple[str, str], list[bool]] = {}
        for attempt in self.attempts(pack):
            tries.setdefault((attempt.exercise, attempt.question), []).append(attempt.correct)
        out = {}
        for key, results in tries.items():
            solved_at = results.index(True) + 1 if True in results else None
            out[key] = QuestionRecord(len(results), solved_at is not None, solved_at)
        return out

    def set_position(self, pack: str, exercise: str) -> None:
        self.db.execute(
            "INSERT INTO positions (pack, exercise, at) VALUES (?, ?, ?) "
            "ON CONFLICT (pack) DO UPDATE SET exercise = excluded.exercise, at = excluded.at",
            (pack, exercise, time.time()))

    def position(self, pack: str) -> str | None:
        row = self.db.execute("SELECT exercise FROM positions WHERE pack = ?", (pack,)).fetchone()
        return row[0] if row else None

    def last_pack(self) -> str | None:
        row = self.db.execute("SELECT pack FROM positions ORDER BY at DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def reset(self, pack: str | None = None) -> int:
        """Forget attempts and positions (of one pack, or of all); returns attempts removed."""
        where, params = (" WHERE pack = ?", (pack,)) if pack else ("", ())
        removed = self.db.execute("DELETE FROM attempts" + where, params).rowcount
        self.db.execute("DELETE FROM events" + where, params)
        self.db.execute("DELETE FROM positions" + where, params)
        return removed


def open_store(directory: str | Path | None = None) -> tuple[ProgressStore, str | None]:
    """Open (or create) the progress file. A corrupt or unreadable one is moved aside, never
    deleted, and a fresh one started; the second value is then a message for the learner."""
    folder = data_dir(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProgressError(f"cannot create the data folder {folder}: {error.strerror}") from None
    path = folder / FILENAME
    try:
        return ProgressStore(path), None
    except sqlite3.DatabaseError as error:
        kept = _move_aside(path)
        message = (f"Your progress file {path} could not be read ({error}). It was kept as "
                   f"{kept.name} and fresh progress was started.")
        try:
            return ProgressStore(path), message
        except sqlite3.Error as again:
            raise ProgressError(f"cannot use {path}: {again}") from None
    except sqlite3.Error as error:
        raise ProgressError(f"cannot open the progress file {path}: {error}") from None


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while kept.exists():
        kept = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    path.rename(kept)
    for suffix in ("-wal", "-shm"):  # a stale journal must not be replayed into the new file
        journal = path.with_name(path.name + suffix)
        if journal.exists():
            journal.rename(kept.with_name(kept.name + suffix))
    return kept
