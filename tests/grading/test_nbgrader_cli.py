"""nbgrader from Python: the autograde app reads a course's configuration, Config and options."""

import os
from pathlib import Path

from traitlets.config import Config

from coursekit.grading.execute import SandboxedExecute
from coursekit.grading.nbgrader_cli import autograde_app

COURSE = Path(__file__).parents[2]


def test_nbgrader_app_reads_the_course_config_without_moving(tmp_path, monkeypatch):
    """Is the course's nbgrader_config.py in force from any working folder, which stays put?"""
    monkeypatch.chdir(tmp_path)

    def moved(path):
        raise AssertionError(f"the working folder changed to {path}: threads would race")

    # Threads share the working folder: grading classes from several must never change it.
    monkeypatch.setattr(os, "chdir", moved)
    app = autograde_app(COURSE)
    assert Path.cwd() == tmp_path
    assert app.config.Autograde.autograde_preprocessors[0] is SandboxedExecute
    assert Path(app.coursedir.root) == COURSE


def test_config_goes_over_the_course_file_and_under_command_line_options():
    """Does a Config override nbgrader_config.py, and a --Class.trait=value override both?"""
    config = Config({"Execute": {"timeout": 3}, "CourseDirectory": {"course_id": "other"}})
    app = autograde_app(COURSE, ["--CourseDirectory.course_id=cli"], config=config)
    assert app.config.Execute.timeout == 3
    assert app.coursedir.course_id == "cli"
    assert autograde_app(COURSE, config=config).coursedir.course_id == "other"
    assert autograde_app(COURSE).coursedir.course_id == "nn-basics-week2"
