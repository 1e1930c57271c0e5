"""The app runs slow work in Textual workers: no raw threads, locks or events of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import tutor.app

FORBIDDEN = {"threading", "_thread", "concurrent.futures"}


def test_the_app_imports_no_threading() -> None:
    found = []
    for path in Path(tutor.app.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {name}" for name in names if name in FORBIDDEN]
    assert found == []
