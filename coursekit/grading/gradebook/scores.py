"""Read the points of an autograded submission back from the course's nbgrader gradebook.

The gradebook and the course id are the course's own (``CourseDirectory.db_url`` and
``course_id``, as ``nbgrader_config.py`` sets them), read the way ``nbgrader autograde`` reads
them in that folder.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from coursekit.grading.verdicts.checks import exercise_of

__all__ = ["Assignment", "autograded_notebook", "cell_scores", "exercise_of", "exercise_scores"]


class Assignment(Protocol):
    """What the engine needs to know of an assignment (a course's own description has more)."""

    name: str  # nbgrader's assignment id
    notebook: str  # the notebook's file name, e.g. "Python_Basics_with_Numpy.ipynb"


@contextmanager
def course_gradebook(root: Path) -> Iterator:
    """Open the gradebook of the course at ``root``, as its nbgrader configuration names it.

    Yields
    ------
    nbgrader.api.Gradebook
        The course's gradebook (``CourseDirectory.db_url``, ``CourseDirectory.course_id``).
    """
    from nbgrader.api import Gradebook

    from coursekit.grading.nbgrader_cli import autograde_app

    coursedir = autograde_app(Path(root).resolve()).coursedir
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        yield gradebook


def autograded_notebook(root: Path, assignment: Assignment, student: str) -> Path:
    """Return the path of ``student``'s autograded (executed) notebook of ``assignment``."""
    return Path(root) / "autograded" / student / assignment.name / assignment.notebook


def cell_scores(root: Path, assignment: Assignment, student: str) -> dict[str, tuple[float, float]]:
    """Return ``{grade_id: (score, max_score)}`` for one autograded submission."""
    with course_gradebook(root) as gradebook:
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
