"""The variant catalogue and the builder that turns variants into submissions."""

import ast
from collections import Counter

import nbformat
import pytest

from coursekit.accuracy.variants import Variant, catalogue, exercises, right, variant, wrong
from coursekit.accuracy.variants.builder import build_submission
from coursekit.course import GRADED, get_assignment
from coursekit.grading.gradebook.scores import exercise_of
from coursekit.submissions import answer_cells, solution_answers

NAMES = [a.name for a in GRADED]

# The specification's "known wrong answers" and "right answers the graders must accept",
# as catalogue variants: (assignment, exercise, variant, correct).
SPECIFIED = [
    ("python_basics", "softmax", "row_sum_of_x", False),
    ("python_basics", "softmax", "column_sum", False),
    ("python_basics", "normalize_rows", "columns", False),
    ("python_basics", "image2vector", "rank_one", False),
    ("python_basics", "image2vector", "transposed_order", False),
    ("python_basics", "L2", "square_root", False),
    ("python_basics", "sigmoid_derivative", "returns_sigmoid", False),
    ("python_basics", "image2vector", "reshape_minus_one", True),
    ("python_basics", "softmax", "stable", True),
    ("python_basics", "L2", "sum_of_squares", True),
    ("python_basics", "normalize_rows", "sqrt_of_sum", True),
    ("python_basics", "normalize_rows", "in_place", True),
]


def _graded_exercises(assignment):
    """Return the exercises of the source notebook that have graded test cells."""
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    graded = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("points"):
            graded.add(exercise_of(meta["grade_id"]))
    return graded


def _function_signatures(code):
    """Return ``{name: [argument names]}`` of the top-level functions ``code`` defines."""
    tree = ast.parse(code)
    return {
        node.name: [arg.arg for arg in node.args.args]
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_every_graded_exercise_has_three_right_and_four_wrong_variants(assignment):
    """Does the catalogue cover each graded exercise with >= 3 correct and >= 4 wrong variants?"""
    graded = _graded_exercises(assignment)
    assert set(exercises(assignment.name)) == graded, "catalogue and notebook exercises differ"
    for exercise in graded:
        kinds = Counter(v.correct for v in catalogue(assignment.name) if v.exercise == exercise)
        assert kinds[True] >= 3, f"{exercise}: {kinds[True]} correct variants, need 3"
        assert kinds[False] >= 4, f"{exercise}: {kinds[False]} wrong variants, need 4"


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_variant_names_are_unique_per_exercise(assignment):
    """Is every variant named once within its exercise?"""
    labels = Counter(v.label for v in catalogue(assignment.name))
    assert not [label for label, n in labels.items() if n > 1], labels.most_common(3)


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_variants_are_whole_answer_cells_with_the_solution_signature(assignment):
    """Does each variant compile, start like the answer cell and keep its function signature?"""
    solutions = solution_answers(assignment.source_notebook())
    for item in catalogue(assignment.name):
        solution = solutions[item.exercise]
        assert item.code.splitlines()[0] == solution.splitlines()[0], item.label
        compile(item.code, item.label, "exec")
        for name, args in _function_signatures(solution).items():
            assert _function_signatures(item.code).get(name) == args, (
                f"{item.label}: {name} must keep the parameters {args}"
            )


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_wrong_variants_name_their_mistake_and_explain_exceptions(assignment):
    """Does every wrong variant say its mistake, and every expected miss say why?"""
    for item in catalogue(assignment.name):
        if not item.correct:
            assert item.mistake, f"{item.label}: describe the mistake"
            assert item.expect_caught or item.note, f"{item.label}: explain why it is not caught"


@pytest.mark.parametrize(("assignment", "exercise", "name", "correct"), SPECIFIED)
def test_specified_answers_are_in_the_catalogue(assignment, exercise, name, correct):
    """Is each answer the specification lists in the catalogue, on the right side?"""
    assert variant(assignment, exercise, name).correct is correct


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_beside_names_correct_variants_of_other_exercises(assignment):
    """Does each ``beside`` label name a correct variant of another exercise?"""
    for item in catalogue(assignment.name):
        for label in item.beside:
            partner = variant(assignment.name, *label.split("/"))
            assert partner.correct and partner.exercise != item.exercise, f"{item.label}: {label}"


def test_wrong_refuses_an_unexplained_exception():
    """Does marking a wrong variant as not expected to be caught require a note?"""
    with pytest.raises(ValueError, match="explain"):
        wrong("sigmoid", "x", "a mistake", expect_caught=False)


def test_cell_dedents_and_strips_the_code():
    """Does a draft's cell() store the code dedented, without blank first and last lines?"""
    item = right("L1", "demo").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return 0
    """)
    assert isinstance(item, Variant) and item.correct
    assert item.code.startswith("# GRADED FUNCTION: L1\n\ndef L1(yhat, y):\n    return 0")
    assert not item.code.endswith("\n")


def test_builder_fills_only_the_variant_cell_and_solves_the_rest():
    """Does the builder put the variant in its cell, solutions elsewhere, all else as released?"""
    basics = get_assignment("python_basics")
    chosen = variant("python_basics", "L2", "square_root")
    nb = build_submission(basics, [chosen])
    release = nbformat.read(basics.release_notebook(), as_version=4)
    solutions = solution_answers(basics.source_notebook())
    filled = answer_cells(nb)
    assert filled["L2"].source == chosen.code
    assert all(filled[e].source == code for e, code in solutions.items() if e != "L2")
    answers = set(answer_cells(release))
    for ours, released in zip(nb.cells, release.cells, strict=True):
        if ours.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in answers:
            assert ours == released


def test_builder_with_nothing_solved_hands_in_the_release():
    """Does solved=() without variants give back the release notebook unchanged?"""
    basics = get_assignment("python_basics")
    release = nbformat.read(basics.release_notebook(), as_version=4)
    assert build_submission(basics, solved=()) == release


def test_builder_refuses_a_cell_given_twice():
    """Does the builder refuse an exercise given both as a variant and as an answer?"""
    basics = get_assignment("python_basics")
    with pytest.raises(ValueError, match="given twice"):
        build_submission(
            basics, [variant("python_basics", "L1", "mean")], answers={"L1": "L1 = None"}
        )
