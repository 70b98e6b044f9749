"""The course's list of assignments: every file it names exists, and lookups name the choices."""

from pathlib import Path

import pytest

from coursekit.course import ASSIGNMENTS, GRADED, ROOT, get_assignment

NAMES = [a.name for a in ASSIGNMENTS]


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_every_assignment_has_its_source_and_release_notebook(assignment):
    """Do the instructor notebook and the committed student notebook of each assignment exist?"""
    assert assignment.source_notebook().is_file(), assignment.source_notebook()
    assert assignment.release_notebook().is_file(), "no release notebook; run `make release`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_every_shared_file_exists_at_the_top_level(assignment):
    """Does each shared file or folder an assignment lists exist at the course's top level?"""
    missing = [name for name in assignment.shared if not (ROOT / name).exists()]
    assert not missing, f"{assignment.name} lists missing shared files: {missing}"


def test_assignment_names_and_notebooks_are_unique():
    """Is every assignment name, and every notebook file name, used once?"""
    assert len(set(NAMES)) == len(NAMES), NAMES
    notebooks = [a.notebook for a in ASSIGNMENTS]
    assert len(set(notebooks)) == len(notebooks), notebooks


def test_graded_lists_every_assignment_but_the_ungraded_ones():
    """Does GRADED hold the graded assignments in course order and leave out the theory notes?"""
    assert GRADED == tuple(a for a in ASSIGNMENTS if a.graded)
    assert [a.name for a in ASSIGNMENTS if not a.graded] == ["nn_theory"]


def test_notebook_paths_follow_the_given_root(tmp_path):
    """Are source and release notebooks found under the root passed in, in nbgrader's folders?"""
    basics = get_assignment("python_basics")
    assert basics.source_notebook(tmp_path) == tmp_path / "source" / basics.name / basics.notebook
    assert basics.release_notebook(Path("/x")) == Path("/x/release") / basics.name / basics.notebook


@pytest.mark.parametrize("name", NAMES)
def test_get_assignment_finds_each_assignment_by_name(name):
    """Does get_assignment return the assignment of that name from the course's list?"""
    assignment = get_assignment(name)
    assert assignment.name == name and assignment in ASSIGNMENTS


def test_an_unknown_assignment_error_names_every_known_one():
    """Does asking for an unknown assignment raise KeyError naming it and all valid names?"""
    with pytest.raises(KeyError) as error:
        get_assignment("python_basic")
    message = str(error.value)
    assert "'python_basic'" in message
    assert all(name in message for name in NAMES), message
