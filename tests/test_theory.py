"""The theory notebook run as a student would: no errors, and the numbers it teaches."""

import time

import nbformat
import pytest

from coursekit.course import ASSIGNMENTS, ROOT, get_assignment
from coursekit.run_notebook import cell_errors, cell_text, run_notebook

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
    # A line fitted to 0/1 labels is pulled by one easy, far example: x = 3 changes side.
    "four examples         : crosses 0.5 at x = 2.50, output at x = 3: 0.700, at x = 20: 7.500",
    "and one more at x = 20: crosses 0.5 at x = 3.22, output at x = 3: 0.492, at x = 20: 1.104",
    # Gradient descent moves w toward the minimum from either side of it.
    "start 0.0: slope -6.0, w goes 0.000 -> 0.600 -> 1.080 -> 1.464 -> 1.771",
    "start 6.0: slope +6.0, w goes 6.000 -> 5.400 -> 4.920 -> 4.536 -> 4.229",
    "X: (40, 1500)  Y: (1, 1500)  w: (40, 1)",
    "all three give the same dw and db: True",
    # The learning rates: slow, settling, and too large (the cost bounces and never settles).
    "rate 0.01: first steps 0.691 0.689 0.688 0.687 0.686 0.685 0.684 0.682\n"
    "   last four 0.5976 0.5968 0.5961 0.5953, rose in 0 of 100 steps",
    "rate 0.5: first steps 0.691 0.634 0.591 0.557 0.530 0.508 0.491 0.477\n"
    "   last four 0.3664 0.3663 0.3663 0.3663, rose in 0 of 100 steps",
    "rate 20.0: first steps 0.691 0.669 0.460 0.424 0.402 0.395 0.406 0.460\n"
    "   last four 0.6005 0.6082 0.6005 0.6082, rose in 51 of 100 steps",
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
    "Z_cols: (3, 3)  Z_rows: (3, 3)",
    "the same numbers, transposed: True",
    "rank-1 biases in the columns layout: shape (3, 3), right: False",
]
TOPICS = [
    "## 1 - A derivative is a slope",
    "## 2 - A computation graph, forward and backward",
    "## 3 - Logistic regression as a computation graph",
    "### Why a sigmoid, and not a linear output?",
    "## 4 - Gradient descent over m examples: from two loops to none",
    "**Why the minus sign.**",
    "**$\\partial$ or $d$?**",
    "## 5 - Broadcasting: percentages of calories",
    "## 6 - Rank-1 arrays, and the habits that keep them out",
    "## 7 - The loss read as a probability",
    "## 8 - Examples as columns here, as rows in Assignment 3",
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
def test_million_number_dot_product_agrees_with_the_loop(executed):
    """Do the Python loop and np.dot over 10**6 numbers print the same total, with two times?"""
    totals = {}
    for line in _printed(executed[0]).splitlines():
        for name in ("Python loop:", "np.dot:"):
            if line.startswith(name) and line.rstrip().endswith("ms"):
                totals[name] = line[len(name) :].split()[0]
    assert set(totals) == {"Python loop:", "np.dot:"}, totals
    assert totals["Python loop:"] == totals["np.dot:"], totals


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
    """Are the eight topics and the close there in order, with both graph figures on disk?"""
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
