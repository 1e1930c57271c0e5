"""What the screens ask of the core: packs, progress and practice, with every checked answer
saved at once.

No Textual here. The practice itself is `tutor.practice` (pure state and transitions); a
`Session` adds what touches the progress store: the saved attempts a practice starts from,
saving each counted answer, where the learner is, and summaries read off the saved answers.
The packs may arrive after the app has started (see `tutor.app.index`): the app loads them in
a worker and hands them over with `set_library`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tutor.app.index import PackInfo, info_of
from tutor.progress import Event, ProgressStore
from tutor.review import history, schedule

if TYPE_CHECKING:
    # Only for types: the packs and the calculator load after the first screen is shown.
    from tutor.packs.discover import Library
    from tutor.packs.model import Exercise, Pack
    from tutor.practice import Checked, Practice, Round, Summary


@dataclass(frozen=True)
class DueReview:
    """A question due again: its pack, the exercise's place in it, and the question's id."""

    info: PackInfo
    exercise_index: int
    question: str


@dataclass(frozen=True)
class PackRow:
    """A line of the pack list: the pack and how far the learner has got in it."""

    pack: PackInfo
    solved: int
    tried: int

    @property
    def questions(self) -> int:
        return len(self.pack.questions)


@dataclass(frozen=True)
class ExerciseRow:
    """A line of a pack's exercise list."""

    index: int
    exercise: Exercise
    questions: int
    solved: int
    tried: int

    @property
    def status(self) -> str:
        if self.exercise.example:
            return "example"
        if self.questions and self.solved == self.questions:
            return "solved"
        return "started" if self.tried else "new"


