"""Time what students and instructors wait for: running each notebook, and autograding it.

Run as ``python -m coursekit.benchmark [ASSIGNMENT...]``; prints one row per assignment.
Figures, not pass/fail: timings vary with the machine, so no test asserts on them.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from coursekit.autograde import autograde
from coursekit.course import ASSIGNMENTS, get_assignment
from coursekit.execute import run_notebook
from coursekit.submissions import fill_answers, solution_answers, submit
from coursekit.workspace import scratch_course


def time_assignment(assignment, workdir: Path) -> dict[str, float]:
    """Return wall-clock seconds to run the instructor notebook and to autograde its solution."""
    course = scratch_course(workdir / assignment.name, [assignment])
    start = time.perf_counter()
    run_notebook(assignment.source_notebook(course))
    run_seconds = time.perf_counter() - start
    answers = solution_answers(assignment.source_notebook(course))
    submit(
        course, "solution", assignment, fill_answers(assignment.release_notebook(course), answers)
    )
    start = time.perf_counter()
    autograde(course, assignment, ["solution"], log=lambda message: None)
    return {"run": run_seconds, "autograde": time.perf_counter() - start}


def main(argv: list[str] | None = None) -> int:
    """Print the timings of the assignments named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args(argv)
    chosen = [get_assignment(n) for n in args.assignments] if args.assignments else ASSIGNMENTS
    print(f"{'assignment':<22} {'run notebook (s)':>17} {'autograde (s)':>14}")
    with tempfile.TemporaryDirectory() as workdir:
        for assignment in chosen:
            seconds = time_assignment(assignment, Path(workdir))
            print(f"{assignment.name:<22} {seconds['run']:>17.1f} {seconds['autograde']:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
