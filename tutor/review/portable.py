"""Progress that moves with the learner: export to JSON, import by merging."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from tutor.errors import TutorError
from tutor.progress.store import EVENT_KINDS, Attempt, Event, ProgressStore

FORMAT = "tutor-progress"
VERSION = 1


def export(store: ProgressStore) -> dict[str, Any]:
    """Every attempt and event (the review cards are replayed from them)."""
    return {"format": FORMAT, "version": VERSION,
            "attempts": [asdict(a) for a in store.attempts()],
            "events": [asdict(e) for e in store.events()]}


def parse(text: str) -> tuple[list[Attempt], list[Event]]:
    """A file `export` wrote; anything else is a `TutorError` saying what is wrong."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise TutorError(f"not a progress export: {getattr(error, 'msg', 'too deep')}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TutorError("not a progress export (it has no \"format\": \"tutor-progress\")")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise TutorError(f"this export is in format version {version}, newer than this tutor "
                         f"reads ({VERSION}): update tutor to import it")
    try:
        attempts = [Attempt(str(a["pack"]), str(a["exercise"]), str(a["question"]),
                            str(a["answer"]), bool(a["correct"]),
                            None if a.get("mistake") is None else str(a["mistake"]),
                            int(a.get("seed", 0)), float(a["at"]))
                    for a in data.get("attempts", [])]
        events = [Event(str(e["pack"]), str(e["exercise"]), str(e["question"]), str(e["kind"]),
                        int(e.get("count", 0)), int(e.get("seed", 0)), float(e["at"]))
                  for e in data.get("events", []) if e.get("kind") in EVENT_KINDS]
    except (KeyError, TypeError, ValueError) as error:
        raise TutorError(f"a record of the export is damaged ({type(error).__name__}: {error})"
                         ) from None
    return attempts, events


def merge(store: ProgressStore, attempts: list[Attempt], events: list[Event]) -> tuple[int, int]:
    """Add what the store does not have yet (an attempt or event identical in every field is
    the same one); returns how many attempts and events were added."""
    have_attempts = set(store.attempts())
    have_events = set(store.events())
    new_attempts = [a for a in dict.fromkeys(attempts) if a not in have_attempts]
    new_events = [e for e in dict.fromkeys(events) if e not in have_events]
    if not store.record_all(new_attempts, new_events):  # one transaction: all or nothing
        store.discard_waiting()
        raise TutorError(f"nothing was imported into {store.path}: {store.problem}")
    return len(new_attempts), len(new_events)
