"""Take in a student's notebooks before grading: an unreadable notebook gets a note, not a zero.

nbgrader fails on a notebook it cannot read (bad JSON, an nbformat other than 4) or does not
know by name (``Notebook (1).ipynb``, as browsers save a second download): the student gets
0 points, no feedback and the instructor a traceback. :func:`take_in`, nbgrader's
``Autograde.pre_convert_hook`` (``nbgrader_config.py``), runs before each submission is graded:

- an unreadable notebook is kept beside it as ``<name>.ipynb.unreadable`` and replaced by an
  empty notebook holding a note that says why; the graded cells are put back and judged
  (:mod:`~coursekit.grading.restore_cells`), so the student gets a feedback page with the note
  and 0 points, and the instructor a log line naming the student and the fix;
- a readable notebook under a near name of an expected one (the only one missing) is graded
  under the expected name (a copy), with a warning naming both files.
"""

import re
import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook
from traitlets.log import get_logger

UNREADABLE_NOTE = (
    "**Your notebook could not be read, so none of your answers could be graded.** "
    "The grader found: {reason}. Open the notebook in Jupyter, check that it loads, save it "
    "(File > Save) under its original name `{name}` and hand it in again."
)
# What a browser or file manager adds to a second copy: " (1)", "-1", " copy".
NEAR_NAME = re.compile(r"^(?P<stem>.+?)(?: ?\(\d+\)|-\d+| copy| - Copy)$")


def unreadable_reason(path: Path) -> str | None:
    """Return why the notebook at ``path`` cannot be graded, or None when it can be read."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as error:  # noqa: BLE001 -- any failure to parse is the answer
        return f"the file is not a valid notebook ({type(error).__name__}: {str(error)[:200]})"
    if nb.get("nbformat") != 4:
        return f"it is in notebook format {nb.get('nbformat')}, and only format 4 is graded"
    return None


def expected_names(submitted: Path) -> list[str]:
    """Return the notebook names of the assignment, from the course's release folder.

    ``submitted`` is ``<course>/submitted/<student>/<assignment>``.
    """
    release = submitted.parents[2] / "release" / submitted.name
    return sorted(path.name for path in release.glob("*.ipynb"))


def take_in(assignment=None, student=None, notebooks=None, **kwargs) -> None:
    """Make every notebook of one submission gradable (nbgrader's pre-convert hook).

    Parameters
    ----------
    notebooks : list of str
        The submission's notebook paths; changed in place to the paths nbgrader should grade.
    """
    log = get_logger()
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    expected = expected_names(folder)
    for name in list(notebooks):
        path = Path(name)
        if path.name not in expected:
            renamed = _rename(path, expected, folder, log)
            if renamed is None:
                continue
            notebooks[notebooks.index(name)] = str(renamed)
            path = renamed
        reason = unreadable_reason(path)
        if reason is not None:
            _replace_with_note(path, reason, log)
    notebooks.sort()


def _rename(path: Path, expected: list[str], folder: Path, log) -> Path | None:
    """Grade ``path`` under the expected name it is a near copy of, if that one is missing."""
    match = NEAR_NAME.match(path.stem)
    target = f"{match['stem']}.ipynb" if match else None
    if target not in expected or (folder / target).exists():
        return None
    log.warning(
        "Submission %s: notebook %r is graded as %r (the expected name was missing)",
        folder, path.name, target,
    )  # fmt: skip
    shutil.copy2(path, folder / target)
    return folder / target


def _replace_with_note(path: Path, reason: str, log) -> None:
    """Keep the unreadable ``path`` aside and put a notebook with a note in its place."""
    kept = path.with_name(path.name + ".unreadable")
    shutil.move(path, kept)
    log.error(
        "Submission %s cannot be read: %s. It is kept as %s; the student gets 0 and a note. "
        "Fix the file (or ask the student to hand it in again) and regrade.",
        path, reason, kept.name,
    )  # fmt: skip
    note = UNREADABLE_NOTE.format(reason=reason, name=path.name)
    nb = new_notebook(cells=[new_markdown_cell(note)])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
