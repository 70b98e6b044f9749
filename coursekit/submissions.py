"""Build submission notebooks: the release notebook with its answer cells filled in."""

import copy
from pathlib import Path

import nbformat

from coursekit.course import Assignment

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def answer_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """Map each answer cell's grade id to the cell (code cells nbgrader marks as solutions)."""
    return {
        cell.metadata.nbgrader.grade_id: cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    }


def solution_answers(source_notebook: Path) -> dict[str, str]:
    """Return the instructor's answers: each answer cell's code without the solution markers."""
    nb = nbformat.read(source_notebook, as_version=4)
    return {
        grade_id: "\n".join(
            line for line in cell.source.splitlines() if line.strip() not in SOLUTION_MARKERS
        )
        for grade_id, cell in answer_cells(nb).items()
    }


def fill_answers(release_notebook: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """Return the release notebook with the answer cells named in ``answers`` replaced.

    Every other cell, answer cells not named included, stays exactly as released.

    Raises
    ------
    KeyError
        If a grade id in ``answers`` is not an answer cell of the notebook.
    """
    nb = copy.deepcopy(nbformat.read(release_notebook, as_version=4))
    cells = answer_cells(nb)
    for grade_id, code in answers.items():
        if grade_id not in cells:
            known = ", ".join(sorted(cells))
            raise KeyError(
                f"{release_notebook}: no answer cell {grade_id!r}; answer cells: {known}"
            )
        cells[grade_id].source = code
    return nb


def submit(root: Path, student: str, assignment: Assignment, nb: nbformat.NotebookNode) -> Path:
    """Place ``nb`` where nbgrader looks for ``student``'s submission of ``assignment``.

    Returns
    -------
    Path
        ``root/submitted/<student>/<assignment>/<notebook>``.
    """
    path = Path(root) / "submitted" / student / assignment.name / assignment.notebook
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
