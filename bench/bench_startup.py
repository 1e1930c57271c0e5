"""Start-up to the first screen: tutor's app against a minimal Textual app, same run.

Each run is a fresh interpreter (as when a learner types `tutor`), headless, timed from just
before the process is started until it reports that its first screen has been painted; the
two apps alternate so that both see the same machine load. Prints the median of each and
their ratio (the aim is below 1.25).

    .venv/bin/python bench/bench_startup.py [--runs 9] [--cold]

tutor normally draws its first screen from a small index of the packs and loads the packs
just after (tutor/app/index.py); `--cold` removes the index before each run, to time a first
start (or one after the packs changed), which loads and checks every pack first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import asyncio, sys

which = sys.argv[1]

async def first_paint(pilot):
    painted = asyncio.Event()
    pilot.app.screen.call_after_refresh(painted.set)
    await painted.wait()
    print("painted", type(pilot.app.screen).__name__, flush=True)
    pilot.app.exit()

if which == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    app = Minimal()
else:
    from tutor.app.main import prepare

    app = prepare([], None)
    if isinstance(app, str):
        sys.exit(app)
app.run(headless=True, size=(80, 24), auto_pilot=first_paint)
"""


def once(which: str, env: dict[str, str], cold: bool = False) -> float:
    if cold:
        index = os.path.join(env["TUTOR_DATA_DIR"], "packs-index.json")
        if os.path.exists(index):
            os.remove(index)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, which], stdout=subprocess.PIPE,
                             text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    if not line.startswith("painted") or child.returncode:
        raise SystemExit(f"{which}: the app did not start ({line!r}, exit {child.returncode})")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each app (default 9)")
    parser.add_argument("--cold", action="store_true",
                        help="time tutor without its pack index (a first start)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        # tutor reads progress from, and finds user packs in, folders of its own here
        env = dict(os.environ, TUTOR_DATA_DIR=os.path.join(scratch, "data"),
                   TUTOR_PACKS_DIR=os.path.join(scratch, "packs"))
        once("tutor", env)  # warm the OS file cache and create the progress file
        once("minimal", env)
        times: dict[str, list[float]] = {"minimal": [], "tutor": []}
        for _ in range(args.runs):
            for which in times:
                times[which].append(once(which, env, cold=args.cold))
    minimal = statistics.median(times["minimal"])
    tutor = statistics.median(times["tutor"])
    for which, found in times.items():
        print(f"{which:>8}: median {statistics.median(found) * 1000:6.0f} ms   "
              f"(min {min(found) * 1000:.0f}, max {max(found) * 1000:.0f}, "
              f"{len(found)} runs)")
    print(f"   ratio: {tutor / minimal:.2f}  (tutor / minimal Textual app; aim < 1.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
