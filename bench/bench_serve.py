"""A class over SSH: N learners at once on loopback, each answering the lesson's three
questions, against `tutor serve ssh` started as a teacher starts it.

Prints keystroke-to-screen latency (p50, p95: a typed character until the app's redraw that
shows it reaches the client, and ⏎ until the verdict), the sessions that failed (target 0) and
the server's memory per session; beside each, the same figure for one learner alone, measured
in the same run (the baseline).

    .venv/bin/python bench/bench_serve.py [--learners 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.serve.sshclient import Learner

ANSWERS = ("896", "32", "64")  # the lesson's three questions, answered right


@dataclass
class Run:
    keys: list[float] = field(default_factory=list)  # seconds, a character until shown
    first_keys: list[float] = field(default_factory=list)  # the same, each session's first
    checks: list[float] = field(default_factory=list)  # seconds, ⏎ until the verdict
    failed: list[str] = field(default_factory=list)
    finished: int = 0  # learners who answered all three
    memory: dict[str, float] = field(default_factory=dict)


async def learner(port: int, key: asyncssh.SSHKey, run: Run, name: str,
                  at_peak: asyncio.Event | None = None,
                  everyone_in: asyncio.Barrier | None = None) -> None:
    try:
        person = await Learner.connect(port, key)
        try:
            await person.open_lesson()
            if everyone_in is not None:
                await everyone_in.wait()  # the whole class is on question 1
            for number, answer in enumerate(ANSWERS, start=1):
                if number > 1:
                    await person.type("\r", f"Question {number} of 3")
                await person.settle()  # the learner reads the question, then types
                typed = ""
                for char in answer:
                    typed += char
                    seconds = await person.type(char, typed)
                    run.keys.append(seconds)
                    if number == 1 and len(typed) == 1:
                        run.first_keys.append(seconds)
                run.checks.append(await person.type("\r", "Correct"))
            run.finished += 1
            if at_peak is not None and not at_peak.is_set():
                await at_peak.wait()  # stay connected until memory is read
        finally:
            await person.close()
    except Exception as error:  # a failed session is counted, not fatal to the bench
        run.failed.append(f"{name}: {type(error).__name__}: {str(error)[:200]}")


def memory_kb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in kB of a process; PSS shares common pages out fairly."""
    def field_of(path: str, name: str) -> float:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(name + ":"):
                    return float(line.split()[1])
        except OSError:
            pass
        return 0.0
    return field_of(f"/proc/{pid}/status", "VmRSS"), field_of(f"/proc/{pid}/smaps_rollup", "Pss")


def children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                             text=True, check=False).stdout
    except OSError:
        return []
    return [int(x) for x in out.split()]


def server_memory(pid: int) -> dict[str, float]:
    """The server and every session's app, in MB."""
    rss, _ = memory_kb(pid)
    apps = [memory_kb(child) for child in children(pid)]
    return {"server_rss": rss / 1024, "apps": len(apps),
            "apps_rss": sum(r for r, _ in apps) / 1024, "apps_pss": sum(p for _, p in apps) / 1024}


