"""What the grading engine runs, and how passed exercises serve the checks after them."""

import nbformat
import pytest
from harness import (
    FULL,
    autograde,
    copy_course,
    hand_in,
    local_student,
    notebook,
    output_text,
    scores,
    solution,
)
from nbformat.v4 import new_code_cell

from coursekit.grading.execute import HUNG_CELL, KILLED_KERNEL, STOPPED_CELL
from coursekit.grading.verdicts.checks import Checks

# The student's `double` is right on the inputs its own check tries, wrong on 5.
KERNEL_CODE = """
def double(x):
    return 0 if x == 5 else 2 * x

def quad(x):
    return double(double(x))
"""


@pytest.fixture(scope="module")
def student():
    """Return a Student on a plain local kernel holding KERNEL_CODE."""
    with local_student(KERNEL_CODE) as student:
        yield student


def _quad_check(calls: list):
    """Return checks of `quad` that stand the course's `double` in, counting its calls."""
    checks = Checks("demo")

    def course_double(x):
        calls.append(x)
        return 2 * x

    @checks("quad-values")
    def quad_values(student, public):
        with student.standing_in(double=course_double):
            assert student.quad(3) == 12, "quad(3) should be 12"
            assert student.quad(5) == 20, "quad(5) should be 20"

    return checks


def test_passed_exercise_serves_later_checks_and_a_failure_is_judged_again(student):
    """With `double` trusted, a failing check of `quad` is rerun with the course's `double`."""
    calls = []
    student.trusted_exercises = frozenset({"double"})
    verdict = _quad_check(calls).run("quad-values", student, None)
    assert verdict.passed, verdict
    # The first attempt used the student's double (no stand-in call) and failed on quad(5);
    # the second used the course's for every call.
    assert calls == [3, 6, 5, 10]


def test_untrusted_exercise_is_stood_in_from_the_start(student):
    """Without trust every call of `double` goes to the course's version, in one attempt."""
    calls = []
    student.trusted_exercises = frozenset()
    verdict = _quad_check(calls).run("quad-values", student, None)
    assert verdict.passed, verdict
    assert calls == [3, 6, 5, 10]
    student.trusted_exercises = frozenset({"double"})
    calls.clear()
    checks = Checks("demo")

    @checks("quad-small")
    def quad_small(student, public):
        with student.standing_in(double=lambda x: calls.append(x) or 2 * x):
            assert student.quad(3) == 12

    assert checks.run("quad-small", student, None).passed
    assert calls == [], "a trusted exercise's function was stood in although it passed"


@pytest.mark.slow
def test_cells_below_the_last_graded_cell_are_left_unrun(scratch, tmp_path):
    """Is a cell after the last graded one not run, with a note, and the score unchanged?"""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    nb = notebook(course, solution(course))
    nb.cells.append(new_code_cell('print("TRAILING CELL RAN")'))
    hand_in(course, "trailing", nb)
    autograde(course)
    assert scores(course)["trailing"] == FULL
    graded = course / "autograded" / "trailing" / "python_basics"
    last = nbformat.read(next(graded.glob("*.ipynb")), as_version=4).cells[-1]
    text = "".join(output.get("text", "") for output in last.outputs)
    assert "TRAILING CELL RAN" not in text
    assert "not run while grading" in text


@pytest.mark.slow
def test_a_looping_cell_is_interrupted_in_its_own_kernel(scratch, tmp_path):
    """Is a loop past the time limit stopped in its own kernel, costing only its exercise?"""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    # L1 (1 point) loops whenever it is called: by the check cell under it and by its checks.
    looping = {**solution(course), "L1": "def L1(yhat, y):\n    while True:\n        pass"}
    hand_in(course, "looping", notebook(course, looping))
    autograde(course, "--Execute.timeout=5")
    assert scores(course)["looping"] == FULL - 1
    text = output_text(course, "looping")
    assert STOPPED_CELL.format(timeout=5) in text
    assert "did not finish within the time limit" in text
    # A fresh kernel was never needed: no note of a hung or dead kernel.
    for note in (HUNG_CELL.format(timeout=5), KILLED_KERNEL):
        assert note not in text
