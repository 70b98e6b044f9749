"""Scratch courses: a copy of what the course is made of, built, and nothing grading produced."""

import filecmp
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from coursekit.course import ROOT, get_assignment
from coursekit.workspace import scratch_course

BASICS = get_assignment("python_basics")
# What grading and reporting leave in a course folder: a scratch course starts without them.
OUTPUTS = ("submitted", "autograded", "feedback", "reports", "exchange", "grades.csv")


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """Return a course folder as it is after a term: authored files, outputs and stale copies."""
    root = tmp_path_factory.mktemp("origin")
    for name in ("nbgrader_config.py", "public_tests.py", "lr_utils.py"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(ROOT / "images", root / "images")
    source = root / "source" / BASICS.name
    source.mkdir(parents=True)
    shutil.copy2(BASICS.source_notebook(), source)
    (source / "public_tests.py").write_text("# a stale synced copy\n", encoding="utf-8")
    (source / "scratch_notes.txt").write_text("not part of the course\n", encoding="utf-8")
    other = root / "source" / "logistic_regression"
    other.mkdir()
    (other / "draft.ipynb").write_text("{}", encoding="utf-8")
    for name in OUTPUTS:
        if "." in name:
            (root / name).write_text("student,score\n", encoding="utf-8")
        else:
            (root / name / "demo_perfect").mkdir(parents=True)
    (root / "gradebook.db").write_bytes(b"a real class's grades")
    return root


@pytest.fixture(scope="module")
def course(origin, tmp_path_factory) -> Path:
    """Return a scratch course of Assignment 1 built from ``origin``."""
    return scratch_course(tmp_path_factory.mktemp("scratch"), [BASICS], root=origin)


def test_scratch_course_copies_the_config_shared_files_and_source_notebook(origin, course):
    """Are nbgrader_config.py, the shared files and the source notebook copied unchanged?"""
    for name in ("nbgrader_config.py", "public_tests.py"):
        assert filecmp.cmp(origin / name, course / name, shallow=False), name
    assert not filecmp.dircmp(origin / "images", course / "images").diff_files
    assert sorted(p.name for p in (course / "images").iterdir()) == sorted(
        p.name for p in (origin / "images").iterdir()
    )
    assert (
        BASICS.source_notebook(course).read_bytes() == BASICS.source_notebook(origin).read_bytes()
    )


def test_scratch_course_takes_nothing_of_the_outputs_or_other_assignments(course):
    """Are submissions, feedback, reports, other assignments and unshared files left behind?"""
    present = [name for name in OUTPUTS if (course / name).exists()]
    assert not present, f"outputs copied into the scratch course: {present}"
    assert not (course / "lr_utils.py").exists(), "a file Assignment 1 does not share was copied"
    assert sorted(p.name for p in (course / "source").iterdir()) == [BASICS.name]
    assert not (course / "source" / BASICS.name / "scratch_notes.txt").exists()


def test_scratch_course_syncs_fresh_copies_and_builds_the_release(course):
    """Is the stale synced copy replaced, and the release built from the fresh one?"""
    synced = course / "source" / BASICS.name / "public_tests.py"
    released = course / "release" / BASICS.name / "public_tests.py"
    assert "a stale synced copy" not in synced.read_text(encoding="utf-8")
    assert filecmp.cmp(synced, released, shallow=False)
    assert BASICS.release_notebook(course).is_file()


def test_scratch_course_has_its_own_empty_gradebook(course):
    """Does the scratch course's gradebook know the assignment and hold no student or grade?"""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert [a.name for a in gradebook.assignments] == [BASICS.name]
        assert gradebook.students == []
        assert gradebook.find_assignment(BASICS.name).submissions == []
