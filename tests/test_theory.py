"""The theory notebook run as a student would: no errors, and the numbers it teaches."""

import time

import nbformat
import pytest

from coursekit.course import ASSIGNMENTS, ROOT, get_assignment
from coursekit.execute import cell_errors, cell_text, run_notebook

THEORY = get_assignment("nn_theory")

# Lines the notebook must print, each a fact it teaches.
TAUGHT = [
    "a =   2.0: slope of 3a is 3.0000",
    "slope of a**2 at a = 2.0: 4.001000 (rule 2a = 4.0)",
    "a**3    nudge:  12.0060   rule:  12.0000",
    "log(a)  nudge:   0.4999   rule:   0.5000",
    "u = 6, v = 11, J = 33",
    "dJ/da = 3\ndJ/db = 6\ndJ/dc = 9",
    "nudged dJ/da: 3.0\nnudged dJ/db: 6.0\nnudged dJ/dc: 9.0",
    "X: (40, 1500)  Y: (1, 1500)  w: (40, 1)",
    "all three give the same dw and db: True",
    "calories per food: [126. 120. 197. 622.]",
    "carbs       88.9%    66.7%     0.0%    14.1%",
    "fat          2.4%     3.3%    59.4%    72.3%",
    "ValueError: operands could not be broadcast together with shapes (3,4) (4,1)",
    "v.shape: (5,)   v.T.shape: (5,)",
    "col @ col.T has shape (5, 5)",
    "(1500,) (1, 1500)",
    "y = 0: p(y|x) = 0.20, -log p = 1.6094, loss = 1.6094",
    "cross-entropy  convex over w in [-5, 5]: True",
    "squared error  convex over w in [-5, 5]: False",
]
TOPICS = [
    "## 1 - A derivative is a slope",
    "## 2 - A computation graph, forward and backward",
    "## 3 - Logistic regression as a computation graph",
    "## 4 - Gradient descent over m examples: from two loops to none",
    "## 5 - Broadcasting: percentages of calories",
    "## 6 - Rank-1 arrays, and the habits that keep them out",
    "## 7 - The loss read as a probability",
    "## What to remember",
]


@pytest.fixture(scope="module")
def executed(scratch):
    """Return the theory notebook after a full run from its release folder, and the seconds."""
    course = scratch(THEORY.name)
    start = time.perf_counter()
    nb = run_notebook(THEORY.release_notebook(course))
    return nb, time.perf_counter() - start


def _printed(nb):
    """Return everything the notebook's code cells printed, cell after cell."""
    return "".join(cell_text(cell) for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.slow
def test_runs_top_to_bottom_without_an_error_in_seconds(executed):
    """Does Run All finish with no error cell, kernel start included, in under a minute?"""
    nb, seconds = executed
    assert cell_errors(nb) == []
    assert seconds < 60, f"the theory notebook took {seconds:.0f} s"


@pytest.mark.slow
@pytest.mark.parametrize("line", TAUGHT)
def test_prints_what_it_teaches(executed, line):
    """Does the run print each number the text relies on (the backward pass: 3, 6, 9)?"""
    assert line in _printed(executed[0])


@pytest.mark.slow
def test_vectorized_gradients_are_fastest(executed):
    """Is the loop-free gradient faster than the two explicit loops, as the text says?"""
    times = {}
    for line in _printed(executed[0]).splitlines():
        name, _, rest = line.partition(" ")
        if name.startswith("gradients_") and rest.strip().endswith("ms"):
            times[name] = float(rest.split()[0])
    assert set(times) == {"gradients_two_loops", "gradients_one_loop", "gradients_no_loop"}
    assert times["gradients_no_loop"] < times["gradients_two_loops"]


@pytest.mark.slow
def test_draws_the_loss_curves_and_the_convexity_comparison(executed):
    """Do the two plotting cells each show a picture?"""
    pictures = [
        cell
        for cell in executed[0].cells
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
    ]
    assert len(pictures) == 2


def test_teaches_every_topic_in_order_and_shows_both_graphs():
    """Are the seven topics and the close there in order, with both graph figures on disk?"""
    nb = nbformat.read(THEORY.source_notebook(), as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    positions = [text.find(heading) for heading in TOPICS]
    assert -1 not in positions and positions == sorted(positions), positions
    for figure in ("computation_graph.png", "logistic_regression_graph.png"):
        assert f"](images/{figure})" in text
        assert (ROOT / "images" / figure).is_file()


def test_is_first_and_ungraded():
    """Is the theory notebook first in the course, without a graded or answer cell?"""
    assert ASSIGNMENTS[0] is THEORY and not THEORY.graded
    nb = nbformat.read(THEORY.source_notebook(), as_version=4)
    assert not [cell for cell in nb.cells if "nbgrader" in cell.get("metadata", {})]
