"""Repair a submission's grading cells against the release before nbgrader checks them.

JupyterLab copies a cell's metadata when a student copies and pastes it, grade id included; a
cell can also arrive with ``"nbgrader": {}``, an unknown ``schema_version`` or a twin of another
type. nbgrader's ``DeduplicateIds`` then blanks the copies' metadata and its metadata check
stops the whole ``nbgrader autograde`` run with "old version" (jupyter/nbgrader#1083): the
student and every classmate after them get no grade. :class:`SanitizeCells` runs first among
``Autograde.sanitize_preprocessors`` (``nbgrader_config.py``) and takes the release as the
truth:

- each release cell is matched once: by its grade id (the copy of the release's type and,
  for locked cells, the release's text winning among several), else, for a cell whose grading
  information is damaged, by the locked text it carries or by the one place it can fill;
- a matched cell gets the release's metadata back and the release's type; one that stands
  out of the release's order is put back after the release cell that precedes it;
- every other cell claiming grading information loses it and runs as an ordinary cell.

The student's answers run as written; missing graded cells are put back afterwards
(:mod:`~coursekit.grading.intake.restore_cells`). A note cell at the top of the notebook, kept in
the feedback page, says what was repaired, together with what the intake set aside
(:mod:`~coursekit.grading.intake.files`), and a warning line tells the instructor.

Before repairing, the step takes back the submission's earlier grades and feedback page
(:mod:`~coursekit.grading.gradebook.stale`): if grading then fails, neither shows an earlier
submission's points.
"""

import copy
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from coursekit.grading.gradebook.stale import mark_pending, replace_feedback
from coursekit.grading.intake.files import read_notes

SCHEMA_VERSION = 3  # the nbgrader metadata version this nbgrader writes and checks
NOTE_TITLE = "**Note from the grader: what was wrong with your submission.**"
NOTE_END = (
    "Your answers were graded as written. To avoid this next time, add new cells with the "
    "+ button instead of copying graded ones, and do not edit a cell's metadata."
)


def _claimed_id(cell) -> str | None:
    """Return the grade id ``cell``'s nbgrader metadata claims, if it is a string."""
    meta = cell.get("metadata", {}).get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _describe(grade_id: str) -> str:
    """Return how the note names a release cell: ``softmax-values`` → ``softmax: values``."""
    exercise, _, aspect = grade_id.partition("-")
    return f"`{exercise}: {aspect.replace('_', ' ')}`" if aspect else f"`{exercise}`"


class ReleaseCell:
    """One cell of the release that carries nbgrader metadata.

    Parameters
    ----------
    index : int
        Its place among the release's nbgrader cells.
    cell_type : str
        ``code`` or ``markdown``.
    meta : dict
        Its nbgrader metadata as released (without checksum; nbgrader sets that).
    source : str
        Its released text (compared only for locked cells, whose text the student cannot edit).
    """

    def __init__(self, index: int, cell_type: str, meta: dict, source: str):
        self.index = index
        self.cell_type = cell_type
        self.meta = meta
        self.source = source

    @property
    def grade_id(self) -> str:
        """Return the cell's grade id."""
        return self.meta["grade_id"]

    @property
    def locked(self) -> bool:
        """Return whether students cannot edit the cell."""
        return bool(self.meta.get("locked"))


def release_cells(source_notebook: Path, source_texts: dict[str, str]) -> list[ReleaseCell]:
    """Return the release's nbgrader cells in order, from the instructor's notebook.

    Parameters
    ----------
    source_notebook : Path
        ``source/<assignment>/<notebook>.ipynb`` (same cells, ids and order as the release).
    source_texts : dict of str to str
        Grade id to the released text, from the gradebook (the instructor's notebook holds
        solutions where the release holds stubs).
    """
    nb = nbformat.read(source_notebook, as_version=4)
    cells = []
    for cell in nb.cells:
        grade_id = _claimed_id(cell)
        if grade_id is None:
            continue
        meta = {k: v for k, v in cell.metadata.nbgrader.items() if k != "checksum"}
        meta["cell_type"] = cell.cell_type  # recorded in the release by generate_assignment
        text = source_texts.get(grade_id, cell.source)
        cells.append(ReleaseCell(len(cells), cell.cell_type, meta, text))
    return cells


