"""The pages the grading service writes itself (coursekit.classroom.pages)."""

from coursekit.classroom.ledger import Outcome
from coursekit.classroom.pages import not_graded_page, over_limit_page


def test_over_limit_page_says_why_and_which_grade_stands():
    """Does the page of a refused submission name the limit and the grade that stands?"""
    counted = Outcome("ann", "quiz", "2026-12-05 10:00:00 UTC", "graded", 9.5, 16)
    page = over_limit_page("quiz", "2026-12-05 11:00:00 UTC", 2, counted)
    assert "quiz: this submission was not graded" in page
    assert "after using all 2 graded attempts quiz allows" in page
    assert "submission of 2026-12-05 10:00:00 UTC: 9.5 / 16 points" in page
    assert "Your grade stays" not in over_limit_page("quiz", "t", 1, None)


def test_not_graded_page_says_whose_problem_it_is_and_escapes_names():
    """Does the page tell a grading-side failure from the submission's own, with names escaped?"""
    ours = not_graded_page("<quiz>", "2026-12-05 11:00:00 UTC", ours=True)
    theirs = not_graded_page("quiz", "t", ours=False)
    assert (
        "a problem on the grading side" in ours and "&lt;quiz&gt;" in ours and "<quiz>" not in ours
    )
    assert "does not count as an attempt" in theirs and "grading side" not in theirs
