"""Put back graded cells a student deleted, so a regrade replaces every automatic grade.

nbgrader scores only the graded cells it finds in a submission, and ``--force`` leaves the
grades of missing cells as they were: a test cell deleted after a first grading would keep its
old points. This sanitizing step re-inserts each missing graded cell from the gradebook's copy
of the released notebook, after the nearest cell that precedes it there (or at the end), so
it is judged, and scores 0 when its exercise is not answered. nbgrader's own
``OverwriteCells.add_missing_cells`` fails on this course's layout, where locked demo cells
stand between answer and test cells.
"""

from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor


def _grade_id(cell) -> str | None:
    """Return the nbgrader grade id of ``cell``, if it has one."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class RestoreGradedCells(NbGraderPreprocessor):
    """Re-insert graded cells missing from a submission (see the module docstring)."""

    def preprocess(self, nb, resources):
        """Add every graded cell of the gradebook's notebook that ``nb`` lacks."""
        notebook_id = resources["nbgrader"]["notebook"]
        assignment_id = resources["nbgrader"]["assignment"]
        with Gradebook(resources["nbgrader"]["db_url"]) as gradebook:
            source = gradebook.find_notebook(notebook_id, assignment_id)
            order = [cell.name for cell in source.source_cells]
            cells = {cell.name: cell for cell in source.source_cells}
            graded = {cell.name: cell.max_score for cell in source.grade_cells}
            for grade_id in order:
                if grade_id not in graded or grade_id in {_grade_id(c) for c in nb.cells}:
                    continue
                self.log.warning("Graded cell %s is missing: putting it back", grade_id)
                position = self._position(nb, order[: order.index(grade_id)])
                cell = self._cell(cells[grade_id], graded[grade_id])
                if nb.get("nbformat_minor", 0) >= 5:
                    # nbformat 4.5 requires a cell id, unique in the notebook: a student's
                    # pasted cell may already hold any name we would pick, so count up.
                    taken = {c.get("id") for c in nb.cells}
                    cell.id = next(
                        f"restored-{grade_id}-{n}"
                        for n in range(len(taken) + 1)
                        if f"restored-{grade_id}-{n}" not in taken
                    )
                nb.cells.insert(position, cell)
        return nb, resources

    @staticmethod
    def _position(nb, earlier: list[str]) -> int:
        """Return the index just after the last of ``earlier`` present in ``nb``, else the end."""
        present = {_grade_id(cell): index for index, cell in enumerate(nb.cells)}
        for grade_id in reversed(earlier):
            if grade_id in present:
                return present[grade_id] + 1
        return len(nb.cells)

    @staticmethod
    def _cell(source_cell, points: float) -> NotebookNode:
        """Return the graded cell rebuilt from its gradebook record."""
        cell = NotebookNode(
            cell_type=source_cell.cell_type,
            metadata=NotebookNode(
                deletable=False,
                editable=False,
                nbgrader=NotebookNode(
                    grade=True,
                    grade_id=source_cell.name,
                    locked=True,
                    checksum=source_cell.checksum,
                    points=points,
                    solution=False,
                    schema_version=3,
                ),
            ),
            source=source_cell.source,
        )
        if source_cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        return cell
