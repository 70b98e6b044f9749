"""The release's cells are the truth: copied, damaged, moved and retyped cells are matched to it."""

import copy

import nbformat
import pytest
from harness import ACCIDENT_EDITS, ASSIGNMENT

from coursekit.course import ROOT
from coursekit.grading.intake.cell_metadata import MetadataValidatorOnce
from coursekit.grading.intake.sanitize import (
    NOTE_END,
    NOTE_TITLE,
    _longest_in_order,
    note_cell,
    release_cells,
    repair,
)


@pytest.fixture(scope="module")
def release():
    """Return the release notebook of Assignment 1 and its nbgrader cells, as grading sees them."""
    nb = nbformat.read(ASSIGNMENT.release_notebook(ROOT), as_version=4)
    texts = {c.metadata.nbgrader.grade_id: c.source for c in nb.cells if "nbgrader" in c.metadata}
    return nb, release_cells(ASSIGNMENT.source_notebook(ROOT), texts)


def _grading_cells(nb) -> list[tuple[str, str, dict]]:
    """Return (grade id, cell type, nbgrader metadata without checksum) of each grading cell."""
    return [
        (
            cell.metadata.nbgrader.grade_id,
            cell.cell_type,
            {k: v for k, v in cell.metadata.nbgrader.items() if k != "checksum"},
        )
        for cell in nb.cells
        if "nbgrader" in cell.metadata
    ]


def test_an_untouched_release_is_left_as_it_is(release):
    """A notebook as released needs no repair: no note, no cell changed."""
    nb, cells = release
    handed_in = copy.deepcopy(nb)
    assert repair(handed_in, cells) == []
    assert handed_in == nb


@pytest.mark.parametrize("accident", ACCIDENT_EDITS)
def test_each_accident_is_matched_back_to_the_release(release, accident):
    """After repair the grading cells are the release's, in its order, with its metadata."""
    nb, cells = release
    handed_in = ACCIDENT_EDITS[accident](copy.deepcopy(nb))
    notes = repair(handed_in, cells)
    assert notes, f"{accident}: nothing said about the repair"
    assert _grading_cells(handed_in) == _grading_cells(nb)
    # nbgrader's own metadata check, which stopped the whole run before, now passes.
    MetadataValidatorOnce().validate_nb(handed_in)


def test_copies_run_as_ordinary_cells_and_keep_their_code(release):
    """A pasted copy of an answer keeps its code as an ordinary cell; the original is graded."""
    nb, cells = release
    handed_in = ACCIDENT_EDITS["duplicated_answer_cell"](copy.deepcopy(nb))
    count = len(handed_in.cells)
    repair(handed_in, cells)
    assert len(handed_in.cells) == count
    ordinary = [c for c in handed_in.cells if "nbgrader" not in c.metadata]
    assert any("def sigmoid" in c.source or "YOUR CODE HERE" in c.source for c in ordinary)


def test_a_students_own_cell_with_empty_metadata_runs_as_ordinary(release):
    """``"nbgrader": {}`` on a cell of the student's own is dropped, and the note says so."""
    nb, cells = release
    handed_in = copy.deepcopy(nb)
    own = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {}})
    handed_in.cells.insert(1, own)
    notes = repair(handed_in, cells)
    assert "nbgrader" not in handed_in.cells[1].metadata
    assert any("ordinary cell" in note for note in notes)
    assert _grading_cells(handed_in) == _grading_cells(nb)


def test_garbage_metadata_never_stops_the_repair(release):
    """Metadata that is not even a mapping, or a grade id of another type, is dropped."""
    nb, cells = release
    handed_in = copy.deepcopy(nb)
    handed_in.cells[0].metadata["nbgrader"] = "oops"
    handed_in.cells[1].metadata["nbgrader"] = {"grade_id": 7, "schema_version": 99}
    repair(handed_in, cells)
    assert "nbgrader" not in handed_in.cells[0].metadata
    assert _grading_cells(handed_in) == _grading_cells(nb)


def test_the_note_cell_lists_every_repair():
    """The note for the feedback page has a title, one line per note, advice after repairs."""
    cell = note_cell(["first thing", "second thing"])
    assert cell.cell_type == "markdown" and "nbgrader" not in cell.metadata
    assert cell.source.startswith(NOTE_TITLE)
    assert cell.source.endswith(f"- first thing\n- second thing\n\n{NOTE_END}")
    assert note_cell(["a refused link"], repaired=False).source.endswith("- a refused link")


@pytest.mark.parametrize(
    ("indices", "kept"),
    [([0, 1, 2], {0, 1, 2}), ([2, 0, 1], {1, 2}), ([0, 3, 1, 2, 4], {0, 2, 3, 4}), ([], set())],
)
def test_longest_in_order_keeps_the_most_cells_in_place(indices, kept):
    """Only the fewest cells count as moved: the longest run in the release's order stays."""
    assert _longest_in_order(indices) == kept
