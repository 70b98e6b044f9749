"""Assignment 3, Neurons and layers with NumPy: demo values, and points lost only where wrong."""

import inspect
import re

import nbformat
import numpy as np
import pytest
from harness import autograde_students

from coursekit.accuracy.variants import variant
from coursekit.course import get_assignment
from coursekit.grading.execute import grade_id_of, is_test_cell
from coursekit.grading.gradebook.scores import exercise_scores
from coursekit.hidden import neurons_and_layers as hidden
from coursekit.run_notebook import cell_by_id, cell_errors, run_notebook
from coursekit.submissions import answer_cells, fill_answers, solution_answers, submit

ASSIGNMENT = get_assignment("neurons_and_layers")
EXERCISES = ("single_neuron", "neuron_output", "layer_output", "batch_output", "relu", "sigmoid")

# Ungraded warm-up cells, found by a line of their code, and what each must print.
WARM_UP = {
    "np.dot(3, 4)": ["np.dot(3, 4) = 12"],
    "np.dot(a, b)": ["np.dot(a, b) = 32"],
    "np.dot(A, B)": ["[[19 22]\n [43 50]]"],
    "M.T": ["M.T has shape (3, 2)", "[[1 4]\n [2 5]\n [3 6]]"],
    "np.maximum(0, values)": ["np.maximum(0, values) = [0. 0. 0. 2. 7.]", "np.max(values)"],
    "np.exp(-1)": ["np.exp(1)  = 2.718281828459045", "np.exp(0)  = 1.0", "= 0.36787944117144"],
}
# Each exercise's check cell and what its demo must print before "All tests passed.".
DEMOS = {
    "single_neuron": ["single_neuron output: 2.3"],
    "neuron_output": ["four inputs:  4.8", "three inputs: 2.3"],
    "layer_output": ["layer_output: [4.8   1.21  2.385]"],
    "batch_output": ["[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]"],
    "relu": ["relu(x): [0 0 0 1 2]"],
    "sigmoid": ["sigmoid(x): [0.11920292 0.26894142 0.5        0.73105858 0.88079708]"],
}

# One known wrong answer per exercise, as a student would type it in the answer cell.
WRONG = {
    "single_neuron": (
        "def single_neuron(inputs, weights, bias):\n    return np.dot(weights, inputs)"
    ),
    "neuron_output": (
        "def neuron_output(inputs, weights, bias):\n"
        "    return inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias"
    ),
    "layer_output": (
        "def layer_output(inputs, weights, biases):\n    return np.dot(inputs, weights) + biases"
    ),
    "batch_output": (
        "def batch_output(inputs, weights, biases):\n    return np.dot(inputs, weights) + biases"
    ),
    "relu": "def relu(x):\n    return np.max(x)",
    "sigmoid": "def sigmoid(x):\n    return 1 / (1 + np.exp(x))",
}

# Right answers written differently from the instructor's solution.
OTHER_RIGHT = {
    "single_neuron": (
        "def single_neuron(inputs, weights, bias):\n"
        "    return float(np.sum(np.array(inputs) * np.array(weights)) + bias)"
    ),
    "neuron_output": (
        "def neuron_output(inputs, weights, bias):\n"
        "    return np.asarray(weights) @ np.asarray(inputs) + bias"
    ),
    "layer_output": (
        "def layer_output(inputs, weights, biases):\n"
        "    return np.matmul(np.asarray(weights), np.asarray(inputs)) + np.asarray(biases)"
    ),
    "batch_output": (
        "def batch_output(inputs, weights, biases):\n"
        "    z = np.dot(np.asarray(weights), np.asarray(inputs).T)\n"
        "    return (z + np.asarray(biases).reshape(-1, 1)).T"
    ),
    "relu": "def relu(x):\n    return np.where(x > 0, x, 0.0)",
    "sigmoid": "def sigmoid(x):\n    return np.exp(x) / (1 + np.exp(x))",
}


def _printed(cell):
    """Return what a code cell printed to stdout, its stream pieces joined as they were written.

    ``coursekit.run_notebook.cell_text`` puts a newline between outputs, and the kernel may split
    one ``print`` into several stream outputs, so it is not used to compare printed lines.
    """
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def _cell_with_code(nb, snippet):
    """Return the only code cell whose source contains ``snippet``."""
    found = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(found) == 1, f"expected one code cell containing {snippet!r}, found {len(found)}"
    return found[0]


def _grade(course, student, answers):
    """Submit the release with ``answers`` filled in, autograde it and return exercise scores."""
    release = ASSIGNMENT.release_notebook(course)
    submit(course, student, ASSIGNMENT, fill_answers(release, answers))
    autograde_students(course, ASSIGNMENT, [student], log=lambda message: None)
    return exercise_scores(course, ASSIGNMENT, student)


@pytest.fixture(scope="module")
def executed(scratch):
    """Return the source notebook of a scratch course, run top to bottom."""
    return run_notebook(ASSIGNMENT.source_notebook(scratch(ASSIGNMENT.name)))


@pytest.mark.slow
def test_source_notebook_runs_without_errors(executed):
    """Does the instructor notebook run from top to bottom without a single error?"""
    assert cell_errors(executed) == []


