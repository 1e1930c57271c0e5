"""Attempts and positions in SQLite. Every checked answer is committed at once, so killing the
app (even with kill -9) loses at most the answer being typed.

A file is set aside (renamed, never deleted) only when it is really damaged: not a database,
malformed, failing `quick_check`, or holding tables that are not ours. A file that is busy,
read-only, on a full disk or cannot be opened is left where it is and the message says why.
A save that fails while practising (the file locked by another program, the disk full) keeps
the attempt in memory and writes it with the next save, or when `flush` is called; a save
never waits longer than `SAVE_TIMEOUT` for a lock. Attempts still unsaved at `close` are
written beside the file as JSON and taken in at the next open.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "TUTOR_DATA_DIR"
FILENAME = "progress.sqlite3"
SCHEMA_VERSION = 1
OPEN_TIMEOUT = 5.0
"""Seconds an open (before any screen is shown) waits for another program's lock."""
SAVE_TIMEOUT = 0.05
"""Seconds a save while practising waits for a lock before keeping the attempt for later."""
UNSAVED = ".unsaved-"
"""Attempts that could not be saved before the app closed: `progress.sqlite3.unsaved-*.json`."""

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
COLUMNS = {
    "attempts": {"id", "pack", "exercise", "question", "seed", "answer", "correct", "mistake",
                 "at"},
    "positions": {"pack", "exercise", "at"},
    "events": {"id", "pack", "exercise", "question", "seed", "kind", "count", "at"},
}
"""Our tables and the columns we use: a file whose tables differ is another program's."""


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


class Damaged(sqlite3.DatabaseError):
    """The file is a database, but not (or no longer) one of ours: worth setting aside."""


CORRUPTION = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
REASONS = {
    "SQLITE_BUSY": "another program is using it (the file is locked)",
    "SQLITE_LOCKED": "another program is using it (the file is locked)",
    "SQLITE_READONLY": "it cannot be written (the file or its folder is read-only)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_CANTOPEN": "it cannot be opened (check that its folder exists and can be written)",
    "SQLITE_PERM": "permission was refused",
    "SQLITE_AUTH": "permission was refused",
    "SQLITE_IOERR": "the disk reported an error",
}


def error_name(error: sqlite3.Error) -> str:
    """SQLITE_BUSY, SQLITE_CORRUPT... without the extended part (SQLITE_IOERR_WRITE)."""
    name = getattr(error, "sqlite_errorname", None) or ""
    return next((base for base in (*CORRUPTION, *REASONS)
                 if name == base or name.startswith(base + "_")), name)


def is_corruption(error: BaseException) -> bool:
    return isinstance(error, Damaged) or (
        isinstance(error, sqlite3.Error) and error_name(error) in CORRUPTION)


def reason(error: sqlite3.Error) -> str:
    """What went wrong, in words a learner can act on (SQLite's own words in brackets)."""
    plain = REASONS.get(error_name(error))
    return f"{plain} ({error})" if plain else str(error)


