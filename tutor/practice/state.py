"""The practice state: the exercise on screen, what the learner has done with each question,
and every move the learner can make, as transitions that return a new state.

Nothing here draws, saves or reads a file. A screen holds one `Practice`, replaces it with the
result of a transition and draws it; saving is a separate step that takes a transition's
result (`Checked`, see `tutor.practice.record`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from tutor.calc.derivation import Step
from tutor.calc.quantities import Quantity
from tutor.checking import Verdict, check
from tutor.checking.choices import options
from tutor.checking.mistakes import Value
from tutor.checking.steps import check_step, work_steps
from tutor.packs import Exercise, Pack, Question, Variant
from tutor.practice.history import choose_seed, different_seed, help_of, tries_of
from tutor.practice.round import Round
from tutor.practice.work import Work
from tutor.progress import Attempt, Event


@dataclass(frozen=True)
class QuestionState:
    """What the learner has done with one question of one variant.

    `tries` counts the answers that counted: readable ones, given before the question was
    solved (checking a solved question again shows the verdict but is not a try). `verdict` is
    the last answer's, so coming back to the question shows it as it was, with the hints and
    steps that had been revealed. `work` is the question worked out step by step: the values
    given to each step, their verdicts and the help used, keyed by step.
    """

    tries: int = 0
    solved_on: int | None = None
    verdict: Verdict | None = None
    hints_shown: int = 0
    steps_shown: int = 0
    work: Work = field(default_factory=Work)

    @property
    def solved(self) -> bool:
        return self.solved_on is not None

    @property
    def answered(self) -> bool:
        return self.tries > 0


@dataclass(frozen=True)
class Checked:
    """The result of checking one answer: the verdict, and what saving it needs.

    `counted` is False for an unreadable answer and for a question already solved: neither
    is a try, and neither is saved. `hints_shown` and `steps_shown` are the help the learner
    had used when answering.
    """

    pack: str
    exercise: str
    question: str
    seed: int
    text: str
    verdict: Verdict
    counted: bool
    try_number: int
    hints_shown: int
    steps_shown: int


@dataclass(frozen=True)
class Sheet:
    """One exercise with one variant: the questions the round asks, and where the learner is."""

    index: int
    exercise: Exercise
    seed: int
    variant: Variant
    order: tuple[int, ...]
    states: tuple[QuestionState, ...]
    current: int
    choices: tuple[tuple[Value, ...], ...] = ()
    """Each question's multiple-choice options (none for a typed answer), made once."""

    @classmethod
    def fresh(cls, round_: Round, index: int, seed: int) -> Sheet:
        exercise = round_.pack.exercises[index]
        variant = exercise.variant(seed)
        order = tuple(i for i, q in enumerate(variant.questions)
                      if exercise.example or round_.asks(exercise, exercise.questions[i]))
        states = tuple(QuestionState() for _ in variant.questions)
        choices = tuple(() if exercise.example else options(variant, i)
                        for i in range(len(variant.questions)))
        return cls(index, exercise, seed, variant, order, states,
                   order[0] if order else 0, choices)

    def with_state(self, state: QuestionState) -> Sheet:
        states = list(self.states)
        states[self.current] = state
        return replace(self, states=tuple(states))

    def first_open(self) -> Sheet:
        """At the first question not solved yet (resuming after a restart)."""
        current = next((i for i in self.order if not self.states[i].solved),
                       self.order[0] if self.order else 0)
        return replace(self, current=current)


def restored(sheet: Sheet, attempts: Sequence[Attempt], since: float = 0.0,
             events: Sequence[Event] = ()) -> Sheet:
    """The sheet with the tries already saved for its variant (since the round began), each
    question showing the verdict on its last answer and the hints and steps it had shown."""
    saved = tries_of(attempts, sheet.exercise, sheet.seed, since)
    helped = help_of(events, sheet.exercise, sheet.seed, since)
    states = list(sheet.states)
    for i, question in enumerate(sheet.variant.questions):
        given = saved.get(question.id, [])
        hints, steps = helped.get(question.id, (0, 0))
        right = [n for n, a in enumerate(given, start=1) if a.correct]
        last = next((a for a in given if a.correct), given[-1]) if given else None
        states[i] = QuestionState(
            len(given), right[0] if right else None,
            check(sheet.variant, i, last.answer) if last else None,
            min(hints, len(question.hints)), min(steps, len(sheet.variant.answers[i].steps)))
    return replace(sheet, states=tuple(states))


