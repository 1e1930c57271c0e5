"""Practice: the learner's way through a round of a pack, as data and transitions.

    practice = Practice.start(Round(pack), index, store.attempts(pack.id))
    practice, checked = practice.check("896")     # a new state, and the verdict to show
    store.record(attempt_of(checked, now))          # saving is a step of its own
    practice = practice.reveal_step().move(1)
    summary = summarize(practice.round, store.attempts(pack.id))

No Textual, no rich, no files: the app and the command line draw and save what these return.
"""

from tutor.practice.record import attempt_of, events_between
from tutor.practice.round import Round
from tutor.practice.state import Checked, Practice, QuestionState, Sheet
from tutor.practice.summary import Outcome, Summary, retry_round, summarize

__all__ = ["Checked", "Outcome", "Practice", "QuestionState", "Round", "Sheet", "Summary",
           "attempt_of", "events_between", "retry_round", "summarize"]
