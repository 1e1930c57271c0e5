"""Finding packs: built-in first, then the user's folder, then paths given; broken ones skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL

from tutor.packs import builtin_dir, load_library, load_paths, user_dir
from tutor.packs.discover import ENV_VAR


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-packs"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


def test_builtin_dir_is_the_repositorys_exercises_in_a_checkout() -> None:
    assert (builtin_dir() / "conv-dims.yaml").is_file()


def test_user_dir_follows_the_environment(user: Path) -> None:
    assert user_dir() == user


def test_user_dir_defaults_to_the_platforms_data_folder(monkeypatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert user_dir().parts[-2:] == ("tutor", "packs")


def test_builtin_then_user_then_given(user: Path, tmp_path: Path) -> None:
    write(user, "mine.yaml", MINIMAL.replace("id: demo", "id: mine"))
    given = write(tmp_path / "given", "extra.yml", MINIMAL.replace("id: demo", "id: extra"))
    library = load_library([given])
    assert library.problems == ()
    ids = [p.id for p in library.packs]
    assert ids[0] == "conv-dims"
    assert ids[-2:] == ["mine", "extra"]
    assert library.pack("mine").builtin is False and library.pack("conv-dims").builtin


def test_a_missing_user_folder_is_fine(user: Path) -> None:
    assert not user.exists()
    assert load_library().problems == ()


def test_a_broken_pack_among_many_is_reported_and_skipped(user: Path) -> None:
    for index in range(5):
        write(user, f"p{index}.yaml", MINIMAL.replace("id: demo", f"id: p{index}"))
    write(user, "p2.yaml", "id: [broken\n")
    write(user, "nested/deeper/p9.yaml", MINIMAL.replace("id: demo", "id: p9"))
    write(user, ".hidden/skip.yaml", "not: a pack\n")
    write(user, "notes.txt", "not a pack")
    library = load_library(builtin=False)
    assert [p.id for p in library.packs] == ["p9", "p0", "p1", "p3", "p4"]  # by path
    (problem,) = library.problems
    assert problem.file == str(user / "p2.yaml") and problem.where == "yaml"


def test_a_file_given_by_name_wins_over_an_installed_pack_with_its_id(
        user: Path, tmp_path: Path) -> None:
    write(user, "a.yaml", MINIMAL)
    copy = write(tmp_path, "b.yaml", MINIMAL.replace("title: One", "title: New"))
    library = load_library([copy], builtin=False)
    assert [p.file for p in library.packs] == [str(copy)]
    assert library.pack("demo").exercises[0].title == "New"
    (problem,) = library.problems
    assert problem.is_warning
    assert str(problem) == (f"{copy}:1:5: warning: id: pack id 'demo' is also the id of "
                            f"{user / 'a.yaml'}; this file, given by name, is used instead")


def test_a_second_installed_pack_with_a_taken_id_is_skipped_with_a_warning(user: Path) -> None:
    write(user, "a.yaml", MINIMAL)
    write(user, "b.yaml", MINIMAL)
    library = load_library(builtin=False)
    assert [p.file for p in library.packs] == [str(user / "a.yaml")]
    (problem,) = library.problems
    assert str(problem) == (f"{user / 'b.yaml'}:1:5: warning: id: pack id 'demo' is already "
                            f"used by {user / 'a.yaml'}; only one of them can be shown, so give "
                            "this pack another id")


def test_the_same_file_twice_loads_once(user: Path) -> None:
    path = write(user, "a.yaml", MINIMAL)
    library = load_library([path, user], builtin=False)
    assert len(library.packs) == 1 and library.problems == ()


def test_given_paths_that_do_not_exist_are_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    library = load_paths([tmp_path / "nope.yaml", empty])
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'nope.yaml'}:1:1: path: no such file or folder",
        f"{empty}:1:1: path: no pack files (*.yaml, *.yml) in this folder",
    ]


def test_packs_and_exercises_by_id_and_position(user: Path) -> None:
    library = load_library()
    pack = library.pack("conv-dims")
    assert pack.exercise(2) is pack.exercise("2") is pack.exercise("lesson-questions")
    with pytest.raises(Exception, match="no exercise 'nope'"):
        pack.exercise("nope")
    with pytest.raises(Exception, match="no exercise 3"):
        pack.exercise(3)
    with pytest.raises(Exception, match="no pack 'nope'"):
        library.pack("nope")


def test_built_in_packs_come_in_teaching_order() -> None:
    from tutor.packs.discover import BUILTIN_ORDER

    packs = [p.id for p in load_library(user=False).packs]
    assert packs[0] == "conv-dims"
    placed = [p for p in packs if p in BUILTIN_ORDER]
    assert placed == [p for p in BUILTIN_ORDER if p in packs]
    assert packs[:len(placed)] == placed  # a pack not placed yet comes after them all
    assert packs.index("lesson-pytorch") > packs.index("capstone-keras")
