"""`tutor serve web` in a real headless browser (Debian's chromium): a learner's personal link
opens their own tutor; the answers typed there are in `tutor results` under that learner."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import pytest

from tutor.classroom.layout import learner_dir
from tutor.classroom.results import class_results, read_progress
from tutor.serve.ssh import Limits
from tutor.serve.web import ClassWebServer, token

from .browser import Browser


async def web_server(tmp_path: Path, names: list[str] | None) -> ClassWebServer:
    server = ClassWebServer(tmp_path / "class", names=names, limits=Limits(), host="127.0.0.1",
                            port=0, log=lambda line: None)
    await server.start()
    return server


def progress(folder: Path) -> tuple[list, list]:
    if not (folder / "progress.sqlite3").exists():
        return [], []
    try:
        return read_progress(folder / "progress.sqlite3")
    except Exception:  # being created by the app this instant
        return [], []


async def until(condition, timeout: float = 60.0, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(every)
    return False


async def test_a_personal_link_in_chromium_answers_into_that_learners_results(
        tmp_path: Path) -> None:
    server = await web_server(tmp_path, ["ana", "ben"])
    browser = await Browser.launch(tmp_path / "profile")
    folder = learner_dir(server.data_dir, "ana")
    try:
        await browser.open(server.link("ana"))
        for _ in range(300):  # the app's first bytes have reached the page
            if await browser.evaluate("document.body.classList.contains('-first-byte')"):
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError("the app never drew in the browser")
        await browser.evaluate("document.querySelector('.xterm-helper-textarea')?.focus()")

        def on_question_1() -> bool:
            _, events = progress(folder)
            return any(e.question == "question-1" and e.kind == "view" for e in events)

        # Into the lesson: the pack, past the worked example, to question 1. An early ⏎ may
        # land while a screen is still opening, so press until question 1 is on screen (⏎
        # with nothing typed there checks nothing).
        for _ in range(20):
            await browser.press("\r")
            if await until(on_question_1, 4):
                break
        else:
            raise AssertionError("question 1 never came on screen")
        await browser.press("864\r")
        assert await until(lambda: len(progress(folder)[0]) == 1), "864 was not checked"
        await browser.press("\x15896\r")
        assert await until(lambda: len(progress(folder)[0]) == 2), "896 was not checked"
    finally:
        await browser.close()
        await server.stop()
    results = class_results(server.data_dir)
    assert [(r.learner, r.question, r.attempts, r.first_try, r.solved) for r in results.rows
            ] == [("ana", "question-1", 2, False, True)]
    assert results.rows[0].mistakes == (("forgot-bias", 1),)


async def test_links_are_checked_and_open_mode_asks_a_name(tmp_path: Path) -> None:
    server = await web_server(tmp_path, ["ana"])
    base = server.public_url
    try:
        async with aiohttp.ClientSession() as http:
            async def status(path: str) -> int:
                async with http.get(base + path, allow_redirects=False) as reply:
                    return reply.status

            assert await status(f"/l/ana/{token(server.secret, 'ana')}") == 200
            assert await status("/l/ana/" + "0" * 32) == 404
            assert await status(f"/l/eve/{token(server.secret, 'eve')}") == 404  # not listed
            assert await status("/l/..%2F..%2Fetc/x") == 404
            assert await status("/ws/ana/" + "0" * 32) == 404
            assert await status("/join?name=eve") == 403
    finally:
        await server.stop()
    assert not (server.data_dir / "learners").exists()  # no one got a folder by guessing
    workshop = await web_server(tmp_path, None)
    try:
        async with aiohttp.ClientSession() as http, http.get(
                workshop.public_url + "/join?name=cy", allow_redirects=False) as reply:
            assert reply.status == 302
            assert reply.headers["Location"] == f"/l/cy/{token(workshop.secret, 'cy')}"
        async with aiohttp.ClientSession() as http, http.get(
                workshop.public_url + "/join?name=../x") as reply:
            assert reply.status == 400 and "not allowed" in await reply.text()
    finally:
        await workshop.stop()


@pytest.mark.parametrize("names", [["ana"]])
async def test_the_same_secret_gives_the_same_links_after_a_restart(tmp_path: Path,
                                                                    names: list[str]) -> None:
    first = await web_server(tmp_path, names)
    await first.stop()
    second = await web_server(tmp_path, names)
    await second.stop()
    assert token(first.secret, "ana") == token(second.secret, "ana")
    assert (tmp_path / "class" / "web-link-secret").stat().st_mode & 0o077 == 0


def socket_of(server: ClassWebServer, name: str) -> str:
    return server.link(name).replace("http://", "ws://").replace("/l/", "/ws/")


async def test_web_limits_and_garbage_from_the_browser(tmp_path: Path) -> None:
    server = ClassWebServer(tmp_path / "class", names=["ana", "ben"],
                            limits=Limits(max_sessions=1, idle_timeout=0), host="127.0.0.1",
                            port=0, log=lambda line: None)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            ana = await http.ws_connect(socket_of(server, "ana") + "?width=99999&height=-5")
            for garbage in ("not json", "[1, 2, 3]", '["resize", "x"]', '["stdin", 5]'):
                await ana.send_str(garbage)
            await ana.send_bytes(b"\x00\xff" * 100)
            got = await ana.receive(timeout=60)  # the app still draws
            assert got.type == aiohttp.WSMsgType.BINARY
            async with http.get(socket_of(server, "ben")) as full:  # told, not hung
                assert full.status == 503 and "class is full" in await full.text()
            await ana.close()
        assert await until(lambda: server.sessions == 0, 30)
    finally:
        await server.stop()


async def test_an_idle_browser_session_is_closed(tmp_path: Path) -> None:
    server = ClassWebServer(tmp_path / "class", names=["ana"],
                            limits=Limits(idle_timeout=2), host="127.0.0.1", port=0,
                            log=lambda line: None)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            ana = await http.ws_connect(socket_of(server, "ana"))
            for _ in range(2000):  # bounded: the app's output, then the close
                message = await ana.receive(timeout=60)
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
            assert message.type == aiohttp.WSMsgType.CLOSE and message.extra == "idle"
            await ana.close()
        assert await until(lambda: server.sessions == 0, 30)
    finally:
        await server.stop()
