"""Latency of the class server: submit to feedback, quiet and under a burst (prints figures).

``sudo .venv/bin/python -m coursekit.benchmarks.class_server`` serves a scratch course to ten
made-up accounts (:mod:`coursekit.classroom.trial`, removed after) and measures:

1. **Quiet server**: one student submits Assignment 1 (``python_basics``, right answers) with
   nbgrader's submit, ``--rounds`` times, one after another; each time from the start of
   ``nbgrader submit`` to the feedback released for that submission (what the Assignment
   List's "Fetch feedback" then finds), and once the student's own fetch on top.
2. **Burst, live**: ten students submit three assignments each at the same time (30
   submissions) with nbgrader's submit as their accounts, the service running; from the
   first submit to the last feedback released, and from the last submit's end to it. The 30
   submit commands themselves take about a minute on two cores, so the submissions arrive
   over that time, not at once.
3. **Burst, at once**: the same 30 submitted again while the grading service is stopped (as
   during a restart); from the service's start to the last feedback released: what a
   burst costs when every submission is there at once.

Both bursts are compared with ``coursekit grade``
(:func:`coursekit.grading.class_runner.runner.grade_class`) grading the same 30 submissions in
a copy of the course (the target: the at-once burst within 1.3 times it).
"""

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from coursekit.classroom.trial import running_class
from coursekit.course import get_assignment
from coursekit.submissions import fill_answers, solution_answers

ASSIGNMENTS = ("python_basics", "quiz", "neurons_and_layers")


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile ``share`` (0-1) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _answer(server, student: str, name: str) -> None:
    """Fill ``student``'s fetched notebook of ``name`` with the right answers (as them)."""
    import os

    import nbformat

    assignment = get_assignment(name)
    path = f"/home/{student}/{name}/{assignment.notebook}"
    nbformat.write(fill_answers(path, solution_answers(assignment.source_notebook())), path)
    owner = os.stat(f"/home/{student}")
    os.chown(path, owner.st_uid, owner.st_gid)


def _wait(server, count: int) -> float:
    server.wait_for_outcomes(count, timeout=1800)
    return time.perf_counter()


def quiet(server, rounds: int) -> list[float]:
    """Return the submit-to-released seconds of ``rounds`` submissions, one at a time."""
    student = server.students[0]
    server.run_as(student, "nbgrader fetch_assignment python_basics")
    _answer(server, student, "python_basics")
    seconds = []
    for _ in range(rounds):
        before = len(server.ledger)
        started = time.perf_counter()
        submitted = server.run_as(student, "nbgrader submit python_basics")
        if submitted.returncode:
            raise RuntimeError(submitted.stderr)
        seconds.append(_wait(server, before + 1) - started)
        print(f"  submission {len(seconds)}: {seconds[-1]:.1f} s", flush=True)
    started = time.perf_counter()
    server.run_as(student, "nbgrader fetch_feedback python_basics")
    print(f"  the student's fetch_feedback afterwards: {time.perf_counter() - started:.1f} s")
    return seconds


def _submit_all(server) -> None:
    """Have every student submit the three assignments at the same time, as their accounts."""
    submit = " && ".join(f"nbgrader submit {n}" for n in ASSIGNMENTS)
    failed = server.run_all(dict.fromkeys(server.students, submit))
    if failed:
        raise RuntimeError(failed)


def burst(server) -> tuple[float, float]:
    """Return the seconds of a live burst of 30 submissions (the service running).

    Returns
    -------
    tuple of float
        First submit to the last feedback released; the last submit's end to it.
    """
    others = server.students[1:] + server.students[:1]
    fetch = " && ".join(f"nbgrader fetch_assignment {n}" for n in ASSIGNMENTS)
    server.run_all({s: fetch for s in others if s != server.students[0]})
    server.run_all(
        {
            server.students[0]: "nbgrader fetch_assignment quiz && "
            "nbgrader fetch_assignment neurons_and_layers"
        }
    )
    for student in server.students:
        for name in ASSIGNMENTS:
            _answer(server, student, name)
    before = len(server.ledger)
    started = time.perf_counter()
    _submit_all(server)
    submitted = time.perf_counter()
    done = _wait(server, before + len(ASSIGNMENTS) * len(server.students))
    return done - started, done - submitted


def burst_at_once(server) -> float:
    """Return the seconds from the service's start to the last of 30 waiting submissions graded.

    The 30 are submitted (after :func:`burst`: the students have their notebooks) while the
    service is stopped, so it must find them all in the exchange when it starts.
    """
    server.stop_service()
    before = len(server.ledger)
    _submit_all(server)
    started = time.perf_counter()
    server.start_service()
    return _wait(server, before + len(ASSIGNMENTS) * len(server.students)) - started


def coursekit_grade(server) -> float:
    """Return the seconds ``coursekit grade`` takes on the course's latest 30 submissions."""
    from coursekit.grading.class_runner.runner import grade_class

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "course"
        shutil.copytree(
            server.course,
            copy,
            symlinks=True,
            ignore=shutil.ignore_patterns("autograded", "feedback", ".classroom"),
        )
        began = time.perf_counter()
        summary = grade_class(copy, list(ASSIGNMENTS), force=True, log=lambda line: None)
        grade = time.perf_counter() - began
        print(f"  coursekit grade: {len(summary.graded)} graded, {len(summary.failed)} failed")
    return grade


def main(argv=None) -> int:
    """Run both measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="quiet submissions (10)")
    args = parser.parse_args(argv)
    with running_class(ASSIGNMENTS, students=10) as server:
        print(f"class server at {server.url}; quiet server, Assignment 1, {args.rounds} rounds")
        seconds = quiet(server, args.rounds)
        print("burst, live: 10 students x 3 assignments, submitted at the same time")
        last, after_submits = burst(server)
        print("burst, at once: the same 30 submitted while the service is stopped")
        at_once = burst_at_once(server)
        grade = coursekit_grade(server)
    print()
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| quiet: submit to feedback, median | {statistics.median(seconds):.1f} |")
    print(f"| quiet: submit to feedback, 95th percentile | {percentile(seconds, 0.95):.1f} |")
    print(f"| quiet: min / max | {min(seconds):.1f} / {max(seconds):.1f} |")
    print(f"| burst live: first submit to last feedback (submits spread) | {last:.1f} |")
    print(f"| burst live: last submit done to last feedback | {after_submits:.1f} |")
    print(f"| burst at once: service start to last feedback (all 30 waiting) | {at_once:.1f} |")
    print(f"| coursekit grade, same 30 submissions | {grade:.1f} |")
    print(f"| ratio, burst at once / coursekit grade (target <= 1.3) | {at_once / grade:.2f} |")
    print(f"| ratio, burst live (first submit) / coursekit grade | {last / grade:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
