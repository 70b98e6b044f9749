"""Only the notebook is taken in, never through a link; unreadable notebooks get a note."""

import json
import os
import stat
from pathlib import Path

import nbformat
import pytest
from harness import ASSIGNMENT
from traitlets.config import Config

from coursekit.grading.intake.files import (
    NOTES,
    SET_ASIDE,
    Intake,
    collect,
    read_notes,
    refuse_links,
)


def _course(tmp_path: Path) -> Path:
    """Lay out a course holding Assignment 1's source notebook; return its root."""
    source = tmp_path / "source" / ASSIGNMENT.name
    source.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), source / ASSIGNMENT.notebook)
    return tmp_path


def _intake(root: Path, **extra) -> Intake:
    """Return the intake of the course at ``root`` (as nbgrader_config.py makes it)."""
    config = Config({"CourseDirectory": {"root": str(root)}, "Intake": extra})
    return Intake(config=config)


def _folder(root: Path, student: str = "someone") -> Path:
    """Return (made) ``student``'s submission folder of Assignment 1."""
    folder = root / "submitted" / student / ASSIGNMENT.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _submission(root: Path, name: str, text: str) -> Path:
    """Write ``text`` as a submitted notebook ``name``; return its path."""
    path = _folder(root) / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hostile_folder(tmp_path):
    """Return a submission holding a notebook and every kind of entry that must not come in."""
    secret = tmp_path / "gradebook.db"
    secret.write_text("SECRET", encoding="utf-8")
    folder = _folder(tmp_path)
    nbformat.write(nbformat.v4.new_notebook(), folder / ASSIGNMENT.notebook)
    (folder / "timestamp.txt").write_text("2026-01-01 10:00:00", encoding="utf-8")
    (folder / "linked.db").symlink_to(secret)
    (folder / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep_link.py").symlink_to(secret)
    os.link(secret, folder / "sub" / "hard.db")
    os.mkfifo(folder / "pipe")
    # A socket file made directly: binding one needs a path under 108 bytes, and pytest's
    # folders under xdist are longer.
    os.mknod(folder / "sock", 0o600 | stat.S_IFSOCK)
    (folder / "helpers.py").write_text("x = 1\n", encoding="utf-8")
    (folder / "sub" / "data.csv").write_text("1,2\n", encoding="utf-8")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "nb-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    return folder


REFUSED = {"linked.db", "linked_dir", "sub/deep_link.py", "sub/hard.db", "pipe", "sock"}


def test_links_devices_and_unlisted_files_are_set_aside_unopened(hostile_folder):
    """Links (any depth), outside hard links, FIFOs, sockets and unlisted files go aside."""
    notes = refuse_links(hostile_folder, extra_files=["sub/*.csv"])
    aside = hostile_folder / SET_ASIDE
    for name in REFUSED:
        assert not os.path.lexists(hostile_folder / name), name
        assert os.path.lexists(aside / name.replace("/", "__")), name
        assert any(f"`{name}` was not taken in" in note for note in notes), name
    assert os.readlink(aside / "linked.db") == str(hostile_folder.parents[2] / "gradebook.db")
    assert (aside / "helpers.py").is_file() and any("`helpers.py`" in n for n in notes)
    kept = {ASSIGNMENT.notebook, "timestamp.txt", "sub/data.csv"}
    assert all((hostile_folder / name).is_file() for name in kept)
    assert (hostile_folder / ".ipynb_checkpoints" / "nb-checkpoint.ipynb").exists()
    assert read_notes(hostile_folder) == notes


def test_collecting_from_an_exchange_copies_only_what_is_taken_in(hostile_folder, tmp_path):
    """Collection copies the notebook, the time and listed files; it follows no link."""
    dest = tmp_path / "course" / "submitted" / "someone" / ASSIGNMENT.name
    notes = collect(hostile_folder, dest, extra_files=["sub/*.csv"])
    copied = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert copied == sorted([ASSIGNMENT.notebook, NOTES, "sub/data.csv", "timestamp.txt"])
    assert all(not p.is_symlink() for p in dest.rglob("*"))
    assert "SECRET" not in "".join(p.read_text(encoding="utf-8") for p in dest.rglob("*.*"))
    for name in [*REFUSED, "helpers.py"]:
        assert any(f"`{name}`" in note for note in notes), name
    assert read_notes(dest) == notes == refuse_links(dest, extra_files=["sub/*.csv"])


def test_taking_in_twice_changes_nothing_more(hostile_folder):
    """A second intake (a regrade) keeps the first one's notes and sets nothing else aside."""
    first = refuse_links(hostile_folder)
    aside = sorted(p.name for p in (hostile_folder / SET_ASIDE).rglob("*"))
    assert refuse_links(hostile_folder) == first
    assert sorted(p.name for p in (hostile_folder / SET_ASIDE).rglob("*")) == aside


def test_files_that_came_with_the_release_go_aside_without_a_note(tmp_path):
    """Submitting the fetched folder brings the release's files: set aside, no note."""
    root = _course(tmp_path)
    source = root / "source" / ASSIGNMENT.name
    (source / "images").mkdir()
    (source / "images" / "sigmoid.png").write_bytes(b"png")
    (source / "public_tests.py").write_text("def check(): pass\n", encoding="utf-8")
    folder = _folder(root)
    nbformat.write(nbformat.v4.new_notebook(), folder / ASSIGNMENT.notebook)
    (folder / "images").mkdir()
    (folder / "images" / "sigmoid.png").write_bytes(b"png")
    (folder / "public_tests.py").write_text("edited = True\n", encoding="utf-8")
    (folder / "submission_secret.txt").write_text("s3cret", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    notes = refuse_links(folder)
    assert len(notes) == 1 and "`notes.txt`" in notes[0], notes
    for name in ("images/sigmoid.png", "public_tests.py", "submission_secret.txt", "notes.txt"):
        assert not (folder / name).exists(), name
    assert (folder / ASSIGNMENT.notebook).is_file()


def test_hard_links_inside_the_submission_are_kept(tmp_path):
    """Two names of one file, both in the submission, bring nothing in from outside."""
    folder = _folder(tmp_path)
    (folder / "a.ipynb").write_text("{}", encoding="utf-8")
    os.link(folder / "a.ipynb", folder / "b.ipynb")
    assert refuse_links(folder) == []
    assert not (folder / NOTES).exists()


def test_the_intakes_own_names_cannot_be_turned_into_links(tmp_path):
    """A handed-in notes file or set-aside folder that is a link is refused, never written."""
    secret = tmp_path / "gradebook.db"
    secret.write_text("SECRET", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = _folder(tmp_path)
    (folder / NOTES).symlink_to(secret)
    (folder / SET_ASIDE).symlink_to(outside, target_is_directory=True)
    (folder / "pipe").symlink_to(secret)
    notes = refuse_links(folder)
    assert secret.read_text(encoding="utf-8") == "SECRET"
    assert list(outside.iterdir()) == []
    assert (folder / SET_ASIDE).is_dir() and not (folder / SET_ASIDE).is_symlink()
    assert len(notes) == 3 and read_notes(folder) == notes


def test_a_submission_folder_that_is_a_link_is_refused(tmp_path):
    """A submission folder linked elsewhere is not read or changed at all."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "submitted" / "someone" / ASSIGNMENT.name
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="is a link"):
        refuse_links(link)
    assert list(elsewhere.iterdir()) == []


def test_a_notebook_linked_elsewhere_becomes_a_note(tmp_path):
    """A notebook that is a link is set aside; a notebook with a note is graded in its place."""
    root = _course(tmp_path)
    solutions = tmp_path / "solutions.ipynb"
    answer = nbformat.v4.new_code_cell("SOLUTION")
    nbformat.write(nbformat.v4.new_notebook(cells=[answer]), solutions)
    path = _folder(root) / ASSIGNMENT.notebook
    path.symlink_to(solutions)
    notebooks = [str(path)]
    _intake(root).take_in(assignment="*", student="*", notebooks=notebooks)
    assert notebooks == [str(path)] and not path.is_symlink()
    text = path.read_text(encoding="utf-8")
    assert "could not be read" in text and "link" in text and "SOLUTION" not in text


def test_a_hook_that_fails_grades_nothing(tmp_path, monkeypatch):
    """If the intake itself fails, the submission is not graded (its links stay unfollowed)."""
    root = _course(tmp_path)
    path = _submission(root, ASSIGNMENT.notebook, "{}")

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr("coursekit.grading.intake.files.refuse_links", broken)
    notebooks = [str(path)]
    _intake(root).take_in(assignment="*", student="*", notebooks=notebooks)
    assert notebooks == []


@pytest.mark.parametrize(
    "text",
    [
        "{ this is not json",
        json.dumps({"nbformat": 5, "nbformat_minor": 0, "cells": []}),
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": 5}],
            }
        ),
    ],
    ids=["bad_json", "nbformat_5", "invalid_cell"],
)
def test_intake_replaces_an_unreadable_notebook_with_a_note(tmp_path, text):
    """An unreadable notebook is set aside and replaced by a readable one carrying a note."""
    root = _course(tmp_path)
    path = _submission(root, ASSIGNMENT.notebook, text)
    notebooks = [str(path)]
    _intake(root).take_in(assignment="*", student="*", notebooks=notebooks)
    assert notebooks == [str(path)]
    kept = path.parent / SET_ASIDE / (path.name + ".unreadable")
    assert kept.read_text(encoding="utf-8") == text
    nb = nbformat.read(path, as_version=4)
    assert "could not be read" in nb.cells[0].source


def test_intake_grades_a_misnamed_copy_under_the_expected_name(tmp_path):
    """`Notebook (1).ipynb` is graded as `Notebook.ipynb` when that one is missing."""
    root = _course(tmp_path)
    misnamed = ASSIGNMENT.notebook.replace(".ipynb", " (1).ipynb")
    path = _submission(root, misnamed, nbformat.writes(nbformat.v4.new_notebook()))
    notebooks = [str(path)]
    _intake(root).take_in(assignment="*", student="*", notebooks=notebooks)
    assert notebooks == [str(path.with_name(ASSIGNMENT.notebook))]
    assert path.exists() and path.with_name(ASSIGNMENT.notebook).exists()


def test_listed_extra_files_are_taken_in(tmp_path):
    """Files the assignment lists in ``Intake.extra_files`` stay; others go aside."""
    root = _course(tmp_path)
    path = _submission(root, ASSIGNMENT.notebook, nbformat.writes(nbformat.v4.new_notebook()))
    (path.parent / "helpers.py").write_text("x = 1\n", encoding="utf-8")
    (path.parent / "other.py").write_text("y = 2\n", encoding="utf-8")
    intake = _intake(root, extra_files={ASSIGNMENT.name: ["helpers.py"]})
    intake.take_in(assignment="*", student="*", notebooks=[str(path)])
    assert (path.parent / "helpers.py").is_file()
    assert not (path.parent / "other.py").exists()
