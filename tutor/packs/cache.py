"""Loaded packs kept on disk, so an unchanged pack is not parsed and checked again.

Each pack file has one cache entry, named by a hash of its path. The entry starts with a key:
a SHA-256 of the file's bytes, its path, whether it is built in, and a stamp of the tutor's own
code (version, Python, and the size and mtime of every module): any change to the pack or to
the code that loads it gives another key, and the pack is loaded afresh and the entry
replaced. The cache only saves time: an entry that cannot be read or written is ignored.

    $TUTOR_CACHE_DIR   where entries are kept (default: the platform's user cache folder);
                       set to an empty value to keep none.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import tutor
from tutor.packs.loader import LoadResult, load_file
from tutor.packs.safeyaml import MAX_BYTES, gc_paused

CACHE_ENV = "TUTOR_CACHE_DIR"
FORMAT = b"tutor-pack-cache 1\n"
KEY_BYTES = 64  # a SHA-256 in hex


def cache_dir() -> Path | None:
    """Where entries are kept, or None for no cache."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return Path(value).expanduser() if value.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tutor")) / "packs"


@lru_cache(maxsize=1)
def code_stamp() -> bytes:
    """What the tutor's code is now: an entry made by other code is never used."""
    root = Path(tutor.__file__).resolve().parent
    stamp = hashlib.sha256(f"{tutor.__version__} {sys.version}".encode())
    for module in sorted(root.rglob("*.py")):
        info = module.stat()
        stamp.update(f"{module.relative_to(root)} {info.st_size} {info.st_mtime_ns}\n".encode())
    return stamp.digest()


def load_cached(path: Path, *, builtin: bool = False) -> LoadResult:
    """`load_file(path, builtin=builtin)`, from the cache when the pack and the code are
    unchanged."""
    folder = cache_dir()
    data = small_file(path) if folder is not None else None
    if folder is None or data is None:
        return load_file(path, builtin=builtin)
    name = str(path)
    key = hashlib.sha256(code_stamp() + f"\0{name}\0{builtin}\0".encode() + data).hexdigest()
    entry = folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.pickle"
    result = read_entry(entry, key)
    if result is None:
        result = load_file(path, builtin=builtin)
        write_entry(entry, key, result)
    return result


def small_file(path: Path) -> bytes | None:
    """The file's bytes, or None when it is not a regular file of a pack's size (the loader
    then says what is wrong with it)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def read_entry(entry: Path, key: str) -> LoadResult | None:
    try:
        with entry.open("rb") as file:
            if file.read(len(FORMAT) + KEY_BYTES) != FORMAT + key.encode():
                return None
            with gc_paused():  # many small objects: collecting while they are made is waste
                result = pickle.load(file)  # written by `write_entry` only, in the user's folder
    except Exception:  # missing, torn or from another version: load the pack instead
        return None
    return result if isinstance(result, LoadResult) else None


def write_entry(entry: Path, key: str, result: LoadResult) -> None:
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as file:
            file.write(FORMAT + key.encode())
            pickle.dump(without_variants(result), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)  # readers see the old entry or the new, never half
    except Exception:  # a read-only or full disk: the cache only saves time
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def without_variants(result: LoadResult) -> LoadResult:
    """The result with each exercise's memo of variants left empty: the variants are most of
    the bytes and quick to make again for the one exercise shown."""
    if result.pack is None:
        return result
    exercises = tuple(replace(exercise) for exercise in result.pack.exercises)
    return replace(result, pack=replace(result.pack, exercises=exercises))
