"""The grading service's parts: names, completeness, engine options, its pages and retries."""

import logging
from concurrent.futures import Future
from types import SimpleNamespace

import nbformat
import pytest
from class_server import page_text
from nbformat.v4 import new_notebook
from people import ROSTER

from coursekit.classroom import service
from coursekit.classroom.service import GradingService, is_complete, parse_name
from coursekit.grading.class_runner import runner
from coursekit.grading.errors import KernelUnresponsive, WorkerLost


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


class _Pool:
    """A stand-in for the engine's pools, remembering how it was made."""

    workers = 1

    def __init__(self, kind, where):
        self.kind, self.where = kind, where

    def close(self):
        """Nothing to stop."""


@pytest.mark.parametrize("scheduler", [None, "tcp://10.0.0.1:8786"])
def test_service_grades_with_scheduler_and_gradebook(tmp_path, monkeypatch, scheduler):
    """Does the service grade on the scheduler's cluster (else locally) with the gradebook URL?"""
    # Feedback pages are written on this machine either way: the course folder is here.
    monkeypatch.setattr(
        service,
        "grading_pool",
        lambda address, workers: _Pool("dask", address) if address else _Pool("local", workers),
    )
    import coursekit.grading.class_runner.pools as pools

    monkeypatch.setattr(pools, "LocalPool", lambda workers: _Pool("local", workers))
    (tmp_path / "roster.csv").write_text(ROSTER)
    url = "postgresql://grader@db/course"
    graded = GradingService(
        tmp_path / "course", tmp_path / "exchange", "c1", tmp_path / "roster.csv", 2,
        scheduler=scheduler, db_url=url,
    )  # fmt: skip
    options = graded.grade_options()
    assert options["db_url"] == url and options["force"]
    pool, feedback = options["backend"], graded.feedback_pool
    if scheduler:
        assert (pool.kind, pool.where) == ("dask", scheduler)
        assert (feedback.kind, feedback.where) == ("local", 2)
    else:
        assert (pool.kind, pool.where) == ("local", 2) and feedback is pool
    graded.close()


class _Done:
    """A pool that runs each call at once (the feedback workers)."""

    workers = 1

    def submit(self, function, *args):
        """Run ``function`` now; return its finished future."""
        future = Future()
        future.set_result(function(*args))
        return future

    def close(self):
        """Nothing to stop."""


BASICS = "Python_Basics_with_Numpy.ipynb"


@pytest.fixture
def course(tmp_path, monkeypatch):
    """Make a course with Assignment 1's source and an exchange; fake grading, pages, scores."""
    (tmp_path / "roster.csv").write_text(ROSTER)
    course = tmp_path / "course"
    (course / "source" / "python_basics").mkdir(parents=True)
    nbformat.write(new_notebook(), course / "source" / "python_basics" / BASICS)
    (tmp_path / "exchange" / "c1" / "feedback").mkdir(parents=True)
    monkeypatch.setattr(service, "grading_pool", lambda address, workers: _Done())
    monkeypatch.setattr(service, "write_feedback", lambda *args: None)
    monkeypatch.setattr(service, "hand_feedback_to", lambda page, student: None)
    monkeypatch.setattr(GradingService, "_score", lambda self, assignment, student: (7.0, 10.0))
    return course


def _open(course, **options) -> GradingService:
    """Start (again) the service on ``course``, as after a restart of the service."""
    root = course.parent
    return GradingService(course, root / "exchange", "c1", root / "roster.csv", 1, **options)


def _hand_in(graded: GradingService, student: str, minute: int, notebook: str) -> str:
    """Put a received Assignment 1 submission of ``student`` holding ``notebook``; its name."""
    stamp = f"2026-12-05 10:{minute:02d}:00.000000 UTC"
    name = f"{student}+python_basics+{stamp}+r{minute}"
    folder = graded.received / name
    folder.mkdir()
    (folder / BASICS).write_text(notebook)
    (folder / "timestamp.txt").write_text(stamp)
    (folder / "submission_secret.txt").write_text(f"secret{minute}")
    return name


def _fake_grading(monkeypatch, failures: list) -> list:
    """Make the engine fail as ``failures`` says, one entry per call; return the calls.

    An entry is None (graded), a GradingError (that failure for every student) or an
    exception class (grade_class raises it).
    """
    calls = []

    def grade_class(course, assignments, students, **options):
        assert sorted(students) == sorted(assignments)  # one run, students per assignment
        calls.append([s for a in assignments for s in students[a]])
        failure = failures.pop(0) if failures else None
        if isinstance(failure, type):
            raise failure("the gradebook is locked")
        task, why = SimpleNamespace, str(failure)
        failed = [
            SimpleNamespace(task=task(assignment=a, student=s), failure=failure, reason=why)
            for a in assignments for s in students[a]
        ] if failure else []  # fmt: skip
        return SimpleNamespace(failed=failed)

    monkeypatch.setattr(runner, "grade_class", grade_class)
    return calls


