"""Turn variants into submission notebooks, built from the release like a student's own."""

from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat

from coursekit.accuracy.variants import Variant
from coursekit.course import ROOT, Assignment
from coursekit.submissions import fill_answers, solution_answers


def build_submission(
    assignment: Assignment,
    variants: Iterable[Variant] = (),
    root: Path = ROOT,
    answers: Mapping[str, str] | None = None,
    solved: Iterable[str] | None = None,
) -> nbformat.NotebookNode:
    """Return the release notebook of ``assignment`` with answer cells filled in.

    Parameters
    ----------
    assignment : Assignment
        Whose release notebook (under ``root``) to start from.
    variants : iterable of Variant, default=()
        Each fills the answer cell of its exercise.
    root : Path, default=ROOT
        The course folder holding ``source/`` and ``release/``.
    answers : mapping of str to str, optional
        Hand-written ``{grade_id: code}`` answer cells that are not in the catalogue.
    solved : iterable of str, optional
        The exercises, among those not given above, that get the instructor's solution;
        the others keep the release's stub. Default: all of them, so that points lost
        outside the variants' exercises are a cascade.

    Returns
    -------
    nbformat.NotebookNode
        The submission; every cell other than the filled answer cells is as released.

    Examples
    --------
    >>> from coursekit.course import get_assignment
    >>> from coursekit.accuracy.variants import variant
    >>> basics = get_assignment("python_basics")
    >>> nb = build_submission(basics, [variant("python_basics", "L2", "square_root")])
    """
    solutions = solution_answers(assignment.source_notebook(root))
    chosen = solutions.keys() if solved is None else set(solved)
    unknown = set(chosen) - solutions.keys()
    if unknown:
        raise KeyError(f"{assignment.name}: no answer cells {sorted(unknown)}")
    filled = {exercise: code for exercise, code in solutions.items() if exercise in chosen}
    given = dict(answers or {})
    for item in variants:
        if item.exercise in given:
            raise ValueError(f"{item.exercise} is given twice")
        given[item.exercise] = item.code
    filled.update(given)
    return fill_answers(assignment.release_notebook(root), filled)
