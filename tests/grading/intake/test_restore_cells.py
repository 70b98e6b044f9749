"""Deleted graded cells are put back from the gradebook, so a regrade judges every one of them."""

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.api import Gradebook
from nbgrader.preprocessors import SaveCells
from nbgrader.utils import compute_checksum, is_grade

from coursekit.course import ROOT, get_assignment
from coursekit.grading.intake.cell_metadata import MetadataValidatorOnce
from coursekit.grading.intake.restore_cells import RestoreGradedCells
from coursekit.grading.nbgrader_cli import tools_on_path

ASSIGNMENT = get_assignment("python_basics")


def _grade_id(cell):
    """Return the cell's nbgrader grade id, or None."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


@pytest.fixture(scope="module")
def release():
    """Return the committed release notebook of Assignment 1."""
    return nbformat.read(ASSIGNMENT.release_notebook(ROOT), as_version=4)


@pytest.fixture(scope="module")
def resources(release, tmp_path_factory):
    """Return nbgrader's resources for a gradebook that recorded the release's cells.

    The cells are recorded by nbgrader's own SaveCells, as ``nbgrader generate_assignment``
    records them.
    """
    db_url = f"sqlite:///{tmp_path_factory.mktemp('gradebook') / 'gradebook.db'}"
    tools_on_path()  # a new gradebook is stamped by running `alembic`
    with Gradebook(db_url) as gradebook:
        gradebook.add_assignment(ASSIGNMENT.name)
    resources = {
        "nbgrader": {"notebook": "notebook", "assignment": ASSIGNMENT.name, "db_url": db_url}
    }
    SaveCells().preprocess(copy.deepcopy(release), resources)
    return resources


def _restore(nb, resources):
    """Run the preprocessor on a copy of ``nb`` and return the result."""
    restored, _ = RestoreGradedCells().preprocess(copy.deepcopy(nb), copy.deepcopy(resources))
    return restored


def _without(nb, grade_ids):
    """Return a copy of ``nb`` without the cells whose grade id is in ``grade_ids``."""
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if _grade_id(cell) not in grade_ids]
    return nb


def _test_cell_ids(nb):
    """Return the grade ids of the graded cells of ``nb``, in order."""
    return [_grade_id(cell) for cell in nb.cells if is_grade(cell)]


def test_a_deleted_test_cell_is_put_back_where_it_was(release, resources):
    """Does a deleted test cell return at its place with its source, the other cells untouched?"""
    index = [_grade_id(cell) for cell in release.cells].index("L1-values")
    handed_in = _without(release, {"L1-values"})
    restored = _restore(handed_in, resources)
    assert len(restored.cells) == len(release.cells)
    cell = restored.cells[index]
    assert (cell.cell_type, _grade_id(cell)) == ("code", "L1-values")
    assert cell.source == release.cells[index].source
    assert cell.outputs == [] and cell.execution_count is None
    assert restored.cells[:index] + restored.cells[index + 1 :] == handed_in.cells


def test_a_restored_cell_carries_the_released_grading_metadata(release, resources):
    """Are the restored cell's locks, points and checksum the release's, as nbgrader checks?"""
    released = next(cell for cell in release.cells if _grade_id(cell) == "L1-values")
    cell = next(
        c
        for c in _restore(_without(release, {"L1-values"}), resources).cells
        if _grade_id(c) == "L1-values"
    )
    assert cell.metadata.deletable is False and cell.metadata.editable is False
    ours, theirs = cell.metadata.nbgrader, released.metadata.nbgrader
    for key in ("grade", "grade_id", "locked", "solution", "checksum", "schema_version"):
        assert ours[key] == theirs[key], key
    assert float(ours.points) == float(theirs.points)
    assert compute_checksum(cell) == ours.checksum, "nbgrader would report the cell as changed"


def test_the_restored_notebook_passes_nbgrader_metadata_check(release, resources):
    """Does a notebook with restored cells pass the cell-metadata check that runs after it?"""
    deleted = set(_test_cell_ids(release)[::3])
    MetadataValidatorOnce().validate_nb(_restore(_without(release, deleted), resources))


def test_several_deleted_cells_return_in_the_release_order(release, resources):
    """Do the first graded cell and a run of neighbouring graded cells come back in order?"""
    graded = _test_cell_ids(release)
    deleted = {graded[0], *graded[4:8]}
    restored = _restore(_without(release, deleted), resources)
    assert _test_cell_ids(restored) == graded
    assert [c.source for c in restored.cells] == [c.source for c in release.cells]


def test_a_notebook_emptied_by_the_student_gets_every_graded_cell_back_after_its_cells(
    release, resources
):
    """With no released cell left, are all graded cells appended, in order, after the student's?"""
    own = new_markdown_cell("I started over")
    handed_in = copy.deepcopy(release)
    handed_in.cells = [own]
    restored = _restore(handed_in, resources)
    assert restored.cells[0] == own
    assert [_grade_id(c) for c in restored.cells[1:]] == _test_cell_ids(release)


def test_kept_cells_are_never_changed(release, resources):
    """With no graded cell missing, are edited cells and the student's own cells left alone?"""
    handed_in = copy.deepcopy(release)
    handed_in.cells[-1].source += "\n# my note"
    graded = next(cell for cell in handed_in.cells if is_grade(cell))
    graded.source = "pass  # edited by the student"
    handed_in.cells.insert(2, new_code_cell("x = 1"))
    handed_in.cells.append(new_code_cell("y = 2", metadata={"nbgrader": {"grade_id": "mine"}}))
    assert _restore(handed_in, resources) == handed_in


def test_a_deleted_answer_cell_is_not_put_back(release, resources):
    """Is only a graded cell restored, a deleted answer cell left out (its tests then fail)?"""
    handed_in = _without(release, {"L1"})
    assert _restore(handed_in, resources) == handed_in


def test_a_restored_cell_gets_an_id_no_other_cell_holds(release, resources):
    """Does a put-back cell carry a cell id unique in the notebook, even against pasted ids?"""
    handed_in = _without(release, {"L1-values"})
    handed_in.cells[0].id = "restored-L1-values-0"  # a student's cell already holding the name
    restored = _restore(handed_in, resources)
    ids = [cell.get("id") for cell in restored.cells]
    assert None not in ids and len(set(ids)) == len(ids)
    nbformat.validate(restored)
