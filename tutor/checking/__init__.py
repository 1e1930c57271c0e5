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
from tutor.checking.check import Verdict, check_answer
from tutor.checking.mistakes import CATALOGUE, Candidate, Mistake, Question, distractors

__all__ = ["CATALOGUE", "Candidate", "Expect", "IntAnswer", "Mistake", "Problem", "Question",
           "Reading", "ShapeAnswer", "Unreadable", "Verdict", "check_answer", "distractors",
           "read_answer"]
