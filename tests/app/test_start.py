"""Starting: clear messages (never a traceback) for bad paths, no packs, an unusable progress
folder; a corrupt progress file is kept aside and the app says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tutor.app import main
from tutor.app.app import TutorApp
from tutor.app.screens.notice import NoticeScreen
from tutor.app.screens.packs import PacksScreen
from tutor.cli.main import main as cli_main
from tutor.packs import discover
from tutor.packs.discover import Library


def test_missing_path_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert cli_main(["practice", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: no such file or folder" in err and "Traceback" not in err


def test_no_packs_is_a_message(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(discover, "load_library", lambda paths: Library((), ()))
    assert main.run_app([]) == 2
    assert "no exercise packs" in capsys.readouterr().err


def test_unusable_data_dir_is_a_message(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main.run_app([], data_dir=str(blocker / "progress")) == 2
    err = capsys.readouterr().err
    assert "cannot create the data folder" in err and "--data-dir" in err


async def test_corrupt_progress_is_kept_aside_and_said(
        make_app: Callable[..., TutorApp], data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        text = str(app.screen.query_one("Static").render())
        assert "could not be read" in text and "fresh progress" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PacksScreen)
    kept = list(data_dir.glob("progress.sqlite3.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")


async def test_broken_pack_is_listed_and_skipped(make_app: Callable[..., TutorApp],
                                                 tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n")
    app = make_app(str(broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        assert "broken.yaml:" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        assert app.session.packs[0].id == "conv-dims"


async def test_given_pack_opens_first(make_app: Callable[..., TutorApp],
                                      tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    source = (Path(__file__).parents[2] / "exercises" / "conv-dims.yaml").read_text()
    mine.write_text(source.replace("id: conv-dims", "id: my-pack", 1))
    app = make_app(str(mine))
    async with app.run_test(size=(80, 24)):
        assert app.session.packs[0].id == "my-pack"
        assert app.session.packs[1].id == "conv-dims"
