"""The class server end to end: real accounts, JupyterHub, nbgrader's exchange, grading on submit.

One server (an instructor, three students) serves Assignment 1. A student fetches it and
submits with nbgrader's own commands, as that Unix account, some exercises right and one
wrong; the grading service grades it and the student fetches feedback with the expected
points. Another student then tries every way to the first one's work and is refused: their
Terminal (shell commands), their kernel (Python), nbgrader's commands and the hub's HTTP API.
"""

import csv
import json
import os
import shlex
import time

import nbformat
import pytest
import requests
from class_server import page_text, running_class

from coursekit.classroom.lms import main as lms_main
from coursekit.course import get_assignment
from coursekit.submissions import fill_answers, solution_answers

pytestmark = pytest.mark.slow
ASSIGNMENT = get_assignment("python_basics")
RIGHT = ("hello_world", "basic_sigmoid", "sigmoid")
WRONG = {"L1": "def L1(yhat, y):\n    return 0.0\n"}


@pytest.fixture(scope="module")
def server():
    """Serve Assignment 1 to an instructor and three students for this module."""
    with running_class(["python_basics"], students=3, workers=1) as running:
        yield running


def expected_points(notebook: nbformat.NotebookNode, exercises) -> tuple[float, float]:
    """Return the points of the test cells of ``exercises`` and of all test cells."""
    points = {
        cell.metadata.nbgrader.grade_id: float(cell.metadata.nbgrader.points)
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }
    mine = sum(p for grade_id, p in points.items() if grade_id.split("-")[0] in exercises)
    return mine, sum(points.values())


@pytest.fixture(scope="module")
def submitted(server):
    """Have the first student fetch, answer and submit; return (student, feedback text, points)."""
    student = server.students[0]
    fetched = server.run_as(student, "nbgrader fetch_assignment python_basics")
    assert fetched.returncode == 0, fetched.stderr
    notebook_path = f"/home/{student}/python_basics/{ASSIGNMENT.notebook}"
    answers = {
        k: v for k, v in solution_answers(ASSIGNMENT.source_notebook()).items() if k in RIGHT
    } | WRONG
    notebook = fill_answers(notebook_path, answers)
    nbformat.write(notebook, notebook_path)
    owner = os.stat(f"/home/{student}")
    os.chown(notebook_path, owner.st_uid, owner.st_gid)
    done = server.run_as(student, "nbgrader submit python_basics")
    assert done.returncode == 0, done.stderr
    server.wait_for_outcomes(1)
    fetched = server.run_as(student, "nbgrader fetch_feedback python_basics")
    assert fetched.returncode == 0, fetched.stderr
    pages = server.run_as(student, "cat python_basics/feedback/*/*.html")
    assert pages.returncode == 0, pages.stderr + server.log()
    return student, page_text(pages.stdout), expected_points(notebook, RIGHT)


def test_student_gets_feedback_with_expected_points(server, submitted):
    """Does the submitter's fetched feedback show the points of the exercises they got right?"""
    student, text, (points, total) = submitted
    assert points > 0 and points < total
    assert f"{ASSIGNMENT.notebook[:-6]}: {points:.1f} / {total:.1f} points" in text
    # The fetched folder it handed in holds the release's files: no note tells the student off.
    assert "not part of the assignment" not in text
    [outcome] = server.ledger.values()
    assert (outcome["student"], outcome["status"], outcome["score"]) == (student, "graded", points)


def test_released_feedback_belongs_to_its_student_only(server, submitted):
    """Is each released page owned by its student, mode 0600, in a folder nobody can list?"""
    student = submitted[0]
    pages = list((server.exchange / "feedback").glob("*.html"))
    assert len(pages) == 1
    info = pages[0].stat()
    assert (info.st_uid, info.st_mode & 0o777) == (os.stat(f"/home/{student}").st_uid, 0o600)
    assert (server.exchange / "feedback").stat().st_mode & 0o777 == 0o711


def _targets(server, student):
    """Paths of the first student's work and the course's secrets another account must not read."""
    home = f"/home/{student}"
    feedback = next((server.exchange / "feedback").glob("*.html"))
    received = next((server.course / ".classroom" / "received").iterdir())
    return {
        "released feedback": str(feedback),
        "fetched feedback": f"{home}/python_basics/feedback",
        "submitted notebook": f"{home}/python_basics/{ASSIGNMENT.notebook}",
        "nbgrader cache (secrets)": f"{home}/.local/share/jupyter/nbgrader_cache",
        "received submission": str(received / ASSIGNMENT.notebook),
        "graded copy": str(server.course / "autograded" / student / "python_basics"),
        "source notebook": str(server.course / "source" / "python_basics" / ASSIGNMENT.notebook),
        "gradebook": str(server.course / "gradebook.db"),
        "inbound": str(server.exchange / "inbound"),
    }