def _longest_in_order(indices: list[int]) -> set[int]:
    """Return the positions of a longest strictly increasing run (not contiguous) of ``indices``.

    Cells at these positions are in the release's order; the others were moved.
    """
    tails: list[int] = []  # tails[k]: position ending the best run of length k + 1
    before: list[int | None] = [None] * len(indices)
    for position, value in enumerate(indices):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if indices[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        before[position] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    keep, position = set(), tails[-1] if tails else None
    while position is not None:
        keep.add(position)
        position = before[position]
    return keep


def repair(nb: NotebookNode, release: list[ReleaseCell]) -> list[str]:
    """Match ``nb``'s cells to the release in place; return the notes on what was repaired.

    Parameters
    ----------
    nb : NotebookNode
        The submitted notebook; changed in place.
    release : list of ReleaseCell
        The release's nbgrader cells, in order (:func:`release_cells`).

    Returns
    -------
    list of str
        One sentence per repair, for the student (empty when nothing was wrong).
    """
    by_id = {cell.grade_id: cell for cell in release}
    notes: list[str] = []
    claims: dict[str, list[int]] = {}
    damaged: list[int] = []
    for position, cell in enumerate(nb.cells):
        if "nbgrader" not in cell.get("metadata", {}):
            continue
        grade_id = _claimed_id(cell)
        if grade_id in by_id:
            claims.setdefault(grade_id, []).append(position)
        else:
            damaged.append(position)

    matched: dict[int, ReleaseCell] = {}  # position in nb -> release cell
    for grade_id, positions in claims.items():
        wanted = by_id[grade_id]
        keeper = min(positions, key=lambda p: _preference(nb.cells[p], wanted))
        matched[keeper] = wanted
        damaged.extend(p for p in positions if p != keeper)
    copied = [_describe(g) for g, positions in claims.items() if len(positions) > 1]
    if copied:
        notes.append(
            f"These cells were in your notebook more than once: {', '.join(copied)} (a copied "
            "cell keeps the grading information of the original). One copy of each was graded "
            "(the one of the assignment's type and text); the others ran as ordinary cells."
        )

    _match_damaged(nb, release, matched, damaged, notes)
    for position in damaged:
        if position not in matched:
            cell = nb.cells[position]
            if _claimed_id(cell) not in claims:
                notes.append(
                    f"Cell {position + 1} carried grading information that is not in the "
                    "assignment (empty, damaged or from another version); it ran as an "
                    "ordinary cell."
                )
            del cell.metadata["nbgrader"]

    for position, wanted in matched.items():
        cell = nb.cells[position]
        old = cell.metadata.get("nbgrader")
        if isinstance(old, dict) and old.get("schema_version") not in (None, SCHEMA_VERSION):
            notes.append(
                f"The grading information of {_describe(wanted.grade_id)} had an unknown "
                f"version ({old.get('schema_version')!r}); it was restored."
            )
        restored = NotebookNode(copy.deepcopy(wanted.meta))
        if isinstance(old, dict) and "checksum" in old:
            restored["checksum"] = old["checksum"]  # nbgrader's OverwriteCells checks it
        if old != restored:
            cell.metadata["nbgrader"] = restored
        if cell.cell_type != wanted.cell_type:
            notes.append(
                f"The cell {_describe(wanted.grade_id)} had been changed to a "
                f"{cell.cell_type} cell; it was graded as the {wanted.cell_type} cell it is."
            )
            _retype(cell, wanted.cell_type)

    _restore_order(nb, matched, notes)
    return notes


def _preference(cell, wanted: ReleaseCell) -> tuple:
    """Rank a copy of ``wanted``: the release's type first, then (locked) the release's text."""
    return (cell.cell_type != wanted.cell_type, wanted.locked and cell.source != wanted.source)


def _match_damaged(nb, release, matched, damaged, notes) -> None:
    """Match cells with damaged grading information to release cells nothing else matched."""
    missing = [cell for cell in release if cell not in matched.values()]
    for position in list(damaged):
        cell = nb.cells[position]
        # A locked cell's text identifies it; an editable one only by the single gap it fills.
        same_text = [r for r in missing if r.locked and r.source == cell.source]
        candidates = same_text or _fitting_gap(position, missing, matched, cell.cell_type)
        if len(candidates) != 1 or _claimed_id(cell) in {r.grade_id for r in matched.values()}:
            continue
        matched[position] = candidates[0]
        missing.remove(candidates[0])
        notes.append(
            f"The grading information of {_describe(candidates[0].grade_id)} was empty or "
            "damaged; the cell was recognised and graded."
        )


def _fitting_gap(position, missing, matched, cell_type) -> list[ReleaseCell]:
    """Return the missing release cells of ``cell_type`` that belong between its neighbours."""
    earlier = [matched[p].index for p in matched if p < position]
    later = [matched[p].index for p in matched if p > position]
    low, high = max(earlier, default=-1), min(later, default=len(matched) + len(missing))
    return [r for r in missing if low < r.index < high and r.cell_type == cell_type]


def _retype(cell, cell_type: str) -> None:
    """Turn ``cell`` into a ``cell_type`` cell with the same text and metadata."""
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        cell.pop("attachments", None)


def _restore_order(nb, matched: dict[int, ReleaseCell], notes: list[str]) -> None:
    """Put matched cells that stand out of the release's order back after their predecessor."""
    positions = sorted(matched)
    in_order = {positions[k] for k in _longest_in_order([matched[p].index for p in positions])}
    moved = [p for p in positions if p not in in_order]
    if not moved:
        return
    cells = [(cell, matched.get(p)) for p, cell in enumerate(nb.cells)]
    movers = [cells[p] for p in moved]
    cells = [entry for p, entry in enumerate(cells) if p not in set(moved)]
    for cell, wanted in sorted(movers, key=lambda entry: entry[1].index):
        after = [k for k, (_, r) in enumerate(cells) if r is not None and r.index < wanted.index]
        cells.insert(after[-1] + 1 if after else 0, (cell, wanted))
        notes.append(
            f"The cell {_describe(wanted.grade_id)} had been moved; it was put back in its "
            "place in the assignment."
        )
    nb.cells = [cell for cell, _ in cells]


def note_cell(notes: list[str], repaired: bool = True) -> NotebookNode:
    """Return the markdown cell that tells the student what the grader refused or repaired.

    ``repaired`` adds how to keep cells intact (when some of ``notes`` are cell repairs).
    """
    lines = [NOTE_TITLE, "", *(f"- {note}" for note in notes)]
    return nbformat.v4.new_markdown_cell("\n".join([*lines, "", NOTE_END] if repaired else lines))


class SanitizeCells(NbGraderPreprocessor):
    """Repair grading cells against the release (see the module docstring)."""

    def preprocess(self, nb, resources):
        """Take back earlier results, repair ``nb``, and add the note cell when needed."""
        ids = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        mark_pending(ids["db_url"], ids["assignment"], ids["student"], [ids["notebook"]])
        feedback = coursedir.format_path(
            coursedir.feedback_directory, ids["student"], ids["assignment"]
        )
        replace_feedback(Path(feedback), ids["assignment"], [ids["notebook"]])
        # The instructor's notebook (which coursekit grade's workers have), else the release.
        copies = [
            Path(coursedir.format_path(step, ".", ids["assignment"])) / f"{ids['notebook']}.ipynb"
            for step in (coursedir.source_directory, coursedir.release_directory)
        ]
        found = next((path for path in copies if path.is_file()), None)
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        notes, repairs = read_notes(folder), []
        if found is None:
            self.log.warning("No copy of %s to repair cells against: %s", ids["notebook"], copies)
        else:
            with Gradebook(ids["db_url"]) as gradebook:
                record = gradebook.find_notebook(ids["notebook"], ids["assignment"])
                texts = {cell.name: cell.source for cell in record.source_cells}
            repairs = repair(nb, release_cells(found, texts))
        notes += repairs
        if notes:
            self.log.warning(
                "Submission %s/%s, %s: repaired or refused before grading: %s",
                ids["student"], ids["assignment"], ids["notebook"], " | ".join(notes),
            )  # fmt: skip
            nb.cells.insert(0, note_cell(notes, repaired=bool(repairs)))
        return nb, resources
