"""Latency of the class server: submit to feedback, quiet and under a burst (prints figures).

``sudo .venv/bin/python -m coursekit.benchmarks.class_server`` serves a scratch course to ten
made-up accounts (:mod:`coursekit.classroom.trial`, removed after) and measures:

1. **Quiet server**: one student submits Assignment 1 (``python_basics``, right answers) with
   nbgrader's submit, ``--rounds`` times, one after another; each time from the start of
   ``nbgrader submit`` to the feedback released for that submission (what the Assignment
   List's "Fetch feedback" then finds), and once the student's own fetch on top.
2. **Burst**: ten students submit three assignments each at once (30 submissions); the time
   from the first submit to the last feedback released, against ``coursekit grade``
   (:func:`coursekit.grading.class_runner.grade_class`) grading the same 30 submissions in a
   copy of the course.
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


def burst(server) -> tuple[float, float, float]:
    """Return the seconds of a burst of 30 submissions, and of ``coursekit grade`` on them.

    Returns
    -------
    tuple of float
        First submit to the last feedback released; the last submit's end to it;
        ``coursekit grade`` grading the same 30 submissions in a copy of the course.
    """
    from coursekit.grading.class_runner import grade_class

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
    submit = " && ".join(f"nbgrader submit {n}" for n in ASSIGNMENTS)
    started = time.perf_counter()
    failed = server.run_all(dict.fromkeys(server.students, submit))
    if failed:
        raise RuntimeError(failed)
    submitted = time.perf_counter()
    done = _wait(server, before + len(ASSIGNMENTS) * len(server.students))
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
    return done - started, done - submitted, grade


def main(argv=None) -> int:
    """Run both measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="quiet submissions (10)")
    args = parser.parse_args(argv)
    with running_class(ASSIGNMENTS, students=10) as server:
        print(f"class server at {server.url}; quiet server, Assignment 1, {args.rounds} rounds")
        seconds = quiet(server, args.rounds)
        print("burst: 10 students x 3 assignments at once")
        last, after_submits, grade = burst(server)
    print()
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| quiet: submit to feedback, median | {statistics.median(seconds):.1f} |")
    print(f"| quiet: submit to feedback, 95th percentile | {percentile(seconds, 0.95):.1f} |")
    print(f"| quiet: min / max | {min(seconds):.1f} / {max(seconds):.1f} |")
    print(f"| burst of 30: first submit to last feedback | {last:.1f} |")
    print(f"| burst of 30: last submit done to last feedback | {after_submits:.1f} |")
    print(f"| coursekit grade, same 30 submissions | {grade:.1f} |")
    print(f"| ratio (target <= 1.3) | {last / grade:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
