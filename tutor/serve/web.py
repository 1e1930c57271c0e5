"""`tutor serve web`: the tutor in a browser through textual-serve, one app process per page,
each learner known by a personal link `/l/NAME/TOKEN` (TOKEN an HMAC of the name under a secret
kept in the data folder, so links survive restarts and cannot be guessed from the name).

With `--open` (a workshop) the first page asks for a name and sends the learner to their link;
without it, a page without a valid link only says to ask the teacher.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import os
import secrets
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from tutor.classroom.layout import check_name, learner_dir
from tutor.errors import TutorError
from tutor.serve.ssh import Limits

SECRET = "web-link-secret"
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>tutor</title>
<style>body{{font-family:monospace;background:#12232d;color:#eee;max-width:40em;margin:4em auto}}
input,button{{font:inherit;padding:.4em}}</style></head><body>{body}</body></html>"""
ASK_NAME = """<h1>tutor</h1><form action="/join" method="get"><p><label>Your name
(letters, digits, . _ - ; it keeps your progress): <input name="name" autofocus required
maxlength="64"></label></p><p><button>Start</button></p></form>{error}"""
ASK_TEACHER = "<h1>tutor</h1><p>Open the personal link your teacher gave you.</p>"
FULL = "<h1>tutor</h1><p>The class is full ({limit} sessions); try again in a minute.</p>"


def link_secret(folder: Path) -> bytes:
    """The secret behind personal links: made once, kept (0600) in the data folder."""
    path = folder / SECRET
    if path.exists():
        return path.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secret)
    return secret


def token(secret: bytes, name: str) -> str:
    digest = hmac.new(secret, name.encode(), hashlib.sha256).digest()
    return digest[:16].hex()


