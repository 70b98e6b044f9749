"""The class server's parts one by one: roster, policies, ledger, exchange, hub config, LMS."""

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from coursekit.classroom.exchange import make_exchange
from coursekit.classroom.hub import HubSettings, hub_config, write_role_configs
from coursekit.classroom.ledger import Ledger, Outcome
from coursekit.classroom.lms import canvas_csv, moodle_csv
from coursekit.classroom.policy import read_policies
from coursekit.classroom.reveal import WithholdAnswers
from coursekit.classroom.roster import RosterError, read_roster
from coursekit.classroom.service import is_complete, parse_name

ROSTER = """username,role,lms_id,name
teach,instructor,,Ada Teacher
ann,student,ann@uni.example,Ann A
bob,student,,
"""


def _roster(tmp_path, text=ROSTER):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return read_roster(path)


def test_roster_reads_people_and_defaults(tmp_path):
    """Are the instructor, the students in order and the LMS id (default: user name) read?"""
    roster = _roster(tmp_path)
    assert roster.instructor.username == "teach"
    assert [(p.username, p.lms_id, p.name) for p in roster.students] == [
        ("ann", "ann@uni.example", "Ann A"),
        ("bob", "bob", ""),
    ]
    assert roster.student("teach") is None and roster.student("bob").role == "student"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("user,role\nann,student\n", "line 1: missing column username"),
        ("username,role\nAnn B,student\nt,instructor\n", "line 2: username 'Ann B'"),
        ("username,role\nann,teacher\n", "role 'teacher' of ann; write instructor or student"),
        ("username,role\nann,student\nann,instructor\n", "line 3: ann is already on line 2"),
        ("username,role\nann,student\n", "exactly one person must have role instructor"),
        ("username,role\na,instructor\nb,instructor\n", "(found: a, b)"),
        ("username,role\nx+y,student\nt,instructor\n", "username 'x+y'"),
    ],
)
def test_roster_errors_name_line_and_fix(tmp_path, text, words):
    """Does each bad roster raise one message naming the file, the place and the fix?"""
    with pytest.raises(RosterError, match="roster.csv") as error:
        _roster(tmp_path, text)
    assert words in str(error.value)


def test_policies_read_deadline_and_attempts(tmp_path):
    """Are deadlines (time zone required) and attempts read, and bad values named?"""
    (tmp_path / "classroom.toml").write_text(
        "[python_basics]\ndeadline = 2026-12-12T23:59:00Z\nattempts = 3\n[quiz]\nattempts = 1\n"
    )
    policies = read_policies(tmp_path)
    assert policies["python_basics"].attempts == 3
    assert policies["python_basics"].past_deadline(datetime(2026, 12, 13, tzinfo=UTC))
    assert not policies["python_basics"].past_deadline(datetime(2026, 12, 1, tzinfo=UTC))
    assert not policies["quiz"].past_deadline()
    (tmp_path / "classroom.toml").write_text("[quiz]\ndeadline = 2026-12-12T23:59:00\n")
    with pytest.raises(ValueError, match=r"\[quiz\] deadline has no time zone"):
        read_policies(tmp_path)
    (tmp_path / "classroom.toml").write_text("[quiz]\nattempts = 0\n")
    with pytest.raises(ValueError, match="attempts = 0"):
        read_policies(tmp_path)
    assert read_policies(tmp_path / "nowhere") == {}


def test_ledger_survives_reopening_and_counts_attempts(tmp_path):
    """Is every outcome kept across a reopen, and are only graded ones counted as attempts?"""
    ledger = Ledger(tmp_path / "ledger.json")
    ledger.record("ann+quiz+t1+r", Outcome("ann", "quiz", "t1", "graded", 3, 12, releases=1))
    ledger.record("ann+quiz+t2+r", Outcome("ann", "quiz", "t2", "superseded"))
    ledger.record("ann+quiz+t3+r", Outcome("ann", "quiz", "t3", "graded", 5, 12, releases=1))
    reopened = Ledger(tmp_path / "ledger.json")
    assert "ann+quiz+t2+r" in reopened and "bob+quiz+t1+r" not in reopened
    assert reopened.attempts("ann", "quiz") == 2 and reopened.attempts("bob", "quiz") == 0
    assert reopened.latest_graded("ann", "quiz") == "t3"
    with pytest.raises(ValueError, match="unknown status"):
        reopened.record("x+quiz+t+r", Outcome("x", "quiz", "t", "pending"))
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


