"""Commands import only what they need: each case runs the command in a fresh interpreter and
looks at what it loaded (start-up time is most of a command's time; see bench/bench_cli.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LESSON = """\
from keras.models import Sequential
from keras.layers import Conv2D

model = Sequential()
model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                 input_shape=(128, 128, 3)))
"""

RUN = """\
import contextlib, io, sys
from tutor.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
assert code == 0 and "Conv2D" in out.getvalue(), (code, out.getvalue())
print("\\n".join(sys.modules))
"""


def loaded_by(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", RUN, *argv], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_summary_of_a_snippet_does_not_import_yaml(tmp_path: Path) -> None:
    snippet = tmp_path / "lesson.py"
    snippet.write_text(LESSON, encoding="utf-8")
    loaded = loaded_by("summary", str(snippet))
    assert "tutor.models.snippet" in loaded  # the snippet was read: the check means something
    assert not {name for name in loaded if name.split(".")[0] == "yaml"}


def test_summary_of_a_yaml_spec_still_reads_it(tmp_path: Path) -> None:
    spec = tmp_path / "model.yaml"
    spec.write_text("input_shape: [128, 128, 3]\nlayers:\n"
                    "  - {type: Conv2D, filters: 32, kernel_size: 3}\n", encoding="utf-8")
    assert "yaml" in loaded_by("summary", str(spec))
