"""What a pack holds, as frozen data: Pack → Exercise → Question, plus `vary` and positions.

The app, `tutor show` and the answer checker consume these. The right answer to a question is
never stored: `exercise.variant(seed)` builds the concrete model and the calculator computes
every answer, with its derivation (see `tutor.packs.variants.Variant`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.errors import TutorError
from tutor.packs.answers import Answer
from tutor.packs.problems import Position
from tutor.packs.variants import Variant, variant_of


@dataclass(frozen=True)
class AuthorMistake:
    """A wrong answer the author foresees (`mistakes:`, or a `choices` option with `why:`) and
    the sentence feedback shows for it. `value` is an answer, or in a question as written an
    arithmetic text with `{NAME}`s that each variant works out (`Variant.questions` hold
    answers only)."""

    value: Answer | str
    why: str
    id: str = "author"
    where: str = field(default="", compare=False)
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Question:
    """One thing to ask about a model.

    `quantity` is one of `tutor.calc.quantities.QUANTITIES`. `layer` selects the layer as the
    calculator's `find_layer` takes it: a 0-based index (negative from the end), a layer name,
    or None for the last layer (YAML's 1-based `layer: 2` becomes 1 here). `text`, `hints` and
    `explain` are Markdown; in a variant their `{NAME}`s are filled in. `choices` (multiple
    choice) and `expect` are answers the author wrote; validation has checked them.
    `auto_choices` asks for a multiple choice of that many options whose wrong ones are real
    mistakes from the catalogue (`tutor.checking.choices`), made for each variant.
    """

    id: str
    text: str
    quantity: str
    layer: int | str | None = None
    hints: tuple[str, ...] = ()
    choices: tuple[Answer, ...] = ()
    expect: Answer | None = None
    explain: str | None = None
    where: str = field(default="", compare=False)
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)
    """Where each key's value was written (and "" for the question itself)."""
    auto_choices: int = 0
    mistakes: tuple[AuthorMistake, ...] = ()
    """The author's foreseen mistakes, said before any of the catalogue's."""


@dataclass(frozen=True)
class Vary:
    """One varied argument: its name (`$NAME` in the model, `{NAME}` in texts) and values."""

    name: str
    values: tuple[Any, ...]
    position: Position | None = field(default=None, compare=False)
    value_positions: Mapping[int, Position] = field(default_factory=dict, compare=False,
                                                    repr=False)
    """Where values were written, by index: each of a list's, a range's `from` and `to`."""


@dataclass(frozen=True)
class ModelSource:
    """The model as the author wrote it, before `vary` values are put in.

    `kind` is "spec" (`data` is the `model:` mapping as plain data, `$NAME` strings in it),
    "keras" or "pytorch" (`data` is the snippet's text, `$NAME`s in it). Positions serve error
    messages: `layer_positions` are a spec's layers; `snippet_origin` is the file position of a
    snippet's first line and column.
    """

    kind: str
    data: Any
    position: Position
    layer_positions: tuple[Position, ...] = ()
    snippet_origin: Position | None = None
    arg_positions: tuple[Mapping[str, Position], ...] = ()
    """A spec's layers: where each argument's value was written, by argument name."""


@dataclass(frozen=True, eq=False)
class Exercise:
    """One exercise: a model, what to ask about it, and (if `vary` is set) how it varies.

    `example` exercises are worked examples: show each question with its answer derived,
    and ask nothing. Call `variant(seed)` for the concrete model, texts and answers.
    """

    id: str
    title: str
    prompt: str
    model: ModelSource
    questions: tuple[Question, ...]
    example: bool = False
    vary: tuple[Vary, ...] = ()
    pack_id: str = ""
    where: str = field(default="", compare=False)
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)
    compare: ModelSource | None = None
    """The same layers in another framework (`compare:`), derived beside each answer."""
    span: tuple[int, int] = field(default=(0, 0), compare=False, repr=False)
    """Where the exercise is in its file's text (start and end offsets), so that an exercise
    whose text has not changed need not be checked again (`tutor validate --watch`)."""
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def keras(self) -> str | None:
        """The Keras snippet as written (with `$NAME`s), or None for a YAML model spec."""
        return self.model.data if self.model.kind == "keras" else None

    @property
    def pytorch(self) -> str | None:
        """The PyTorch snippet as written (with `$NAME`s), or None."""
        return self.model.data if self.model.kind == "pytorch" else None

    @property
    def varied(self) -> bool:
        return bool(self.vary)

    @property
    def position(self) -> Position:
        return self.positions[""]

    def variant(self, seed: int | str = 0) -> Variant:
        """The exercise made concrete for `seed`: model spec, summary, texts and answers.

        The same seed always gives the same variant; combinations the calculator rejects are
        skipped. An exercise without `vary` has one variant, whatever the seed. Variants are
        cached, so asking again is cheap. Raises `TutorError` if no valid variant is found
        (validation has reported that already, so loaded packs never do).
        """
        return variant_of(self, seed)


@dataclass(frozen=True, eq=False)
class Pack:
    """A pack of exercises, from one YAML file."""

    id: str
    title: str
    description: str
    version: str
    author: str
    tags: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    file: str = ""
    builtin: bool = False
    positions: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)
    left_out: tuple[str, ...] = ()
    """The exercises of the file that have errors, so were left out: their ids as written (or
    `exercises[N]` where an id is missing)."""

    def exercise(self, key: str | int) -> Exercise:
        """An exercise by id, or by 1-based position (an int, or digits such as "2")."""
        if isinstance(key, int) or key.isdigit():
            number = int(key)
            if 1 <= number <= len(self.exercises):
                return self.exercises[number - 1]
            raise TutorError(f"pack {self.id!r} has {len(self.exercises)} exercises, so there "
                             f"is no exercise {number}")
        for exercise in self.exercises:
            if exercise.id == key:
                return exercise
        ids = ", ".join(e.id for e in self.exercises)
        raise TutorError(f"pack {self.id!r} has no exercise {key!r} (its exercises: {ids})")

    def __len__(self) -> int:
        return len(self.exercises)
