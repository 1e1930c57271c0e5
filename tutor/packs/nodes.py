"""Read YAML nodes into plain values, keeping each value's line and column for messages.

The loader composes a document once (`tutor.packs.safeyaml`) and builds the pack straight from
the nodes, so it never parses twice and always knows where a value was written. Only the
standard YAML tags are accepted: a tag that would construct a Python object (`!!python/...`) or
any other custom tag is a problem, and nothing is ever constructed from it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tutor.packs.fields import Field
from tutor.packs.problems import Position, Problem, warning
from tutor.text import first_unsafe, visible

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP, MERGE, TIMESTAMP = (TAG + t for t in ("seq", "map", "merge", "timestamp"))
PLAIN_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})

MAX_DEPTH = 50
"""Packs nest a few levels deep; deeper means a mistake or a recursive alias (`&a [*a]`)."""

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()
"""What a value that could not be read becomes; its problem has been reported."""

DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")


class Overflow(Exception):
    """The document expands to more nodes than the budget allows: an alias bomb, most likely."""


class Reader:
    """Reads one document's nodes, collecting every problem instead of stopping at the first.

    `budget` caps how many nodes may be visited in all. Aliases let a tiny document refer to
    the same node billions of times ("billion laughs"); composing it is cheap (nodes are
    shared), but walking it is not, so every visit counts against the budget and the walk
    stops with `Overflow` once it is spent.
    """

    def __init__(self, file: str, text: str, budget: int) -> None:
        self.file = file
        self.source = text
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # kept apart: a warning never makes a part unsound
        self.budget = budget
        self._constructor = yaml.constructor.SafeConstructor()

    # -- positions and problems -------------------------------------------------------------

    def position(self, node: Node) -> Position:
        mark = node.start_mark
        return Position(self.file, mark.line + 1, mark.column + 1)

    def report(self, at: Node | Position, where: str, message: str) -> None:
        position = at if isinstance(at, Position) else self.position(at)
        self.problems.append(Problem(position, where, message))

    def warn(self, at: Node | Position, where: str, message: str) -> None:
        position = at if isinstance(at, Position) else self.position(at)
        self.warnings.append(warning(position, where, message))

    def spend(self, depth: int) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise Overflow
        if depth > MAX_DEPTH:
            raise Overflow

    # -- mappings ----------------------------------------------------------------------------

    def mapping(self, node: Node, where: str, fields: Mapping[str, Field],
                what: str = "a mapping") -> dict[str, Node] | None:
        """The values of a mapping's known keys; unknown, duplicate and missing keys are
        reported (an unknown key with a "did you mean" when it looks like a typo)."""
        if self.foreign(node, where):
            return None
        if not is_mapping(node):
            self.report(node, where, f"must be {what} (key: value lines), got {kind(node)}")
            return None
        out: dict[str, Node] = {}
        for key, (key_node, value) in self.pairs(node, where, 0).items():
            if key in fields:
                out[key] = value
            else:
                self.report(key_node, join(where, key), unknown_key(key, fields))
        for name, field in fields.items():
            if field.required and name not in out:
                self.report(node, where, f"missing `{name}`: {field.description}")
        return out

    def pairs(self, node: MappingNode, where: str, depth: int) -> dict[str, tuple[Node, Node]]:
        """A mapping's (key node, value node) by key, with merges (`<<: *defaults`) applied;
        keys written twice and keys that are not names are reported."""
        merged: dict[str, tuple[Node, Node]] = {}
        own: dict[str, tuple[Node, Node]] = {}
        for key_node, value in node.value:
            self.spend(depth)
            if key_node.tag == MERGE:
                merged = self.merge(value, where, depth + 1) | merged
                continue
            if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
                self.report(key_node, where, f"a key must be a name, got {kind(key_node)}")
                continue
            key = key_node.value
            if key in own:
                first = own[key][0].start_mark.line + 1
                self.report(key_node, join(where, key),
                            f"`{key}` is given twice (first on line {first})")
                continue
            own[key] = (key_node, value)
        return merged | own if merged else own

    def merge(self, value: Node, where: str, depth: int) -> dict[str, tuple[Node, Node]]:
        """The entries a `<<:` key brings in: one mapping, or a list of them (the first wins)."""
        sources = value.value if isinstance(value, SequenceNode) else [value]
        out: dict[str, tuple[Node, Node]] = {}
        for source in sources:
            if not is_mapping(source):
                self.report(source, where, f"`<<` must merge mappings, got {kind(source)}")
                continue
            out = self.pairs(source, where, depth + 1) | out
        return out

    def foreign(self, node: Node, where: str) -> bool:
        """Report a tag that is not plain YAML data (`!!python/object...`, `!custom`)."""
        if node.tag in PLAIN_TAGS:
            return False
        self.report(node, where, forbidden_tag(node.tag))
        return True

    # -- scalars -----------------------------------------------------------------------------

    def scalar(self, node: Node, where: str) -> Any:
        """A scalar's value as YAML's safe loader would give it; other nodes are reported."""
        if self.foreign(node, where):
            return INVALID
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"must be a single value, got {kind(node)}")
            return INVALID
        tag, value = node.tag, node.value
        if tag == STR:
            return self.safe(node, where, value)
        if tag == INT:
            return int(value) if DECIMAL.match(value) else self._constructor.construct_yaml_int(
                node)
        if tag == FLOAT:
            return self._constructor.construct_yaml_float(node)
        if tag == BOOL:
            return self._constructor.construct_yaml_bool(node)
        if tag == NULL:
            return None
        return value  # a date (TIMESTAMP) is only ever a version or a title: keep it as written

    def safe(self, node: Node, where: str, value: str) -> str:
        """Text with no control character or escape sequence in it: those (written with
        YAML's escapes, "\\e]0;...\\a") would act on the learner's terminal, so each is
        warned about and kept only as its visible escape."""
        found = first_unsafe(value)
        if found is None:
            return value
        offset, shown = found
        self.warn(node, where, f"the text holds the control character {shown} (character "
                               f"{offset + 1}); control characters and escape sequences would "
                               f"act on the learner's terminal, so it is shown as {shown}: "
                               "remove it")
        return visible(value)

    def text(self, node: Node, where: str) -> str | Any:
        if self.foreign(node, where):
            return INVALID
        if not isinstance(node, ScalarNode):
            self.report(node, where, f"must be text, got {kind(node)}")
            return INVALID
        value = self.scalar(node, where)
        if value is not INVALID and not isinstance(value, str):
            self.report(node, where, f"must be text, got {describe(value)} (put it in quotes "
                                     "to make it text)")
            return INVALID
        return value

    def boolean(self, node: Node, where: str) -> bool | Any:
        value = self.scalar(node, where)
        if value is not INVALID and not isinstance(value, bool):
            self.report(node, where, f"must be true or false, got {describe(value)}")
            return INVALID
        return value

    def integer(self, node: Node, where: str) -> int | Any:
        value = self.scalar(node, where)
        if value is not INVALID and (isinstance(value, bool) or not isinstance(value, int)):
            self.report(node, where, f"must be a whole number, got {describe(value)}")
            return INVALID
        return value

    def sequence(self, node: Node, where: str, what: str = "a list") -> list[Node] | None:
        if self.foreign(node, where):
            return None
        if not isinstance(node, SequenceNode):
            self.report(node, where, f"must be {what}, got {kind(node)}")
            return None
        return node.value

    def texts(self, node: Node, where: str) -> tuple[str, ...] | Any:
        items = self.sequence(node, where, "a list of texts")
        if items is None:
            return INVALID
        out = [self.text(item, f"{where}[{i}]") for i, item in enumerate(items)]
        return INVALID if INVALID in out else tuple(out)

    # -- anything ----------------------------------------------------------------------------

    def plain(self, node: Node, where: str, depth: int = 0,
              found: list[tuple[str, Node, str]] | None = None) -> Any:
        """Any value as plain data (dicts, lists, scalars). Text that holds a `$` is noted
        in `found` as (text, node, where): placeholders, checked against `vary` later."""
        self.spend(depth)
        if self.foreign(node, where):
            return INVALID
        if isinstance(node, ScalarNode):
            value = self.scalar(node, where)
            if found is not None and isinstance(value, str) and "$" in value:
                found.append((value, node, where))
            return value
        if isinstance(node, SequenceNode):
            return [self.plain(item, f"{where}[{i}]", depth + 1, found)
                    for i, item in enumerate(node.value)]
        return {key: self.plain(value, join(where, key), depth + 1, found)
                for key, (_, value) in self.pairs(node, where, depth).items()}


def is_mapping(node: Node) -> bool:
    return isinstance(node, MappingNode) and node.tag == MAP


def join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing (null)"
    return short(node.value)


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return short(value)


def short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + "...'"


def unknown_key(key: str, fields: Mapping[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown key `{key}`{hint}; expected one of {', '.join(fields)}"


def forbidden_tag(tag: str) -> str:
    shown = tag.replace(TAG, "!!")
    return (f"the tag {shown} is not allowed: a pack holds plain data only (text, numbers, "
            "lists, mappings), and nothing in it is constructed or run")
