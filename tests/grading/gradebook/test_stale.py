"""Stale grades: a submission being regraded shows neither its earlier points nor feedback."""

import shutil
import warnings

import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from coursekit.grading.gradebook.stale import (
    PENDING_PAGE,
    clear_grades,
    mark_pending,
    replace_feedback,
)
from coursekit.grading.nbgrader_cli import tools_on_path

ASSIGNMENT = "python_basics"
NOTEBOOKS = ("Basics", "Extra")
CELLS = ("sigmoid-values", "L1-values")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Return a gradebook file where ada and bob were graded: each cell 1 auto point of 2."""
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    tools_on_path()  # a new gradebook is stamped by running `alembic`
    with Gradebook(f"sqlite:///{path}") as gradebook:
        gradebook.add_assignment(ASSIGNMENT)
        for notebook in NOTEBOOKS:
            gradebook.add_notebook(notebook, ASSIGNMENT)
            for cell in CELLS:
                gradebook.add_grade_cell(cell, notebook, ASSIGNMENT, max_score=2, cell_type="code")
        for student in ("ada", "bob"):
            gradebook.add_student(student)
            with warnings.catch_warnings():
                # nbgrader's own add_submission autoflushes half-built rows: harmless here.
                warnings.simplefilter("ignore", SAWarning)
                gradebook.add_submission(ASSIGNMENT, student)
            for notebook in NOTEBOOKS:
                for cell in CELLS:
                    grade = gradebook.find_grade(cell, notebook, ASSIGNMENT, student)
                    grade.auto_score = 1.0
                    grade.needs_manual_grade = False
        gradebook.find_grade(CELLS[0], NOTEBOOKS[0], ASSIGNMENT, "ada").manual_score = 2.0
        gradebook.db.commit()
    return path


@pytest.fixture
def db_url(template, tmp_path):
    """Return the URL of a fresh copy of the graded gradebook."""
    path = tmp_path / "gradebook.db"
    shutil.copy2(template, path)
    return f"sqlite:///{path}"


def _grades(db_url, student):
    """Return {(notebook, cell): (auto score, manual score, needs manual grade)} of ``student``."""
    with Gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        return {
            (notebook.name, grade.name): (
                grade.auto_score,
                grade.manual_score,
                grade.needs_manual_grade,
            )
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def test_clearing_removes_every_automatic_grade_and_flags_it(db_url):
    """Are all of ada's automatic scores gone and flagged for a look, her manual score kept?"""
    with Gradebook(db_url) as gradebook:
        assert sorted(clear_grades(gradebook, ASSIGNMENT, "ada")) == sorted(NOTEBOOKS)
    grades = _grades(db_url, "ada")
    assert all(auto is None and flagged for auto, _, flagged in grades.values()), grades
    assert grades[(NOTEBOOKS[0], CELLS[0])][1] == 2.0


def test_clearing_touches_no_other_student(db_url):
    """Do bob's grades stay as they were when ada's are cleared?"""
    before = _grades(db_url, "bob")
    mark_pending(db_url, ASSIGNMENT, "ada")
    assert _grades(db_url, "bob") == before
    assert all(auto == 1.0 for auto, _, _ in before.values())


def test_clearing_named_notebooks_keeps_the_others_and_lists_all(db_url):
    """Are only the named notebook's grades cleared, while every notebook id is returned?"""
    names = mark_pending(db_url, ASSIGNMENT, "ada", notebooks=["Extra"])
    assert sorted(names) == sorted(NOTEBOOKS)
    grades = _grades(db_url, "ada")
    assert all(grades[("Extra", cell)][0] is None for cell in CELLS)
    assert all(grades[("Basics", cell)][0] == 1.0 for cell in CELLS)


def test_a_submission_never_graded_has_nothing_to_clear(db_url):
    """Does clearing a student with no submission return no notebook and change nothing?"""
    before = _grades(db_url, "bob")
    assert mark_pending(db_url, ASSIGNMENT, "carol") == []
    assert mark_pending(db_url, "no_such_assignment", "bob") == []
    assert _grades(db_url, "bob") == before


def test_feedback_pages_are_replaced_by_the_not_graded_page(tmp_path):
    """Is each earlier feedback page replaced by one saying the latest submission is not graded?"""
    folder = tmp_path / "feedback" / "ada" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "Basics.html").write_text("<p>15 points, softmax is right</p>", encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-12-01 10:00:00", encoding="utf-8")
    replace_feedback(folder, ASSIGNMENT, ["Basics"])
    page = (folder / "Basics.html").read_text(encoding="utf-8")
    assert page == PENDING_PAGE.format(title="Basics", assignment=ASSIGNMENT)
    assert "not graded" in page and "softmax" not in page
    assert (folder / "timestamp.txt").read_text(encoding="utf-8") == "2026-12-01 10:00:00"


def test_the_not_graded_page_escapes_names(tmp_path):
    """Are notebook and assignment names HTML-escaped in the page?"""
    replace_feedback(tmp_path, "<script>", ["x&<i>"])
    page = (tmp_path / "x&<i>.html").read_text(encoding="utf-8")
    assert "x&amp;&lt;i&gt;" in page and "&lt;script&gt;" in page
    assert "<i>" not in page and "<script>" not in page


def test_a_linked_feedback_page_is_replaced_not_followed(tmp_path):
    """Does a feedback page that is a link become a file, the link's target left untouched?"""
    folder = tmp_path / "feedback"
    folder.mkdir()
    target = tmp_path / "elsewhere.html"
    target.write_text("someone else's file", encoding="utf-8")
    (folder / "Basics.html").symlink_to(target)
    replace_feedback(folder, ASSIGNMENT, ["Basics"])
    assert not (folder / "Basics.html").is_symlink()
    assert "not graded" in (folder / "Basics.html").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "someone else's file"


def test_no_feedback_folder_means_nothing_is_written(tmp_path):
    """Is nothing created when the student never had feedback for the assignment?"""
    folder = tmp_path / "feedback" / "ada" / ASSIGNMENT
    replace_feedback(folder, ASSIGNMENT, ["Basics"])
    assert not (tmp_path / "feedback").exists()
