"""Forged verdicts: no trick in a submission raises its score above what its answers earn."""

import pytest
from harness import FULL, RUNS, WRONG_SCORE, copy_course, forgery_names, grade_forgeries


@pytest.fixture(scope="module")
def graded(scratch, tmp_path_factory):
    """Grade the controls and every forgery of files/forgery in side-by-side nbgrader runs."""
    folder = tmp_path_factory.mktemp("forgery")
    return grade_forgeries(
        [copy_course(scratch("python_basics"), folder / f"c{k}") for k in range(RUNS)]
    )


@pytest.mark.slow
def test_controls_score_what_their_answers_earn(graded):
    """The honest partly wrong submission scores its 2 points, the solution full points."""
    assert graded["control"] == WRONG_SCORE
    assert graded["solution"] == FULL


@pytest.mark.slow
@pytest.mark.parametrize("attack", forgery_names())
def test_forgery_scores_no_more_than_without_it(graded, attack):
    """A partly wrong submission with the forgery scores no more than the same without it."""
    assert graded[attack] is not None, f"{attack} was not graded"
    assert graded[attack] <= graded["control"]
