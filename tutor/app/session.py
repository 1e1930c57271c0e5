"""What the screens show and do, asked of the core: packs, progress, variants, checking.

No Textual here, so the practice logic is tested without a terminal. The screens hold a
`Session` (one per app) and a `Practice` (one per exercise on screen) and only render them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.app.index import PackInfo, info_of
from tutor.progress import Attempt, Event, ProgressStore

if TYPE_CHECKING:
    # Only for types: the packs and the calculator load after the first screen is shown.
    from tutor.calc.quantities import Quantity
    from tutor.checking.check import Verdict
    from tutor.packs.answers import Answer
    from tutor.packs.discover import Library
    from tutor.packs.model import Exercise, Pack, Question
    from tutor.packs.variants import Variant

QuestionKey = tuple[str, str]
"""(exercise id, question id): how progress names a question."""

NEW_VARIANT_TRIES = 8
"""Seeds tried to find a variant whose values differ from the one just shown."""


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


@dataclass(frozen=True)
class Outcome:
    """One question in a summary: tries in the round, and whether (and when) it was right."""

    exercise: Exercise
    question: Question
    tries: int
    tries_to_solve: int | None

    @property
    def solved(self) -> bool:
        return self.tries_to_solve is not None

    @property
    def struggled(self) -> bool:
        """Took more than one try, or was tried and never solved: worth retrying."""
        return self.tries > 0 and self.tries_to_solve != 1


@dataclass(frozen=True)
class Summary:
    pack: Pack
    outcomes: tuple[Outcome, ...]
    retry_round: bool = False

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def solved(self) -> int:
        return sum(o.solved for o in self.outcomes)

    @property
    def first_try(self) -> int:
        return sum(o.tries_to_solve == 1 for o in self.outcomes)

    @property
    def unanswered(self) -> int:
        return sum(o.tries == 0 for o in self.outcomes)

    @property
    def struggled(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.struggled)


@dataclass(frozen=True)
class Round:
    """A pass through a pack: every exercise, or (a retry) only some questions of some.

    `only` maps exercise ids to the question ids to retry; `since` is when the round began,
    so a retry's summary counts only the answers given in it.
    """

    pack: Pack
    only: dict[str, tuple[str, ...]] | None = None
    since: float = 0.0

    @property
    def indexes(self) -> tuple[int, ...]:
        """The exercises of the round, as indexes into the pack."""
        if self.only is None:
            return tuple(range(len(self.pack.exercises)))
        return tuple(i for i, e in enumerate(self.pack.exercises) if e.id in self.only)

    def questions(self, exercise: Exercise) -> tuple[str, ...] | None:
        return None if self.only is None else self.only.get(exercise.id, ())


@dataclass
class QuestionState:
    """What the learner has done with one question of the exercise on screen."""

    tries: int = 0
    solved: bool = False
    verdict: Verdict | None = None
    steps_shown: int = 0
    hints_shown: int = 0


@dataclass
class Practice:
    """One exercise on screen: its variant, where the learner is, what each question holds."""

    pack: Pack
    index: int
    exercise: Exercise
    seed: int
    variant: Variant
    order: tuple[int, ...]
    states: list[QuestionState] = field(default_factory=list)
    current: int = 0

    @property
    def question(self) -> Question:
        return self.variant.questions[self.current]

    @property
    def state(self) -> QuestionState:
        return self.states[self.current]

    @property
    def expected(self) -> Quantity:
        return self.variant.answers[self.current]

    @property
    def finished(self) -> bool:
        return all(self.states[i].solved for i in self.order)

    def move(self, step: int) -> bool:
        """Go to the next (or previous) question of the round; False at either end."""
        position = self.order.index(self.current) + step if self.current in self.order else 0
        if not 0 <= position < len(self.order):
            return False
        self.current = self.order[position]
        return True

    def first_open(self) -> None:
        """Start at the first question not solved yet (resuming after a restart)."""
        self.current = next((i for i in self.order if not self.states[i].solved),
                            self.order[0] if self.order else 0)

    @property
    def choices(self) -> tuple[Answer, ...]:
        """The options of a multiple-choice question (the author's or made from mistakes)."""
        from tutor.checking.choices import options

        return options(self.variant, self.current)


class Session:
    """The packs and the learner's progress; every checked answer is saved at once.

    The packs may arrive after the app has started (see `tutor.app.index`): until then the
    pack list is drawn from `index`, and anything that needs a pack waits for `set_library`.
    """

    def __init__(self, store: ProgressStore, library: Library | None = None, *,
                 index: Sequence[PackInfo] = (), loader: Callable[[], Library] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self.index = list(index)
        self._library = library
        self._loader = loader
        self._loaded = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._listeners: list[Callable[[Library], None]] = []
        self._seen: tuple[str, str, str, int] | None = None
        self.on_save: Callable[[], None] | None = None
        """Called after each answer is saved or kept (the app tells the learner of trouble)."""
        if library is not None:
            self._loaded.set()

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    def start_loading(self, done: Callable[[Library], None] | None = None) -> None:
        """Load the packs in a thread (once); `done` is called in that thread when they are
        in (at once if they already are)."""
        with self._lock:
            if done is not None and not self.loaded:
                self._listeners.append(done)
            if self._thread is not None or self.loaded:
                ready = self.loaded
            else:
                self._thread = threading.Thread(target=self._load, name="tutor-packs",
                                                daemon=True)
                self._thread.start()
                ready = False
        if ready and done is not None and self._library is not None:
            done(self._library)

    def _load(self) -> None:
        assert self._loader is not None
        try:
            library = self._loader()
        except BaseException as error:  # re-raised where the packs are needed
            self._error = error
            self._loaded.set()
            return
        self.set_library(library)

    def set_library(self, library: Library) -> None:
        """The packs, loaded (from any thread)."""
        with self._lock:
            self._library = library
            self._loaded.set()
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener(library)

    @property
    def library(self) -> Library:
        """The packs; if they are still loading, wait for them (a fraction of a second)."""
        if not self.loaded:
            self.start_loading()
            self._loaded.wait()
        if self._error is not None:
            raise self._error
        assert self._library is not None
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

    def open(self, round_: Round, index: int, *, new_variant: bool = False) -> Practice:
        """The exercise at `index` of the pack, remembered as where the learner is."""
        pack = round_.pack
        exercise = pack.exercises[index]
        seed = self.choose_seed(pack, exercise, new_variant=new_variant)
        variant = exercise.variant(seed)
        only = round_.questions(exercise)
        order = tuple(i for i, q in enumerate(variant.questions)
                      if only is None or q.id in only)
        practice = Practice(pack, index, exercise, seed, variant, order,
                            [QuestionState() for _ in variant.questions])
        self.restore(practice, since=round_.since)
        practice.first_open()
        self._seen = None  # (re)opening an exercise is an arrival at its question
        self.store.set_position(pack.id, exercise.id)
        return practice

    def choose_seed(self, pack: Pack, exercise: Exercise, *, new_variant: bool) -> int:
        """A varied exercise shows a new variant on each attempt: the variant last worked on
        while it is unfinished, the next seed once it is done (or when asked for)."""
        if not exercise.varied:
            return 0
        seeds = [a.seed for a in self.store.attempts(pack.id) if a.exercise == exercise.id]
        if not seeds:
            return 0
        last = seeds[-1]
        solved = {a.question for a in self.store.attempts(pack.id)
                  if a.exercise == exercise.id and a.seed == last and a.correct}
        if not new_variant and not {q.id for q in exercise.questions} <= solved:
            return last
        return self.different_seed(exercise, max(seeds))

    @staticmethod
    def different_seed(exercise: Exercise, after: int) -> int:
        """The next seed whose values differ from those of `after`, when one is near."""
        shown = exercise.variant(after).values
        for seed in range(after + 1, after + 1 + NEW_VARIANT_TRIES):
            if exercise.variant(seed).values != shown:
                return seed
        return after + 1

    def renew(self, practice: Practice, round_: Round) -> Practice:
        """The same exercise with another variant (a varied exercise only)."""
        seed = self.different_seed(practice.exercise, practice.seed)
        variant = practice.exercise.variant(seed)
        fresh = Practice(practice.pack, practice.index, practice.exercise, seed, variant,
                         practice.order, [QuestionState() for _ in variant.questions])
        fresh.first_open()
        return fresh

    def restore(self, practice: Practice, since: float = 0.0) -> None:
        """Fill in the tries already made on this variant, so a restart resumes."""
        ids = {q.id: i for i, q in enumerate(practice.variant.questions)}
        for attempt in self.store.attempts(practice.pack.id):
            if (attempt.exercise != practice.exercise.id or attempt.seed != practice.seed
                    or attempt.at < since or attempt.question not in ids):
                continue
            state = practice.states[ids[attempt.question]]
            state.tries += 1
            state.solved = state.solved or attempt.correct

    def check(self, practice: Practice, text: str) -> Verdict:
        """Check the answer to the current question and save it at once (unless unreadable)."""
        from tutor.checking import check

        question = practice.question
        verdict = check(practice.variant, practice.current, text)
        state = practice.state
        state.verdict = verdict
        if verdict.unreadable:
            return verdict
        state.tries += 1
        state.solved = state.solved or verdict.correct
        mistake = verdict.mistake.mistakes[0].id if verdict.mistake else None
        # A file that cannot take it now (locked, disk full) keeps it for the next save:
        # `save_state` says so, and `TutorApp` retries and tells the learner.
        self.store.record(Attempt(practice.pack.id, practice.exercise.id, question.id,
                                  text.strip(), verdict.correct, mistake, practice.seed,
                                  self.clock()))
        if self.on_save is not None:
            self.on_save()
        return verdict

    def seen(self, practice: Practice) -> None:
        """The current question is on screen: kept (once per arrival) for the time spent."""
        if practice.exercise.example:
            return
        key = (practice.pack.id, practice.exercise.id, practice.question.id, practice.seed)
        if key != self._seen:
            self._seen = key
            self._event(practice, "view", 0)

    def revealed(self, practice: Practice, kind: str, count: int) -> None:
        """`count` hints (kind "hint") or derivation steps ("step") of the current question
        are now shown."""
        if not practice.exercise.example:
            self._event(practice, kind, count)

    def _event(self, practice: Practice, kind: str, count: int) -> None:
        self.store.record_event(Event(practice.pack.id, practice.exercise.id,
                                      practice.question.id, kind, count, practice.seed,
                                      self.clock()))

    def save_state(self) -> tuple[int, str | None]:
        """Retry any waiting saves: (answers still waiting, why) — (0, None) when all are in."""
        self.store.flush()
        return self.store.waiting, self.store.problem if self.store.waiting else None

    # -- summaries -----------------------------------------------------------------------

    def summary(self, round_: Round) -> Summary:
        """Each question of the round: tries and when it was solved, from the saved answers."""
        tries: dict[QuestionKey, list[bool]] = {}
        for attempt in self.store.attempts(round_.pack.id):
            if attempt.at >= round_.since:
                tries.setdefault((attempt.exercise, attempt.question), []).append(
                    attempt.correct)
        outcomes = []
        for exercise, question in round_questions(round_):
            results = tries.get((exercise.id, question.id), [])
            solved_at = results.index(True) + 1 if True in results else None
            outcomes.append(Outcome(exercise, question, len(results), solved_at))
        return Summary(round_.pack, tuple(outcomes), retry_round=round_.only is not None)

    def retry_round(self, summary: Summary) -> Round | None:
        """A round over the questions that took more than one try (None if there are none)."""
        only: dict[str, tuple[str, ...]] = {}
        for outcome in summary.struggled:
            only[outcome.exercise.id] = (*only.get(outcome.exercise.id, ()), outcome.question.id)
        return Round(summary.pack, only, since=self.clock()) if only else None


def round_questions(round_: Round) -> Iterator[tuple[Exercise, Question]]:
    """The questions a learner answers in a round (worked examples ask nothing), in order."""
    for exercise in round_.pack.exercises:
        if exercise.example:
            continue
        only = round_.questions(exercise)
        for question in exercise.questions:
            if only is None or question.id in only:
                yield exercise, question


