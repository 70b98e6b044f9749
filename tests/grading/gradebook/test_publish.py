"""Publishing a graded class with nbgrader's own commands: feedback pages and a grades CSV."""

import csv
import re
import shutil

import pytest
from harness import ASSIGNMENT, FULL, WRONG, WRONG_SCORE, autograde_students, hand_in, notebook
from harness import solution as solution_answers

from coursekit.grading.gradebook.publish import export_grades, generate_feedback


@pytest.fixture(scope="module")
def graded(scratch, tmp_path_factory):
    """Return a course where ada handed in the solution and bob a partly wrong notebook."""
    course = tmp_path_factory.mktemp("publish") / "course"
    shutil.copytree(scratch(ASSIGNMENT.name), course, symlinks=True)
    hand_in(course, "ada", notebook(course, solution_answers(course)))
    hand_in(course, "bob", notebook(course, WRONG))
    autograde_students(course, ASSIGNMENT, ["ada", "bob"], log=lambda message: None)
    return course


@pytest.mark.slow
def test_feedback_pages_are_written_for_each_graded_student(graded):
    """Does generate_feedback write one HTML page per graded student, showing their score?"""
    folder = generate_feedback(graded, ASSIGNMENT.name)
    assert folder == graded / "feedback"
    page = ASSIGNMENT.notebook.replace(".ipynb", ".html")
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    assert pages == [f"{student}/{ASSIGNMENT.name}/{page}" for student in ("ada", "bob")]
    for student, score in (("ada", FULL), ("bob", WRONG_SCORE)):
        html = (folder / student / ASSIGNMENT.name / page).read_text(encoding="utf-8")
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        stem = ASSIGNMENT.notebook.removesuffix(".ipynb")
        assert f"{stem}: {score:.1f} / {FULL:.1f} points" in text, student


@pytest.mark.slow
def test_a_student_pattern_writes_only_that_students_feedback(graded, tmp_path):
    """Does a student pattern limit the feedback pages to the students it matches?"""
    course = shutil.copytree(graded, tmp_path / "course", symlinks=True)
    shutil.rmtree(course / "feedback", ignore_errors=True)
    folder = generate_feedback(course, ASSIGNMENT.name, student_glob="ada")
    assert sorted(p.name for p in folder.iterdir()) == ["ada"]


@pytest.mark.slow
def test_export_writes_one_row_per_student_and_assignment(graded, tmp_path):
    """Does export_grades write a CSV row per student and assignment with their scores?"""
    dest = export_grades(graded, tmp_path / "out" / "grades.csv")
    assert dest == (tmp_path / "out" / "grades.csv").resolve()
    with dest.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    got = {
        (r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"])) for r in rows
    }
    assert got == {
        ("ada", ASSIGNMENT.name): (FULL, FULL),
        ("bob", ASSIGNMENT.name): (WRONG_SCORE, FULL),
    }


@pytest.mark.slow
def test_a_failing_nbgrader_call_raises_with_its_log(graded):
    """Does feedback for an unknown assignment raise RuntimeError carrying nbgrader's log?"""
    with pytest.raises(RuntimeError) as raised:
        generate_feedback(graded, "no_such_assignment")
    message = str(raised.value)
    assert message.startswith("nbgrader generate_feedback no_such_assignment failed:\n")
    assert "No notebooks were matched" in message, "nbgrader's own log is missing"
