"""`tutor validate` and `tutor schema` as an author runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL

from tutor.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_validate_the_shipped_packs(capsys) -> None:
    assert main(["validate", str(ROOT / "exercises")]) == 0
    out = capsys.readouterr().out.splitlines()
    packs = len(list((ROOT / "exercises").glob("*.yaml")))
    assert out[-1].startswith(f"ok: {packs} packs, ") and out[-1].endswith(" exercises")


def test_validate_prints_every_problem_and_a_count(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL.replace("expect: 896", "expect: 900"))
    (tmp_path / "b.yaml").write_text(MINIMAL.replace("id: demo", "id: b").replace(
        "title: One", "titel: One").replace("expect: 896", "expect: 1"))
    (tmp_path / "c.yaml").write_text(MINIMAL.replace("id: demo", "id: c"))
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{tmp_path / 'a.yaml'}:16:17: exercises[0].questions[0].expect: expect is 900 but the "
        "calculator says 896 (K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896)",
        f"{tmp_path / 'b.yaml'}:7:5: exercises[0]: missing `title`: A short title.",
        f"{tmp_path / 'b.yaml'}:8:5: exercises[0].titel: unknown key `titel` (did you mean "
        "`title`?); expected one of id, title, prompt, model, keras, pytorch, compare, questions, "
        "example, vary",
        f"{tmp_path / 'b.yaml'}:16:17: exercises[0].questions[0].expect: expect is 1 but the "
        "calculator says 896 (K × F × F × D_in + K = 32 × 3 × 3 × 3 + 32 = 896)",
        "4 problems in 2 files",
    ]


def test_validate_one_clean_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL)
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == "ok: 1 pack, 1 exercise\n"


def test_validate_never_prints_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\x00\xff garbage: [")
    run = subprocess.run([sys.executable, "-m", "tutor", "validate", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout.endswith("1 problem in 1 file\n")


def test_schema_prints_the_committed_schema(capsys) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == (ROOT / "exercises" / "schema.json").read_text()
    assert json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"
