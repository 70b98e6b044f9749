"""A class graded through `coursekit grade`: submissions taken in as plain nbgrader does."""

import json
import shutil

import nbformat
import pytest
from class_runs import BASICS, grades

from coursekit.grading import cli
from coursekit.submissions import fill_answers, solution_answers
from coursekit.workspace import scratch_course


@pytest.fixture(scope="module")
def bare_course(tmp_path_factory):
    """Return a scratch course of Assignment 1 with no submission."""
    return scratch_course(tmp_path_factory.mktemp("runner-bare"), [BASICS])


@pytest.mark.slow
def test_coursekit_grade_takes_in_submissions_as_plain_nbgrader(bare_course, tmp_path, capsys):
    """Unreadable, misnamed and missing notebooks: the notes and grades of plain nbgrader."""
    course = tmp_path / "course"
    shutil.copytree(bare_course, course, symlinks=True)
    shutil.rmtree(course / "submitted", ignore_errors=True)
    right = fill_answers(BASICS.release_notebook(course), solution_answers(
        BASICS.source_notebook(course)))  # fmt: skip
    folders = {
        s: course / "submitted" / s / BASICS.name
        for s in ("bad_json", "empty", "honest", "misnamed", "nbformat_5")
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["bad_json"] / BASICS.notebook).write_text("{ this is not json")
    nbformat.write(right, folders["honest"] / BASICS.notebook)
    nbformat.write(right, folders["misnamed"] / BASICS.notebook.replace(".ipynb", " (1).ipynb"))
    five = json.loads(nbformat.writes(right)) | {"nbformat": 5}
    (folders["nbformat_5"] / BASICS.notebook).write_text(json.dumps(five))
    status = cli.main(["grade", BASICS.name, "--root", str(course)])
    out = capsys.readouterr().out
    assert status == 1
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "submitted/empty/python_basics holds no notebook" in failed[0]
    assert "coursekit-worker" not in out
    db = f"sqlite:///{course / 'gradebook.db'}"
    totals = {}
    for (student, cell), value in grades(db).items():
        if not cell.startswith("comment "):
            totals[student] = totals.get(student, 0) + (value[0] or 0)
    assert totals == {"bad_json": 0, "honest": 15, "misnamed": 15, "nbformat_5": 0}
    for student in ("bad_json", "nbformat_5"):
        graded = course / "autograded" / student / BASICS.name / BASICS.notebook
        assert "could not be read" in graded.read_text(encoding="utf-8")
