"""`tutor serve ssh` and `tutor serve web`: the tutor for a class, each learner with their own
progress under DATA/learners/NAME/. Needs the optional extra `tutor[serve]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from tutor.errors import TutorError
from tutor.progress import data_dir

NEEDS_EXTRA = ("tutor serve: serving needs the optional extra; install it with\n"
               "  pip install 'tutor[serve]'")


def run(args: argparse.Namespace) -> int:
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        print(NEEDS_EXTRA, file=sys.stderr)
        return 2
    try:
        if args.how == "ssh":
            return run_ssh(args)
        return run_web(args)
    except TutorError as error:
        print(f"tutor serve: {error}", file=sys.stderr)
        return 2


def run_ssh(args: argparse.Namespace) -> int:
    from tutor.serve.hostkey import host_key
    from tutor.serve.keys import load_authorized_keys, load_roster
    from tutor.serve.ssh import Class, Limits, log_line, serve_forever

    roster = (load_roster(Path(args.roster)) if args.roster
              else load_authorized_keys(Path(args.authorized_keys)))
    root = data_dir(args.data_dir)
    key, made = host_key(root)
    limits = Limits(max_sessions=args.max_sessions, idle_timeout=args.idle_timeout,
                    login_grace=args.login_grace, memory_mb=args.memory_limit)
    room = Class(roster, root, limits, log_line)

    def ready(port: int) -> None:
        print(f"tutor serve ssh: {len(roster.names)} learner(s), listening on "
              f"{args.host} port {port}; progress in {root}/learners/", flush=True)
        print(f"host key {key.get_fingerprint()}" + (" (new: made just now)" if made else ""),
              flush=True)
        print(f"learners connect with: ssh -p {port} {args.host}   (Ctrl+C stops the server)",
              flush=True)

    try:
        asyncio.run(serve_forever(room, args.host, args.port, key, ready))
    except OSError as error:
        print(f"tutor serve ssh: cannot listen on {args.host} port {args.port} "
              f"({error.strerror or error})", file=sys.stderr)
        return 2
    print("tutor serve ssh: stopped; every answer given was saved.", flush=True)
    return 0


def run_web(args: argparse.Namespace) -> int:
    from tutor.serve.keys import load_roster
    from tutor.serve.ssh import Limits, log_line

    names = None if args.open else load_roster(Path(args.roster), keys_required=False).names
    root = data_dir(args.data_dir)
    limits = Limits(max_sessions=args.max_sessions, idle_timeout=args.idle_timeout,
                    login_grace=args.login_grace, memory_mb=args.memory_limit)
    try:
        asyncio.run(serve_web(root, names, limits, args, log_line))
    except OSError as error:
        print(f"tutor serve web: cannot listen on {args.host} port {args.port} "
              f"({error.strerror or error})", file=sys.stderr)
        return 2
    print("tutor serve web: stopped; every answer given was saved.", flush=True)
    return 0


async def serve_web(root: Path, names: list[str] | None, limits, args: argparse.Namespace,
                    log) -> None:
    import signal

    from tutor.serve.web import ClassWebServer

    server = ClassWebServer(root, names=names, limits=limits, host=args.host, port=args.port,
                            log=log)
    port = await server.start()
    if args.public_url:
        server.public_url = args.public_url.rstrip("/")
    print(f"tutor serve web: listening on {args.host} port {port}; progress in "
          f"{root}/learners/", flush=True)
    if names is None:
        print(f"learners open {server.public_url}/ and give their name", flush=True)
    else:
        print("personal links (give each learner theirs):", flush=True)
        for name in names:
            print(f"  {name}\t{server.link(name)}", flush=True)
    print("(Ctrl+C stops the server)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()
    await server.stop()
