"""Scores read back from the gradebook the course's nbgrader configuration names."""

import warnings

from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from coursekit.course import get_assignment
from coursekit.grading.gradebook.scores import cell_scores, exercise_scores
from coursekit.grading.nbgrader_cli import tools_on_path

ASSIGNMENT = get_assignment("python_basics")
# grade id: (auto score, max score); the exercise is the grade id's part before "-".
GRADED = {"sigmoid-values": (1.0, 2.0), "sigmoid-shape": (1.0, 1.0), "L1-values": (0.0, 3.0)}


def test_scores_come_from_the_gradebook_and_course_id_of_the_course_config(tmp_path):
    """Are db_url and course_id those of nbgrader_config.py, not a fixed path or id?"""
    books = tmp_path / "books"
    books.mkdir()
    db_url = f"sqlite:///{books / 'elsewhere.db'}"
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "another-course"\n'
        f"c.CourseDirectory.db_url = {db_url!r}\n",
        encoding="utf-8",
    )
    tools_on_path()  # a new gradebook is stamped by running `alembic`
    with Gradebook(db_url, "another-course") as gradebook:
        gradebook.add_assignment(ASSIGNMENT.name)
        gradebook.add_notebook("Basics", ASSIGNMENT.name)
        for cell, (_, top) in GRADED.items():
            gradebook.add_grade_cell(cell, "Basics", ASSIGNMENT.name, max_score=top,
                                     cell_type="code")  # fmt: skip
        gradebook.add_student("ada")
        with warnings.catch_warnings():
            # nbgrader's own add_submission autoflushes half-built rows: harmless here.
            warnings.simplefilter("ignore", SAWarning)
            gradebook.add_submission(ASSIGNMENT.name, "ada")
        for cell, (score, _) in GRADED.items():
            gradebook.find_grade(cell, "Basics", ASSIGNMENT.name, "ada").auto_score = score
        gradebook.db.commit()
    assert not (tmp_path / "gradebook.db").exists()
    assert cell_scores(tmp_path, ASSIGNMENT, "ada") == GRADED
    assert exercise_scores(tmp_path, ASSIGNMENT, "ada") == {"sigmoid": (2.0, 3.0), "L1": (0.0, 3.0)}
