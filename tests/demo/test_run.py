"""Grading the demo class: the made-up students, the points check, and re-running safely."""

import csv
from collections import defaultdict

import nbformat
import pytest

from coursekit.course import ASSIGNMENTS, GRADED, get_assignment
from coursekit.demo import run as grade_class
from coursekit.demo import students as demo_class
from coursekit.grading.gradebook.scores import exercise_of
from coursekit.workspace import scratch_course

NAMES = [a.name for a in GRADED]
TIMEOUT = 5  # seconds per cell: enough for every real cell, short for the endless loop


def _points_in_notebook(assignment):
    """Return ``{exercise: points}`` summed over the source notebook's graded cells."""
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    points = defaultdict(float)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            points[exercise_of(meta["grade_id"])] += meta.get("points", 0)
    return dict(points)


def _fake_scores(assignment, change=None):
    """Return scores equal to the expected ones, with ``change`` = (student, exercise, points)."""
    points = _points_in_notebook(assignment)
    scores = {
        item.student: {e: (float(p), float(points[e])) for e, p in item.expected.items()}
        for item in demo_class.submissions(assignment)
    }
    if change:
        student, exercise, value = change
        scores[student][exercise] = (value, scores[student][exercise][1])
    return scores


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_every_student_hands_in_every_assignment(assignment):
    """Does each demo student hand in each assignment exactly once?"""
    students = [item.student for item in demo_class.submissions(assignment)]
    assert sorted(students) == sorted(demo_class.STUDENTS)
    assert all(s.startswith(demo_class.PREFIX) for s in students)


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_expected_points_cover_every_exercise_within_its_maximum(assignment):
    """Does each expectation name every exercise, with points between 0 and its maximum?"""
    maxima = _points_in_notebook(assignment)
    for item in demo_class.submissions(assignment):
        assert set(item.expected) == set(maxima), item.student
        for exercise, points in item.expected.items():
            assert 0 <= points <= maxima[exercise], f"{item.student} / {exercise}"
    perfect = dict(demo_class.submissions(assignment)[0].expected)
    assert perfect == maxima, "the points table differs from the notebook's points"


def test_matching_scores_give_no_mismatch():
    """Does the check accept scores equal to the expected points?"""
    basics = get_assignment("python_basics")
    assert grade_class.mismatches(basics, _fake_scores(basics)) == []


def test_a_wrong_score_is_reported_by_student_and_exercise():
    """Does a score off the expected points give a line naming student, exercise and both values?"""
    basics = get_assignment("python_basics")
    scores = _fake_scores(basics, ("demo_mistakes", "softmax", 1.0))
    assert grade_class.mismatches(basics, scores) == [
        "python_basics / demo_mistakes / softmax: got 1 points, expected 0"
    ]
    row = next(
        line for line in grade_class.table(basics, scores).splitlines() if "mistakes" in line
    )
    assert "1!" in row


@pytest.fixture(scope="module")
def demo_course(tmp_path_factory):
    """Grade the whole demo class once in a scratch course; return (course, status, log)."""
    course = scratch_course(tmp_path_factory.mktemp("demo-course"))
    foreign = course / "submitted" / "real_student" / "python_basics"
    foreign.mkdir(parents=True)
    (foreign / "note.txt").write_text("a real student's work, not the demo's\n")
    log = []
    status = grade_class.run(course, GRADED, TIMEOUT, log=log.append)
    return course, status, log


def _scores(course):
    """Return every demo student's exercise scores from the gradebook."""
    from coursekit.grading.gradebook.scores import exercise_scores

    return {
        (a.name, item.student): exercise_scores(course, a, item.student)
        for a in GRADED
        for item in demo_class.submissions(a)
    }


def _grades(course):
    """Return the exported grades CSV as a sorted list of rows."""
    with open(course / grade_class.OUTPUT / "grades.csv", newline="") as handle:
        return sorted(tuple(row.items()) for row in csv.DictReader(handle))


@pytest.mark.slow
def test_demo_gives_every_student_the_expected_points(demo_course):
    """Does `make demo`'s run grade the class with every expected point and write its outputs?"""
    course, status, log = demo_course
    assert status == 0, "\n".join(log[-40:])
    out = course / grade_class.OUTPUT
    assert (out / "grade_distribution.png").stat().st_size > 0
    # nbgrader exports a row per student for every assignment, the ungraded theory one too.
    assert len(_grades(course)) == len(ASSIGNMENTS) * len(demo_class.STUDENTS)
    for assignment in GRADED:
        for student in demo_class.STUDENTS:
            pages = course / "feedback" / student / assignment.name
            assert list(pages.glob("*.html")), f"no feedback page for {student} / {assignment.name}"
    printed = "\n".join(log).splitlines()
    assert any(line.startswith("demo_endless_loop") for line in printed), "no points table printed"


@pytest.mark.slow
def test_second_run_gives_the_same_results_and_loses_nothing(demo_course):
    """Does grading again replace the results, with no duplicate and nothing else touched?"""
    course, _, _ = demo_course
    before = (_scores(course), _grades(course))
    note = course / "submitted" / "real_student" / "python_basics" / "note.txt"
    # Re-grading one assignment must reproduce its results and keep the others' as they were.
    again = [get_assignment("python_basics")]
    assert grade_class.run(course, again, TIMEOUT, log=lambda line: None) == 0
    assert (_scores(course), _grades(course)) == before
    assert note.read_text() == "a real student's work, not the demo's\n"
    assert not (course / "autograded" / "real_student").exists()
