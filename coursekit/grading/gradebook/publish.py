"""Publish what the gradebook holds with nbgrader's own commands: feedback pages, a grades CSV."""

from pathlib import Path

from coursekit.grading.nbgrader_cli import run_nbgrader


def _run(root: Path, what: str, *args: str) -> None:
    """Run ``nbgrader ARGS`` in ``root``; raise ``RuntimeError`` with nbgrader's log if it fails."""
    result = run_nbgrader(*args, root=root)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}{result.stderr}")


def generate_feedback(root: Path, assignment: str, student_glob="*") -> Path:
    """Write the HTML feedback pages of the assignment named ``assignment`` (nbgrader's id).

    Returns
    -------
    Path
        The feedback folder, ``root/feedback`` (one ``<student>/<assignment>/`` per student).
    """
    _run(
        root,
        f"nbgrader generate_feedback {assignment}",
        *("generate_feedback", assignment, "--force", f"--student={student_glob}"),
    )
    return Path(root) / "feedback"


def export_grades(root: Path, dest: Path) -> Path:
    """Export every grade in the gradebook to the CSV file ``dest`` with ``nbgrader export``.

    Returns
    -------
    Path
        ``dest``, one row per student and assignment.
    """
    dest = Path(dest).resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    _run(root, "nbgrader export", "export", f"--to={dest}")
    return dest
