"""Learner progress: attempts and positions kept in SQLite under the user data folder."""

from tutor.progress.standing import PackOutline, Standing, orphans, standings
from tutor.progress.store import (
    Attempt,
    Event,
    ProgressError,
    ProgressStore,
    QuestionRecord,
    data_dir,
    open_store,
)

__all__ = ["Attempt", "Event", "PackOutline", "ProgressError", "ProgressStore",
           "QuestionRecord", "Standing", "data_dir", "open_store", "orphans", "standings"]
