"""What the command packs: an assignment's bundle and one task per submission taken in."""

import nbformat
import pytest
from class_runs import BASICS
from harness import copy_course
from traitlets.config import Config

from coursekit.grading.class_runner.bundle import course_bundle, find_tasks
from coursekit.grading.nbgrader_cli import autograde_app


@pytest.fixture
def course(scratch, tmp_path):
    """Return a copy of a scratch course of Assignment 1, with no submission."""
    return copy_course(scratch(BASICS.name), tmp_path / "course")


def test_a_submission_that_cannot_be_taken_in_is_a_task_naming_the_fix(course, tmp_path):
    """Is a folder with no notebook, or a link, a task with the fix and no files?"""
    submitted = course / "submitted"
    (submitted / "empty" / BASICS.name).mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (submitted / "linked").mkdir()
    (submitted / "linked" / BASICS.name).symlink_to(tmp_path / "elsewhere")
    honest = submitted / "honest" / BASICS.name
    honest.mkdir(parents=True)
    nbformat.write(nbformat.read(BASICS.release_notebook(course), 4), honest / BASICS.notebook)
    tasks = {task.student: task for task in find_tasks(autograde_app(course), BASICS.name)}
    assert sorted(tasks) == ["empty", "honest", "linked"]
    assert "holds no notebook (expected" in tasks["empty"].problem
    assert "remove the folder" in tasks["empty"].problem
    assert "is a link, not a folder" in tasks["linked"].problem
    assert not tasks["empty"].files and not tasks["linked"].files
    assert not tasks["honest"].problem and BASICS.notebook in tasks["honest"].files


def test_the_bundle_digest_follows_the_run_settings(course):
    """Do nbgrader options and a Config change the bundle's digest, and no Config keep it?"""
    app = autograde_app(course)
    plain = course_bundle(app, BASICS.name)
    assert course_bundle(app, BASICS.name, config=Config()).digest == plain.digest
    timed = Config({"Execute": {"timeout": 10}})
    with_config = course_bundle(app, BASICS.name, config=timed)
    assert with_config.config == timed
    with_args = course_bundle(app, BASICS.name, ("--Execute.timeout=10",))
    assert len({plain.digest, with_config.digest, with_args.digest}) == 3
    assert "nbgrader_config.py" in plain.files and plain.course_id == "nn-basics-week2"