def test_unreadable_notebook_is_not_an_attempt(course, monkeypatch):
    """With one attempt, may a student whose notebook was not JSON hand in again, graded?"""
    (course / "classroom.toml").write_text("[python_basics]\nattempts = 1\n")
    calls = _fake_grading(monkeypatch, [])
    graded = _open(course)
    broken = _hand_in(graded, "ann", 1, '{"cells": [ this is not JSON')
    graded.process(graded.pending())
    assert graded.ledger.outcomes[broken].status == "graded"
    assert not graded.ledger.outcomes[broken].counted
    again = _hand_in(graded, "ann", 2, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    assert graded.ledger.outcomes[again].status == "graded", graded.ledger.outcomes[again]
    assert calls == [["ann"], ["ann"]] and graded.ledger.attempts("ann", "python_basics") == 1
    third = _hand_in(graded, "ann", 3, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    assert graded.ledger.outcomes[third].status == "over_limit"
    graded.close()


def _released(graded: GradingService, name: str) -> str:
    """Return the page released for Assignment 1's notebook of submission ``name``."""
    from nbgrader.utils import notebook_hash

    secret = (graded.received / name / "submission_secret.txt").read_text()
    released = notebook_hash(secret=secret, notebook_id=BASICS[:-6])
    return (graded.exchange / "feedback" / f"{released}.html").read_text()


@pytest.mark.parametrize(
    ("failure", "reason"),
    [(WorkerLost("worker died"), "worker died"), (RuntimeError, "RuntimeError: the gradebook")],
)
def test_failure_on_our_side_gets_page_and_is_graded_again(
    course, monkeypatch, caplog, failure, reason
):
    """Does a grading failure release a page, log, and get graded again at the next start, once?"""
    calls = _fake_grading(monkeypatch, [failure])
    graded = _open(course)
    name = _hand_in(graded, "bob", 1, nbformat.writes(new_notebook()))
    with caplog.at_level(logging.ERROR, logger=service.log.name):
        graded.process(graded.pending())
    outcome = graded.ledger.outcomes[name]
    assert (outcome.status, outcome.retry) == ("failed", True)
    page = page_text(_released(graded, name))
    assert "could not be graded (a problem on the grading side, not in your notebook)" in page
    assert "it will be graded again" in page and "2026-12-05 10:01:00.000000 UTC" in page
    assert f"NOT GRADED python_basics of bob (2026-12-05 10:01:00.000000 UTC): {reason}" in (
        caplog.text
    )
    assert reason in outcome.reason
    assert graded.pending() == []  # not again at once
    graded.close()
    restarted = _open(course)
    assert restarted.pending() == [name]
    restarted.process(restarted.pending())
    assert restarted.ledger.outcomes[name].status == "graded" and len(calls) == 2
    restarted.close()
    assert _open(course).pending() == []


def test_failure_retried_once_after_a_while_in_the_same_run(course, monkeypatch):
    """While the service runs, is a failed submission graded again once, after retry_seconds?"""
    calls = _fake_grading(monkeypatch, [WorkerLost("lost"), WorkerLost("lost again")])
    graded = _open(course, retry_seconds=0.0)
    name = _hand_in(graded, "bob", 1, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    assert graded.pending() == [name]
    graded.process(graded.pending())
    assert graded.ledger.outcomes[name].status == "failed" and graded.pending() == []
    assert len(calls) == 2
    graded.close()


def test_failure_of_the_submission_asks_to_hand_in_again(course, monkeypatch):
    """Does a failure of the submission's own get a page asking for another, never retried?"""
    _fake_grading(monkeypatch, [KernelUnresponsive("kernel hung")])
    graded = _open(course, retry_seconds=0.0)
    name = _hand_in(graded, "bob", 1, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    assert not graded.ledger.outcomes[name].retry and graded.pending() == []
    page = page_text(_released(graded, name))
    assert "hand it in again" in page and "grading side" not in page
    graded.close()


def test_retried_failure_older_than_the_grade_that_stands_is_superseded(course, monkeypatch):
    """Is a failed submission older than a graded one left ungraded when it is retried?"""
    calls = _fake_grading(monkeypatch, [WorkerLost("lost")])
    graded = _open(course)
    old = _hand_in(graded, "bob", 1, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    new = _hand_in(graded, "bob", 2, nbformat.writes(new_notebook()))
    graded.process(graded.pending())
    graded.close()
    restarted = _open(course)
    restarted.process(restarted.pending())
    assert restarted.ledger.outcomes[old].status == "superseded"
    assert restarted.ledger.outcomes[new].status == "graded" and len(calls) == 2
    restarted.close()


def test_invalid_policy_file_keeps_last_valid(course, monkeypatch, caplog):
    """Does the service keep grading with the last valid classroom.toml when it turns bad?"""
    _fake_grading(monkeypatch, [])
    (course / "classroom.toml").write_text("[python_basics]\nattempts = 1\n")
    graded = _open(course)
    assert graded.policies.current()["python_basics"].attempts == 1
    (course / "classroom.toml").write_text("[python_basics]\nattempts = 'two'\n")
    with caplog.at_level(logging.ERROR, logger=service.log.name):
        graded.process([_hand_in(graded, "ann", 1, nbformat.writes(new_notebook()))])
        graded.process([_hand_in(graded, "ann", 2, nbformat.writes(new_notebook()))])
    assert [o.status for o in graded.ledger.outcomes.values()] == ["graded", "over_limit"]
    assert caplog.text.count("attempts = 'two'") == 1
    graded.close()
    assert _open(course).policies.current()["python_basics"].attempts == 1
