"""The progress line while a class is graded, and the summary that closes the run."""

import io

from coursekit.grading.class_runner.bundle import Result, Task
from coursekit.grading.class_runner.progress import Progress, Summary
from coursekit.grading.errors import KernelDidNotStart, SubmissionUnreadable


def test_progress_counts_and_time_left():
    """Does the progress line count graded and failed submissions and estimate time left?"""
    out = io.StringIO()
    progress = Progress(4, out)
    progress.update("graded", "a/ann")
    progress.update("failed", "a/bob")
    line = out.getvalue().splitlines()[-1]
    assert "2/4 graded 1 failed 1" in line and "left 0:0" in line and "failed: a/bob" in line


def test_summary_names_each_failure_with_its_kind_attempts_and_reason():
    """Does the summary list every failure as the machine's or the submission's, with why?"""
    machine = Result(Task("a", "ann", "", {}), failure=KernelDidNotStart("RuntimeError: died"))
    machine.attempts = 2
    empty = Result(Task("a", "bob", "", {}), failure=SubmissionUnreadable("no notebook: add one"))
    summary = Summary(graded=[Result(Task("a", "cy", "", {}))], failed=[machine, empty])
    lines = summary.text().splitlines()
    assert lines[0].startswith("graded 1, failed 2, skipped 0 (unchanged), retried 0")
    assert lines[1] == "  FAILED a/ann (infrastructure, 2 attempts): RuntimeError: died"
    assert lines[2] == "  FAILED a/bob (submission, 1 attempt): no notebook: add one"
