"""Short Markdown (a question, a hint) as one block of styled text.

Pack texts are Markdown; the long ones (prompts, explanations) go to Textual's Markdown
widget, while one-line texts only ever use inline marks: `code`, **bold**, *emphasis*.
"""

from __future__ import annotations

import re

from textual.content import Content

INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])")


def inline_markdown(text: str) -> Content:
    parts: list[str | tuple[str, str]] = []
    position = 0
    for match in INLINE.finditer(text):
        parts.append(text[position:match.start()])
        code, bold, emphasis = match.groups()
        if code is not None:
            parts.append((code, "$text-accent"))
        elif bold is not None:
            parts.append((bold, "bold"))
        else:
            parts.append((emphasis, "italic"))
        position = match.end()
    parts.append(text[position:])
    return Content.assemble(*parts)
