"""Running a notebook like "Run All", and reading what its cells printed and raised."""

import os

import nbformat
import pytest
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
)

from coursekit.run_notebook import cell_by_id, cell_errors, cell_text, run_notebook


def _graded(source: str, grade_id: str):
    """Return a code cell carrying nbgrader's ``grade_id``."""
    return new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id}})


def _error(name: str, message: str):
    """Return an error output as the kernel reports it."""
    return new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


def test_cell_text_joins_streams_results_displays_and_errors_in_order():
    """Does cell_text give every text output in order, split prints joined, errors as Name: msg?"""
    cell = new_code_cell(
        "x",
        outputs=[
            new_output("stream", name="stdout", text="cost after "),
            new_output("stream", name="stdout", text="100 iterations\n"),
            new_output("display_data", data={"text/plain": "<Figure>", "image/png": "AAAA"}),
            new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
            _error("ValueError", "shapes do not match"),
        ],
    )
    assert cell_text(cell) == (
        "cost after 100 iterations\n<Figure>\n42\nValueError: shapes do not match\n"
    )


def test_cell_text_of_a_cell_without_text_is_empty():
    """Is the text of a markdown cell, or of an image-only output, the empty string?"""
    assert cell_text(new_markdown_cell("# Title")) == ""
    image = new_output("display_data", data={"image/png": "AAAA"})
    assert cell_text(new_code_cell("plot()", outputs=[image])) == "\n"


def test_cell_errors_lists_each_failing_cell_by_index():
    """Does cell_errors give (index, "Name: message") for the failing cells only?"""
    nb = new_notebook(
        cells=[
            new_code_cell("1", outputs=[new_output("stream", name="stdout", text="ok\n")]),
            new_markdown_cell("text"),
            new_code_cell("1/0", outputs=[_error("ZeroDivisionError", "division by zero")]),
            new_code_cell("f()", outputs=[_error("NameError", "name 'f' is not defined")]),
        ]
    )
    assert cell_errors(nb) == [
        (2, "ZeroDivisionError: division by zero"),
        (3, "NameError: name 'f' is not defined"),
    ]
    assert cell_errors(new_notebook(cells=[new_code_cell("1")])) == []


def test_cell_by_id_finds_the_cell_with_that_grade_id():
    """Does cell_by_id return the cell with the grade id, skipping cells without nbgrader data?"""
    wanted = _graded("sigmoid(0)", "sigmoid-values")
    nb = new_notebook(cells=[new_markdown_cell("text"), _graded("x", "other"), wanted])
    assert cell_by_id(nb, "sigmoid-values") is wanted


def test_cell_by_id_names_the_missing_grade_id():
    """Does asking for a grade id no cell has raise KeyError naming it?"""
    nb = new_notebook(cells=[_graded("x", "other")])
    with pytest.raises(KeyError, match="'sigmoid-values'"):
        cell_by_id(nb, "sigmoid-values")


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """Run a two-cell notebook (one raises, one prints); return path, nb, env before and after."""
    folder = tmp_path_factory.mktemp("run")
    (folder / "data.txt").write_text("beside the notebook", encoding="utf-8")
    path = folder / "tiny.ipynb"
    nb = new_notebook(
        cells=[
            new_code_cell("raise ValueError('first cell fails')"),
            new_code_cell(
                "import os\n"
                "print(open('data.txt').read())\n"
                "print(os.environ['COURSEKIT_TEST_FLAG'], os.environ['OPENBLAS_NUM_THREADS'])"
            ),
        ]
    )
    nbformat.write(nb, path)
    before = dict(os.environ)
    executed = run_notebook(path, timeout=60, env={"COURSEKIT_TEST_FLAG": "on"})
    return path, executed, before, dict(os.environ)


def test_run_notebook_goes_on_after_a_failing_cell(ran):
    """Does a raising cell leave its error and the cells after it still run?"""
    _, nb, _, _ = ran
    assert cell_errors(nb) == [(0, "ValueError: first cell fails")]
    assert "beside the notebook" in cell_text(nb.cells[1])


def test_run_notebook_runs_in_the_notebook_folder_with_the_extra_env(ran):
    """Does the kernel start in the notebook's folder, with env added and one BLAS thread?"""
    _, nb, before, _ = ran
    threads = before.get("OPENBLAS_NUM_THREADS", "1")  # a caller's own setting is kept
    assert cell_text(nb.cells[1]).splitlines() == ["beside the notebook", f"on {threads}"]


def test_run_notebook_leaves_the_file_and_the_callers_environment_alone(ran):
    """Is the notebook on disk still without outputs, and os.environ as it was before the run?"""
    path, _, before, after = ran
    on_disk = nbformat.read(path, as_version=4)
    assert all(not cell.outputs for cell in on_disk.cells)
    assert after == before
