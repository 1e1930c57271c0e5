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

__all__ = ["Expect", "IntAnswer", "Problem", "Reading", "ShapeAnswer", "Unreadable",
           "read_answer"]
