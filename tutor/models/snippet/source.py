"""Parse a snippet safely, and quote pieces of it in messages."""

from __future__ import annotations

import ast
import re
import warnings

from tutor.errors import ModelError

MAX_BYTES = 200_000
MAX_DEPTH = 100  # syntax-tree nesting; real snippets stay under 30
QUOTE_CHARS = 60

# Notebook lines (`!pip install keras`, `%matplotlib inline`) that learners paste along with
# the code. They are tried only when the snippet does not parse as it is.
MAGIC_LINE = re.compile(r"^([ \t]*)[!%]")


def parse(text: str) -> ast.Module:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ModelError(f"the snippet is larger than {MAX_BYTES // 1000} kB")
    try:
        tree = _parse(text)
    except SyntaxError as error:
        without_magics = blank_magics(text)
        if without_magics == text:
            raise syntax_error(error, text) from None
        try:
            tree = _parse(without_magics)
        except SyntaxError as remaining:  # an error in the code itself, more useful to show
            raise syntax_error(remaining, without_magics) from None
    check_depth(tree)
    return tree


def _parse(text: str) -> ast.Module:
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and such: not our business
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (ValueError, OverflowError) as error:  # e.g. an integer literal of 5000 digits
        raise SyntaxError(str(error)) from None
    except (RecursionError, MemoryError):
        raise ModelError(f"the snippet is nested too deeply (more than {MAX_DEPTH} levels)"
                         ) from None


def blank_magics(text: str) -> str:
    """Each notebook magic becomes `pass` (it may be a block's only statement); its
    backslash-continued lines, and the rest of a `%%bash`-style cell up to the next empty line,
    become empty, so line numbers stay those of the paste."""
    lines = text.split("\n")
    continued = in_cell = False
    for index, line in enumerate(lines):
        if in_cell and line.strip():
            lines[index] = ""
            continue
        in_cell = False
        if continued:
            lines[index] = ""
        elif match := MAGIC_LINE.match(line):
            lines[index] = match.group(1) + "pass"
            in_cell = line.lstrip().startswith("%%")
        else:
            continue
        continued = line.rstrip("\r").endswith("\\")
    return "\n".join(lines)


def syntax_error(error: SyntaxError, text: str) -> ModelError:
    message = (error.msg or "invalid syntax").strip()
    if not message.startswith("invalid syntax"):
        message = f"invalid syntax: {message}"
    line, column = error.lineno, error.offset
    if line is None and "\0" in text:  # the parser does not say where the null byte is
        before = text[:text.index("\0")]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    return ModelError(message, line=line, column=column)


def check_depth(tree: ast.AST) -> None:
    """Reject absurd nesting before the recursive reader meets it (iteratively, so this check
    cannot itself run out of stack; by `_fields`, which is faster than `ast.iter_child_nodes`)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ModelError(f"the snippet is nested too deeply (more than {MAX_DEPTH} levels)",
                             line=getattr(node, "lineno", None))
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend((item, depth + 1) for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append((value, depth + 1))


class Source:
    """The snippet's text, to quote an expression as the learner wrote it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _split_lines(text)
        self._encoded: dict[int, bytes] = {}

    def _line_bytes(self, index: int) -> bytes:
        # Column offsets count UTF-8 bytes; each line is encoded once, however often quoted.
        if index not in self._encoded:
            self._encoded[index] = self.lines[index].encode("utf-8", "replace")
        return self._encoded[index]

    def quote(self, node: ast.AST) -> str:
        """The node's text on its first line, whitespace collapsed, cut to a readable length."""
        line = getattr(node, "lineno", None)
        col = getattr(node, "col_offset", None)
        if line is None or col is None or not 0 < line <= len(self.lines):
            return _cut(ast.unparse(node))
        end_line = getattr(node, "end_lineno", line)
        end_col = getattr(node, "end_col_offset", None)
        data = self._line_bytes(line - 1)
        if end_line == line and end_col is not None:
            text = data[col:end_col][:4 * QUOTE_CHARS].decode("utf-8", "ignore")
        else:
            text = data[col:col + 4 * QUOTE_CHARS].decode("utf-8", "ignore").rstrip() + " …"
        return _cut(text)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def _split_lines(text: str) -> list[str]:
    """Lines as the parser counts them (\\n, \\r\\n or \\r)."""
    return re.split(r"\r\n|\r|\n", text)
