"""Assignment 1 run as a student would: demo values printed, every check cell passing."""

import inspect
import math
import re

import nbformat
import numpy as np
import pytest

from coursekit.course import get_assignment
from coursekit.run_notebook import cell_by_id, cell_errors, cell_text, run_notebook
from coursekit.submissions import answer_cells

ASSIGNMENT = get_assignment("python_basics")

DEMO_OUTPUTS = {
    "hello_world_demo": ["test: Hello World"],
    "basic_sigmoid_demo": ["basic_sigmoid(1) = 0.7310585786300049"],
    "sigmoid_demo": ["sigmoid(x) = [0.73105858 0.88079708 0.95257413]"],
    "sigmoid_derivative_demo": ["sigmoid_derivative(x) = [0.19661193 0.10499359 0.04517666]"],
    "image2vector_demo": ["image2vector(image) = [[0.67826139]\n [0.29380381]", "[0.94630077]]"],
    "normalize_rows_demo": [
        "normalize_rows(x) = [[0.         0.6        0.8       ]\n"
        " [0.13736056 0.82416338 0.54944226]]"
    ],
    "softmax_demo": [
        "softmax(x) = [[9.80897665e-01 8.94462891e-04 1.79657674e-02 1.21052389e-04\n"
        "  1.21052389e-04]\n"
        " [8.78679856e-01 1.18916387e-01 8.01252314e-04 8.01252314e-04\n"
        "  8.01252314e-04]]"
    ],
    "L1_demo": ["L1 = 1.1"],
    "L2_demo": ["L2 = 0.43"],
}


@pytest.fixture(scope="module")
def executed(scratch):
    """Return the instructor notebook after a full run in a scratch course."""
    return run_notebook(ASSIGNMENT.source_notebook(scratch(ASSIGNMENT.name)))


@pytest.mark.slow
@pytest.mark.parametrize("grade_id", sorted(DEMO_OUTPUTS))
def test_demo_prints_spec_value(executed, grade_id):
    """Does each check cell print the specification's demo value?"""
    text = cell_text(cell_by_id(executed, grade_id))
    for expected in DEMO_OUTPUTS[grade_id]:
        assert expected in text, f"{grade_id} printed:\n{text}"


@pytest.mark.slow
@pytest.mark.parametrize("grade_id", sorted(DEMO_OUTPUTS))
def test_check_cell_reports_all_tests_passed(executed, grade_id):
    """Does the public checker under each exercise print "All tests passed."?"""
    assert "All tests passed." in cell_text(cell_by_id(executed, grade_id))


@pytest.mark.slow
def test_only_the_tagged_cell_raises(executed):
    """Is basic_sigmoid's failure on a list the notebook's only error, and tagged so?"""
    errors = cell_errors(executed)
    assert len(errors) == 1, errors
    index, error = errors[0]
    assert error.startswith("TypeError"), error
    # -x fails on the list before math.exp runs, as the text above the cell says.
    assert "bad operand type for unary -: 'list'" in error, error
    assert "raises-exception" in executed.cells[index].metadata.get("tags", [])


@pytest.mark.slow
def test_vectorization_section_finds_the_dot_product(executed):
    """Do both the loop and the vectorized dot product of x1 and x2 print 278?"""
    texts = [cell_text(cell) for cell in executed.cells if "x1" in cell.source]
    assert sum("dot = 278" in text for text in texts) == 2, texts


@pytest.mark.slow
def test_vectorization_shows_on_a_million_numbers(executed):
    """Does the million-number cell print the same exact dot product for the loop and np.dot?"""
    texts = [cell_text(cell) for cell in executed.cells if "big_a" in cell.source]
    assert len(texts) == 1, texts
    assert "loop:   dot = 20263287.0," in texts[0] and "np.dot: dot = 20263287.0," in texts[0]


# A line count such as "(≈ 2 lines of code)", then a named result such as "# s = ...".
SCAFFOLD = re.compile(r"# \(≈ \d+ lines? of code\)\n\s*# \w+ = \.\.\.")


def test_release_stubs_carry_scaffolding_and_fail_loudly():
    """Does every released answer cell show its line count and named result, then raise?"""
    nb = nbformat.read(ASSIGNMENT.release_notebook(), as_version=4)
    cells = answer_cells(nb)
    assert len(cells) == len(DEMO_OUTPUTS)
    for grade_id, cell in cells.items():
        assert SCAFFOLD.search(cell.source), f"{grade_id} has no scaffolding:\n{cell.source}"
        namespace = {"np": np, "math": math}
        with pytest.raises(NotImplementedError):
            exec(cell.source, namespace)  # the variable exercise raises here
            function = namespace[grade_id]
            function(*[None] * len(inspect.signature(function).parameters))
