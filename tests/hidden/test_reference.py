"""The course's own functions, lent to later exercises, give the values the notebooks state.

Each notebook's demo cell is run with :mod:`coursekit.hidden.reference` in place of the
student's functions, and its printout compared with the expected output written beside it;
the public checkers (whose expected numbers come from the specification) must pass them too.
"""

import contextlib
import io
import re

import nbformat
import numpy as np
import pytest

import public_tests
from coursekit.course import get_assignment
from coursekit.hidden import reference

# The expected-output block of a demo cell: ``<!-- expected-output: <cell id> -->`` then text.
EXPECTED_BLOCK = re.compile(r"<!-- expected-output: (\S+) -->\s*```text\n(.*?)```", re.S)
# Assignment 1 states its expected output inline, in the markdown cell after the demo cell.
INLINE_EXPECTED = re.compile(r"\*\*Expected output\*\*: `([^`]*)`")


def _notebook(assignment: str) -> nbformat.NotebookNode:
    """Return the source notebook of ``assignment``."""
    return nbformat.read(get_assignment(assignment).source_notebook(), as_version=4)


def _run_demo(nb, cell_id: str) -> str:
    """Run the demo cell ``cell_id`` with the course's functions and checkers; return stdout."""
    (cell,) = [c for c in nb.cells if c.get("id") == cell_id]
    names = {"np": np, **{n: getattr(public_tests, n) for n in public_tests.__all__}}
    names |= {n: f for n, f in vars(reference).items() if callable(f) and n[0] != "_"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(cell.source, cell_id, "exec"), names)  # the course's own demo cell
    return printed.getvalue()


def _lines(text: str) -> list[str]:
    """Return the lines of ``text`` without trailing spaces or blank ends."""
    return [line.rstrip() for line in text.strip().splitlines()]


@pytest.mark.parametrize(
    "cell_id",
    [
        "sigmoid_demo",
        "initialize_with_zeros_demo",
        "propagate_demo",
        "optimize_demo",
        "predict_demo",
    ],
)
def test_logistic_regression_demos_print_the_expected_output(cell_id):
    """Does each Assignment 2 demo cell, run on the course's functions, print what the text says?"""
    nb = _notebook("logistic_regression")
    blocks = dict(
        pair
        for c in nb.cells
        if c.cell_type == "markdown"
        for pair in EXPECTED_BLOCK.findall(c.source)
    )
    assert _lines(_run_demo(nb, cell_id)) == _lines(blocks[cell_id])


def test_sigmoid_gives_assignment_1s_expected_output():
    """Does the course's sigmoid print Assignment 1's expected `sigmoid(x) = ...` line?"""
    nb = _notebook("python_basics")
    (position,) = [k for k, c in enumerate(nb.cells) if c.get("id") == "sigmoid_demo"]
    text = next(c.source for c in nb.cells[position:] if c.cell_type == "markdown")
    expected = INLINE_EXPECTED.search(text).group(1)
    printed = _lines(_run_demo(nb, "sigmoid_demo"))
    assert printed == [expected, public_tests.PASSED]


def test_propagate_matches_the_notebooks_demo_numbers():
    """Are propagate's dw, db and cost on the demo inputs the notebook's numbers, with its types?"""
    w, b = np.array([[1.0], [2.0]]), 1.5
    X, Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
    grads, cost = reference.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.25071532], [-0.06604096]], rtol=1e-7)
    assert grads["db"] == pytest.approx(-0.12500404500439652, rel=1e-12)
    assert cost.shape == () and float(cost) == pytest.approx(0.15900537707692405, rel=1e-12)
    assert isinstance(grads["db"], np.floating)


def test_optimize_leaves_w_alone_and_records_a_cost_every_100_steps():
    """Does optimize keep the caller's w and record costs at iterations 0, 100, 200?"""
    w = np.array([[1.0], [2.0]])
    X, Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
    kept = w.copy()
    params, _, costs = reference.optimize(w, 1.5, X, Y, num_iterations=201, learning_rate=0.009)
    np.testing.assert_array_equal(w, kept)
    assert len(costs) == 3
    assert float(costs[0]) == pytest.approx(0.15900537707692405, rel=1e-12)
    assert not np.allclose(params["w"], kept)


def test_predict_gives_zero_at_an_activation_of_exactly_one_half():
    """Does predict give 0.0 where the activation is exactly 0.5 and 1.0 above it?"""
    w, X = np.array([[1.0], [-1.0]]), np.array([[2.0, 1.0], [2.0, 0.0]])
    np.testing.assert_array_equal(reference.predict(w, 0.0, X), [[0.0, 1.0]])


def test_neuron_functions_give_the_notebooks_demo_values():
    """Do single_neuron, neuron_output and layer_output give the numbers of Assignment 3's demos?"""
    assert reference.single_neuron([1, 2, 3], [0.2, 0.8, -0.5], 2) == pytest.approx(2.3)
    assert type(reference.single_neuron([1, 2, 3], [0.2, 0.8, -0.5], 2)) is float
    assert reference.neuron_output([1, 2, 3, 2.5], [0.2, 0.8, -0.5, 1.0], 2) == pytest.approx(4.8)
    weights = [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
    got = reference.layer_output([1, 2, 3, 2.5], weights, [2, 3, 0.5])
    assert got.shape == (3,)
    np.testing.assert_allclose(got, [4.8, 1.21, 2.385])


CHECKERS = {
    "sigmoid_test": "sigmoid",
    "initialize_with_zeros_test_1": "initialize_with_zeros",
    "initialize_with_zeros_test_2": "initialize_with_zeros",
    "propagate_test": "propagate",
    "optimize_test": "optimize",
    "predict_test": "predict",
    "model_test": "model",
    "single_neuron_test": "single_neuron",
    "neuron_output_test": "neuron_output",
    "layer_output_test": "layer_output",
}


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_reference_function_passes_its_public_checker(checker, capsys):
    """Does each course function pass the public checker holding the specification's numbers?"""
    getattr(public_tests, checker)(getattr(reference, CHECKERS[checker]))
    assert capsys.readouterr().out.strip().endswith(public_tests.PASSED)
