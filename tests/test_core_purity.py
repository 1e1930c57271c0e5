"""The pure core and the non-app commands never load Textual (or rich, for the core)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tutor

CORE = ("tutor.calc", "tutor.models", "tutor.packs", "tutor.checking", "tutor.progress",
        "tutor.classroom", "tutor.practice")
NON_APP = ("tutor.cli", "tutor.serve")


def modules_under(prefixes: tuple[str, ...]) -> list[str]:
    found = []
    for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
        if info.name.startswith(prefixes) or info.name in prefixes:
            found.append(info.name)
    return sorted(found)


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize("module", modules_under(CORE))
def test_core_module_imports_neither_textual_nor_rich(module: str) -> None:
    loaded = loaded_after_import(module)
    assert "textual" not in loaded
    assert "rich" not in loaded


@pytest.mark.parametrize("module", modules_under(NON_APP))
def test_command_module_does_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after_import(module)


def test_the_modules_were_found() -> None:
    assert "tutor.calc.model" in modules_under(CORE)
    assert "tutor.practice.state" in modules_under(CORE)
    assert "tutor.cli.summary" in modules_under(NON_APP)


def test_import_contracts_hold() -> None:
    """import-linter's forbidden contracts (pyproject.toml) pass."""
    code = "import sys; from importlinter.cli import lint_imports_command as run; sys.exit(run())"
    lint = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