@pytest.mark.slow
@pytest.mark.parametrize("snippet", WARM_UP, ids=list(WARM_UP))
def test_warm_up_prints_spec_values(executed, snippet):
    """Does each ungraded warm-up cell print the values the specification gives?"""
    text = _printed(_cell_with_code(executed, snippet))
    for expected in WARM_UP[snippet]:
        assert expected in text, f"{snippet}: {expected!r} not in output:\n{text}"


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES)
def test_check_cell_prints_demo_and_passes(executed, exercise):
    """Does each exercise's check cell print the spec's demo value and then "All tests passed."?"""
    text = _printed(cell_by_id(executed, f"{exercise}_demo"))
    for expected in DEMOS[exercise]:
        assert expected in text, f"{exercise}: {expected!r} not in output:\n{text}"
    assert text.rstrip().endswith("All tests passed."), text


@pytest.mark.slow
def test_every_graded_cell_of_the_source_passes(executed):
    """Does every graded test cell of the instructor notebook run without an error?"""
    graded = [
        cell for cell in executed.cells if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    assert len(graded) == 2 * len(EXERCISES)
    assert all(not any(o.output_type == "error" for o in cell.outputs) for cell in graded)


def test_exercises_match_answer_cells():
    """Does the notebook hold exactly the six graded functions, in the spec's order?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    answers = [
        cell.metadata.nbgrader.grade_id
        for cell in nb.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]
    assert tuple(answers) == EXERCISES


def test_each_graded_cell_has_one_hidden_check():
    """Does coursekit/hidden define exactly one check per graded test cell of the notebook?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    graded = {grade_id_of(cell) for cell in nb.cells if is_test_cell(cell)}
    assert graded == set(hidden.checks.functions)
    assert len(graded) == 2 * len(EXERCISES)


def test_graded_cells_name_the_check_and_run_only_the_public_checker():
    """Is each graded test cell a one-line docstring and its exercise's public checker call?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    for cell in nb.cells:
        if is_test_cell(cell):
            exercise = grade_id_of(cell).split("-")[0]
            doc, call = cell.source.splitlines()
            assert doc.startswith('"""Check') and doc.endswith('."""'), doc
            assert call == f"{exercise}_test({exercise})", call


@pytest.mark.slow
def test_bridge_maps_rows_to_the_course_columns(executed):
    """Does the rows-versus-columns cell show X W^T + b and W X + b agree, rank-1 biases not?"""
    text = _printed(_cell_with_code(executed, "Z_cols = W @ X_cols + b_col"))
    assert "the same numbers, transposed: True" in text, text
    assert "rank-1 biases in the columns layout, shape (3, 3), right: False" in text, text


# A line count such as "(≈ 1 line of code)", then a named result such as "# output = ...".
SCAFFOLD = re.compile(r"# \(≈ \d+ lines? of code\)\n\s*# \w+ = \.\.\.")


def test_release_stubs_carry_scaffolding_and_fail_loudly():
    """Does every released answer cell show its line count and named result, then raise?"""
    nb = nbformat.read(ASSIGNMENT.release_notebook(), as_version=4)
    cells = answer_cells(nb)
    assert tuple(cells) == EXERCISES
    for exercise, cell in cells.items():
        assert SCAFFOLD.search(cell.source), f"{exercise} has no scaffolding:\n{cell.source}"
        namespace = {"np": np}
        exec(cell.source, namespace)
        function = namespace[exercise]
        with pytest.raises(NotImplementedError):
            function(*[None] * len(inspect.signature(function).parameters))


def test_batch_section_shows_the_shapes_picture():
    """Does the batch section draw the shapes with images/batch_shapes.png?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert "](images/batch_shapes.png)" in markdown


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES)
def test_wrong_answer_loses_only_its_own_points(scratch, exercise):
    """Does one wrong answer cost points in its own exercise and nowhere else?"""
    course = scratch(ASSIGNMENT.name)
    answers = solution_answers(ASSIGNMENT.source_notebook(course))
    answers[exercise] = WRONG[exercise]
    scores = _grade(course, f"wrong_{exercise}", answers)
    assert set(scores) == set(EXERCISES), scores
    score, top = scores.pop(exercise)
    assert score < top, f"the wrong {exercise} kept all its points: {score}/{top}"
    assert all(got == full for got, full in scores.values()), f"other exercises lost: {scores}"


@pytest.mark.slow
def test_right_answers_in_other_forms_get_full_marks(scratch):
    """Do right answers written differently from the solution get every point?"""
    scores = _grade(scratch(ASSIGNMENT.name), "other_right", OTHER_RIGHT)
    assert set(scores) == set(EXERCISES)
    assert all(got == full for got, full in scores.values()), scores


# A right function built on an earlier exercise's function, and a wrong answer to that exercise.
BUILT_ON_WRONG = [
    ("layer_output/per_neuron", "neuron_output/no_bias"),
    ("batch_output/per_sample", "layer_output/swapped_dot"),
    ("batch_output/per_sample_and_neuron", "neuron_output/first_three"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("built", "broken"), BUILT_ON_WRONG, ids=[b for b, _ in BUILT_ON_WRONG])
def test_function_built_on_a_wrong_one_keeps_its_points(scratch, built, broken):
    """Does a right function that calls a wrong earlier one keep all of its points?"""
    course = scratch(ASSIGNMENT.name)
    answers = solution_answers(ASSIGNMENT.source_notebook(course))
    for label in (built, broken):
        item = variant(ASSIGNMENT.name, *label.split("/"))
        answers[item.exercise] = item.code
    scores = _grade(course, f"built_{built.replace('/', '_')}", answers)
    score, top = scores[built.split("/")[0]]
    assert score == top, f"{built} beside {broken} lost points: {scores}"
    assert scores[broken.split("/")[0]][0] == 0, scores
