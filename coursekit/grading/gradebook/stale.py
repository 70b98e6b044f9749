"""Regrades never leave a stale grade: a submission being graded no longer shows the last one's.

nbgrader keeps a submission's automatic grades until grading writes new ones, and removes the
autograded copy of a submission it fails to grade: a resubmission that cannot be graded kept
the earlier 15 points in the gradebook and the earlier feedback page. Before a submission is
graded (:class:`~coursekit.grading.intake.sanitize.SanitizeCells` in plain nbgrader, the recorder of
``coursekit grade`` when a worker failed), :func:`clear_grades` clears its automatic grades
and flags them for a look in the formgrader, and :func:`replace_feedback` replaces its feedback
pages with one saying the latest submission is not graded. Grading that succeeds writes new
grades; ``nbgrader generate_feedback`` writes new pages, under the rules it always follows (the
feedback folder's ``timestamp.txt`` is kept).
"""

import html
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

PENDING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}: not graded</title></head>
<body><h1>{title}: not graded</h1>
<p>Your latest submission of <b>{assignment}</b> has not been graded yet, or could not be
graded automatically. The feedback and points of your earlier submission no longer apply.</p>
<p>If this page is still here after the instructor has released feedback, open the notebook in
Jupyter, check that it runs and saves, hand it in again, or ask the instructor.</p>
</body></html>
"""


def mark_pending(db_url: str, assignment: str, student: str, notebooks=None) -> list[str]:
    """Open the gradebook at ``db_url`` and :func:`clear_grades` there."""
    with Gradebook(db_url) as gradebook:
        return clear_grades(gradebook, assignment, student, notebooks)


def clear_grades(gradebook, assignment: str, student: str, notebooks=None) -> list[str]:
    """Clear the automatic grades of ``student``'s submission and flag them for a look.

    Parameters
    ----------
    gradebook : nbgrader.api.Gradebook
        An open gradebook; the change is committed.
    assignment, student : str
        nbgrader's ids.
    notebooks : iterable of str, optional
        Notebook ids; default every notebook of the submission.

    Returns
    -------
    list of str
        The notebook ids of the submission (empty when it was never graded).
    """
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return []
    wanted = set(notebooks) if notebooks is not None else None
    names = []
    for notebook in submission.notebooks:
        names.append(notebook.name)
        if wanted is not None and notebook.name not in wanted:
            continue
        for grade in notebook.grades:
            grade.auto_score = None
            grade.needs_manual_grade = True
    gradebook.db.commit()
    return names


def replace_feedback(folder: Path, assignment: str, notebooks) -> None:
    """Replace the feedback pages of ``notebooks`` in ``folder`` with the not-graded page.

    Nothing is written when ``folder`` (``feedback/<student>/<assignment>``) does not exist:
    there is no earlier page to take back.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    for name in notebooks:
        page = folder / f"{name}.html"
        if page.is_symlink():
            page.unlink()
        page.write_text(
            PENDING_PAGE.format(title=html.escape(name), assignment=html.escape(assignment)),
            encoding="utf-8",
        )
