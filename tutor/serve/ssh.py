"""`tutor serve ssh`: one tutor app per SSH session, for the learner the public key names.

Only public-key login; an interactive session (with a pty) gets the app and nothing else:
commands, subsystems (SFTP), port, agent and X11 forwarding are all refused with a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from tutor.classroom.layout import learner_dir
from tutor.serve.keys import Roster
from tutor.serve.terminal import AppProcess

REFUSED_EXEC = "tutor: this server runs only the tutor; commands are not run. Connect with " \
               "plain `ssh` to practise.\r\n"
REFUSED_SUBSYSTEM = "tutor: this server runs only the tutor; {name} is not available " \
                    "(no file transfer).\r\n"
NO_PTY = "tutor: the tutor needs a terminal; connect with `ssh -t` (and without -T or -N).\r\n"
FULL = "tutor: the class is full ({limit} sessions); try again in a minute.\r\n"
IDLE = "\r\ntutor: no keys for {duration}, so this session was closed; your answers " \
       "are saved. Connect again to go on.\r\n"
STOPPING = "\r\ntutor: the server is stopping; your answers are saved.\r\n"
FORWARDING = "port forwarding is not available on this tutor server"


@dataclass(frozen=True)
class Limits:
    max_sessions: int = 50
    idle_timeout: float = 1800.0  # seconds without a key from the learner
    login_grace: float = 30.0  # seconds to finish logging in
    memory_mb: int = 1024  # address space of each session's app


@dataclass
class Class:
    """What every connection shares: the roster, the data folder, the limits, the sessions."""

    roster: Roster
    data_dir: Path
    limits: Limits
    log: Callable[[str], None]
    sessions: set[TutorSession]

    def __init__(self, roster: Roster, data_dir: Path, limits: Limits,
                 log: Callable[[str], None] = lambda line: None) -> None:
        self.roster, self.data_dir, self.limits, self.log = roster, data_dir, limits, log
        self.sessions = set()


class TutorServer(asyncssh.SSHServer):
    """One per connection: log in by key, then sessions; nothing else."""

    def __init__(self, room: Class) -> None:
        self.room = room
        self.learner: str | None = None
        self.peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.peer = f"{peer[0]}:{peer[1]}"

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        learner = self.room.roster.who(key)
        if learner is None:
            return False
        self.learner = learner
        return True

    def auth_completed(self) -> None:
        self.room.log(f"{self.learner} connected from {self.peer}")

    def session_requested(self) -> asyncssh.SSHServerSession:
        assert self.learner is not None
        return TutorSession(self.room, self.learner)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str,
                             orig_port: int) -> bool:
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING)

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING)

    def unix_server_requested(self, listen_path: str) -> bool:
        return False

    def tun_requested(self, unit: int | None) -> bool:
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING)

    def tap_requested(self, unit: int | None) -> bool:
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING)


class TutorSession(asyncssh.SSHServerSession):
    """One SSH session channel: the learner's app on its own pty, or a refusal."""

    def __init__(self, room: Class, learner: str) -> None:
        self.room = room
        self.learner = learner
        self.chan: asyncssh.SSHServerChannel | None = None
        self.term = ""
        self.size = (0, 0)
        self.has_pty = False
        self.refusal: str | None = None
        self.app: AppProcess | None = None
        self.last_key = time.monotonic()
        self.idle_check: asyncio.TimerHandle | None = None
        self.closing = False

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int],
                      term_modes: object) -> bool:
        self.has_pty = True
        self.term = term_type
        self.size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        if not self.has_pty:
            self.refusal = NO_PTY
        return True

    def exec_requested(self, command: str) -> bool:
        self.refusal = REFUSED_EXEC
        self.room.log(f"{self.learner}: refused a command")
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        name = "SFTP" if subsystem == "sftp" else f"the {subsystem[:40]!r} subsystem"
        self.refusal = REFUSED_SUBSYSTEM.format(name=name)
        self.room.log(f"{self.learner}: refused a subsystem")
        return True

    def session_started(self) -> None:
        if self.refusal is not None:
            self.refuse(self.refusal)
            return
        if len(self.room.sessions) >= self.room.limits.max_sessions:
            self.room.log(f"{self.learner}: refused, {len(self.room.sessions)} sessions open")
            self.refuse(FULL.format(limit=self.room.limits.max_sessions))
            return
        self.room.sessions.add(self)
        folder = learner_dir(self.room.data_dir, self.learner)
        folder.mkdir(parents=True, exist_ok=True)
        self.app = AppProcess(folder, term=self.term, size=self.size,
                              memory_mb=self.room.limits.memory_mb,
                              on_output=self.output, on_exit=self.app_exited)
        try:
            self.app.start()
        except OSError as error:
            self.room.sessions.discard(self)
            self.room.log(f"{self.learner}: the app could not start ({error})")
            self.refuse("tutor: the tutor could not start on the server; tell your teacher.\r\n")
            return
        self.schedule_idle_check()

    def refuse(self, message: str) -> None:
        assert self.chan is not None
        with contextlib.suppress(OSError):
            self.chan.write_stderr(message.encode())
            self.chan.exit(1)

    # -- the learner's keys and the app's screen ---------------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_key = time.monotonic()
        if self.app is not None:
            self.app.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int,
                              pixheight: int) -> None:
        self.size = (width, height)
        if self.app is not None:
            self.app.resize(width, height)

    def output(self, data: bytes) -> None:
        if not self.closing:
            self.send(data)

    def send(self, data: bytes) -> None:
        """To the learner's terminal, unless the connection is already going."""
        if self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.write(data)

    def pause_writing(self) -> None:
        if self.app is not None:
            self.app.pause()

    def resume_writing(self) -> None:
        if self.app is not None:
            self.app.resume()

    def eof_received(self) -> bool:
        return True  # keep the channel: the app decides when it is done

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # a client cannot signal the app

    # -- ending ------------------------------------------------------------------------

    def schedule_idle_check(self) -> None:
        timeout = self.room.limits.idle_timeout
        if timeout > 0:
            delay = max(self.last_key + timeout - time.monotonic(), 0.05)
            self.idle_check = asyncio.get_running_loop().call_later(delay, self.check_idle)

    def check_idle(self) -> None:
        timeout = self.room.limits.idle_timeout
        if time.monotonic() - self.last_key >= timeout:
            self.room.log(f"{self.learner}: closed after {timeout:.0f}s without a key")
            self.stop(IDLE.format(duration=spoken(timeout)))
        else:
            self.schedule_idle_check()

    def stop(self, message: str) -> None:
        """End the app (its answers are saved), then tell the learner why."""
        if self.closing:
            return
        self.closing = True
        # Leave the app's screen (alternate screen, mouse, cursor) before the message.
        self.send(b"\x1b[?1049l\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?25h\x1b[0m")
        self.send(message.encode())
        if self.app is not None:
            self.app.hang_up()

    def app_exited(self, status: int) -> None:
        self.room.sessions.discard(self)
        if self.idle_check is not None:
            self.idle_check.cancel()
        self.room.log(f"{self.learner}: session ended")
        if self.chan is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already
                self.chan.exit(status if 0 <= status < 256 else 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closing = True
        if self.idle_check is not None:
            self.idle_check.cancel()
        if self.app is not None:
            self.app.hang_up()
        self.chan = None


def spoken(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} seconds"
    return f"{seconds / 60:.0f} minutes"


async def start_server(room: Class, host: str, port: int,
                       host_key: asyncssh.SSHKey) -> asyncssh.SSHAcceptor:
    return await asyncssh.create_server(
        lambda: TutorServer(room), host, port,
        server_host_keys=[host_key],
        encoding=None,
        allow_pty=True,
        line_editor=False,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        public_key_auth=True,
        password_auth=False,
        kbdint_auth=False,
        gss_auth=False,
        host_based_auth=False,
        login_timeout=room.limits.login_grace,
        keepalive_interval=60,
        keepalive_count_max=3,
    )


async def stop_all(room: Class, server: asyncssh.SSHAcceptor, grace: float = 6.0) -> None:
    """Stop listening, end every session's app (answers are saved at each check), wait for
    them to go, then close the connections."""
    server.close()
    sessions = list(room.sessions)
    for session in sessions:
        session.stop(STOPPING)
    deadline = time.monotonic() + grace
    while room.sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)  # let the exit statuses reach the clients
    with contextlib.suppress(Exception):
        await server.wait_closed()


async def serve_forever(room: Class, host: str, port: int, host_key: asyncssh.SSHKey,
                        ready: Callable[[int], None]) -> None:
    server = await start_server(room, host, port, host_key)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    loop.set_exception_handler(lambda _loop, context: room.log(
        f"(kept serving after an error: {context.get('message')} "
        f"{context.get('exception') or ''})".rstrip()))
    ready(server.get_port())
    await stop.wait()
    room.log(f"stopping: {len(room.sessions)} session(s) to close")
    await stop_all(room, server)


def log_line(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)
