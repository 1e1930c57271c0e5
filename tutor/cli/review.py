"""`tutor review --list` and `tutor mistakes`: the learner's due cards and own slips, read from
the progress file (opened read-only), without the app (`review_app` opens the app).
`tutor progress --export/--import` (see `export_import`) moves progress between machines."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, time
from pathlib import Path

from tutor.errors import TutorError
from tutor.progress.store import FILENAME, ProgressStore, data_dir, open_store
from tutor.review import history, portable, schedule


def read_store(folder: str | None) -> ProgressStore | None:
    path = data_dir(folder) / FILENAME
    if not path.exists():
        return None
    return ProgressStore(path, read_only=True)


def parse_at(text: str | None) -> datetime:
    """--at 2027-01-15 (the end of that day, UTC) or a full ISO date and time."""
    if text is None:
        return datetime.now(UTC)
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day, time(23, 59, 59), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TutorError(f"--at takes a date such as 2027-01-15 (or 2027-01-15T09:30), got "
                         f"{text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_list(args: argparse.Namespace) -> int:
    try:
        at = parse_at(args.at)
        store = read_store(args.data_dir)
    except (TutorError, OSError) as error:
        print(f"tutor review: {error}", file=sys.stderr)
        return 2
    states = {} if store is None else schedule.cards(store.attempts(), store.events())
    due = schedule.due(states.values(), at)
    if args.json:
        print(json.dumps({"at": at.isoformat(), "due": [card_json(s) for s in due],
                          "next_due": iso(schedule.next_due(states.values(), at))}))
        return 0
    if not due:
        later = schedule.next_due(states.values(), at)
        print("Nothing due" + (f" until {later:%Y-%m-%d %H:%M} UTC." if later else
                               ": answer some questions first; each becomes a card."))
        return 0
    print(f"{len(due)} due at {at:%Y-%m-%d %H:%M} UTC, the longest overdue first:")
    for state in due:
        pack, exercise, question = state.key
        rating = state.last_rating.name if state.last_rating else "-"
        print(f"  {pack} {exercise} {question}  due {state.due:%Y-%m-%d}  last: {rating}")
    return 0


def card_json(state: schedule.CardState) -> dict[str, object]:
    pack, exercise, question = state.key
    return {"pack": pack, "exercise": exercise, "question": question, "due": iso(state.due),
            "last_rating": state.last_rating.name if state.last_rating else None,
            "reviews": len(state.reviews)}


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def run_mistakes(args: argparse.Namespace) -> int:
    from tutor.checking.mistakes import BY_ID

    try:
        store = read_store(args.data_dir)
    except OSError as error:
        print(f"tutor mistakes: {error}", file=sys.stderr)
        return 2
    found = [] if store is None else history.mistakes(store.attempts())
    if args.json:
        print(json.dumps({"mistakes": [
            {"id": m.id, "title": BY_ID[m.id].title if m.id in BY_ID else m.id,
             "count": m.count, "last": iso(schedule.when(m.last)),
             "exercises": [{"pack": p, "exercise": e, "count": n}
                           for (p, e), n in m.where.most_common()]} for m in found]}))
        return 0
    if not found:
        print("No mistakes named yet: wrong answers the tutor recognises are listed here.")
        return 0
    for record in found:
        title = BY_ID[record.id].title if record.id in BY_ID else record.id
        places = ", ".join(f"{p}/{e}" for (p, e), _ in record.where.most_common(3))
        last = schedule.when(record.last)
        print(f"{record.count:>4}×  {title} ({record.id}), last {last:%Y-%m-%d}: {places}")
    return 0


def export_import(args: argparse.Namespace) -> int:
    """`tutor progress --export FILE` / `--import FILE`."""
    try:
        if args.export:
            store = read_store(args.data_dir)
            data = portable.export(store) if store is not None else {
                "format": portable.FORMAT, "version": portable.VERSION, "attempts": [],
                "events": []}
            Path(args.export).write_text(json.dumps(data, indent=1), encoding="utf-8")
            print(f"Exported {len(data['attempts'])} answers and {len(data['events'])} events "
                  f"from {data_dir(args.data_dir) / FILENAME} to {args.export}")
            return 0
        text = Path(args.import_).read_text(encoding="utf-8")
        attempts, events = portable.parse(text)
        store, warning = open_store(args.data_dir)
        if warning:
            print(warning, file=sys.stderr)
        try:
            added, added_events = portable.merge(store, attempts, events)
        finally:
            store.close()
        print(f"Imported {added} new answers and {added_events} new events into {store.path} "
              f"({len(attempts) - added} answers were there already)")
        return 0
    except (TutorError, OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        print(f"tutor progress: {reason}", file=sys.stderr)
        return 2