class ProgressStore:
    def __init__(self, path: Path, *, read_only: bool = False,
                 save_timeout: float = SAVE_TIMEOUT) -> None:
        self.path = path
        self.read_only = read_only
        self.problem: str | None = None
        """Why the last save or read failed (None once the file works again)."""
        self.closing_note: str | None = None
        """Set by `close` when answers had to be kept outside the file: where they went."""
        self._waiting: list[Attempt] = []
        self._events: list[Event] = []
        self._positions: dict[str, tuple[str, float]] = {}
        self._read: dict[str | None, list[Attempt]] = {}  # the last rows read, per pack
        self.db = self._connect(path, read_only)
        try:
            if read_only:
                self._check_read_only()
            else:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._check_schema()
                self._take_in_unsaved()
        except BaseException:
            self.db.close()
            raise
        self.db.execute(f"PRAGMA busy_timeout={int(save_timeout * 1000)}")

    @staticmethod
    def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
        if not read_only:
            return sqlite3.connect(path, isolation_level=None, timeout=OPEN_TIMEOUT)
        uri = path.resolve().as_uri()
        try:
            db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                 timeout=OPEN_TIMEOUT)
            db.execute("PRAGMA schema_version").fetchone()
            return db
        except sqlite3.OperationalError as error:
            # A WAL file in a folder we may not write needs its -shm; with no -wal there is
            # nothing unwritten, and the file can be read as it is on disk.
            wal = path.with_name(path.name + "-wal")
            if (error_name(error) not in ("SQLITE_CANTOPEN", "SQLITE_READONLY")
                    or wal.exists() or not path.exists()):
                raise
            return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)

    @classmethod
    def empty(cls, path: Path) -> ProgressStore:
        """A store with no progress in it, for a read-only command when there is no file."""
        store = cls.__new__(cls)
        store.path, store.read_only, store.problem, store.closing_note = path, True, None, None
        store._waiting, store._events, store._positions, store._read = [], [], {}, {}
        store.db = sqlite3.connect(":memory:", isolation_level=None)
        store.db.executescript(SCHEMA)
        return store

    def _check_schema(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"it was written by a newer version of tutor (format {version})")
        if version < 0:
            raise Damaged(f"unknown progress format {version}")
        self._check_tables()
        if version == SCHEMA_VERSION and COLUMNS.keys() <= self._tables():
            return  # nothing to write: opening is not held up by another program's save
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _check_read_only(self) -> None:
        self._check_tables()
        if "attempts" not in self._tables():  # a new file, never written
            self.db.close()
            self.db = sqlite3.connect(":memory:", isolation_level=None)
            self.db.executescript(SCHEMA)

    def _tables(self) -> set[str]:
        return {name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}

    def _check_tables(self) -> None:
        """Ours, or empty, and whole; otherwise `Damaged`."""
        if self.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Damaged("it failed its integrity check")
        tables = self._tables()
        if tables and not tables & COLUMNS.keys():
            raise Damaged(f"it holds another program's tables ({', '.join(sorted(tables))})")
        for table, needed in COLUMNS.items():
            if table not in tables:
                continue
            columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if not needed <= columns:
                missing = ", ".join(sorted(needed - columns))
                raise Damaged(f"its {table} table is not tutor's (no {missing})")

    def close(self) -> None:
        """Close the file; attempts it could not take are kept beside it as JSON."""
        if self._waiting or self._events or self._positions:
            self.flush(timeout=1.0)
        if self._waiting:
            self._write_unsaved()
        self.db.close()

    # -- saving ------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """Attempts not yet in the file (kept in memory until it can take them)."""
        return len(self._waiting)

    def record(self, attempt: Attempt) -> bool:
        """Save an attempt; False if the file could not take it now (see `problem`): it is
        kept and saved with the next save or `flush`."""
        self._waiting.append(attempt if attempt.at else replace(attempt, at=time.time()))
        return self.flush()

    def record_event(self, event: Event) -> bool:
        """Save an event as `record` saves an attempt (kept for later if the file is busy)."""
        self._events.append(event if event.at else replace(event, at=time.time()))
        return self.flush()

    def record_all(self, attempts: list[Attempt], events: list[Event]) -> bool:
        """Save many in one transaction (an import): all of them, or none and False."""
        self._waiting.extend(attempts)
        self._events.extend(events)
        return self.flush()

    def discard_waiting(self) -> None:
        """Forget what could not be saved (a failed import, which the user is told of)."""
        self._waiting.clear()
        self._events.clear()

    def set_position(self, pack: str, exercise: str) -> bool:
        self._positions[pack] = (exercise, time.time())
        return self.flush()

    def flush(self, timeout: float | None = None) -> bool:
        """Write whatever is waiting, in one transaction; True when nothing is left waiting."""
        if not self._waiting and not self._events and not self._positions:
            return True
        if timeout is not None:
            self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "INSERT INTO attempts (pack, exercise, question, seed, answer, correct, mistake,"
                " at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a.pack, a.exercise, a.question, a.seed, a.answer, int(a.correct), a.mistake,
                  a.at) for a in self._waiting])
            self.db.executemany(
                "INSERT INTO events (pack, exercise, question, seed, kind, count, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(e.pack, e.exercise, e.question, e.seed, e.kind, e.count, e.at)
                 for e in self._events])
            self.db.executemany(
                "INSERT INTO positions (pack, exercise, at) VALUES (?, ?, ?) ON CONFLICT (pack)"
                " DO UPDATE SET exercise = excluded.exercise, at = excluded.at",
                [(pack, exercise, at) for pack, (exercise, at) in self._positions.items()])
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            self.problem = reason(error)
            return False
        finally:
            if timeout is not None:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute(f"PRAGMA busy_timeout={int(SAVE_TIMEOUT * 1000)}")
        self._waiting.clear()
        self._events.clear()
        self._positions.clear()
        self.problem = None
        return True

    def _write_unsaved(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}{UNSAVED}{stamp}-{os.getpid()}.json")
        try:
            target.write_text(json.dumps({"attempts": [asdict(a) for a in self._waiting],
                                          "events": [asdict(e) for e in self._events]}),
                              encoding="utf-8")
        except OSError as error:
            self.closing_note = (f"{len(self._waiting)} answers could not be saved: "
                                 f"{self.problem}; nor written to {target}: {error.strerror}")
            return
        self.closing_note = (f"{len(self._waiting)} answers could not be saved in {self.path} "
                             f"({self.problem}); they were written to {target.name} and will be "
                             "taken in the next time tutor starts")
        self._waiting.clear()
        self._events.clear()

    def _take_in_unsaved(self) -> None:
        """Attempts a previous session could not save (see `close`), now saved."""
        for file in sorted(self.path.parent.glob(f"{self.path.name}{UNSAVED}*.json")):
            try:
                rows = json.loads(file.read_text(encoding="utf-8"))
                attempts = [Attempt(**row) for row in rows["attempts"]]
                events = [Event(**row) for row in rows["events"]]
            except (OSError, ValueError, TypeError, KeyError, RecursionError):
                continue  # not ours to judge: left for the learner to look at
            self._waiting.extend(attempts)
            self._events.extend(events)
            if not self.flush(timeout=OPEN_TIMEOUT):
                self._waiting.clear()
                self._events.clear()
                return
            with contextlib.suppress(OSError):
                file.unlink()

    # -- reading -------------------------------------------------------------------------

    def attempts(self, pack: str | None = None) -> list[Attempt]:
        """Every attempt (of one pack), oldest first, those still waiting to be saved last."""
        query = ("SELECT pack, exercise, question, answer, correct, mistake, seed, at "
                 "FROM attempts")
        try:
            rows = (self.db.execute(query + " WHERE pack = ? ORDER BY id", (pack,)) if pack
                    else self.db.execute(query + " ORDER BY id")).fetchall()
            saved = [Attempt(p, e, q, a, bool(c), m, s, t) for p, e, q, a, c, m, s, t in rows]
            self._read[pack] = saved
        except sqlite3.Error as error:  # keep practising on what was last read
            if self.read_only:  # a report must not show less than is there
                raise
            self.problem = reason(error)
            saved = self._read.get(pack, [])
        return saved + [a for a in self._waiting if pack is None or a.pack == pack]

    def events(self) -> list[Event]:
        """Every event, oldest first (none from a file written before events were kept)."""
        try:
            rows = self.db.execute("SELECT pack, exercise, question, kind, count, seed, at "
                                   "FROM events ORDER BY id").fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise
            rows = []
        return [Event(*row) for row in rows] + self._events

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

    def position(self, pack: str) -> str | None:
        if pack in self._positions:
            return self._positions[pack][0]
        row = self._one("SELECT exercise FROM positions WHERE pack = ?", (pack,))
        return row[0] if row else None

    def last_pack(self) -> str | None:
        row = self._one("SELECT pack, at FROM positions ORDER BY at DESC LIMIT 1", ())
        waiting = max(self._positions.items(), key=lambda item: item[1][1], default=None)
        if waiting and (not row or waiting[1][1] >= row[1]):
            return waiting[0]
        return row[0] if row else None

    def _one(self, query: str, params: tuple) -> tuple | None:
        try:
            return self.db.execute(query, params).fetchone()
        except sqlite3.Error as error:
            self.problem = reason(error)
            return None

    def reset(self, pack: str | None = None) -> int:
        """Forget attempts and positions (of one pack, or of all); returns attempts removed."""
        where, params = (" WHERE pack = ?", (pack,)) if pack else ("", ())
        try:
            self.db.execute("BEGIN IMMEDIATE")
            removed = self.db.execute("DELETE FROM attempts" + where, params).rowcount
            self.db.execute("DELETE FROM events" + where, params)
            self.db.execute("DELETE FROM positions" + where, params)
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise ProgressError(f"cannot reset the progress in {self.path}: "
                                f"{reason(error)}") from None
        self._waiting = [a for a in self._waiting if pack and a.pack != pack]
        self._events = [e for e in self._events if pack and e.pack != pack]
        self._positions = {p: v for p, v in self._positions.items() if pack and p != pack}
        return removed


