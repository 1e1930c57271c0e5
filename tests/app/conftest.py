"""Every app test runs on its own progress folder and an empty folder of user packs, so it
never reads or writes the learner's real ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.app.app import TutorApp
from tutor.app.main import prepare


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    monkeypatch.setenv("TUTOR_PACKS_DIR", str(tmp_path / "user-packs"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return data


@pytest.fixture
def data_dir(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., TutorApp]:
    """A ready app on the built-in packs (and any `paths`), with the test's progress folder."""

    def make(*paths: str) -> TutorApp:
        app = prepare(list(paths), str(data_dir))
        assert isinstance(app, TutorApp), app
        return app

    return make
