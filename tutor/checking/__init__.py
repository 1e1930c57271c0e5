"""Answer checking: reading what a learner typed and comparing it with the right answer."""

from tutor.checking.answers import (
    Expect,
    IntAnswer,
    Problem,
    Reading,
    ShapeAnswer,
    Unreadable,
    read_answer,
)
from tutor.checking.check import Verdict, check, check_answer
from tutor.checking.mistakes import CATALOGUE, Asked, Candidate, Mistake, distractors

__all__ = ["CATALOGUE", "Asked", "Candidate", "Expect", "IntAnswer", "Mistake", "Problem",
           "Reading", "ShapeAnswer", "Unreadable", "Verdict", "check", "check_answer",
           "distractors", "read_answer"]
