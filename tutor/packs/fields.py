"""The keys of each part of a pack, said once: the reader, the JSON Schema and AUTHORING.md
agree because the first two read this table (and a test holds the guide to it)."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.calc.quantities import QUANTITIES

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
"""Ids start with a letter, so an id is never mistaken for a 1-based position (`tutor show
conv-dims 2`), and contain no spaces, so they are easy to type on the command line."""

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
"""A `vary` name: what follows `$` in a model and sits in `{...}` in a text."""


@dataclass(frozen=True)
class Field:
    """One key: what kind of value it takes, whether it must be there, what it is for."""

    kind: str  # "id", "text", "version", "bool", "texts", "list", "mapping", "answer", ...
    required: bool
    description: str


PACK_FIELDS: dict[str, Field] = {
    "id": Field("id", True, "The pack's id, unique among all packs: letters, digits, - _ ."),
    "title": Field("text", True, "The pack's title, shown in the pack list."),
    "description": Field("text", True, "What the pack teaches, in a sentence or two "
                                       "(Markdown)."),
    "version": Field("version", True, "The pack's version, such as \"1.0\" (quote it)."),
    "author": Field("text", True, "Who wrote the pack."),
    "tags": Field("texts", False, "Words to find the pack by."),
    "exercises": Field("list", True, "The exercises, in the order learners meet them."),
}

EXERCISE_FIELDS: dict[str, Field] = {
    "id": Field("id", True, "The exercise's id, unique in the pack."),
    "title": Field("text", True, "A short title."),
    "prompt": Field("text", True, "What the learner reads first (Markdown); `{NAME}` shows a "
                                  "`vary` value."),
    "model": Field("mapping", False, "The model as a spec: `input_shape` and `layers`. Give "
                                     "one of `model`, `keras` or `pytorch`."),
    "keras": Field("text", False, "The model as a Keras snippet, exactly as a lesson shows it "
                                  "(read, never run). Give one of `model`, `keras` or "
                                  "`pytorch`."),
    "pytorch": Field("text", False, "The model as a PyTorch snippet (read, never run): "
                                    "nn.Sequential or an nn.Module class, called on an example "
                                    "input. Give one of `model`, `keras` or `pytorch`."),
    "compare": Field("mapping", False, "The same layers in another framework, as `keras:`, "
                                       "`pytorch:` or `model:`; its derivation is shown beside "
                                       "each answer, which comes from the exercise's own model."),
    "questions": Field("list", False, "What to ask about the model (required unless "
                                      "`example: true`)."),
    "example": Field("bool", False, "A worked example: shown with the answers derived, nothing "
                                    "to answer."),
    "vary": Field("mapping", False, "Values the model's `$NAME` placeholders may take; each "
                                    "attempt shows a fresh variant."),
}

QUESTION_FIELDS: dict[str, Field] = {
    "id": Field("id", False, "The question's id, unique in the exercise (default q1, q2, ...)."),
    "text": Field("text", False, "The question as learners read it (Markdown; default: "
                                 "worded from `quantity` and `layer`)."),
    "quantity": Field("quantity", True, "What is asked: " + ", ".join(QUANTITIES) + "."),
    "layer": Field("layer", False, "Which layer: a 1-based number (negative counts from the "
                                   "end) or a layer name; default the last layer."),
    "hints": Field("texts", False, "Hints, shown one at a time (Markdown)."),
    "choices": Field("answers", False, "Answers to choose from (multiple choice); one must be "
                                       "right. `auto` (or a number of options, 2 to 6) makes "
                                       "the wrong ones from real mistakes."),
    "expect": Field("answer", False, "The answer you believe is right; validation fails if "
                                     "the calculator disagrees."),
    "explain": Field("text", False, "More explanation, shown with the derivation (Markdown)."),
    "mistakes": Field("mistakes", False, "Wrong answers you foresee and what feedback says "
                                         "about each: `value` (an answer, or arithmetic such "
                                         "as \"{F} * {F} * 64\") and `why`."),
}

MISTAKE_FIELDS: dict[str, Field] = {
    "value": Field("mistake_value", True, "The wrong answer: a whole number, a shape, or "
                                          "arithmetic of numbers and `{NAME}`s of `vary` "
                                          "(+ − × * / parentheses)."),
    "why": Field("text", True, "What feedback says when a learner gives this answer "
                               "(Markdown); never the right answer."),
    "id": Field("id", False, "A name for the mistake in `tutor check --json` and progress "
                             "(default: author)."),
}

CHOICE_FIELDS: dict[str, Field] = {
    "value": Field("answer", True, "The option: a whole number, or a shape."),
    "why": Field("text", True, "What feedback says when a learner picks this (wrong) option."),
    "id": Field("id", False, "A name for the mistake in `tutor check --json` and progress "
                             "(default: author)."),
}
"""An option of `choices` written as a mapping, to say why it is wrong."""

COMPARE_FIELDS: dict[str, Field] = {
    key: EXERCISE_FIELDS[key] for key in ("model", "keras", "pytorch")}
"""What `compare` holds: one model, in the same three forms."""

RANGE_FIELDS: dict[str, Field] = {
    "from": Field("int", True, "The first value."),
    "to": Field("int", True, "The last value (included)."),
    "step": Field("int", False, "The step between values (default 1)."),
}

SHAPE_QUANTITIES = ("output_shape",)
"""Quantities whose answer is a shape; all the others are whole numbers."""
