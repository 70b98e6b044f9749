"""The command's writes: a rerun grades only missing or changed submissions (the ledger)."""

import io
import shutil

import nbformat
import pytest
from class_runs import BASICS, grades
from harness import demo_class_course

from coursekit.grading.class_runner.recorder import LEDGER, read_ledger, write_ledger
from coursekit.grading.class_runner.runner import grade_class


def test_a_damaged_or_missing_ledger_reads_as_empty_and_is_replaced_whole(tmp_path):
    """Does a damaged or absent ledger mean "grade everything", and writing replace it?"""
    path = tmp_path / "autograded" / LEDGER
    assert read_ledger(path) == {}
    path.parent.mkdir()
    path.write_text('{"a/ann": {"submission": ', encoding="utf-8")
    assert read_ledger(path) == {}
    write_ledger(path, {"a/ann": {"submission": "x"}})
    assert read_ledger(path) == {"a/ann": {"submission": "x"}}
    assert [p.name for p in path.parent.iterdir()] == [LEDGER]


@pytest.mark.slow
def test_rerun_grades_only_missing_or_changed_submissions(tmp_path):
    """Does a rerun skip unchanged submissions and grade the changed and the missing ones?"""
    course = demo_class_course(tmp_path / "course")
    chosen = "demo_[mpu]*"  # demo_mistakes, demo_perfect, demo_untouched
    run = dict(workers=2, student_glob=chosen, log=lambda line: None,
               stream=io.StringIO())  # fmt: skip
    first = grade_class(course, [BASICS.name], **run)
    assert sorted(r.task.student for r in first.graded) == [
        "demo_mistakes", "demo_perfect", "demo_untouched"]  # fmt: skip
    before = grades(f"sqlite:///{course / 'gradebook.db'}")

    again = grade_class(course, [BASICS.name], **run)
    assert (len(again.graded), len(again.skipped)) == (0, 3)

    notebook = course / "submitted" / "demo_perfect" / BASICS.name / BASICS.notebook
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += "\n"
    nbformat.write(nb, notebook)
    shutil.rmtree(course / "autograded" / "demo_mistakes")
    third = grade_class(course, [BASICS.name], **run)
    assert sorted(r.task.student for r in third.graded) == ["demo_mistakes", "demo_perfect"]
    assert [t.student for t in third.skipped] == ["demo_untouched"]
    assert grades(f"sqlite:///{course / 'gradebook.db'}") == before

    forced = grade_class(course, [BASICS.name], force=True, **run)
    assert (len(forced.graded), len(forced.skipped)) == (3, 0)
