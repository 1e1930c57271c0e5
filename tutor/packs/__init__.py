"""Exercise packs: YAML files of exercises whose answers the calculator computes.

The API the app and the answer checker use:

    library = load_library(paths)            # built-in packs first (conv-dims first), then the
                                             # user's folder, then `paths`; .problems lists all
    pack = library.pack("conv-dims")         # by id
    exercise = pack.exercise("lesson-questions")   # by id, or pack.exercise(2) by 1-based position
    variant = exercise.variant(seed)         # concrete: spec, summary, code, texts, answers
    question = variant.questions[0]
    right = variant.answer(question)         # tutor.calc.quantities.Quantity: .value, .steps

`tutor validate` uses `load_paths(paths)`; `load_file` / `load_text` load a single pack.
"""

from tutor.packs.answers import Answer, show
from tutor.packs.discover import Library, builtin_dir, load_library, load_paths, user_dir
from tutor.packs.keras_code import keras_code
from tutor.packs.loader import LoadResult, load_file, load_text
from tutor.packs.model import Exercise, ModelSource, Pack, Question, Vary
from tutor.packs.problems import Position, Problem
from tutor.packs.variants import Variant, VariantError, expected

__all__ = [
    "Answer", "Exercise", "Library", "LoadResult", "ModelSource", "Pack", "Position",
    "Problem", "Question", "Variant", "VariantError", "Vary", "builtin_dir", "expected",
    "keras_code", "load_file", "load_library", "load_paths", "load_text", "show", "user_dir",
]
