"""``make server``: the grading service's command (scheduler, gradebook), a bad classroom.toml."""

from argparse import Namespace
from pathlib import Path

import pytest

from coursekit.classroom.hub import HubSettings
from coursekit.classroom.serve import prepare, service_command
from coursekit.classroom.service import DB_URL_VARIABLE


def test_service_command_passes_scheduler_and_gradebook(tmp_path, monkeypatch):
    """Does the service get --scheduler, and the gradebook URL in its environment, not argv?"""
    monkeypatch.setenv(DB_URL_VARIABLE, "sqlite:///stale.db")
    settings = HubSettings(tmp_path / "course", tmp_path / "state", Path("/v"), Path("/p"), "c1")
    url = "postgresql://grader:secret@db/course"
    args = Namespace(
        roster=tmp_path / "roster.csv", workers=None, scheduler="tcp://h:8786", db_url=url
    )
    command, environment = service_command(settings, args)
    assert command[command.index("--scheduler") + 1] == "tcp://h:8786"
    assert environment[DB_URL_VARIABLE] == url and not any("secret" in a for a in command)
    args.scheduler = args.db_url = None
    command, environment = service_command(settings, args)
    assert "--scheduler" not in command and DB_URL_VARIABLE not in environment


def test_malformed_policy_stops_serve_before_anything(tmp_path):
    """Does a bad classroom.toml stop the server in one line, before accounts or the hub?"""
    course = tmp_path / "course"
    (course / "release" / "quiz").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("")
    (course / "classroom.toml").write_text("[quiz]\ndeadline = tomorrow\n")
    args = Namespace(course=course, roster=tmp_path / "no-roster.csv", state=tmp_path / "state")
    with pytest.raises(SystemExit, match=r"classroom.toml: not valid TOML") as stopped:
        prepare(args)
    assert "\n" not in str(stopped.value.code) and not (tmp_path / "state").exists()
    (course / "classroom.toml").write_text("[quizz]\nattempts = 2\n")
    with pytest.raises(SystemExit, match=r"\[quizz\] is not an assignment of the course; use"):
        prepare(args)
