"""JupyterHub's configuration for a class and each role's JupyterLab configuration."""

import json
import os
from pathlib import Path
from types import SimpleNamespace

from people import sample_roster
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from coursekit.classroom.hub import HubSettings, hub_config, write_role_configs
from coursekit.course import ROOT


def _settings(tmp_path):
    return HubSettings(
        course=tmp_path / "course",
        state=tmp_path / "state",
        venv=Path("/v"),
        proxy=Path("/p/chp"),
        course_id="c1",
        port=18000,
    )


def test_role_configs_give_students_assignment_list_not_instructor_tools(tmp_path):
    """Do students get the Assignment List and Validate only, the instructor every tool?"""
    settings = _settings(tmp_path)
    write_role_configs(settings)
    student, instructor = settings.role_config("student"), settings.role_config("instructor")
    disabled = json.loads((student / "labconfig/page_config.json").read_text())
    assert all(disabled["disabledExtensions"].values())
    assert "@jupyter/nbgrader:assignment-list" not in disabled["disabledExtensions"]
    extensions = json.loads((student / "jupyter_server_config.json").read_text())
    enabled = {
        k.rsplit(".", 1)[1] for k, v in extensions["ServerApp"]["jpserver_extensions"].items() if v
    }
    assert enabled == {"assignment_list", "validate_assignment"}
    extensions = json.loads((instructor / "jupyter_server_config.json").read_text())
    assert all(extensions["ServerApp"]["jpserver_extensions"].values())
    assert str(settings.exchange) in (student / "nbgrader_config.py").read_text()
    assert "CourseDirectory.root" not in (student / "nbgrader_config.py").read_text()


def test_hub_config_is_python_with_pam_and_the_roster(tmp_path):
    """Is the hub config valid Python naming PAM, the spawner, the students and the admin?"""
    roster = sample_roster(tmp_path)
    text = hub_config(_settings(tmp_path), roster)
    compile(text, "jupyterhub_config.py", "exec")
    assert 'authenticator_class = "pam"' in text and 'spawner_class = "localprocess"' in text
    assert "set(['ann', 'bob'])" in text and "INSTRUCTOR = 'teach'" in text
    assert 'c.JupyterHub.ip = "127.0.0.1"' in text.replace("'", '"')


def _spawned_environment(settings, roster, user: str) -> dict[str, str]:
    """Return the environment the hub config's pre-spawn hook gives ``user``'s JupyterLab."""
    namespace = {"get_config": Config}
    exec(compile(hub_config(settings, roster), "jupyterhub_config.py", "exec"), namespace)
    spawner = SimpleNamespace(user=SimpleNamespace(name=user), environment={})
    namespace["per_role"](spawner)
    return spawner.environment


def test_instructor_formgrader_sees_class_exchange(tmp_path, monkeypatch):
    """Does nbgrader_config.py in the instructor's spawned environment name the class exchange?"""
    # The exchange formgrader releases to and collects from; a student's gets the course default.
    settings, roster = _settings(tmp_path), sample_roster(tmp_path)
    # Loading the course's config sets OPENBLAS_NUM_THREADS: restored after the test.
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    monkeypatch.delenv("COURSEKIT_EXCHANGE_ROOT", raising=False)
    loaded = {}
    for user in ("teach", "ann"):
        with monkeypatch.context() as patch:
            for key, value in _spawned_environment(settings, roster, user).items():
                patch.setenv(key, value)
            config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
            loaded[user] = config.Exchange.root
    assert loaded == {"teach": str(settings.exchange), "ann": str(ROOT / "exchange")}
