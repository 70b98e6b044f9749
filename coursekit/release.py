"""Build ``release/``: sync shared files into each assignment, then run nbgrader on it.

Run as ``python -m coursekit.release [ASSIGNMENT...]`` (all assignments by default).
"""

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

from coursekit.course import ASSIGNMENTS, RELEASE, ROOT, SOURCE, Assignment, get_assignment
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.public_checks import CHECKERS, slice_checkers


def sync_shared(assignment: Assignment, root: Path = ROOT) -> list[Path]:
    """Copy the top-level shared files ``assignment`` needs into its source folder.

    nbgrader only releases what sits under ``source/<assignment>/``, so the canonical
    top-level copies are mirrored there; stale copies are replaced, never merged. The
    checkers' module is cut down to the assignment's own checkers
    (:func:`coursekit.public_checks.slice_checkers`) rather than copied whole.

    Returns
    -------
    list of Path
        The copies written.
    """
    # Every origin is checked before anything is written, so a failed sync leaves no mix of
    # fresh and stale copies behind.
    for name in assignment.shared:
        if not (root / name).exists():
            raise FileNotFoundError(
                f"{root / name} is missing: assignment {assignment.name!r} lists {name!r} as "
                "shared (see coursekit/course.py)"
            )
    written = []
    for name in assignment.shared:
        origin, target = root / name, root / SOURCE / assignment.name / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if name == CHECKERS:
            text = slice_checkers(origin.read_text(encoding="utf-8"), assignment.name)
            target.write_text(text, encoding="utf-8")
        elif origin.is_dir():
            shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy2(origin, target)
        written.append(target)
    return written


def generate(assignment: Assignment, root: Path = ROOT) -> None:
    """Run ``nbgrader generate_assignment`` for ``assignment`` in the course at ``root``.

    Raises
    ------
    RuntimeError
        If nbgrader fails; the message carries nbgrader's own log.
    """
    result = run_nbgrader("generate_assignment", assignment.name, "--force", root=root)
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader generate_assignment {assignment.name} failed:\n"
            f"{result.stdout}{result.stderr}"
        )


def build_release(root: Path = ROOT, assignments=ASSIGNMENTS, log=print) -> None:
    """Sync shared files and regenerate ``release/`` for each of ``assignments`` under ``root``."""
    for index, assignment in enumerate(assignments, start=1):
        log(f"[{index}/{len(assignments)}] {assignment.name}: syncing shared files")
        sync_shared(assignment, root)
        log(f"[{index}/{len(assignments)}] {assignment.name}: nbgrader generate_assignment")
        generate(assignment, root)
    log(f"release written to {root / RELEASE}")


def _notebook_without_ids(path: Path) -> dict:
    """Load a notebook as plain JSON with the per-run random cell ids removed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        cell.pop("id", None)
    return nb


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """List the files that differ between two folders (notebooks compared without cell ids).

    Returns
    -------
    list of str
        One line per difference, naming the relative path and what differs; empty when equal.
    """
    expected_files = {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
    actual_files = {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()}
    problems = [f"missing: {p}" for p in sorted(expected_files - actual_files)]
    problems += [f"unexpected: {p}" for p in sorted(actual_files - expected_files)]
    for rel in sorted(expected_files & actual_files):
        if rel.suffix == ".ipynb":
            same = _notebook_without_ids(expected / rel) == _notebook_without_ids(actual / rel)
        else:
            same = filecmp.cmp(expected / rel, actual / rel, shallow=False)
        if not same:
            problems.append(f"differs: {rel}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Regenerate the release of the assignments named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args(argv)
    chosen = [get_assignment(n) for n in args.assignments] if args.assignments else ASSIGNMENTS
    build_release(assignments=chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
