"""The pipeline every assignment goes through, from clean source to autograded marks.

Clean source, a fresh and leak-free release, nbgrader validate both ways, and autograding
that gives the solution full marks and the untouched release zero.
"""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from harness import autograde_students

from coursekit.course import ASSIGNMENTS, GRADED, ROOT
from coursekit.grading.execute import grade_id_of, is_test_cell
from coursekit.grading.gradebook.scores import cell_scores
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.grading.verdicts.checks import load_checks
from coursekit.notebooks import is_clean
from coursekit.release import tree_differences
from coursekit.submissions import fill_answers, solution_answers, submit

NAMES = [a.name for a in ASSIGNMENTS]
GRADED_NAMES = [a.name for a in GRADED]
BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN = ROOT / "coursekit" / "hidden"


def _distinctive(lines):
    """Keep the lines long enough, and holding a name, to be worth searching for.

    A bare number list such as ``[[0.0, 1.0, 0.0, 0.0]],`` can stand in a public checker's
    data too without giving away code, and a ``def`` line of a reference function is the
    signature the release's stub shows anyway.
    """
    return {
        line.strip()
        for line in lines
        if len(line.strip()) >= 16
        and re.search(r"[A-Za-z_]", line)
        and not line.strip().startswith(("#", "import ", "from ", '"""', "def "))
    }


def _secret_lines(assignment):
    """Return the distinctive lines of the source's solutions and of the hidden checks."""
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    lines = set()
    for cell in nb.cells:
        for body in BLOCK.findall(cell.source):
            lines |= _distinctive(body.splitlines())
    # A hidden check may share a line with what is public anyway (a checker's hint, a released
    # function signature): only what is not already public is a secret.
    public = (ROOT / "public_tests.py").read_text(encoding="utf-8") + "".join(
        BLOCK.sub("", cell.source) for cell in nb.cells
    )
    for module in (HIDDEN / f"{assignment.name}.py", HIDDEN / "reference.py"):
        if module.is_file():
            hidden = _distinctive(module.read_text(encoding="utf-8").splitlines())
            lines |= {line for line in hidden if line not in public}
    return lines


def _test_cell_ids(assignment):
    """Return the grade ids of the source notebook's graded test cells."""
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    return {grade_id_of(cell) for cell in nb.cells if is_test_cell(cell)}


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_source_notebook_is_clean(assignment):
    """Is the committed source notebook free of outputs and stray metadata?"""
    assert is_clean(assignment.source_notebook()), "run `make notebooks` and commit the result"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_graded_cells_and_hidden_checks_match(assignment):
    """Has every graded test cell exactly one hidden check, and every check a cell?"""
    cells = _test_cell_ids(assignment)
    if not cells:
        assert not (HIDDEN / f"{assignment.name}.py").exists(), "checks without graded cells"
        return
    assert set(load_checks(assignment.name).functions) == cells


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_no_hidden_code_in_notebooks(assignment):
    """Do the source notebooks hold no hidden tests, only the public checks students see?"""
    source = assignment.source_notebook().read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in source and "standing_in" not in source


@pytest.mark.parametrize("assignment", GRADED, ids=GRADED_NAMES)
def test_release_has_no_solution_or_hidden_test_text(assignment):
    """Does no committed release file contain solution code or hidden tests?"""
    secrets = _secret_lines(assignment)
    # The quiz's answers are too short to search for as lines: tests/hidden/test_quiz.py does it.
    assert secrets or assignment.name == "quiz", "the source has no solution or hidden tests"
    assert assignment.release_notebook().is_file(), "no release notebook; run `make release`"
    for path in (ROOT / "release" / assignment.name).rglob("*"):
        if path.suffix not in (".ipynb", ".py", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{path} contains solution or hidden-test lines: {leaked[:5]}"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=NAMES)
def test_committed_release_is_fresh(assignment, scratch):
    """Is the committed release/ exactly what `make release` generates now?"""
    course = scratch(assignment.name)
    differences = tree_differences(
        course / "release" / assignment.name, ROOT / "release" / assignment.name
    )
    assert not differences, "release/ is stale; run `make release`:\n" + "\n".join(differences)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", GRADED, ids=GRADED_NAMES)
def test_validate_passes_on_source(assignment, scratch):
    """Does `nbgrader validate` pass every test of the instructor notebook?"""
    course = scratch(assignment.name)
    result = run_nbgrader("validate", str(assignment.source_notebook(course)), root=course)
    output = result.stdout + result.stderr
    assert "Success! Your notebook passes all the tests." in output, output


@pytest.mark.slow
@pytest.mark.parametrize("assignment", GRADED, ids=GRADED_NAMES)
def test_validate_invert_fails_on_release(assignment, scratch):
    """Does `nbgrader validate --invert` find every test failing on the untouched release?"""
    course = scratch(assignment.name)
    result = run_nbgrader(
        "validate", "--invert", str(assignment.release_notebook(course)), root=course
    )
    output = result.stdout + result.stderr
    assert "Success! The notebook does not pass any tests." in output, output


@pytest.mark.slow
@pytest.mark.parametrize("assignment", GRADED, ids=GRADED_NAMES)
def test_autograde_solution_full_marks_release_zero(assignment, scratch, tmp_path):
    """Does nbgrader autograde give the solution full marks and the untouched release zero?"""
    # A copy: the session's scratch course is the template other tests copy, students and all.
    course = Path(shutil.copytree(scratch(assignment.name), tmp_path / "course", symlinks=True))
    release = assignment.release_notebook(course)
    submit(
        course,
        "solution",
        assignment,
        fill_answers(release, solution_answers(assignment.source_notebook(course))),
    )
    submit(course, "untouched", assignment, nbformat.read(release, as_version=4))
    autograde_students(course, assignment, ["solution", "untouched"], log=lambda message: None)
    full = cell_scores(course, assignment, "solution")
    empty = cell_scores(course, assignment, "untouched")
    assert full and all(score == top for score, top in full.values()), full
    assert all(score == 0 for score, _ in empty.values()), empty
