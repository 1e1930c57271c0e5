"""Text from packs, snippets and file names, made safe to put on a terminal.

A pack can hold any character through YAML's escapes ("\\e]0;title\\a"), a snippet any string
value (`name="\\x1b[2J"`), a file any name. Written to a terminal, control characters and
escape sequences retitle it, clear it, move the cursor or write the clipboard (OSC 52). So
C0 and C1 control characters (all but tab and newline), DEL, and the invisible marks that
reverse the order text is shown in are never printed as they are: each is shown as its
escape (`\\x1b`, `\\u202e`), which says what was there and does nothing.
"""

from __future__ import annotations

import codecs
import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")
"""Control characters other than tab and newline, bidirectional overrides, and lone
surrogates (which no encoding can write)."""


def escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unsafe character shown as its escape."""
    return UNSAFE.sub(lambda match: escape(match.group()), text)


def first_unsafe(text: str) -> tuple[int, str] | None:
    """The offset and escape of the first unsafe character, if there is one."""
    match = UNSAFE.search(text)
    return (match.start(), escape(match.group())) if match else None


ASCII: dict[str, str] = {
    "─": "-", "━": "=", "═": "=", "│": "|", "┃": "|", "║": "|", "┌": "+", "┐": "+", "└": "+",
    "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "╭": "+", "╮": "+", "╯": "+",
    "╰": "+", "┏": "+", "┓": "+", "┗": "+", "┛": "+", "┣": "+", "┫": "+", "┳": "+", "┻": "+",
    "╋": "+", "▶": ">", "▸": ">", "›": ">", "✓": "+", "✔": "+", "✗": "x", "✘": "x",
    "×": "x", "·": ".", "−": "-", "–": "-", "—": "--", "…": "...", "→": "->", "←": "<-",
    "÷": "/", "⌈": "ceil(", "⌉": ")", "⌊": "floor(", "⌋": ")", "≤": "<=", "≥": ">=",
    "≠": "!=", "≈": "~", "‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ",
    "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7",
    "⁸": "^8", "⁹": "^9", "░": ".", "▒": ":", "▓": "#", "█": "#", "•": "*", "⏎": "Enter",
}
TABLE = str.maketrans(ASCII)


def is_unicode(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def printable(text: str, encoding: str | None) -> str:
    """`text` as it may be written to a stream in `encoding`: unsafe characters escaped, and
    on a non-Unicode stream ASCII stand-ins, then escapes, for what it cannot encode."""
    text = visible(text)
    if is_unicode(encoding):
        return text
    encoding = encoding or "ascii"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    text = text.translate(TABLE)
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")

