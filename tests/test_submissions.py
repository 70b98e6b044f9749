"""Building submissions: answer cells found, the instructor's answers read, filled in, handed in."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit.course import GRADED, get_assignment
from coursekit.submissions import answer_cells, fill_answers, solution_answers, submit

STUB = '# YOUR CODE HERE\nraise NotImplementedError("replace this line with your code")'


def _cell(kind, source, grade_id, **flags):
    """Return a cell with nbgrader metadata ``grade_id`` and ``flags`` (solution, grade...)."""
    make = new_code_cell if kind == "code" else new_markdown_cell
    return make(source, metadata={"nbgrader": {"grade_id": grade_id, **flags}})


def _notebook(answer: str = STUB):
    """Return a small notebook: answer, test, locked, explanation and student cells."""
    return new_notebook(
        cells=[
            new_markdown_cell("# Exercise 1"),
            _cell("code", answer, "sigmoid", solution=True, grade=False, locked=False),
            _cell("code", "assert sigmoid(0) == 0.5", "sigmoid-values", grade=True, solution=False),
            _cell("code", "import numpy as np", "imports", locked=True, solution=False),
            _cell("markdown", "YOUR ANSWER HERE", "explain", solution=True, grade=True),
            _cell("code", "x = 2", "scale", solution=True),
            new_code_cell("print('my own cell')"),
        ]
    )


def test_answer_cells_are_the_code_cells_marked_as_solutions():
    """Are only code cells with nbgrader's solution flag answer cells, keyed by grade id?"""
    nb = _notebook()
    cells = answer_cells(nb)
    assert list(cells) == ["sigmoid", "scale"]
    assert cells["sigmoid"] is nb.cells[1]


def test_solution_answers_drop_only_the_solution_markers(tmp_path):
    """Are the instructor's answers the answer cells' code without the BEGIN/END lines?"""
    source = tmp_path / "source.ipynb"
    answer = (
        "def sigmoid(z):\n"
        "    ### BEGIN SOLUTION\n"
        "    s = 1 / (1 + np.exp(-z))\n"
        "    ### END SOLUTION\n"
        "    return s"
    )
    nbformat.write(_notebook(answer), source)
    assert solution_answers(source) == {
        "sigmoid": "def sigmoid(z):\n    s = 1 / (1 + np.exp(-z))\n    return s",
        "scale": "x = 2",
    }


@pytest.mark.parametrize("assignment", GRADED, ids=[a.name for a in GRADED])
def test_the_source_has_an_answer_for_every_answer_cell_of_the_release(assignment):
    """Does every release answer cell get a marker-free answer from the instructor notebook?"""
    answers = solution_answers(assignment.source_notebook())
    release = nbformat.read(assignment.release_notebook(), as_version=4)
    assert set(answers) == set(answer_cells(release))
    assert not [g for g, code in answers.items() if "SOLUTION" in code or "NotImplemented" in code]


def test_fill_answers_replaces_only_the_named_answer_cells(tmp_path):
    """Is only the named answer cell replaced, every other cell and the file left as released?"""
    release = tmp_path / "release.ipynb"
    nbformat.write(_notebook(), release)
    on_disk = release.read_bytes()
    filled = fill_answers(release, {"sigmoid": "def sigmoid(z):\n    return 0.5"})
    expected = nbformat.read(release, as_version=4)
    expected.cells[1].source = "def sigmoid(z):\n    return 0.5"
    assert filled == expected
    assert release.read_bytes() == on_disk


def test_fill_answers_refuses_a_cell_that_is_not_an_answer_cell(tmp_path):
    """Does naming a test cell raise KeyError naming it and listing the answer cells?"""
    release = tmp_path / "release.ipynb"
    nbformat.write(_notebook(), release)
    with pytest.raises(KeyError, match=r"'sigmoid-values'; answer cells: scale, sigmoid"):
        fill_answers(release, {"sigmoid-values": "pass"})


def test_submit_puts_the_notebook_where_nbgrader_collects_it(tmp_path):
    """Is the notebook written, folders made, to submitted/<student>/<assignment>/<notebook>?"""
    basics = get_assignment("python_basics")
    nb = _notebook("x = 1")
    path = submit(tmp_path, "ada", basics, nb)
    assert path == tmp_path / "submitted" / "ada" / "python_basics" / basics.notebook
    assert nbformat.read(path, as_version=4) == nb
