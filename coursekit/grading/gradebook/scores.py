"""Run nbgrader's grading commands on submissions and read the points back from the gradebook."""

import io
from collections import defaultdict
from pathlib import Path

from nbgrader.api import Gradebook

from coursekit.course import Assignment
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.grading.verdicts.checks import exercise_of

COURSE_ID = "nn-basics-week2"


def _run(root: Path, what: str, *args: str) -> None:
    """Run ``nbgrader ARGS`` in ``root``; raise ``RuntimeError`` with nbgrader's log if it fails."""
    result = run_nbgrader(*args, root=root)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}{result.stderr}")


def autograde(root: Path, assignment: Assignment, students=None, log=print, extra_args=()) -> None:
    """Autograde submissions of ``assignment`` with the real nbgrader, on every core.

    Runs ``coursekit grade`` (:func:`coursekit.grading.class_runner.grade_class`): nbgrader's
    autograde per submission in worker processes, results recorded in the gradebook by this
    process. Re-grading replaces earlier results (``--force``).

    Parameters
    ----------
    root : Path
        The course folder (holding ``nbgrader_config.py`` and ``submitted/``).
    assignment : Assignment
        The assignment to grade.
    students : iterable of str, optional
        Student ids to grade; default every student with a submission.
    log : callable, default=print
        Receives the run's summary.
    extra_args : sequence of str, default=()
        More nbgrader options, e.g. ``("--Execute.timeout=10",)``.

    Raises
    ------
    RuntimeError
        If nbgrader cannot grade a submission (not when a student's code fails: that just
        costs points).
    """
    from coursekit.grading.class_runner import grade_class

    summary = grade_class(
        root,
        [assignment.name],
        students=students,
        force=True,
        nbgrader_args=tuple(extra_args),
        log=log,
        stream=io.StringIO(),
    )
    if summary.failed:
        raise RuntimeError(f"nbgrader autograde {assignment.name} failed:\n{summary.text()}")


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
