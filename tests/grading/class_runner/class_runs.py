"""What the class runner's tests share: the assignment, the students, a gradebook reader.

Cells get the course's own time (``Execute.timeout`` in ``nbgrader_config.py``, 60 s): a busy
machine cannot turn a slow cell into lost points.
"""

from harness import ASSIGNMENT as BASICS
from harness import COURSE_ID
from nbgrader.api import Gradebook

# The demo student whose code loops forever is left out (each of its calls costs a timeout).
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
