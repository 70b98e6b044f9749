"""What the class runner's tests share: the assignment, its timeout, and a gradebook reader."""

from nbgrader.api import Gradebook

from coursekit.course import get_assignment

BASICS = get_assignment("python_basics")
COURSE_ID = "nn-basics-week2"
# Seconds per cell: generous, so a busy machine cannot turn a slow cell into lost points. The
# demo student whose code loops forever is left out (each of its calls would cost a timeout).
TIMEOUT = ("--Execute.timeout=60",)
CLASS = "demo_[!e]*"


def grades(db_url: str, assignment: str = BASICS.name) -> dict:
    """Return ``{(student, cell): (auto_score, needs_manual_grade)}`` plus the auto comments."""
    with Gradebook(db_url, COURSE_ID) as gb:
        rows = {}
        for submission in gb.find_assignment(assignment).submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows[submission.student.id, grade.name] = (
                        grade.auto_score,
                        grade.needs_manual_grade,
                    )
                for comment in notebook.comments:
                    rows[submission.student.id, "comment " + comment.name] = comment.auto_comment
        return rows
