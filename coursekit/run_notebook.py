"""Run a notebook top to bottom with nbclient, the way a student's "Run All" would."""

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.grading.settings import SandboxLimits, ToolSettings, blas_environment


def run_notebook(
    path: Path, timeout: int | None = None, env: dict | None = None
) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in its own folder and return it with outputs.

    Cells that raise do not stop the run (as in nbgrader), so the caller can inspect every
    cell's outputs; use :func:`cell_errors` to list the ones that failed.

    Parameters
    ----------
    path : Path
        The notebook to run; it is not modified on disk.
    timeout : int, optional
        Seconds one cell may run before it is interrupted; default
        ``ToolSettings.run_all_cell_seconds``.
    env : dict, optional
        Extra environment variables for the kernel (e.g. ``{"NBGRADER_EXECUTION": "autograde"}``).
    """
    nb = nbformat.read(path, as_version=4)
    saved = os.environ.copy()
    # As when grading (SandboxLimits.blas_threads): parallel runs crawl otherwise.
    for name, value in blas_environment(SandboxLimits().blas_threads).items():
        os.environ.setdefault(name, value)
    os.environ.update(env or {})
    try:
        client = NotebookClient(
            nb,
            timeout=timeout or ToolSettings().run_all_cell_seconds,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(Path(path).parent)}},
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def cell_text(cell: nbformat.NotebookNode) -> str:
    """Return everything a code cell printed or displayed as text, errors included."""
    parts = []
    for output in cell.get("outputs", []):
        # The kernel may split one print() over several stream outputs: join them as they are.
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", "") + "\n")
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}\n")
    return "".join(parts)


def cell_errors(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """Return ``(index, "Name: message")`` for every cell whose execution raised."""
    return [
        (index, f"{output.ename}: {output.evalue}")
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]


def cell_by_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    """Return the cell whose nbgrader ``grade_id`` is ``grade_id``."""
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {grade_id!r}")
