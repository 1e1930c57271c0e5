"""The wheel carries the built-in packs as tutor/_exercises, where `builtin_dir` looks."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps --no-build-isolation` with the venv's hatchling: a few seconds."""
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (path,) = out.glob("tutor-*.whl")
    return path


def test_the_wheel_contains_the_packs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tutor/_exercises/conv-dims.yaml" in names
    assert "tutor/_exercises/schema.json" in names
    for pack in (ROOT / "exercises").glob("*.yaml"):
        assert f"tutor/_exercises/{pack.name}" in names
    assert "tutor/packs/loader.py" in names


def test_an_installed_wheels_packs_are_found(wheel: Path, tmp_path: Path) -> None:
    """Unpacked as site-packages would hold it, `builtin_dir` finds tutor/_exercises."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("from tutor.packs import builtin_dir, load_library; import tutor; "
            "print(tutor.__file__); print(builtin_dir()); "
            "print([p.id for p in load_library(user=False).packs])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": ""}, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    module, folder, ids = run.stdout.splitlines()
    assert module.startswith(str(site))  # the unpacked wheel, not the editable checkout
    assert folder == str(site / "tutor" / "_exercises")
    assert ids.startswith("['conv-dims'")
