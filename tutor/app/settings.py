"""The learner's app settings (today: the theme), kept as JSON beside the progress file.

A setting that cannot be read or written is never an error: the app starts with defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

FILENAME = "settings.json"
MAX_BYTES = 64_000


def read_settings(folder: Path) -> dict[str, str]:
    try:
        path = folder / FILENAME
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def save_setting(folder: Path, key: str, value: str) -> None:
    """Write one setting (atomically: a crash leaves the old file or the new one)."""
    settings = read_settings(folder)
    if settings.get(key) == value:
        return
    settings[key] = value
    path = folder / FILENAME
    temporary = path.with_name(f".{FILENAME}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(settings, indent=1), encoding="utf-8")
        os.replace(temporary, path)