@dataclass(frozen=True)
class Practice:
    """A round of a pack with one exercise on screen, and the others of the round as the
    learner left them (`kept`, by index in the pack), so going back shows them unchanged."""

    round: Round
    sheet: Sheet
    kept: Mapping[int, Sheet] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def start(cls, round_: Round, index: int, attempts: Sequence[Attempt] = (), *,
              events: Sequence[Event] = (), question: str | None = None) -> Practice:
        """The round with exercise `index` on screen, its variant and tries from the saved
        `attempts` (and help used from `events`), at `question` (an id) or the first
        question not solved yet."""
        return cls(round_, opened(round_, index, attempts, events, question))

    # -- what is on screen ------------------------------------------------------------------

    @property
    def pack(self) -> Pack:
        return self.round.pack

    @property
    def index(self) -> int:
        return self.sheet.index

    @property
    def exercise(self) -> Exercise:
        return self.sheet.exercise

    @property
    def seed(self) -> int:
        return self.sheet.seed

    @property
    def variant(self) -> Variant:
        return self.sheet.variant

    @property
    def order(self) -> tuple[int, ...]:
        return self.sheet.order

    @property
    def states(self) -> tuple[QuestionState, ...]:
        return self.sheet.states

    @property
    def current(self) -> int:
        return self.sheet.current

    @property
    def worked(self) -> bool:
        """A worked example: every answer shown, nothing asked."""
        return self.exercise.example

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
    def position(self) -> int:
        """The current question's place among the round's questions of this exercise (0-based)."""
        return self.order.index(self.current) if self.current in self.order else 0

    @property
    def finished(self) -> bool:
        return all(self.states[i].solved for i in self.order)

    @property
    def unanswered(self) -> tuple[int, ...]:
        """The round's questions of this exercise not answered yet (none in a worked example)."""
        if self.worked:
            return ()
        return tuple(i for i in self.order if not self.states[i].answered)

    @property
    def choices(self) -> tuple[Value, ...]:
        """The options of a multiple-choice question (the author's or made from mistakes)."""
        return self.sheet.choices[self.current] if self.sheet.choices else ()

    @property
    def derivation_shown(self) -> bool:
        """The derivation is in view once a step is asked for, or after a wrong answer (to
        mark where the slip most likely happened)."""
        verdict = self.state.verdict
        wrong = verdict is not None and verdict.verdict == "incorrect"
        return bool(self.expected.steps) and (self.state.steps_shown > 0 or wrong)

    @property
    def derivation_complete(self) -> bool:
        return self.derivation_shown and self.state.steps_shown >= len(self.expected.steps)

    @property
    def next_open(self) -> int | None:
        """The next question of this exercise not solved yet, after the current one and
        round again to the start; None when every one is solved."""
        position = self.position
        after = self.order[position + 1:] + self.order[:position]
        return next((i for i in after if not self.states[i].solved), None)

    # -- answering ---------------------------------------------------------------------------

    def check(self, text: str) -> tuple[Practice, Checked]:
        """Check `text` as the answer to the current question."""
        state = self.state
        verdict = check(self.variant, self.current, text)
        counted = not verdict.unreadable and not state.solved
        tries = state.tries + counted
        solved_on = state.solved_on
        if counted and verdict.correct:
            solved_on = tries
        work = state.work
        if verdict.correct:  # a right final answer fills in the steps it implies
            work = work.filled(self.steps, {s.key: s.value for s in self.steps})
        after = replace(state, tries=tries, solved_on=solved_on, verdict=verdict, work=work)
        checked = Checked(self.pack.id, self.exercise.id, self.question.id, self.seed,
                          text.strip(), verdict, counted, tries, state.hints_shown,
                          state.steps_shown)
        return self._with(self.sheet.with_state(after)), checked

    # -- working it out step by step ---------------------------------------------------------

    @property
    def steps(self) -> tuple[Step, ...]:
        """The current question's steps to work out, in order (each a blank)."""
        return work_steps(self.variant, self.current)

    @property
    def working(self) -> bool:
        """The current question is being worked out step by step."""
        return self.state.work.on and not self.worked

    @property
    def focused_step(self) -> Step | None:
        key = self.state.work.focus
        return next((s for s in self.steps if s.key == key), None)

    def toggle_work(self) -> Practice:
        """Into the step-by-step mode (at the first step not done yet) or back out of it;
        unchanged in a worked example or for a question with no steps."""
        keys = tuple(s.key for s in self.steps)
        if self.worked or not keys:
            return self
        work = self.state.work
        focus = work.focus if work.focus in keys else work.next_open(keys, None) or keys[0]
        return self._with_state(replace(self.state, work=replace(work, on=not work.on,
                                                                 focus=focus)))

    def focus_step(self, step: int) -> Practice:
        """The step `step` places after (or before) the one in focus; unchanged at the ends."""
        keys = tuple(s.key for s in self.steps)
        work = self.state.work
        if work.focus not in keys:
            return self
        at = keys.index(work.focus) + step
        if not 0 <= at < len(keys):
            return self
        return self._with_state(replace(self.state, work=replace(work, focus=keys[at])))

    def step_help(self, key: str | None = None) -> Practice:
        """One more level of help on the step `key` (the one in focus by default)."""
        key = key or self.state.work.focus
        if key not in {s.key for s in self.steps}:
            return self
        return self._with_state(replace(self.state, work=self.state.work.helped(key)))

    def work_step(self, text: str, key: str | None = None) -> tuple[Practice, Checked | None]:
        """Check `text` as the value of step `key` (the one in focus by default), judged by
        the learner's own values for the other steps. An accepted step moves the focus to the
        next open one; the last step right is the answer to the question, checked as such
        (the `Checked` to save; None for any other step)."""
        work = self.state.work
        key = key or work.focus
        keys = tuple(s.key for s in self.steps)
        if key not in keys:
            return self, None
        verdict = check_step(self.variant, self.current, key, text, work.earlier(key))
        work = work.checked(verdict)
        if verdict.accepted:
            work = replace(work, focus=work.next_open(keys, key) or key)
        practice = self._with_state(replace(self.state, work=work))
        if key == keys[-1] and verdict.verdict == "correct":
            return practice.check(text)
        return practice, None

    # -- help --------------------------------------------------------------------------------

    def reveal_hint(self) -> Practice:
        """One more hint (unchanged when there are none left)."""
        shown = min(self.state.hints_shown + 1, len(self.question.hints))
        return self._with_state(replace(self.state, hints_shown=shown))

    def reveal_step(self) -> Practice:
        """One more step of the derivation (unchanged once it is whole)."""
        shown = min(self.state.steps_shown + 1, len(self.expected.steps))
        return self._with_state(replace(self.state, steps_shown=shown))

    def reveal_all(self) -> Practice:
        return self._with_state(replace(self.state, steps_shown=len(self.expected.steps)))

    # -- moving ------------------------------------------------------------------------------

    def can_move(self, step: int) -> bool:
        return 0 <= self.position + step < len(self.order) and self.current in self.order

    def move(self, step: int) -> Practice:
        """The next (or previous) question of the round in this exercise; unchanged at
        either end."""
        if not self.can_move(step):
            return self
        return self._with(replace(self.sheet, current=self.order[self.position + step]))

    def to_question(self, index: int) -> Practice:
        if index not in self.order:
            return self
        return self._with(replace(self.sheet, current=index))

    def neighbour(self, step: int) -> int | None:
        """The pack index of the exercise `step` away in the round; None past either end."""
        indexes = self.round.indexes
        position = indexes.index(self.index) + step if self.index in indexes else 0
        return indexes[position] if 0 <= position < len(indexes) else None

    def open(self, index: int, attempts: Sequence[Attempt] = (), *,
             events: Sequence[Event] = (), question: str | None = None) -> Practice:
        """Exercise `index` of the round on screen: as the learner left it in this round, or
        else with its variant, tries and help used from the saved `attempts` and `events`."""
        kept = dict(self.kept)
        kept[self.index] = self.sheet
        sheet = kept.pop(index, None)
        if sheet is None:
            sheet = opened(self.round, index, attempts, events, question)
        elif question is not None:
            sheet = _at(sheet, question)
        return Practice(self.round, sheet, MappingProxyType(kept))

    def new_variant(self) -> Practice:
        """The same exercise with other numbers: a fresh question, its tries counted anew."""
        if not self.exercise.varied:
            return self
        seed = different_seed(self.exercise, self.seed)
        return self._with(Sheet.fresh(self.round, self.index, seed))

    # -- helpers -----------------------------------------------------------------------------

    def _with(self, sheet: Sheet) -> Practice:
        return replace(self, sheet=sheet)

    def _with_state(self, state: QuestionState) -> Practice:
        """The current question in `state`; the same practice when nothing changed."""
        return self if state == self.state else self._with(self.sheet.with_state(state))


def opened(round_: Round, index: int, attempts: Sequence[Attempt],
           events: Sequence[Event] = (), question: str | None = None) -> Sheet:
    exercise = round_.pack.exercises[index]
    sheet = Sheet.fresh(round_, index, choose_seed(exercise, attempts))
    sheet = restored(sheet, attempts, round_.since, events).first_open()
    return _at(sheet, question) if question is not None else sheet


def _at(sheet: Sheet, question: str) -> Sheet:
    ids = [q.id for q in sheet.variant.questions]
    if question in ids and ids.index(question) in sheet.order:
        return replace(sheet, current=ids.index(question))
    return sheet
