"""Deadlines, attempts and unreadable notebooks through the running class server.

One server serves Assignment 1 (deadline tomorrow, one graded attempt) and the quiz (deadline
past) to two students, who hand in with nbgrader's own submit as their Unix accounts and
fetch their feedback as they would from the Assignment List:

- before the deadline, a hidden check's expected value is withheld from the page; a second
  submission is not graded and its page says why; once the deadline is moved into the past,
  the service releases the full page (expected values shown);
- past the quiz's deadline, the quiz page explains the right answer at once;
- a notebook that is not valid JSON gets a page with the note and 0 points, and does not use
  up the one attempt: its student's next submission is graded.
"""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from class_server import fetched_feedback, running_class, submit_as

from coursekit.course import get_assignment
from coursekit.hidden.quiz import IDEAS
from coursekit.submissions import fill_answers, solution_answers

pytestmark = pytest.mark.slow
BASICS, QUIZ = get_assignment("python_basics"), get_assignment("quiz")
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
POLICIES = f"""
[python_basics]
deadline = {TOMORROW}
attempts = 1

[quiz]
deadline = 2020-01-01T00:00:00Z
"""
# Right on the public examples, 0.5 on the hidden inputs: the hidden check names the value
# it expected ("basic_sigmoid(-7.55...): wrong value / expected: 0.00052... / got: 0.5").
PUBLIC_ONLY_SIGMOID = """import math

def basic_sigmoid(x):
    public = {1: 0.7310585786300049, 3: 0.9525741268224334, -2: 0.11920292202211755}
    return public.get(x, 0.5)
"""
WITHHELD = "expected value (explained after the deadline"
SHOWN = re.compile(r"\bexpected:? -?\d")


def _answered(student: str, assignment, changes: dict[str, str]):
    """Return ``student``'s fetched notebook with the solutions, ``changes`` swapped in."""
    answers = solution_answers(assignment.source_notebook()) | changes
    return fill_answers(f"/home/{student}/{assignment.name}/{assignment.notebook}", answers)


@pytest.fixture(scope="module")
def server():
    """Serve Assignment 1 and the quiz, with POLICIES, to an instructor and two students."""
    with running_class(["python_basics", "quiz"], students=2, workers=1, policies=POLICIES) as s:
        yield s


@pytest.fixture(scope="module")
def first_round(server):
    """Hand in, at once: Assignment 1 and the quiz of one student, a broken notebook of another."""
    student, other = server.students
    for person in (student, other):
        fetched = server.run_as(person, "nbgrader fetch_assignment python_basics")
        assert fetched.returncode == 0, fetched.stderr
    assert server.run_as(student, "nbgrader fetch_assignment quiz").returncode == 0
    submit_as(
        server, student, BASICS, _answered(student, BASICS, {"basic_sigmoid": PUBLIC_ONLY_SIGMOID})
    )
    submit_as(server, student, QUIZ, _answered(student, QUIZ, {"q1": 'q1 = "A"'}))
    submit_as(server, other, BASICS, '{"cells": [ this is not JSON')
    return server.wait_for_outcomes(3)


def _outcome(ledger: dict, student: str, assignment: str, status: str = "graded") -> dict:
    found = [
        o
        for o in ledger.values()
        if (o["student"], o["assignment"], o["status"]) == (student, assignment, status)
    ]
    assert len(found) == 1, f"not one {status} {assignment} of {student}: {ledger}"
    return found[0]


def test_expected_values_withheld_before_deadline(server, first_round):
    """Before the deadline, does the page keep the points but withhold the expected value?"""
    student = server.students[0]
    outcome = _outcome(first_round, student, "python_basics")
    assert 0 < outcome["score"] < outcome["max_score"]
    [text] = fetched_feedback(server, student, BASICS).values()
    assert f"{WITHHELD}, {TOMORROW[:10]}" in text
    assert "basic_sigmoid(" in text and not SHOWN.search(text)


def test_quiz_past_deadline_explains_answer(server, first_round):
    """Past the quiz's deadline, does its page say why the wrong answer is wrong?"""
    student = server.students[0]
    outcome = _outcome(first_round, student, "quiz")
    assert outcome["score"] == outcome["max_score"] - 1
    [text] = fetched_feedback(server, student, QUIZ).values()
    assert f"wrong: {IDEAS['q1']}" in text
    assert "explained after the deadline" not in text


def test_unreadable_notebook_gets_note_and_zero(server, first_round):
    """Does a notebook that is not JSON get a feedback page with the note and 0 points?"""
    other = server.students[1]
    outcome = _outcome(first_round, other, "python_basics")
    assert outcome["score"] == 0 and outcome["max_score"] > 0
    [text] = fetched_feedback(server, other, BASICS).values()
    assert "Your notebook could not be read" in text and "not a valid notebook" in text
    assert f"0.0 / {outcome['max_score']:.1f} points" in text


@pytest.fixture(scope="module")
def second_attempt(server, first_round):
    """Have both students hand in Assignment 1 again, all right: the first beyond its attempt."""
    # The second student's fetched notebook is the broken one: start from the released one.
    released = server.course / "release" / BASICS.name / BASICS.notebook
    right = fill_answers(released, solution_answers(BASICS.source_notebook()))
    for student in server.students:
        submit_as(server, student, BASICS, right)
    return server.wait_for_outcomes(5)


def test_unreadable_notebook_does_not_use_up_attempt(server, first_round, second_attempt):
    """Is the second submission after an unreadable one graded, though one attempt is allowed?"""
    other = server.students[1]
    unreadable = _outcome(first_round, other, "python_basics")
    assert unreadable["counted"] is False
    [graded] = [
        o
        for o in second_attempt.values()
        if o["student"] == other and o["timestamp"] > unreadable["timestamp"]
    ]
    assert graded["status"] == "graded" and graded["counted"]
    assert graded["score"] == graded["max_score"] > 0


def test_second_submission_beyond_attempts_not_graded(server, first_round, second_attempt):
    """Is the second submission left ungraded, its page saying why, the first grade kept?"""
    student = server.students[0]
    counted = _outcome(second_attempt, student, "python_basics")
    refused = _outcome(second_attempt, student, "python_basics", "over_limit")
    assert counted == _outcome(first_round, student, "python_basics")
    assert refused["reason"] == "all 1 attempts used"
    pages = fetched_feedback(server, student, BASICS)
    assert list(pages) == sorted([counted["timestamp"], refused["timestamp"]])
    note = pages[refused["timestamp"]]
    assert "this submission was not graded" in note
    assert "after using all 1 graded attempt python_basics allows" in note
    assert f"{counted['score']:g} / {counted['max_score']:g} points" in note
    assert counted["timestamp"] in note


def test_deadline_passing_releases_full_page(server, second_attempt):
    """Once the deadline is past, is the counted page released again with the expected values?"""
    student = server.students[0]
    (server.course / "classroom.toml").write_text(
        POLICIES.replace(TOMORROW, "2020-01-01T00:00:00Z")
    )
    revealed = server.course / ".classroom" / "revealed.json"
    deadline = time.monotonic() + 300
    while "python_basics" not in (revealed.read_text() if revealed.is_file() else ""):
        assert time.monotonic() < deadline, server.log()
        time.sleep(1)
    counted = _outcome(server.ledger, student, "python_basics")
    text = fetched_feedback(server, student, BASICS)[counted["timestamp"]]
    assert SHOWN.search(text) and "explained after the deadline" not in text
