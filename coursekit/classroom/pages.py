"""The pages the grading service writes itself, where nbgrader has no feedback to give.

A student finds them with the Assignment List's "Fetch Feedback", like any feedback page: a
submission beyond the assignment's attempts, and one that could not be graded.
"""

import html


def _page(title: str, heading: str, *paragraphs: str) -> str:
    """Return a small HTML page; ``title``, ``heading`` and ``paragraphs`` are plain text."""
    body = "".join(f"<p>{html.escape(text)}</p>\n" for text in paragraphs)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>\n"
        f"<h1>{html.escape(heading)}</h1>\n{body}</body></html>\n"
    )


def over_limit_page(assignment: str, stamp: str, attempts: int, counted) -> str:
    """Return the feedback page of a submission beyond the assignment's ``attempts``.

    ``counted`` is the student's latest graded :class:`~coursekit.classroom.ledger.Outcome`
    (the grade that stands), or None.
    """
    plural = "s" * (attempts != 1)
    stands = (
        f" Your grade stays that of your submission of {counted.timestamp}: "
        f"{counted.score:g} / {counted.max_score:g} points (its feedback is under that time)."
        if counted
        else ""
    )
    return _page(
        f"{assignment}: not graded",
        f"{assignment}: this submission was not graded",
        f"You handed it in at {stamp}, after using all {attempts} graded attempt{plural} "
        f"{assignment} allows.{stands}",
        "Ask your instructor if you think you should have another attempt.",
    )


def not_graded_page(assignment: str, stamp: str, ours: bool) -> str:
    """Return the page of a submission that could not be graded.

    ``ours`` : the failure was the grading side's (it is graded again), else the submission's
    own (its code stopped the grader, or it held no notebook).
    """
    if ours:
        why = (
            "Your submission could not be graded (a problem on the grading side, not in your "
            "notebook); your instructor has been told; it will be graded again, and this "
            "page replaced by its feedback."
        )
    else:
        why = (
            "Your submission could not be graded: grading it stopped (for example, code that "
            "never finishes, or no notebook in it). Check that your notebook runs from top to "
            "bottom (Kernel > Restart Kernel and Run All Cells) and hand it in again; this one "
            "does not count as an attempt."
        )
    return _page(
        f"{assignment}: not graded yet",
        f"{assignment}: this submission could not be graded",
        f"You handed it in at {stamp}.",
        why,
    )