class Session:
    """The packs and the learner's progress.

    `loader` loads the packs when they were not given (the app runs it in a worker thread and
    passes the result to `set_library`; anything else that needs them before then loads them
    on the spot).
    """

    def __init__(self, store: ProgressStore, library: Library | None = None, *,
                 index: Sequence[PackInfo] = (), loader: Callable[[], Library] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self.index = list(index)
        self.loader = loader
        self._library = library
        self._waiting: list[Callable[[], object]] = []
        self.on_save: Callable[[], None] | None = None
        """Called after each answer is saved or kept (the app tells the learner of trouble)."""

    @property
    def loaded(self) -> bool:
        return self._library is not None

    def when_loaded(self, then: Callable[[], object]) -> bool:
        """Do `then` now if the packs are in (True), else once they are (False)."""
        if self._library is not None:
            then()
            return True
        self._waiting.append(then)
        return False

    def set_library(self, library: Library) -> None:
        """The packs are in: do what was asked for while they loaded."""
        self._library = library
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    @property
    def library(self) -> Library:
        """The packs (loaded now if nobody has yet)."""
        if self._library is None:
            assert self.loader is not None, "a Session needs a library or a loader"
            self._library = self.loader()
        return self._library

    @property
    def packs(self) -> tuple[Pack, ...]:
        return self.library.packs

    def pack(self, pack_id: str) -> Pack:
        return self.library.pack(pack_id)

    def infos(self) -> list[PackInfo]:
        if self._library is not None:
            return [info_of(pack) for pack in self._library.packs]
        return self.index

    # -- progress ------------------------------------------------------------------------

    def pack_rows(self) -> list[PackRow]:
        return [self.pack_row(info) for info in self.infos()]

    def pack_row(self, info: PackInfo) -> PackRow:
        records = self.store.records(info.id)
        return PackRow(info, sum(1 for k in info.questions if k in records and records[k].solved),
                       sum(1 for k in info.questions if k in records))

    def exercise_rows(self, pack: Pack) -> list[ExerciseRow]:
        records = self.store.records(pack.id)
        rows = []
        for index, exercise in enumerate(pack.exercises):
            keys = [] if exercise.example else [(exercise.id, q.id) for q in exercise.questions]
            rows.append(ExerciseRow(
                index, exercise, len(keys),
                sum(1 for k in keys if k in records and records[k].solved),
                sum(1 for k in keys if k in records)))
        return rows

    def last_pack(self) -> PackInfo | None:
        last = self.store.last_pack()
        return next((p for p in self.infos() if p.id == last), None)

    def resume_index(self, pack_id: str) -> int:
        """Where the learner stopped in this pack: the exercise last opened, else the first."""
        position = self.store.position(pack_id)
        info = next((p for p in self.infos() if p.id == pack_id), None)
        if info is not None and position in info.exercises:
            return info.exercises.index(position)
        return 0

    # -- practising ------------------------------------------------------------------------

    def due_reviews(self, at: datetime | None = None) -> list[DueReview]:
        """The questions due for review (FSRS, replayed from this learner's log), the longest
        overdue first, in packs that are still installed."""
        states = schedule.cards(self.store.attempts(), self.store.events())
        infos = {info.id: info for info in self.infos()}
        out = []
        for state in schedule.due(states.values(), at or datetime.now(UTC)):
            pack, exercise, question = state.key
            info = infos.get(pack)
            if info is not None and (exercise, question) in info.questions:
                out.append(DueReview(info, info.exercises.index(exercise), question))
        return out

    def next_review(self) -> datetime | None:
        states = schedule.cards(self.store.attempts(), self.store.events())
        return schedule.next_due(states.values(), datetime.now(UTC))

    def streak(self) -> tuple[int, int]:
        """Answers today and the days in a row with answers (a quiet line on the first
        screen)."""
        attempts = self.store.attempts()
        today = datetime.now(UTC).date()
        return (history.answers_per_day(attempts).get(today, 0),
                history.streak(attempts, today))

    def start(self, round_: Round, index: int, *, question: str | None = None) -> Practice:
        """A practice of `round_` on exercise `index`, resumed from the saved answers, and
        remembered as where the learner is."""
        from tutor.practice import Practice

        practice = Practice.start(round_, index, self.store.attempts(round_.pack.id),
                                  events=self.events(round_.pack.id), question=question)
        self.store.set_position(round_.pack.id, practice.exercise.id)
        return practice

    def open(self, practice: Practice, index: int) -> Practice:
        """Another exercise of the practice's round, remembered as where the learner is."""
        opened = practice.open(index, self.store.attempts(practice.pack.id),
                               events=self.events(practice.pack.id))
        self.store.set_position(practice.pack.id, opened.exercise.id)
        return opened

    def events(self, pack_id: str) -> list[Event]:
        return [e for e in self.store.events() if e.pack == pack_id]

    def record(self, checked: Checked) -> None:
        """Save a checked answer at once (unless it did not count)."""
        from tutor.practice import attempt_of

        attempt = attempt_of(checked, self.clock())
        if attempt is None:
            return
        # A file that cannot take it now (locked, disk full) keeps it for the next save:
        # `save_state` says so, and `TutorApp` retries and tells the learner.
        self.store.record(attempt)
        if self.on_save is not None:
            self.on_save()

    def save_state(self) -> tuple[int, str | None]:
        """Retry any waiting saves: (answers still waiting, why) — (0, None) when all are in."""
        self.store.flush()
        return self.store.waiting, self.store.problem if self.store.waiting else None

    def note(self, before: Practice | None, after: Practice) -> None:
        """Keep what a change shows of the learner's work other than answers: a question
        coming on screen, hints and steps revealed (a teacher's results read them)."""
        from tutor.practice import events_between

        for event in events_between(before, after, self.clock()):
            self.store.record_event(event)

    def check(self, practice: Practice, text: str) -> Practice:
        """Check and save: the practice after the answer (its verdict in `.state.verdict`)."""
        after, checked = practice.check(text)
        self.record(checked)
        return after

    # -- summaries -----------------------------------------------------------------------

    def summary(self, round_: Round) -> Summary:
        from tutor.practice import summarize

        return summarize(round_, self.store.attempts(round_.pack.id))

    def retry_round(self, summary: Summary) -> Round | None:
        from tutor.practice import retry_round

        return retry_round(summary, self.clock())
