"""The cache of loaded packs: an unchanged pack comes from it, a changed pack never does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.packs import cache, load_paths
from tutor.packs.cache import load_cached

PACK = """\
id: demo
title: Demo
description: d
version: '1.0'
author: a
exercises:
  - id: one
    title: One
    prompt: p
    model:
      input_shape: [28, 28, 1]
      layers:
        - {type: Conv2D, filters: 32, kernel_size: 3}
    questions:
      - quantity: params
"""


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def answer(path: Path) -> object:
    (pack,) = load_paths([path]).packs
    variant = pack.exercise("one").variant(0)
    return variant.answer(variant.questions[0]).value


def test_an_unchanged_pack_comes_from_the_cache(tmp_path: Path, folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK)
    assert answer(path) == 320
    assert len(list(folder.glob("*.pickle"))) == 1
    calls = []
    monkeypatch.setattr(cache, "load_file", lambda *a, **k: calls.append(a))
    assert answer(path) == 320  # not loaded again: the stub would have returned None
    assert calls == []


def test_an_edited_pack_is_loaded_again(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK)
    stat = path.stat()
    assert answer(path) == 320
    # the same size and mtime: only the content says it changed
    path.write_text(PACK.replace("filters: 32", "filters: 64"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert answer(path) == 640
    assert len(list(folder.glob("*.pickle"))) == 1  # one entry per file, replaced


def test_a_broken_pack_reports_the_same_problems_from_the_cache(tmp_path: Path,
                                                                folder: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK.replace("kernel_size: 3", "kernel_size: 30"))
    first = load_paths([path])
    again = load_paths([path])
    assert first.packs == again.packs == ()
    assert first.problems == again.problems and first.problems


def test_a_torn_entry_is_ignored_and_replaced(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK)
    assert answer(path) == 320
    (entry,) = folder.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:120])
    assert answer(path) == 320
    assert load_cached(path).pack is not None


def test_an_empty_setting_keeps_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    path = tmp_path / "demo.yaml"
    path.write_text(PACK)
    assert answer(path) == 320
    assert cache.cache_dir() is None


def test_new_code_is_a_new_key(tmp_path: Path, folder: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(PACK)
    assert answer(path) == 320
    calls = []
    real = cache.load_file
    monkeypatch.setattr(cache, "code_stamp", lambda: b"other code")
    monkeypatch.setattr(cache, "load_file", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert answer(path) == 320
    assert len(calls) == 1
