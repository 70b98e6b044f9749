"""The demo class as data: who hands in what, and where each student must lose points.

``tests/demo/test_run.py`` checks the roster and the points' range against the notebooks and
grades the class; these tests check that each expectation follows from what the student hands
in, without grading anything.
"""

import pytest

from coursekit.accuracy.variants import catalogue
from coursekit.course import GRADED
from coursekit.demo import students as demo_class

NAMES = [a.name for a in GRADED]


def _full_points(assignment):
    """Return the perfect student's points per exercise (the assignment's points table)."""
    perfect = next(s for s in demo_class.submissions(assignment) if s.student == "demo_perfect")
    return dict(perfect.expected)


def test_class_covers_exactly_the_graded_assignments():
    """Does the demo class hand in every graded assignment and nothing else?"""
    assert set(demo_class.CLASS) == set(NAMES)
    for assignment in GRADED:
        assert demo_class.submissions(assignment) is demo_class.CLASS[assignment.name]


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_every_variant_used_is_in_the_catalogue(assignment):
    """Does each variant label a demo student uses name a variant of the catalogue?"""
    labels = {v.label for v in catalogue(assignment.name)}
    for item in demo_class.submissions(assignment):
        for label in item.variants:
            assert label in labels, f"{item.student} uses {label}, not in the catalogue"
        found = item.catalogue_variants(assignment)
        assert [v.label for v in found] == list(item.variants)


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_answers_and_solved_name_exercises_of_the_assignment(assignment):
    """Do the hand-written answers and the solved list name only exercises of the assignment?"""
    exercises = set(_full_points(assignment))
    for item in demo_class.submissions(assignment):
        assert set(item.answers) <= exercises, item.student
        assert set(item.solved or ()) <= exercises, item.student


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_points_are_lost_exactly_where_the_submission_goes_wrong(assignment):
    """Does each student lose points exactly on wrong variants, own answers and unsolved stubs?"""
    full = _full_points(assignment)
    for item in demo_class.submissions(assignment):
        variants = item.catalogue_variants(assignment)
        wrong = {v.exercise for v in variants if not v.correct}
        unsolved = set(full) - set(item.solved) if item.solved is not None else set()
        lost = {e for e, points in item.expected.items() if points < full[e]}
        assert lost == wrong | set(item.answers) | unsolved, item.student
        for v in variants:
            if v.correct:
                assert item.expected[v.exercise] == full[v.exercise], (item.student, v.label)
            elif v.expect_caught:
                assert item.expected[v.exercise] == 0, (item.student, v.label)
            else:
                assert 0 < item.expected[v.exercise] < full[v.exercise], (item.student, v.label)


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_the_untouched_and_endless_loop_students_do_what_they_say(assignment):
    """Does the untouched student solve nothing and the endless-loop one hand in a loop?"""
    by_student = {item.student: item for item in demo_class.submissions(assignment)}
    untouched = by_student["demo_untouched"]
    assert untouched.solved == () and not untouched.variants and not untouched.answers
    assert not any(untouched.expected.values())
    loop = by_student["demo_endless_loop"]
    assert len(loop.answers) == 1
    assert "while " in next(iter(loop.answers.values()))


def test_zero_sets_only_the_named_exercises_and_rejects_unknown_ones():
    """Does _zero zero just the named exercises, keep the table, and refuse unknown names?"""
    table = demo_class.PYTHON_BASICS_POINTS
    zeroed = demo_class._zero(table, "softmax", "L1")
    assert zeroed == {**table, "softmax": 0, "L1": 0}
    assert table["softmax"] == 3, "the points table itself must not change"
    with pytest.raises(KeyError, match="propagate"):
        demo_class._zero(table, "propagate")