def test_other_student_terminal_cannot_read_or_replace(server, submitted):
    """Are another student's shell reads, listings, copies and overwrites all refused?"""
    other = server.students[1]
    for name, path in _targets(server, submitted[0]).items():
        read = f"if [ -d '{path}' ]; then ls '{path}'; else cat '{path}'; fi"
        for command in (read, f"cp -r '{path}' ~/stolen"):
            attempt = server.run_as(other, command)
            assert attempt.returncode != 0, f"{name}: {command} succeeded as {other}"
            assert "Permission denied" in attempt.stderr, (name, command, attempt.stderr)
    feedback = _targets(server, submitted[0])["released feedback"]
    for command in (f"echo x > '{feedback}'", f"rm -f '{feedback}'", f"mv '{feedback}' ~/x"):
        attempt = server.run_as(other, command)
        assert attempt.returncode != 0 and "Permission denied" in attempt.stderr, command


def test_other_student_kernel_cannot_read(server, submitted):
    """Does Python run as another student (what their kernel runs) get PermissionError?"""
    other = server.students[1]
    paths = json.dumps(list(_targets(server, submitted[0]).values()))
    script = (
        "import json, os, sys\n"
        "for p in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        os.listdir(p) if os.path.isdir(p) else open(p, 'rb').read()\n"
        "        print('READ', p)\n"
        "    except PermissionError:\n"
        "        print('refused', p)\n"
    )
    result = server.run_as(other, f"python -c {shlex.quote(script)} {shlex.quote(paths)}")
    assert result.returncode == 0, result.stderr
    assert "READ" not in result.stdout and result.stdout.count("refused") == 9


def test_other_student_cannot_submit_or_fetch_as_first(server, submitted):
    """Is a submission in another's name refused, and no feedback fetched for another?"""
    student, other = submitted[0], server.students[1]
    server.run_as(other, "nbgrader fetch_assignment python_basics")
    forged = server.run_as(other, f"nbgrader submit python_basics --student={student}")
    assert forged.returncode == 0, forged.stderr  # nbgrader's submit itself lets it through
    ledger = server.wait_for_outcomes(2)
    [rejected] = [o for o in ledger.values() if o["status"] == "rejected"]
    assert rejected["student"] == student and "another account" in rejected["reason"]
    server.run_as(other, f"nbgrader fetch_feedback python_basics --student={student}")
    assert server.run_as(other, "ls python_basics/feedback/*/*.html").returncode != 0


def _login(server, user: str) -> requests.Session:
    """Log ``user`` in at the hub's login page; return the session with an API token header."""
    session = requests.Session()
    session.get(f"{server.url}/hub/login", timeout=30)
    response = session.post(
        f"{server.url}/hub/login",
        data={
            "username": user,
            "password": server.passwords[user],
            "_xsrf": session.cookies.get("_xsrf", ""),
        },
        timeout=60,
    )
    assert response.ok and "/hub/login" not in response.url, response.url
    token = session.post(
        f"{server.url}/hub/api/users/{user}/tokens",
        headers={"X-XSRFToken": session.cookies.get("_xsrf", "")},
        json={"note": "test"},
        timeout=30,
    )
    assert token.status_code == 201, token.text
    api = requests.Session()
    api.headers["Authorization"] = f"token {token.json()['token']}"
    return api


def test_hub_api_refuses_other_students(server, submitted):
    """With their own token, can another student reach the first one's server or account? No."""
    student, other = submitted[0], server.students[1]
    own = _login(server, student)
    started = own.post(f"{server.url}/hub/api/users/{student}/server", timeout=60)
    assert started.status_code in (201, 202), started.text
    deadline = time.monotonic() + 180
    while (
        not own.get(f"{server.url}/hub/api/users/{student}", timeout=30)
        .json()["servers"]
        .get("", {})
        .get("ready")
    ):
        assert time.monotonic() < deadline, server.log()
        time.sleep(1)
    contents = f"{server.url}/user/{student}/api/contents/python_basics"
    assert own.get(contents, timeout=30).status_code == 200  # the owner can
    intruder = _login(server, other)
    assert intruder.get(contents, timeout=30).status_code == 403
    assert intruder.get(f"{server.url}/hub/api/users/{student}", timeout=30).status_code in (
        403,
        404,
    )
    assert intruder.post(
        f"{server.url}/hub/api/users/{student}/tokens", json={}, timeout=30
    ).status_code in (403, 404)
    assert intruder.delete(
        f"{server.url}/hub/api/users/{student}/server", timeout=30
    ).status_code in (403, 404)
    own.delete(f"{server.url}/hub/api/users/{student}/server", timeout=60)


def test_lms_exports_carry_the_grade(server, submitted, tmp_path):
    """Do the Canvas and Moodle CSVs give the submitter's points under their LMS id?"""
    student, _, (points, total) = submitted
    roster = server.base / "roster.csv"
    for lms in ("canvas", "moodle"):
        out = tmp_path / f"{lms}.csv"
        argv = ["--roster", str(roster), "--to", lms, "--output", str(out)]
        assert lms_main([*argv, "--course", str(server.course)]) == 0
        rows = {row[2 if lms == "canvas" else 0]: row for row in csv.reader(out.open())}
        assert rows[f"{student}@example.edu"][-1] == f"{points:g}"
        others = [f"{s}@example.edu" for s in server.students[1:]]
        assert all(rows[other][-1] == "" for other in others)
