"""Every learner interaction as a transition of the practice state, without the app or a store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tutor.packs import Pack, load_library
from tutor.practice import Practice, Round, attempt_of, retry_round, summarize
from tutor.progress import Attempt

LESSON = "lesson-questions"  # conv-dims exercise 2: 896 parameters, depth 32, width 64


@pytest.fixture(scope="module")
def library():
    return load_library(user=False)


@pytest.fixture(scope="module")
def conv(library) -> Pack:
    return library.pack("conv-dims")


@pytest.fixture(scope="module")
def strides(library) -> Pack:
    return library.pack("padding-strides")


class Saved:
    """A stand-in for the store: what the app would save, with a clock that ticks."""

    def __init__(self) -> None:
        self.attempts: list[Attempt] = []
        self.now = 100.0

    def check(self, practice: Practice, text: str) -> Practice:
        practice, checked = practice.check(text)
        self.now += 1
        attempt = attempt_of(checked, self.now)
        if attempt is not None:
            self.attempts.append(attempt)
        return practice


def lesson(conv: Pack) -> Practice:
    return Practice.start(Round(conv), 1)


def index_of(pack: Pack, exercise: str) -> int:
    return next(i for i, e in enumerate(pack.exercises) if e.id == exercise)


# -- checking ---------------------------------------------------------------------------------

def test_a_wrong_then_right_answer_counts_two_tries(conv) -> None:
    start = lesson(conv)
    wrong, checked = start.check("864")
    assert checked.counted and checked.try_number == 1
    assert checked.verdict.mistake_id == "forgot-bias"
    assert wrong.state.tries == 1 and not wrong.state.solved
    assert start.state.tries == 0  # transitions never change the state they start from
    right, checked = wrong.check("896")
    assert right.state.solved_on == 2 and checked.verdict.correct


def test_an_unreadable_answer_is_not_a_try_and_not_saved(conv) -> None:
    after, checked = lesson(conv).check("eight hundred")
    assert checked.verdict.unreadable and not checked.counted
    assert after.state.tries == 0 and after.state.verdict is checked.verdict
    assert attempt_of(checked, 1.0) is None


def test_checking_a_solved_question_again_is_not_a_try(conv) -> None:
    solved, _ = lesson(conv).check("896")
    again, checked = solved.check("32*3*3*3 + 32")
    assert checked.verdict.correct and not checked.counted
    assert again.state.tries == 1 and again.state.solved_on == 1
    wrong, checked = again.check("864")  # still shown, still not a try: it is solved
    assert not checked.counted and wrong.state.solved
    assert wrong.state.verdict is not None and wrong.state.verdict.mistake_id == "forgot-bias"


def test_the_attempt_saved_names_the_variant_and_the_mistake(conv) -> None:
    _, checked = lesson(conv).check(" 864 ")
    attempt = attempt_of(checked, 5.0)
    assert attempt == Attempt("conv-dims", LESSON, "question-1", "864", False, "forgot-bias",
                              0, 5.0)


def test_the_help_used_is_part_of_the_checked_answer(conv) -> None:
    practice = lesson(conv).reveal_hint().reveal_step().reveal_step()
    _, checked = practice.check("896")
    assert (checked.hints_shown, checked.steps_shown) == (1, 2)


def test_a_choice_letter_is_checked_as_its_option(strides) -> None:
    practice = Practice.start(Round(strides), index_of(strides, "padding-choice"))
    choices = practice.choices
    right = choices.index(practice.expected.value)
    after, checked = practice.check("abcdef"[right])
    assert checked.verdict.correct and after.state.solved


# -- hints and steps --------------------------------------------------------------------------

def test_hints_are_revealed_one_at_a_time_up_to_the_last(conv) -> None:
    practice = lesson(conv)
    assert len(practice.question.hints) == 3
    for shown in (1, 2, 3, 3):
        practice = practice.reveal_hint()
        assert practice.state.hints_shown == shown


def test_steps_one_at_a_time_or_all_at_once(conv) -> None:
    practice = lesson(conv)
    total = len(practice.expected.steps)
    assert total > 1 and not practice.derivation_shown
    one = practice.reveal_step()
    assert one.state.steps_shown == 1 and one.derivation_shown and not one.derivation_complete
    whole = one.reveal_all()
    assert whole.state.steps_shown == total and whole.derivation_complete
    assert whole.reveal_step() is whole  # nothing left to reveal: the same state


def test_a_wrong_answer_shows_the_derivation_with_no_step_revealed(conv) -> None:
    wrong, checked = lesson(conv).check("864")
    assert wrong.derivation_shown and wrong.state.steps_shown == 0
    assert checked.verdict.step_key is not None


# -- moving -----------------------------------------------------------------------------------

def test_moving_between_questions_keeps_what_each_shows(conv) -> None:
    practice, _ = lesson(conv).reveal_hint().check("896")
    practice = practice.reveal_all().move(1)
    assert practice.current == 1 and practice.state.tries == 0
    back = practice.move(-1)
    assert back.current == 0 and back.state.solved
    assert back.state.hints_shown == 1 and back.derivation_complete
    assert back.state.verdict is not None and back.state.verdict.correct
    assert back.move(-1) is back and not back.can_move(-1)
    assert back.move(1).move(1).move(1).current == 2


def test_next_open_goes_round_to_unsolved_questions_only(conv) -> None:
    practice = lesson(conv).move(1)
    practice, _ = practice.check("32")
    assert practice.next_open == 2
    practice = practice.move(1)
    practice, _ = practice.check("64")
    assert practice.next_open == 0  # question 1 was skipped: not left behind silently
    practice = practice.to_question(0)
    practice, _ = practice.check("896")
    assert practice.next_open is None and practice.finished


def test_unanswered_questions_of_the_exercise(conv) -> None:
    practice = lesson(conv)
    assert practice.unanswered == (0, 1, 2)
    practice, _ = practice.check("1")
    assert practice.unanswered == (1, 2)
    assert Practice.start(Round(conv), 0).unanswered == ()  # a worked example asks nothing


def test_going_to_another_exercise_and_back_keeps_it_as_it_was(conv) -> None:
    practice, _ = lesson(conv).reveal_hint().check("864")
    assert practice.neighbour(-1) == 0 and practice.neighbour(1) is None
    example = practice.open(0)
    assert example.worked and example.index == 0
    back = example.open(1)
    assert back.state.tries == 1 and back.state.hints_shown == 1
    assert back.state.verdict is not None and back.state.verdict.mistake_id == "forgot-bias"


def test_opening_from_saved_answers_resumes_with_their_verdicts(conv) -> None:
    saved = Saved()
    practice = saved.check(lesson(conv), "896")
    practice = saved.check(practice.move(1), "3")
    resumed = Practice.start(Round(conv), 1, saved.attempts)
    assert resumed.current == 1  # the first question not solved
    assert [s.tries for s in resumed.states] == [1, 1, 0]
    first = resumed.states[0].verdict
    assert first is not None and first.correct and first.answer == "896"
    at = Practice.start(Round(conv), 1, saved.attempts, question="question-3")
    assert at.current == 2


# -- variants ---------------------------------------------------------------------------------

def test_a_new_variant_is_a_fresh_question(strides) -> None:
    start = Practice.start(Round(strides), index_of(strides, "valid-height"))
    tried, _ = start.reveal_hint().check("1")
    fresh = tried.new_variant()
    assert fresh.seed != start.seed and fresh.variant.values != start.variant.values
    assert fresh.state.tries == 0 and fresh.state.hints_shown == 0
    assert fresh.state.verdict is None


def test_a_fixed_exercise_has_no_new_variant(conv) -> None:
    practice = lesson(conv)
    assert practice.new_variant() is practice


def test_a_varied_exercise_keeps_its_variant_until_solved_then_changes(strides) -> None:
    saved = Saved()
    index = index_of(strides, "valid-height")
    first = saved.check(Practice.start(Round(strides), index), "1")
    assert Practice.start(Round(strides), index, saved.attempts).seed == first.seed
    saved.check(first, str(first.expected.value))
    again = Practice.start(Round(strides), index, saved.attempts)
    assert again.seed != first.seed and again.variant.values != first.variant.values


# -- rounds and summaries ---------------------------------------------------------------------

def test_the_summary_says_done_only_when_every_question_is_answered(conv) -> None:
    saved = Saved()
    practice = saved.check(lesson(conv), "896")
    summary = summarize(Round(conv), saved.attempts)
    assert (summary.total, summary.solved, summary.unanswered) == (3, 1, 2)
    assert not summary.done
    first = summary.first_unanswered
    assert first is not None and (first.index, first.question.id) == (1, "question-2")
    practice = saved.check(practice.move(1), "5")
    saved.check(practice.move(1), "64")
    summary = summarize(Round(conv), saved.attempts)
    assert summary.done and summary.first_unanswered is None
    assert (summary.solved, summary.first_try) == (2, 2)


def test_summary_and_retry_round(conv) -> None:
    saved = Saved()
    practice = saved.check(lesson(conv), "864")
    saved.check(practice, "896")
    summary = summarize(Round(conv), saved.attempts)
    assert (summary.solved, summary.first_try) == (1, 0)
    retry = retry_round(summary, now=saved.now + 1)
    assert retry is not None and retry.only == {LESSON: ("question-1",)} and retry.retry
    again = Practice.start(retry, retry.indexes[0], saved.attempts)
    assert again.order == (0,) and again.state.tries == 0  # counted from the retry on
    saved.check(again, "896")
    assert summarize(retry, saved.attempts).first_try == 1
    assert retry_round(summarize(retry, saved.attempts), now=0) is None


def test_tries_are_counted_per_variant(strides) -> None:
    saved = Saved()
    index = index_of(strides, "valid-height")
    practice = saved.check(Practice.start(Round(strides), index), "1")
    practice = saved.check(practice, "2")
    fresh = practice.new_variant()
    saved.check(fresh, str(fresh.expected.value))
    outcome = next(o for o in summarize(Round(strides), saved.attempts).outcomes
                   if o.exercise.id == "valid-height")
    assert (outcome.tries, outcome.tries_to_solve, outcome.earlier) == (1, 1, 1)
    assert outcome.gave_up and outcome.struggled  # the first variant was left unsolved


def test_the_round_leaves_out_worked_examples(conv) -> None:
    asked = [(i, q.id) for i, _, q in Round(conv).questions()]
    assert asked == [(1, "question-1"), (1, "question-2"), (1, "question-3")]


def test_the_help_shown_comes_back_from_saved_events(conv) -> None:
    from tutor.practice import events_between

    saved = Saved()
    practice = lesson(conv)
    events = events_between(None, practice, 1.0)
    assert [(e.question, e.kind) for e in events] == [("question-1", "view")]
    for change in (practice.reveal_hint, practice.reveal_hint().reveal_step):
        events += events_between(practice, change(), 2.0)
    assert [(e.kind, e.count) for e in events[1:]] == [("hint", 1), ("hint", 1), ("step", 1)]
    assert events_between(practice, practice.move(1), 3.0)[0].question == "question-2"
    practice = saved.check(practice.reveal_hint().reveal_step(), "864")
    resumed = Practice.start(Round(conv), 1, saved.attempts, events=events)
    state = resumed.states[0]
    assert (state.tries, state.hints_shown, state.steps_shown) == (1, 1, 1)
    other = Practice.start(Round(conv), 1, saved.attempts, events=[
        replace(e, seed=5) for e in events])  # another variant's help is not this one's
    assert other.states[0].hints_shown == 0
