"""`tutor serve ssh` as a teacher runs it: a host key made once and its fingerprint printed,
bad rosters told plainly, SIGTERM stops it with every answer saved."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.classroom.results import class_results
from tutor.cli.main import main
from tutor.errors import TutorError
from tutor.serve.keys import load_authorized_keys, load_roster

from .conftest import asyncssh, make_keys
from .sshclient import Learner


def public(key: asyncssh.SSHKey) -> str:
    return key.export_public_key().decode().strip()


def test_authorized_keys_name_learners_by_comment(tmp_path: Path) -> None:
    keys = make_keys(["ana", "ben"])
    ana_line = public(keys["ana"])
    file = tmp_path / "authorized_keys"
    file.write_text(f"# the class\n\n{ana_line}\n"
                    f'no-pty,command="x" {public(keys["ben"])}\n')
    roster = load_authorized_keys(file)
    assert roster.names == ["ana", "ben"]
    assert roster.who(keys["ana"]) == "ana" and roster.who(keys["ben"]) == "ben"
    assert roster.who(make_keys(["eve"])["eve"]) is None


@pytest.mark.parametrize(("text", "message"), [
    ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBUqar2fU/GoZdJomacve9AP1zj8QtYy6ix5P6qW/nAm\n",
     ":1: the key has no comment"),
    ("ssh-ed25519 bm90IGEga2V5 ana\n", ":1: not a public key"),
    ("hello world\n", ":1: no public key on this line"),
    ("# nobody\n", "no keys in it"),
    ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBUqar2fU/GoZdJomacve9AP1zj8QtYy6ix5P6qW/nAm ../x\n",
     "learner name '../x' is not allowed"),
])
def test_bad_authorized_keys_say_what_and_where(tmp_path: Path, text: str,
                                                message: str) -> None:
    file = tmp_path / "keys"
    file.write_text(text)
    with pytest.raises(TutorError, match=message.replace(".", r"\.")):
        load_authorized_keys(file)


def test_one_key_cannot_be_two_learners(tmp_path: Path) -> None:
    key = public(make_keys(["x"])["x"]).rsplit(" ", 1)[0]
    file = tmp_path / "keys"
    file.write_text(f"{key} ana\n{key} ben\n")
    with pytest.raises(TutorError, match=":2: this key already belongs to 'ana'"):
        load_authorized_keys(file)


def test_a_yaml_roster_names_learners_with_one_or_more_keys(tmp_path: Path) -> None:
    keys = make_keys(["a1", "a2", "b"])
    file = tmp_path / "roster.yaml"
    file.write_text(f"ana:\n  - {public(keys['a1'])}\n  - {public(keys['a2'])}\n"
                    f"ben: {public(keys['b'])}\ncy: []\n")
    roster = load_roster(file)
    assert roster.names == ["ana", "ben", "cy"]
    assert [roster.who(keys[k]) for k in ("a1", "a2", "b")] == ["ana", "ana", "ben"]


@pytest.mark.parametrize(("text", "message"), [
    ("ana: [\n", "not valid YAML"),
    ("- ana\n", "expected a mapping"),
    ("ana: {a: 1}\n", "expected a public key or a list"),
    ("ana: []\n", "no public keys in it"),
    ("ana: !!python/object:os.system x\n", "not valid YAML"),
])
def test_bad_rosters_say_what(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "roster.yaml"
    file.write_text(text)
    with pytest.raises(TutorError, match=message):
        load_roster(file)


def test_the_command_refuses_a_missing_key_file(tmp_path: Path, capsys) -> None:
    assert main(["serve", "ssh", "--authorized-keys", str(tmp_path / "nope"),
                 "--data-dir", str(tmp_path)]) == 2
    assert "cannot read it" in capsys.readouterr().err


def wait_line(process: subprocess.Popen[str], needle: str, timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} not printed: {lines}")


def start_command(tmp_path: Path, keys_file: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tutor", "serve", "ssh", "--authorized-keys", str(keys_file),
         "--data-dir", str(tmp_path / "class"), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


async def test_sigterm_stops_the_server_with_every_answer_saved(tmp_path: Path) -> None:
    keys = make_keys(["ana"])
    keys_file = tmp_path / "authorized_keys"
    keys_file.write_text(public(keys["ana"]) + "\n")
    server = start_command(tmp_path, keys_file)
    try:
        lines = await asyncio.to_thread(wait_line, server, "learners connect with")
        port = int(next(x for x in lines if "listening on" in x).split(" port ")[1].split(";")[0])
        fingerprint = next(x for x in lines if x.startswith("host key"))
        assert "SHA256:" in fingerprint and "new" in fingerprint
        ana = await Learner.connect(port, keys["ana"])
        await ana.open_lesson()
        await ana.type("864\r", "Not quite")
        await ana.type("\x15896\r", "Correct")
        since = ana.mark()
        os.kill(server.pid, signal.SIGTERM)
        await ana.wait_for("the server is stopping; your answers are saved", since)
        status = await asyncio.to_thread(server.wait, 30)
        assert status == 0
        await ana.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "every answer given was saved" in (server.stdout.read() if server.stdout else "")
    [row] = class_results(tmp_path / "class").rows
    assert (row.learner, row.attempts, row.solved) == ("ana", 2, True)
    # The host key is kept: a second start prints the same fingerprint, not "new".
    again = start_command(tmp_path, keys_file)
    try:
        lines = await asyncio.to_thread(wait_line, again, "learners connect with")
        second = next(x for x in lines if x.startswith("host key"))
        assert second.split()[2] == fingerprint.split()[2] and "new" not in second
    finally:
        os.kill(again.pid, signal.SIGINT)
        assert await asyncio.to_thread(again.wait, 30) == 0
