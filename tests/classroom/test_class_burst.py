"""A burst of 30 submissions on the class server, its grading service killed in the middle.

Ten students each submit three assignments at once, with nbgrader's own submit as their Unix
account. The service is killed (SIGKILL) once some are graded; the server restarts it. Every
submission must then be graded exactly once, and each student fetch only their own feedback.
"""

import os
import re
import signal
import time

import nbformat
import pytest
from class_server import running_class

from coursekit.course import get_assignment
from coursekit.submissions import fill_answers, solution_answers

pytestmark = pytest.mark.slow
ASSIGNMENTS = [get_assignment(n) for n in ("python_basics", "quiz", "neurons_and_layers")]
STUDENTS = 10


@pytest.fixture(scope="module")
def burst():
    """Serve three assignments to ten students, submit all 30 at once, kill the service once."""
    names = [a.name for a in ASSIGNMENTS]
    with running_class(names, students=STUDENTS) as server:
        fetch = " && ".join(f"nbgrader fetch_assignment {n}" for n in names)
        assert not server.run_all(dict.fromkeys(server.students, fetch))
        for student in server.students:
            owner = os.stat(f"/home/{student}")
            for assignment in ASSIGNMENTS:
                path = f"/home/{student}/{assignment.name}/{assignment.notebook}"
                answers = solution_answers(assignment.source_notebook())
                nbformat.write(fill_answers(path, answers), path)
                os.chown(path, owner.st_uid, owner.st_gid)
        submit = " && ".join(f"nbgrader submit {n}" for n in names)
        assert not server.run_all(dict.fromkeys(server.students, submit))
        pid_file = server.state / "service.pid"
        first_pid = int(pid_file.read_text())
        deadline = time.monotonic() + 600
        while len(server.ledger) < 3:
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.2)
        os.kill(first_pid, signal.SIGKILL)
        server.wait_for_outcomes(len(ASSIGNMENTS) * STUDENTS, timeout=900)
        yield server, first_pid


def test_every_submission_graded_exactly_once(burst):
    """Are all 30 graded and released once, none lost or repeated, across the restart?"""
    server, first_pid = burst
    ledger = server.ledger
    assert len(ledger) == len(ASSIGNMENTS) * STUDENTS
    assert {o["status"] for o in ledger.values()} == {"graded"}
    assert {o["releases"] for o in ledger.values()} == {1}
    pairs = {(o["student"], o["assignment"]) for o in ledger.values()}
    assert len(pairs) == len(ledger)
    assert int((server.state / "service.pid").read_text()) != first_pid
    assert "restarting" in (server.base / "serve.log").read_text()


def test_each_student_fetches_only_their_own_feedback(burst):
    """Does each student fetch three pages, with the points the ledger recorded for them?"""
    server, _ = burst
    released = list((server.exchange / "feedback").glob("*.html"))
    owners = {os.stat(f"/home/{s}").st_uid: s for s in server.students}
    assert len(released) == len(ASSIGNMENTS) * STUDENTS
    assert sorted(owners[p.stat().st_uid] for p in released) == sorted(
        server.students * len(ASSIGNMENTS)
    )
    scores = {(o["student"], o["assignment"]): o["score"] for o in server.ledger.values()}
    fetch = " && ".join(f"nbgrader fetch_feedback {a.name}" for a in ASSIGNMENTS)
    assert not server.run_all(dict.fromkeys(server.students, fetch))
    for student in server.students:
        for assignment in ASSIGNMENTS:
            page = server.run_as(student, f"cat {assignment.name}/feedback/*/*.html")
            assert page.returncode == 0, page.stderr
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.stdout))
            points = scores[(student, assignment.name)]
            assert f"{assignment.notebook[:-6]}: {points:.1f} / " in text
