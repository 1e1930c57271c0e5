"""A tutor SSH server on 127.0.0.1 (an ephemeral port) in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="the serve extra is part of [test]")

from tutor.serve.hostkey import host_key  # noqa: E402
from tutor.serve.keys import Roster  # noqa: E402
from tutor.serve.ssh import Class, Limits, start_server, stop_all  # noqa: E402


@dataclass
class Server:
    port: int
    room: Class
    keys: dict[str, asyncssh.SSHKey]
    data: Path
    acceptor: object


def make_keys(names: list[str]) -> dict[str, asyncssh.SSHKey]:
    return {name: asyncssh.generate_private_key("ssh-ed25519", comment=name) for name in names}


async def start(tmp_path: Path, names: list[str], limits: Limits | None = None) -> Server:
    keys = make_keys(names)
    roster = Roster()
    for name, key in keys.items():
        roster.add(name, key.export_public_key().decode(), "test")
    data = tmp_path / "class"
    key, _ = host_key(data)
    log: list[str] = []
    room = Class(roster, data, limits or Limits(), log.append)
    acceptor = await start_server(room, "127.0.0.1", 0, key)
    return Server(acceptor.get_port(), room, keys, data, acceptor)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    running = await start(tmp_path, ["ana", "ben"])
    yield running
    await stop_all(running.room, running.acceptor)