class ClassWebServer(Server):
    """textual-serve's server, with one command per learner instead of one for everyone."""

    def __init__(self, data_dir: Path, *, names: list[str] | None, limits: Limits,
                 host: str, port: int, log: Callable[[str], None]) -> None:
        super().__init__("tutor", host=host, port=port, title="tutor")
        self.data_dir = data_dir
        self.names = names  # None: anyone may join by name (--open)
        self.limits = limits
        self.log = log
        self.secret = link_secret(data_dir)
        self.sessions = 0
        self.runner: web.AppRunner | None = None

    def link(self, name: str) -> str:
        return f"{self.public_url}/l/{name}/{token(self.secret, name)}"

    def learner_of(self, request: web.Request) -> str | None:
        name, given = request.match_info["name"], request.match_info["token"]
        try:
            check_name(name)
        except TutorError:
            return None
        if not hmac.compare_digest(given, token(self.secret, name)):
            return None
        if self.names is not None and name not in self.names:
            return None
        return name

    def command_for(self, name: str) -> str:
        folder = learner_dir(self.data_dir, name)
        folder.mkdir(parents=True, exist_ok=True)
        return "exec " + shlex.join([sys.executable, "-m", "tutor.serve.child",
                           str(self.limits.memory_mb), "practice", "--data-dir", str(folder)])

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=__import__("jinja2").FileSystemLoader(
            self.templates_path))
        app.add_routes([
            web.get("/", self.handle_front),
            web.get("/join", self.handle_join),
            web.get("/l/{name}/{token}", self.handle_learner, name="learner"),
            web.get("/ws/{name}/{token}", self.handle_learner_socket, name="socket"),
            web.static("/static", self.statics_path, name="static"),
        ])
        return app

    # -- pages ---------------------------------------------------------------------------

    async def handle_front(self, request: web.Request) -> web.Response:
        body = ASK_NAME.format(error="") if self.names is None else ASK_TEACHER
        return page(body)

    async def handle_join(self, request: web.Request) -> web.Response:
        if self.names is not None:
            return page(ASK_TEACHER, status=403)
        name = request.query.get("name", "").strip()
        try:
            check_name(name)
        except TutorError as error:
            return page(ASK_NAME.format(error=f"<p>{html.escape(error.message)}</p>"),
                        status=400)
        raise web.HTTPFound(f"/l/{name}/{token(self.secret, name)}")

    async def handle_learner(self, request: web.Request) -> web.Response:
        name = self.learner_of(request)
        if name is None:
            return page("<h1>tutor</h1><p>This link is not valid: check it with your "
                        "teacher.</p>", status=404)
        base = f"{request.scheme}://{request.host}"
        socket = request.app.router["socket"].url_for(name=name, token=token(self.secret, name))
        context: dict[str, Any] = {
            "font_size": 16,
            "app_websocket_url": f"{'wss' if request.secure else 'ws'}://{request.host}{socket}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": f"tutor — {name}"},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_learner_socket(self, request: web.Request) -> web.StreamResponse:
        name = self.learner_of(request)
        if name is None:
            raise web.HTTPNotFound()
        if self.sessions >= self.limits.max_sessions:
            self.log(f"{name}: refused, {self.sessions} sessions open")
            return page(FULL.format(limit=self.limits.max_sessions), status=503)
        self.sessions += 1
        self.log(f"{name} opened the tutor in a browser")
        try:
            return await self.run_app(request, name)
        finally:
            self.sessions -= 1
            self.log(f"{name}: browser session ended")

    async def run_app(self, request: web.Request, name: str) -> web.StreamResponse:
        """textual-serve's websocket handler, with this learner's command and an idle timer."""
        from textual_serve.app_service import AppService

        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        width = bounded(request.query.get("width"), 80, 500)
        height = bounded(request.query.get("height"), 24, 200)
        await websocket.prepare(request)
        service = AppService(self.command_for(name), write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=websocket.close,
                             download_manager=self.download_manager, debug=False)
        last_key = [time.monotonic()]
        watchdog = asyncio.create_task(self.close_when_idle(websocket, last_key))
        try:
            await service.start(width, height)
            await self.relay(websocket, service, last_key)
        except Exception as error:  # one learner's broken socket never stops the server
            self.log(f"{name}: {type(error).__name__}: {error}")
        finally:
            watchdog.cancel()
            await self.end(service)
        return websocket

    @staticmethod
    async def end(service: Any) -> None:
        """Ask the app to quit (its answers are saved at each check); if it has not gone in 5
        seconds, kill it; either way reap it. (textual-serve keeps the process private and
        never waits for it.)"""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service.stop(), 5)
        process = getattr(service, "_process", None)
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def relay(self, websocket: web.WebSocketResponse, service: Any,
                    last_key: list[float]) -> None:
        async for message in websocket:
            if message.type != web.WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except (ValueError, TypeError):
                continue  # garbage from the browser is ignored
            if kind == "stdin" and isinstance(data, str):
                last_key[0] = time.monotonic()
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(bounded(data.get("width"), 80, 500),
                                                bounded(data.get("height"), 24, 200))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def close_when_idle(self, websocket: web.WebSocketResponse,
                              last_key: list[float]) -> None:
        timeout = self.limits.idle_timeout
        if timeout <= 0:
            return
        while True:
            await asyncio.sleep(max(last_key[0] + timeout - time.monotonic(), 0.05))
            if time.monotonic() - last_key[0] >= timeout:
                await websocket.close(message=b"idle")
                return

    # -- running -------------------------------------------------------------------------

    async def start(self) -> int:
        """Listen; the port (useful when asked for port 0)."""
        self.runner = web.AppRunner(await self._make_app(), handle_signals=False,
                                    access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.port
        self.public_url = f"http://{self.host}:{self.port}"
        return self.port

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


def bounded(value: object, default: int, most: int) -> int:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return default if number <= 0 else min(number, most)


def page(body: str, status: int = 200) -> web.Response:
    return web.Response(text=PAGE.format(body=body), status=status, content_type="text/html")
