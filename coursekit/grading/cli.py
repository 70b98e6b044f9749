"""The ``coursekit`` console script: ``coursekit grade`` autogrades a whole class.

Run it from the course folder::

    coursekit grade                              # every assignment, every core
    coursekit grade python_basics --workers 4    # one assignment, four processes
    coursekit grade --scheduler tcp://10.0.0.1:8786 --db-url postgresql://grader@db/course
    coursekit grade python_basics --Execute.timeout=10   # any nbgrader option, as in its CLI

Exit status: 0 when every submission was graded, 1 when some failed (listed in the summary,
each with what to fix), 2 for a wrong invocation (an unknown assignment, a ``--student`` that
matches no submission, a folder that is not a course): one line naming the fix, no traceback.
"""

import argparse
import re
import sys
from pathlib import Path

# nbgrader's own command-line options (``--Class.trait=value``) are passed on to nbgrader.
NBGRADER_OPTION = re.compile(r"^--[A-Za-z_]\w*\.\w+=")


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser of ``coursekit``."""
    main = argparse.ArgumentParser(prog="coursekit", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    grade = commands.add_parser(
        "grade",
        help="autograde a class with nbgrader on every core or a Dask cluster",
        description="Autograde every submission of the assignments with real nbgrader, in "
        "parallel; unchanged submissions graded before are skipped. nbgrader options "
        "(--Class.trait=value) are passed on.",
    )
    grade.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    grade.add_argument("--workers", type=int, help="local worker processes (default: CPUs)")
    grade.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    grade.add_argument("--force", action="store_true", help="grade unchanged submissions too")
    grade.add_argument("--db-url", help="gradebook URL (default: nbgrader's, gradebook.db)")
    grade.add_argument("--student", default="*", help="student ids, as a glob (default: *)")
    grade.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: .)")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run ``coursekit ARGS``; return the exit status."""
    from coursekit.grading.class_runner.runner import grade_class
    from coursekit.grading.errors import UsageError

    args, extra = parser().parse_known_args(argv)
    unknown = [arg for arg in extra if not NBGRADER_OPTION.match(arg)]
    if unknown:
        parser().error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.workers is not None and args.workers < 1:
        parser().error(f"--workers must be 1 or more, not {args.workers}")
    try:
        summary = grade_class(
            args.root,
            args.assignments or None,
            workers=args.workers,
            scheduler=args.scheduler,
            force=args.force,
            db_url=args.db_url,
            student_glob=args.student,
            nbgrader_args=extra,
            log=lambda line: print(line, flush=True),
        )
    except UsageError as error:
        print(f"coursekit grade: error: {error}", file=sys.stderr)
        return 2
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
