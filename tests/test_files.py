"""Every command reads a named file through one bounded reader: regular files only (a symlink
to /dev/zero, a FIFO or /dev/stdin is refused at once, never read), standard input only as `-`,
and never more than the limit + 1 bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import files
from tutor.cli.main import main
from tutor.files import FileRefused, read_bytes, read_text

HANG_GUARD = 120  # seconds; the commands answer in well under one


class Endless(io.RawIOBase):
    """A stream that never ends (as /dev/zero) and counts what is read of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = 1 << 20 if size is None or size < 0 else size
        self.given += size
        return b"0" * size


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.py"
    zero.symlink_to("/dev/zero")
    urandom = tmp_path / "random.yaml"
    urandom.symlink_to("/dev/urandom")
    folder = tmp_path / "folder.py"
    folder.mkdir()
    return {"fifo": fifo, "zero": zero, "urandom": urandom, "folder": folder}


@pytest.mark.parametrize(("name", "said"), [
    ("fifo", "a pipe or FIFO"), ("zero", "a character device"),
    ("urandom", "a character device"), ("folder", "a folder")])
def test_special_files_are_refused_unread(specials: dict[str, Path], name: str,
                                          said: str) -> None:
    with pytest.raises(FileRefused, match=f"not a regular file \\({said}\\)"):
        read_bytes(specials[name], 1000)


def test_never_more_than_the_limit_plus_one_byte() -> None:
    stream = Endless()
    with pytest.raises(FileRefused, match="larger than 1,000 bytes"):
        files._bounded(stream, 1000, "the file")  # type: ignore[arg-type]
    assert stream.given == 1001


def test_stdin_only_through_dash_and_bounded(tmp_path: Path) -> None:
    assert read_text("-", 10, stdin=io.BytesIO(b"x = 1\n")) == "x = 1\n"
    with pytest.raises(FileRefused, match="standard input is larger than 10 bytes"):
        read_bytes("-", 10, stdin=io.BytesIO(b"y" * 100))
    plain = tmp_path / "a.py"
    plain.write_bytes(b"z" * 11)
    with pytest.raises(FileRefused, match="larger than 10"):
        read_bytes(plain, 10)
    assert read_bytes(plain, 11) == b"z" * 11


@pytest.mark.parametrize("command", [
    ["summary", "{zero}"], ["summary", "{fifo}"], ["validate", "{fifo}"],
    ["validate", "{urandom}"], ["show", "{fifo}", "1"], ["check", "{urandom}", "1", "3"],
])
def test_commands_refuse_special_files(specials: dict[str, Path], command: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    argv = [part.format(**specials) for part in command]
    assert main(argv) != 0
    err = capsys.readouterr()
    assert "not a regular file" in err.err + err.out


def test_practice_refuses_a_fifo(specials: dict[str, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.app.main import prepare

    app = prepare([str(specials["fifo"])], str(tmp_path / "data"))
    assert not isinstance(app, str)  # the built-in packs open; the FIFO is listed as skipped
    assert any("fifo.yaml" in text and "not a regular file" in text
               for _, text in app.notices)


def test_dev_stdin_as_a_file_is_refused_and_dash_reads_it(tmp_path: Path) -> None:
    """`/dev/stdin` on a pipe nobody closes would wait for ever; `-` reads the pipe."""
    child = subprocess.Popen([sys.executable, "-m", "tutor", "summary", "/dev/stdin"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _, err = child.communicate(timeout=HANG_GUARD)  # stdin stays open until the end
    finally:
        child.kill()
    assert child.returncode == 1 and "not a regular file (a pipe or FIFO)" in err
    snippet = ("from keras import layers, models\nmodel = models.Sequential([\n"
               "    layers.Input((28, 28, 1)), layers.Conv2D(8, 3)])\n")
    done = subprocess.run([sys.executable, "-m", "tutor", "summary", "-"], input=snippet,
                          capture_output=True, text=True, timeout=HANG_GUARD)
    assert done.returncode == 0 and "Total params: 80" in done.stdout, done.stderr
