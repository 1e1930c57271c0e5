"""The practice logic without a terminal: variants, resuming, summaries, the pack index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.app import index as pack_index
from tutor.app.main import load, prepare
from tutor.app.session import Session
from tutor.packs.discover import load_library
from tutor.practice import Round
from tutor.progress import open_store


@pytest.fixture
def session(data_dir: Path):
    store, _ = open_store(data_dir)
    clock = iter(range(1, 10_000))
    yield Session(store, load_library([]), clock=lambda: float(next(clock)))
    store.close()


def test_a_varied_exercise_keeps_its_variant_until_done_then_changes(session: Session
                                                                      ) -> None:
    pack = session.pack("padding-strides")
    round_ = Round(pack)
    index = next(i for i, e in enumerate(pack.exercises) if e.id == "valid-height")
    first = session.check(session.start(round_, index), "1")  # wrong: the variant stays
    assert session.start(round_, index).seed == first.seed
    session.check(first, str(first.expected.value))
    again = session.start(round_, index)
    assert again.seed != first.seed
    assert again.variant.values != first.variant.values


def test_resume_restores_tries_of_the_same_variant(session: Session) -> None:
    pack = session.pack("conv-dims")
    practice = session.check(session.start(Round(pack), 1), "896")
    session.check(practice.move(1), "3")
    resumed = session.start(Round(pack), 1)
    assert resumed.current == 1
    assert [s.tries for s in resumed.states] == [1, 1, 0]
    assert session.resume_index("conv-dims") == 1


def test_opening_another_exercise_is_remembered_as_the_position(session: Session) -> None:
    pack = session.pack("conv-dims")
    practice = session.start(Round(pack), 1)
    assert session.resume_index("conv-dims") == 1
    session.open(practice, 0)
    assert session.resume_index("conv-dims") == 0


def test_summary_and_retry_round(session: Session) -> None:
    pack = session.pack("conv-dims")
    practice = session.start(Round(pack), 1)
    for text in ("864", "896"):
        practice = session.check(practice, text)
    summary = session.summary(Round(pack))
    assert (summary.total, summary.solved, summary.first_try, summary.unanswered) == (3, 1, 0, 2)
    retry = session.retry_round(summary)
    assert retry is not None and retry.only == {"lesson-questions": ("question-1",)}
    again = session.start(retry, retry.indexes[0])
    assert again.order == (0,) and again.states[0].tries == 0  # counted from the retry on
    session.check(again, "896")
    assert session.summary(retry).first_try == 1


def test_unreadable_answers_and_rechecks_are_not_saved(session: Session) -> None:
    practice = session.start(Round(session.pack("conv-dims")), 1)
    after = session.check(practice, "eight hundred")
    assert after.state.verdict is not None and after.state.verdict.unreadable
    assert session.store.attempts() == []
    solved = session.check(after, "896")
    session.check(solved, "896")
    assert len(session.store.attempts()) == 1


def test_what_is_asked_for_before_the_packs_load_is_done_once_they_are(data_dir: Path) -> None:
    store, _ = open_store(data_dir)
    session = Session(store, loader=lambda: load_library([]))
    done: list[str] = []
    assert not session.when_loaded(lambda: done.append("waited"))
    session.set_library(session.loader())
    assert done == ["waited"] and session.when_loaded(lambda: done.append("at once"))
    assert done == ["waited", "at once"]
    store.close()


def test_index_starts_the_app_before_the_packs_load(data_dir: Path, tmp_path: Path) -> None:
    first = prepare([], str(data_dir))
    assert not isinstance(first, str) and first.session.loaded
    assert (data_dir / pack_index.FILENAME).exists()
    second = prepare([], str(data_dir))
    assert not isinstance(second, str) and not second.session.loaded
    assert [p.id for p in second.session.infos()][:1] == ["conv-dims"]
    assert second.session.pack("conv-dims").exercises  # waits for the packs to load


def test_a_changed_pack_folder_makes_the_index_stale(data_dir: Path, tmp_path: Path) -> None:
    load((), data_dir)
    assert pack_index.read_index(data_dir) is not None
    user = Path(os.environ["TUTOR_PACKS_DIR"])
    user.mkdir(parents=True, exist_ok=True)
    (user / "new.yaml").write_text("id: new\n")
    assert pack_index.read_index(data_dir) is None


def test_a_damaged_index_is_ignored(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / pack_index.FILENAME).write_text("{not json")
    assert pack_index.read_index(data_dir) is None
    app = prepare([], str(data_dir))
    assert not isinstance(app, str) and app.session.loaded


def test_the_index_is_kept_in_the_data_dir_given(data_dir: Path, tmp_path: Path) -> None:
    """`--data-dir` keeps everything there: nothing is written to the default folder."""
    chosen = tmp_path / "chosen"
    app = prepare([], str(chosen))
    assert not isinstance(app, str)
    assert (chosen / pack_index.FILENAME).exists()
    assert not (data_dir / pack_index.FILENAME).exists()