async def start_server(folder: Path, keys: dict[str, asyncssh.SSHKey]
                       ) -> tuple[subprocess.Popen[str], int]:
    lines = "".join(key.export_public_key().decode() for key in keys.values())
    (folder / "authorized_keys").write_text(lines)
    server = subprocess.Popen(
        [sys.executable, "-m", "tutor", "serve", "ssh", "--authorized-keys",
         str(folder / "authorized_keys"), "--data-dir", str(folder / "class"), "--port", "0",
         "--max-sessions", str(len(keys) + 5)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert server.stdout is not None
    for _ in range(20):
        line = await asyncio.to_thread(server.stdout.readline)
        if " port " in line:
            return server, int(line.split(" port ")[1].split(";")[0])
    raise SystemExit("the server did not start")


async def measure(count: int, port: int, keys: list[asyncssh.SSHKey], server_pid: int) -> Run:
    run = Run()
    peak = asyncio.Event()
    barrier = asyncio.Barrier(count)
    tasks = [asyncio.create_task(learner(port, key, run, f"learner {n}", peak, barrier))
             for n, key in enumerate(keys[:count])]
    # Memory is read once every learner is in and typing (or has failed).
    while run.finished + len(run.failed) < count:
        await asyncio.sleep(0.2)
    run.memory = server_memory(server_pid)
    peak.set()
    await asyncio.gather(*tasks)
    return run


async def churn(port: int, key: asyncssh.SSHKey, raw: int, logins: int) -> tuple[float, int]:
    """Rapid connects and disconnects: raw TCP dropped at once or after garbage, and logins
    dropped mid-session; then whether a learner still gets the app. (seconds, failures)"""
    started = time.monotonic()
    failures = 0
    for n in range(raw):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            if n % 2:
                writer.write(b"SSH-2.0-x\r\n" + os.urandom(64))
            writer.close()
        except OSError:
            failures += 1
    for n in range(logins):
        try:
            conn = await asyncssh.connect("127.0.0.1", port, username="x", client_keys=[key],
                                          known_hosts=None, agent_path=None, config=None)
            if n % 2:
                await conn.create_process(term_type="xterm", term_size=(10_000, 10_000))
            conn.abort()
        except (OSError, asyncssh.Error):
            failures += 1
    run = Run()
    await learner(port, key, run, "after the churn")
    return time.monotonic() - started, failures + len(run.failed)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000


def report(label: str, run: Run, sessions: int) -> None:
    memory = run.memory
    apps = max(memory.get("apps", 0), 1)
    print(f"{label:<22} keys n={len(run.keys):>4}  p50 {pct(run.keys, .5):6.1f} ms  "
          f"p95 {pct(run.keys, .95):6.1f} ms   ⏎→verdict p50 {pct(run.checks, .5):6.1f} ms  "
          f"p95 {pct(run.checks, .95):6.1f} ms   failed {len(run.failed)}/{sessions}")
    later = list(run.keys)
    for first in run.first_keys:
        later.remove(first)
    print(f"{'':<22} of which each session's first key p50 {pct(run.first_keys, .5):6.1f} ms, "
          f"the others p50 {pct(later, .5):6.1f} ms  p95 {pct(later, .95):6.1f} ms")
    print(f"{'':<22} memory: server process {memory.get('server_rss', 0):.1f} MB RSS; "
          f"per session app {memory.get('apps_pss', 0) / apps:.1f} MB PSS "
          f"({memory.get('apps_rss', 0) / apps:.1f} MB RSS) over {memory.get('apps', 0)} apps")
    for failure in run.failed[:5]:
        print(f"{'':<22} failed: {failure}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--churn", type=int, default=1000,
                        help="rapid raw connects and disconnects after the class (default 1000)")
    args = parser.parse_args()
    keys = {f"learner{n:02d}": asyncssh.generate_private_key("ssh-ed25519",
                                                             comment=f"learner{n:02d}")
            for n in range(args.learners + 2)}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        server, port = await start_server(folder, keys)
        try:
            key_list = list(keys.values())
            print(f"tutor serve ssh on 127.0.0.1:{port}, {os.cpu_count()} CPUs; the lesson's "
                  f"three questions, answered right, typed key by key\n")
            started = time.monotonic()
            alone = await measure(1, port, key_list[-2:-1], server.pid)
            report("baseline: 1 learner", alone, 1)
            started = time.monotonic()
            crowd = await measure(args.learners, port, key_list[:-2], server.pid)
            report(f"{args.learners} learners at once", crowd, args.learners)
            print(f"\n{args.learners} sessions done in {time.monotonic() - started:.1f} s")
            seconds, failures = await churn(port, key_list[-1], args.churn, 50)
            print(f"churn: {args.churn} raw connects dropped (half after garbage bytes) and 50 "
                  f"logins dropped mid-session in {seconds:.1f} s; then a learner answered all "
                  f"three: {'yes' if not failures else f'NO ({failures} failures)'}; "
                  f"server alive: {'yes' if server.poll() is None else 'NO'}")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                status = await asyncio.to_thread(server.wait, 30)
            except subprocess.TimeoutExpired:
                server.kill()
                status = server.wait()
            print(f"server stopped by SIGTERM with status {status}")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tutor.classroom.results import class_results

        results = class_results(folder / "class")
        solved = sum(r.solved for r in results.rows)
        print(f"tutor results: {len(results.learners)} learners, {solved} questions solved "
              f"(expected {(args.learners + 2) * len(ANSWERS)})")


if __name__ == "__main__":
    asyncio.run(main())
