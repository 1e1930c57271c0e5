"""Debian's headless chromium driven over the DevTools protocol (with aiohttp, already here for
textual-serve): open a page, press keys, read the page. No browser is downloaded."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1200,800", "--remote-debugging-port=0",
         "--remote-debugging-address=127.0.0.1")

KEYS = {"\r": ("Enter", "Enter", 13), "\x15": ("u", "KeyU", 85)}


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise AssertionError("chromium is not installed: apt-get install -y chromium "
                         "chromium-driver (the browser test needs it, and must not skip)")


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], session: aiohttp.ClientSession,
                 socket: aiohttp.ClientWebSocketResponse) -> None:
        self.process = process
        self.session = session
        self.socket = socket
        self.ids = itertools.count(1)

    @classmethod
    async def launch(cls, profile: Path) -> Browser:
        process = subprocess.Popen([find_chromium(), *FLAGS, f"--user-data-dir={profile}",
                                    "about:blank"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            port = await cls._port(profile / "DevToolsActivePort", process)
            session = aiohttp.ClientSession()
            async with session.get(f"http://127.0.0.1:{port}/json/list") as reply:
                targets = await reply.json(content_type=None)
            page = next(t for t in targets if t.get("type") == "page")
            socket = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        return cls(process, session, socket)

    @staticmethod
    async def _port(file: Path, process: subprocess.Popen[bytes]) -> int:
        for _ in range(600):  # up to a minute for a cold start on a busy machine
            if file.exists() and file.read_text().strip():
                return int(file.read_text().split()[0])
            if process.poll() is not None:
                raise AssertionError(f"chromium exited with status {process.returncode}")
            await asyncio.sleep(0.1)
        raise AssertionError("chromium did not open its DevTools port in 60 s")

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method,
                                               "params": params}))
        while True:
            message = await asyncio.wait_for(self.socket.receive(), 60)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"DevTools connection closed: {message}")
            data = json.loads(message.data)
            if data.get("id") == number:
                if "error" in data:
                    raise AssertionError(f"{method}: {data['error']}")
                return data.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression,
                                 returnByValue=True)
        return result.get("result", {}).get("value")

    async def open(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def press(self, text: str) -> None:
        """Keys as a person types them: Enter and ctrl+u by name, the rest as characters."""
        for char in text:
            if char in KEYS:
                key, code, number = KEYS[char]
                modifiers = 2 if char == "\x15" else 0
                extra = {"text": "\r"} if char == "\r" else {}
                await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, code=code,
                                windowsVirtualKeyCode=number, modifiers=modifiers, **extra)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                                windowsVirtualKeyCode=number, modifiers=modifiers)
            else:
                await self.call("Input.dispatchKeyEvent", type="keyDown", key=char, text=char)
                await self.call("Input.dispatchKeyEvent", type="keyUp", key=char)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close()
        await self.session.close()
        self.process.terminate()
        try:
            await asyncio.to_thread(self.process.wait, 15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
