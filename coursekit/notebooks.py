"""Keep source notebooks clean: outputs cleared, metadata normalised, cell ids stable.

Run as ``python -m coursekit.notebooks PATH...`` to clean notebooks in place (folders are
searched for ``*.ipynb``); ``--check`` only reports the notebooks that are not clean.
"""

import argparse
import copy
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# What ipykernel reports on the course's Python (3.11.7, as on the project's machines and CI):
# JupyterLab writes the kernel's language_info into a notebook it opens, so anything less marks
# every notebook modified the moment a student opens it.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}
# Cell-level metadata worth keeping; anything else (collapsed, scrolled, execution timings,
# editor state) is noise that makes diffs and the release checksum churn.
KEPT_CELL_METADATA = ("nbgrader", "tags", "deletable", "editable")


def cell_id(cell: nbformat.NotebookNode, index: int) -> str:
    """Return a stable id for ``cell``: its nbgrader grade id, else its position."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return grade_id if grade_id else f"cell-{index:03d}"


def cleaned(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` with outputs cleared and metadata normalised."""
    nb = copy.deepcopy(nb)
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nb.nbformat, nb.nbformat_minor = 4, 5
    for index, cell in enumerate(nb.cells):
        cell.id = cell_id(cell, index)
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in KEPT_CELL_METADATA}
        )
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        if not cell.get("attachments"):
            cell.pop("attachments", None)
    return nb


def notebook_paths(paths: list[str]) -> list[Path]:
    """Expand files and folders in ``paths`` into a sorted list of ``.ipynb`` files."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(path)
    return sorted(found)


def is_clean(path: Path) -> bool:
    """Return whether the notebook at ``path`` is already in its cleaned form."""
    nb = nbformat.read(path, as_version=4)
    return nb == cleaned(nb)


def main(argv: list[str] | None = None) -> int:
    """Clean (or with ``--check``, only check) the notebooks named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="notebooks or folders holding them")
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    dirty = []
    for path in notebook_paths(args.paths):
        if is_clean(path):
            continue
        dirty.append(path)
        if not args.check:
            nbformat.write(cleaned(nbformat.read(path, as_version=4)), path)
            print(f"cleaned {path}")
    if args.check and dirty:
        for path in dirty:
            print(f"not clean: {path} (run `make notebooks`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
