"""`tutor serve ssh` with a real SSH client (asyncssh) on loopback: each learner's own app and
progress, keys checked, everything but the tutor refused, limits kept."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tutor.classroom.results import class_results
from tutor.serve.ssh import Limits, stop_all

from .conftest import Server, asyncssh, make_keys, start
from .sshclient import Learner


def results_by_learner(data: Path) -> dict[str, list[tuple[str, int, bool, bool]]]:
    results = class_results(data)
    out: dict[str, list[tuple[str, int, bool, bool]]] = {name: [] for name in results.learners}
    for row in results.rows:
        out[row.learner].append((row.question, row.attempts, row.first_try, row.solved))
    return out


async def test_a_learner_answers_and_results_show_it_under_that_learner_only(
        server: Server) -> None:
    ana = await Learner.connect(server.port, server.keys["ana"])
    ben = await Learner.connect(server.port, server.keys["ben"])  # connected, answers nothing
    try:
        await ana.open_lesson()
        await ana.type("864\r", "Not quite")
        await ana.type("\x15896\r", "Correct")
        await ben.wait_for("Packs")
    finally:
        await ana.close()
        await ben.close()
    assert results_by_learner(server.data) == {
        "ana": [("question-1", 2, False, True)], "ben": []}
    [row] = class_results(server.data).rows
    assert row.mistakes == (("forgot-bias", 1),)
    assert (server.data / "learners" / "ana" / "progress.sqlite3").exists()


async def test_an_unknown_key_is_refused(server: Server) -> None:
    stranger = make_keys(["eve"])["eve"]
    with pytest.raises(asyncssh.PermissionDenied):
        await Learner.connect(server.port, stranger)
    assert not (server.data / "learners" / "eve").exists()


async def test_password_login_is_not_offered(server: Server) -> None:
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect("127.0.0.1", server.port, username="ana", password="ana",
                               client_keys=None, known_hosts=None, agent_path=None,
                               config=None)


async def run_refused(server: Server, **request) -> asyncssh.SSHCompletedProcess:
    async with asyncssh.connect("127.0.0.1", server.port, username="ana",
                                client_keys=[server.keys["ana"]], known_hosts=None,
                                agent_path=None, config=None) as conn:
        return await asyncio.wait_for(conn.run(**request), 30)


async def test_commands_are_refused_with_a_message(server: Server) -> None:
    done = await run_refused(server, command="cat /etc/passwd")
    assert done.exit_status == 1
    assert "commands are not run" in done.stderr and "root" not in done.stdout


async def test_a_shell_without_a_terminal_is_refused(server: Server) -> None:
    done = await run_refused(server)  # no command, no pty: `ssh -T`
    assert done.exit_status == 1 and "needs a terminal" in done.stderr


async def test_scp_is_refused(server: Server) -> None:
    done = await run_refused(server, command="scp -t /tmp")
    assert done.exit_status == 1 and "commands are not run" in done.stderr


async def test_sftp_is_refused(server: Server) -> None:
    async with asyncssh.connect("127.0.0.1", server.port, username="ana",
                                client_keys=[server.keys["ana"]], known_hosts=None,
                                agent_path=None, config=None) as conn:
        with pytest.raises(asyncssh.SFTPError):
            await asyncio.wait_for(conn.start_sftp_client(), 30)
        done = await asyncio.wait_for(conn.run(subsystem="sftp"), 30)
        assert "SFTP is not available" in done.stderr


async def test_port_forwarding_is_refused(server: Server) -> None:
    async with asyncssh.connect("127.0.0.1", server.port, username="ana",
                                client_keys=[server.keys["ana"]], known_hosts=None,
                                agent_path=None, config=None) as conn:
        with pytest.raises(asyncssh.ChannelOpenError, match="not available"):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_unix_connection(asyncssh.SSHUNIXSession, "/run/x.sock")


async def test_a_resize_reaches_the_app(server: Server) -> None:
    ana = await Learner.connect(server.port, server.keys["ana"], size=(80, 24))
    try:
        await ana.wait_for("Packs")
        since = ana.mark()
        ana.process.change_terminal_size(120, 40)
        # Redrawn for 40 rows: the key bar now sits on row 40.
        await ana.wait_for_raw(b"\x1b[40;", since)
    finally:
        await ana.close()


async def test_over_the_limit_a_learner_gets_one_line_not_a_hang(tmp_path: Path) -> None:
    server = await start(tmp_path, ["ana", "ben"], Limits(max_sessions=1))
    try:
        ana = await Learner.connect(server.port, server.keys["ana"])
        await ana.wait_for("Packs")
        ben = await Learner.connect(server.port, server.keys["ben"])
        status = await asyncio.wait_for(ben.process.wait_closed(), 30)
        message = (await ben.process.stderr.read()).decode()
        assert "the class is full (1 sessions)" in message and message.count("\n") == 1
        assert ben.process.exit_status == 1 and status is None
        await ana.close()
        await ben.close()
    finally:
        await stop_all(server.room, server.acceptor)


async def test_an_idle_session_is_closed_with_a_message(tmp_path: Path) -> None:
    server = await start(tmp_path, ["ana"], Limits(idle_timeout=3))
    try:
        ana = await Learner.connect(server.port, server.keys["ana"])
        await ana.wait_for("no keys for 3 seconds", timeout=60)
        await asyncio.wait_for(ana.process.wait_closed(), 30)
        assert not server.room.sessions
        await ana.close()
    finally:
        await stop_all(server.room, server.acceptor)


async def test_absurd_window_sizes_and_garbage_keys_do_not_hurt_the_server(
        server: Server) -> None:
    ana = await Learner.connect(server.port, server.keys["ana"], size=(10_000, 10_000))
    try:
        await ana.wait_for("Packs")
        for size in ((0, 0), (10_000, 10_000), (1, 1), (65535, 65535), (80, 24)):
            ana.process.change_terminal_size(*size)
        ana.process.stdin.write(bytes(range(256)) * 8 + b"\x1b[999999;999999R\x1b]52;c;")
        # Another learner still gets a working app while that one thrashes.
        ben = await Learner.connect(server.port, server.keys["ben"])
        await ben.open_lesson()
        await ben.type("896\r", "Correct")
        await ben.close()
    finally:
        await ana.close()


async def test_rapid_connects_and_disconnects_leave_it_serving(server: Server) -> None:
    for _ in range(300):  # raw TCP: opened and dropped before, or during, the handshake
        _reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"SSH-2.0-garbage\r\n\x00\xff" * 3)
        writer.close()
    for _ in range(10):  # full logins dropped at once, with and without a session
        conn = await asyncssh.connect("127.0.0.1", server.port, username="ana",
                                      client_keys=[server.keys["ana"]], known_hosts=None,
                                      agent_path=None, config=None)
        if _ % 2:
            await conn.create_process(term_type="xterm", term_size=(80, 24))
        conn.abort()
    ana = await Learner.connect(server.port, server.keys["ana"])
    await ana.wait_for("Packs")
    await ana.close()
    for _ in range(100):  # the dropped sessions' apps are all gone
        if not server.room.sessions:
            break
        await asyncio.sleep(0.1)
    assert not server.room.sessions


async def test_each_app_runs_under_the_memory_limit(tmp_path: Path) -> None:
    server = await start(tmp_path, ["ana"], Limits(memory_mb=900))
    try:
        ana = await Learner.connect(server.port, server.keys["ana"])
        await ana.wait_for("Packs")
        [session] = server.room.sessions
        assert session.app is not None and session.app.process is not None
        limits = Path(f"/proc/{session.app.process.pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
        assert line.split()[3] == str(900 * 1024 * 1024)
        await ana.close()
    finally:
        await stop_all(server.room, server.acceptor)


def attempts_in(folder: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(folder / "progress.sqlite3")
    try:
        return db.execute("SELECT question, answer FROM attempts ORDER BY id").fetchall()
    finally:
        db.close()


async def test_x11_forwarding_is_refused(server: Server) -> None:
    async with asyncssh.connect("127.0.0.1", server.port, username="ana",
                                client_keys=[server.keys["ana"]], known_hosts=None,
                                agent_path=None, config=None) as conn:
        with pytest.raises(asyncssh.ChannelOpenError, match="X11 forwarding request failed"):
            await conn.create_process(term_type="xterm", x11_forwarding=True,
                                      x11_display="localhost:10")


async def test_a_client_that_never_logs_in_is_dropped_after_the_grace_time(
        tmp_path: Path) -> None:
    server = await start(tmp_path, ["ana"], Limits(login_grace=1))
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"SSH-2.0-slowloris\r\n")  # then nothing: no key exchange, no login
        data = b""
        for _ in range(1000):  # bounded: until the server hangs up
            chunk = await asyncio.wait_for(reader.read(4096), 30)
            if not chunk:
                break
            data += chunk
        assert data.startswith(b"SSH-2.0-")  # it spoke, waited the grace time, then hung up
        writer.close()
    finally:
        await stop_all(server.room, server.acceptor)
