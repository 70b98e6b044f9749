"""Run ``nbgrader autograde`` on submissions and read the points back from the gradebook."""

from collections import defaultdict
from pathlib import Path

from nbgrader.api import Gradebook

from coursekit.course import Assignment
from coursekit.nbgrader_cli import run_nbgrader

COURSE_ID = "nn-basics-week2"


def exercise_of(grade_id: str) -> str:
    """Return the exercise a graded cell belongs to: test ids are ``<exercise>-<aspect>``."""
    return grade_id.split("-", 1)[0]


def submitted_students(root: Path, assignment: Assignment) -> list[str]:
    """Return, sorted, the students who have a submission of ``assignment`` under ``root``."""
    submitted = Path(root) / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment.name}") if p.is_dir())


def autograde(root: Path, assignment: Assignment, students=None, log=print) -> None:
    """Autograde each student's submission of ``assignment`` with the real nbgrader.

    One nbgrader run per student, so progress shows and one broken submission cannot stop
    the others. Re-grading replaces earlier results (``--force``).

    Raises
    ------
    RuntimeError
        If nbgrader itself fails (not when a student's code fails: that just costs points).
    """
    students = list(students) if students is not None else submitted_students(root, assignment)
    for index, student in enumerate(students, start=1):
        log(f"  [{index}/{len(students)}] autograding {student} / {assignment.name}")
        result = run_nbgrader(
            "autograde", assignment.name, "--force", f"--student={student}", root=root
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"nbgrader autograde {assignment.name} --student={student} failed:\n"
                f"{result.stdout}{result.stderr}"
            )


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
