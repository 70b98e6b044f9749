"""Run nbgrader's grading commands on submissions and read the points back from the gradebook."""

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from nbgrader.api import Gradebook

from coursekit.course import Assignment
from coursekit.nbgrader_cli import run_nbgrader

COURSE_ID = "nn-basics-week2"
# nbgrader logs this line when it starts executing a student's notebook.
_AUTOGRADING = re.compile(r"Autograding .*[/\\]autograded[/\\]([^/\\]+)[/\\]")
# ... and this one when it could not process a student's submission.
_FAILED = re.compile(r"There was an error processing assignment '[^']*' for student '([^']+)'")


def exercise_of(grade_id: str) -> str:
    """Return the exercise a graded cell belongs to: test ids are ``<exercise>-<aspect>``."""
    return grade_id.split("-", 1)[0]


def submitted_students(root: Path, assignment: Assignment) -> list[str]:
    """Return, sorted, the students who have a submission of ``assignment`` under ``root``."""
    submitted = Path(root) / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment.name}") if p.is_dir())


def _run(root: Path, what: str, *args: str) -> None:
    """Run ``nbgrader ARGS`` in ``root``; raise ``RuntimeError`` with nbgrader's log if it fails."""
    result = run_nbgrader(*args, root=root)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}{result.stderr}")


def autograde(root: Path, assignment: Assignment, students=None, log=print, extra_args=()) -> None:
    """Autograde each student's submission of ``assignment`` with the real nbgrader.

    One nbgrader run per student, so progress shows and one broken submission cannot stop
    the others. Re-grading replaces earlier results (``--force``).

    Parameters
    ----------
    root : Path
        The course folder (holding ``nbgrader_config.py`` and ``submitted/``).
    assignment : Assignment
        The assignment to grade.
    students : iterable of str, optional
        Student ids to grade; default every student with a submission.
    log : callable, default=print
        Receives one progress line per student.
    extra_args : sequence of str, default=()
        More nbgrader options, e.g. ``("--Execute.timeout=10",)``.

    Raises
    ------
    RuntimeError
        If nbgrader itself fails (not when a student's code fails: that just costs points).
    """
    students = list(students) if students is not None else submitted_students(root, assignment)
    for index, student in enumerate(students, start=1):
        log(f"  [{index}/{len(students)}] autograding {student} / {assignment.name}")
        _run(
            root,
            f"nbgrader autograde {assignment.name} --student={student}",
            *("autograde", assignment.name, "--force", f"--student={student}", *extra_args),
        )


def autograde_all(
    root: Path, assignment: Assignment, student_glob="*", log=print, extra_args=()
) -> None:
    """Autograde every submission whose student id matches ``student_glob`` in one nbgrader run.

    Much faster than :func:`autograde` for many submissions (nbgrader starts once, not once
    per student); progress is read from nbgrader's log as it grades. nbgrader carries on past
    a submission it cannot process (a kernel that fails to start on a busy machine, say); those
    are graded once more, one by one, with :func:`autograde`.

    Parameters
    ----------
    root : Path
        The course folder.
    assignment : Assignment
        The assignment to grade.
    student_glob : str, default="*"
        nbgrader's ``--student`` file glob selecting the submissions.
    log : callable, default=print
        Receives one progress line per submission.
    extra_args : sequence of str, default=()
        More nbgrader options, e.g. ``("--Execute.timeout=10",)``.

    Raises
    ------
    RuntimeError
        If nbgrader fails other than on single submissions, or a retried submission fails again.
    """
    total = sum(1 for _ in (Path(root) / "submitted").glob(f"{student_glob}/{assignment.name}"))
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        *("autograde", assignment.name, "--force", f"--student={student_glob}", *extra_args),
        f"--CourseDirectory.root={root}",
    ]
    lines, failed = [], []
    with subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        done = 0
        for line in process.stdout:
            lines.append(line)
            if match := _AUTOGRADING.search(line):
                done += 1
                log(f"  [{done}/{total}] autograding {match.group(1)} / {assignment.name}")
            elif match := _FAILED.search(line):
                failed.append(match.group(1))
    if process.returncode != 0 and not failed:
        errors = "".join(line for line in lines if "ERROR" in line or "Error" in line)
        raise RuntimeError(f"nbgrader autograde {assignment.name} failed:\n{errors}")
    if failed:
        causes = [line.strip() for line in lines if "| ERROR]" in line][:6]
        log(f"  nbgrader could not grade {', '.join(failed)}; grading them again one by one")
        log("\n".join(f"    {cause}" for cause in causes))
        autograde(root, assignment, failed, log=log, extra_args=extra_args)


def generate_feedback(root: Path, assignment: Assignment, student_glob="*") -> Path:
    """Write the HTML feedback pages of ``assignment`` with ``nbgrader generate_feedback``.

    Returns
    -------
    Path
        The feedback folder, ``root/feedback`` (one ``<student>/<assignment>/`` per student).
    """
    _run(
        root,
        f"nbgrader generate_feedback {assignment.name}",
        *("generate_feedback", assignment.name, "--force", f"--student={student_glob}"),
    )
    return Path(root) / "feedback"


def export_grades(root: Path, dest: Path) -> Path:
    """Export every grade in the gradebook to the CSV file ``dest`` with ``nbgrader export``.

    Returns
    -------
    Path
        ``dest``, one row per student and assignment.
    """
    dest = Path(dest).resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    _run(root, "nbgrader export", "export", f"--to={dest}")
    return dest


def autograded_notebook(root: Path, assignment: Assignment, student: str) -> Path:
    """Return the path of ``student``'s autograded (executed) notebook of ``assignment``."""
    return Path(root) / "autograded" / student / assignment.name / assignment.notebook


def cell_scores(root: Path, assignment: Assignment, student: str) -> dict[str, tuple[float, float]]:
    """Return ``{grade_id: (score, max_score)}`` for one autograded submission."""
    with Gradebook(f"sqlite:///{Path(root) / 'gradebook.db'}", COURSE_ID) as gradebook:
        submission = gradebook.find_submission(assignment.name, student)
        return {
            grade.name: (float(grade.score), float(grade.max_score))
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def exercise_scores(
    root: Path, assignment: Assignment, student: str
) -> dict[str, tuple[float, float]]:
    """Return ``{exercise: (score, max_score)}``, summing the graded cells of each exercise."""
    totals = defaultdict(lambda: [0.0, 0.0])
    for grade_id, (score, max_score) in cell_scores(root, assignment, student).items():
        totals[exercise_of(grade_id)][0] += score
        totals[exercise_of(grade_id)][1] += max_score
    return {exercise: (score, top) for exercise, (score, top) in totals.items()}
