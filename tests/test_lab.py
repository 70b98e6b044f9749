"""`make student` and `make instructor`: which of nbgrader's tools each JupyterLab gets."""

import json
from pathlib import Path

import pytest

from coursekit.lab import (
    CONFIG,
    check_student_folder,
    copy_release,
    default_folder,
    lab_command,
    lab_environment,
    prepare,
)

INSTRUCTOR_PLUGINS = [
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
]
EXCHANGE_EXTENSIONS = ["formgrader", "assignment_list", "course_list"]


def _config(role):
    folder = CONFIG / role
    plugins = json.loads((folder / "labconfig" / "page_config.json").read_text())
    server = json.loads((folder / "jupyter_server_config.json").read_text())
    return plugins["disabledExtensions"], server["ServerApp"]["jpserver_extensions"]


def test_student_lab_has_validate_but_no_instructor_tools():
    """Does the student's config turn off the instructor's plugins and extensions, not Validate?"""
    disabled, extensions = _config("student")
    assert all(disabled[plugin] for plugin in INSTRUCTOR_PLUGINS)
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    assert not any(extensions[f"nbgrader.server_extensions.{e}"] for e in EXCHANGE_EXTENSIONS)
    assert extensions["nbgrader.server_extensions.validate_assignment"]


def test_instructor_lab_keeps_every_tool():
    """Does the instructor's config disable nothing and enable every nbgrader extension?"""
    disabled, extensions = _config("instructor")
    assert not any(disabled.values())
    assert all(extensions.values()) and len(extensions) == 4


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_role_config_comes_first(role):
    """Is the role's config folder read before any the caller had on JUPYTER_CONFIG_PATH?"""
    env = lab_environment(role, {"JUPYTER_CONFIG_PATH": "/elsewhere"})
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(CONFIG / role), "/elsewhere"]


def test_roles_open_their_folders(tmp_path):
    """Does the student open their own folder, the instructor the course with its exchange?"""
    assert default_folder("student", tmp_path, {"HOME": "/home/ann"}) == Path(
        "/home/ann/nn-basics-week2"
    )
    assert default_folder(
        "student", tmp_path, {"HOME": "/home/ann", "COURSEKIT_STUDENT_DIR": "/w/ann"}
    ) == Path("/w/ann")
    assert default_folder("instructor", tmp_path) == tmp_path
    prepare("instructor", tmp_path)
    assert (tmp_path / "exchange").is_dir()
    assert f"--ServerApp.root_dir={tmp_path}" in lab_command(tmp_path)
    with pytest.raises(ValueError):
        lab_environment("teaching assistant")


@pytest.mark.parametrize("inside", [".", "release", "release/python_basics", "source"])
def test_student_folder_inside_checkout_is_refused(tmp_path, inside):
    """Is a student folder in the checkout (release/ included) refused with a clear message?"""
    with pytest.raises(SystemExit, match="inside the course checkout"):
        check_student_folder(tmp_path / inside, root=tmp_path)
    check_student_folder(tmp_path.parent / "elsewhere", root=tmp_path)


def test_copy_release_never_overwrites_or_deletes(tmp_path):
    """Does a new release add missing files only, keeping the student's answers and extras?"""
    release, mine = tmp_path / "release", tmp_path / "mine"
    (release / "quiz").mkdir(parents=True)
    (release / "quiz" / "Quiz.ipynb").write_text("released v1")
    assert copy_release(release, mine) == [mine / "quiz" / "Quiz.ipynb"]
    (mine / "quiz" / "Quiz.ipynb").write_text("my answers")
    (mine / "quiz" / ".ipynb_checkpoints").mkdir()
    (mine / "quiz" / ".ipynb_checkpoints" / "Quiz-checkpoint.ipynb").write_text("saved")
    (release / "quiz" / "Quiz.ipynb").write_text("released v2")
    (release / "quiz" / "public_tests.py").write_text("checks")
    assert copy_release(release, mine) == [mine / "quiz" / "public_tests.py"]
    assert (mine / "quiz" / "Quiz.ipynb").read_text() == "my answers"
    assert (mine / "quiz" / ".ipynb_checkpoints" / "Quiz-checkpoint.ipynb").read_text() == "saved"