def open_store(directory: str | Path | None = None, *, read_only: bool = False,
               save_timeout: float = SAVE_TIMEOUT) -> tuple[ProgressStore, str | None]:
    """Open (or create) the progress file. A damaged one is moved aside, never deleted, and a
    fresh one started; the second value is then a message for the learner. A file that cannot
    be used now (locked, read-only, disk full) is left as it is: `ProgressError` says why.

    `read_only` (for commands that only show progress) never creates, changes or moves the
    file; with no file there is simply no progress."""
    folder = data_dir(directory)
    path = folder / FILENAME
    if read_only:
        return _open_read_only(path), None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ProgressError(f"cannot create the data folder {folder}: {error.strerror}") from None
    if path.exists() and not os.access(path, os.W_OK):  # else only the first save would fail
        raise ProgressError(f"cannot use the progress file {path}: it cannot be written (the "
                            "file is read-only). It was left as it is.")
    try:
        return ProgressStore(path, save_timeout=save_timeout), None
    except (sqlite3.Error, Damaged) as error:
        if not is_corruption(error):
            raise ProgressError(f"cannot use the progress file {path}: "
                                f"{_why(error)}. It was left as it is.") from None
        problem = _why(error)
    try:
        kept = _move_aside(path)
    except OSError as error:
        raise ProgressError(f"the progress file {path} is damaged ({problem}) and could not be "
                            f"moved aside: {error.strerror or error}") from None
    message = (f"Your progress file {path} could not be read ({problem}). It was kept as "
               f"{kept.name} and fresh progress was started.")
    try:
        return ProgressStore(path, save_timeout=save_timeout), message
    except (sqlite3.Error, Damaged) as again:
        raise ProgressError(f"cannot use {path}: {_why(again)}") from None


def _open_read_only(path: Path) -> ProgressStore:
    if not path.exists():
        existing = next(p for p in path.parents if p.exists())
        if existing != path.parent and not existing.is_dir():
            raise ProgressError(f"cannot use the data folder {path.parent}: {existing} is not "
                                "a folder")
        return ProgressStore.empty(path)
    try:
        return ProgressStore(path, read_only=True)
    except (sqlite3.Error, Damaged) as error:
        if is_corruption(error):
            raise ProgressError(
                f"the progress file {path} is damaged ({_why(error)}); it was left as it is "
                "(the app keeps a damaged file aside and starts afresh)") from None
        raise ProgressError(f"cannot read the progress file {path}: {_why(error)}") from None


def _why(error: BaseException) -> str:
    return reason(error) if isinstance(error, sqlite3.Error) else str(error)


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