def test_submission_names_and_completeness(tmp_path):
    """Are exchange names parsed, and a folder complete only once submit made it 0777?"""
    assert parse_name("ann+quiz+2026-12-05 10:00:00 UTC+abc") == (
        "ann",
        "quiz",
        "2026-12-05 10:00:00 UTC",
    )
    assert parse_name("ann+quiz+stamp") is None and parse_name("+quiz+t+r") is None
    folder = tmp_path / "ann+quiz+t+r"
    folder.mkdir()
    (folder / "submission_secret.txt").write_text("s")
    folder.chmod(0o755)
    assert not is_complete(folder)
    folder.chmod(0o777)
    assert is_complete(folder)
    link = tmp_path / "bob+quiz+t+r"
    link.symlink_to(folder)
    assert not is_complete(link)


def test_exchange_modes(tmp_path):
    """Are the exchange's folders made with nbgrader's modes, root and inbound also sticky?"""
    if os.geteuid() != 0 and os.environ.get("CI", "").lower() != "true":
        pytest.skip("the exchange is owned by root: run as root (CI does)")
    course = make_exchange(tmp_path / "exchange", "c1")
    modes = {
        path.name: path.stat().st_mode & 0o7777
        for path in (tmp_path / "exchange", course, *course.iterdir())
    }
    assert modes == {
        "exchange": 0o1777,
        "c1": 0o755,
        "outbound": 0o755,
        "inbound": 0o3733,
        "feedback": 0o711,
    }


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
    roster = _roster(tmp_path)
    text = hub_config(_settings(tmp_path), roster)
    compile(text, "jupyterhub_config.py", "exec")
    assert 'authenticator_class = "pam"' in text and 'spawner_class = "localprocess"' in text
    assert "set(['ann', 'bob'])" in text and "INSTRUCTOR = 'teach'" in text
    assert 'c.JupyterHub.ip = "127.0.0.1"' in text.replace("'", '"')


def test_lms_csvs_have_documented_columns(tmp_path):
    """Do the Canvas and Moodle CSVs carry their columns, the LMS ids and the scores?"""
    roster = _roster(tmp_path)
    maxima = {"python_basics": 15.0, "quiz": 12.0}
    grades = {("ann", "python_basics"): 4.0, ("ann", "quiz"): 11.5, ("bob", "quiz"): 0.0}
    rows = list(csv.reader(io.StringIO(canvas_csv(roster, maxima, grades))))
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "python_basics",
        "quiz",
    ]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5:] == ["15", "12"]
    assert rows[2] == ["Ann A", "", "ann@uni.example", "", "", "4", "11.5"]
    assert rows[3] == ["bob", "", "bob", "", "", "", "0"]
    rows = list(csv.reader(io.StringIO(moodle_csv(roster, maxima, grades, "Email address"))))
    assert rows == [
        ["Email address", "python_basics", "quiz"],
        ["ann@uni.example", "4", "11.5"],
        ["bob", "", "0"],
    ]
    with pytest.raises(ValueError, match="Moodle identity field"):
        moodle_csv(roster, maxima, grades, "Student number")


def _graded_cell(text: str, grade: bool = True):
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": grade, "grade_id": "q1-answer", "points": 1}
    cell.outputs = [
        nbformat.v4.new_output("error", ename="AssertionError", evalue=text, traceback=[text]),
        nbformat.v4.new_output("stream", name="stdout", text=text),
    ]
    return cell


def test_answers_withheld_before_deadline_only():
    """Are quiz explanations and expected values cut from graded cells before the deadline?"""
    text = "wrong: the cost J is the mean of the losses\nrelu(x) is off; expected np.maximum(0, x)"
    withheld = WithholdAnswers(withhold=True, deadline="2026-12-12T23:59:00+00:00")
    cell, _ = withheld.preprocess_cell(_graded_cell(text), {}, 0)
    for shown in (cell.outputs[0].evalue, cell.outputs[0].traceback[0], cell.outputs[1].text):
        assert "mean of the losses" not in shown and "np.maximum" not in shown
        assert shown.startswith("wrong: (explained after the deadline, 2026-12-12T23:59:00")
        assert "relu(x) is off; expected value (explained after the deadline" in shown
    cell, _ = withheld.preprocess_cell(_graded_cell(text, grade=False), {}, 0)
    assert cell.outputs[1].text == text
    cell, _ = WithholdAnswers(withhold=False).preprocess_cell(_graded_cell(text), {}, 0)
    assert cell.outputs[1].text == text
