"""Assignment 2 (logistic regression): grading of known wrong answers, notebook text, conformance.

The wrong answers are graded by the real ``nbgrader autograde`` in a copy of the scratch course
whose dataset is swapped for a tiny synthetic one: the hidden tests must not depend on the
dataset, and a small one keeps each student's run short. Every exercise a student did not get
wrong must keep full marks, which is the no-double-penalty rule.

Decision on ``predict`` with ``>=`` (documented in the notebook too): the specification's rule is
"1 where the activation is > 0.5". The two differ only on an activation of exactly 0.5, which
happens for every example while ``w`` and ``b`` are still zero. The tie is part of the rule the
notebook states, not a trick: ``>=`` fails the ``predict-boundary`` check, and under the grading
engine's whole-exercise rule it loses both of predict's points.

The hidden checks live in ``coursekit/hidden/logistic_regression.py``; they compare the dataset
answers with the course folder's own dataset, so a test that swaps the dataset swaps it both in
the course folder and in the assignment's synced copy.
"""

import re
import shutil
import time

import h5py
import nbformat
import numpy as np
import pytest
from harness import autograde_students

from coursekit.accuracy.variants.builder import build_submission
from coursekit.accuracy.variants.logistic_regression import CASCADE_PAIRS
from coursekit.course import get_assignment
from coursekit.grading.execute import grade_id_of, is_test_cell
from coursekit.grading.gradebook.scores import cell_scores, exercise_scores
from coursekit.run_notebook import cell_by_id, cell_errors, run_notebook
from coursekit.submissions import fill_answers, solution_answers, submit

ASSIGNMENT = get_assignment("logistic_regression")
EXERCISES = (
    "dataset_sizes",
    "flatten",
    "sigmoid",
    "initialize_with_zeros",
    "propagate",
    "optimize",
    "predict",
    "model",
)
EXPECTED_BLOCK = re.compile(r"<!-- expected-output: (\S+) -->\s*```text\n(.*?)```", re.S)

# Known wrong answers: id -> (exercise, [(text in the solution, replacement), ...]).
WRONG_FORMS = {
    "num_px-from-channels": ("dataset_sizes", [("x_orig.shape[1]", "x_orig.shape[3]")]),
    "flatten-mixes-pixels": (
        "flatten",
        [
            (
                "train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T",
                "train_set_x_orig.reshape(-1, train_set_x_orig.shape[0])",
            )
        ],
    ),
    "sigmoid-sign": ("sigmoid", [("np.exp(-z)", "np.exp(z)")]),
    "w-int-dtype": (
        "initialize_with_zeros",
        [("np.zeros((dim, 1))", "np.zeros((dim, 1), dtype=int)")],
    ),
    "w-rank-1": ("initialize_with_zeros", [("np.zeros((dim, 1))", "np.zeros(dim)")]),
    "b-int": ("initialize_with_zeros", [("b = 0.0", "b = 0")]),
    "cost-(1,1)-array": (
        "propagate",
        [
            ("(1 - A)) / m", "(1 - A), axis=1, keepdims=True) / m"),
            ("cost = np.squeeze(np.array(cost))\n", ""),
        ],
    ),
    "cost-no-1/m": ("propagate", [("(1 - A)) / m", "(1 - A))")]),
    "cost-wrong-sign": ("propagate", [("cost = -np.sum", "cost = np.sum")]),
    "dw-no-transpose": ("propagate", [("np.dot(X, (A - Y).T)", "np.dot(A - Y, X.T)")]),
    "dw-not-averaged": ("propagate", [("(A - Y).T) / m", "(A - Y).T)")]),
    "db-not-averaged": ("propagate", [("np.sum(A - Y) / m", "np.sum(A - Y)")]),
    "db-(1,1)-array": (
        "propagate",
        [("np.sum(A - Y) / m", "np.sum(A - Y, axis=1, keepdims=True) / m")],
    ),
    "optimize-mutates-w": (
        "optimize",
        [
            ("w = copy.deepcopy(w)\n", ""),
            ('w = w - learning_rate * grads["dw"]', 'w -= learning_rate * grads["dw"]'),
        ],
    ),
    "optimize-ignores-learning-rate": ("optimize", [("learning_rate * grads", "0.009 * grads")]),
    "optimize-costs-every-iteration": (
        "optimize",
        [
            (
                "if i % 100 == 0:\n            costs.append(cost)",
                "costs.append(cost)\n        if i % 100 == 0:",
            )
        ],
    ),
    "predict-greater-or-equal": ("predict", [("A > 0.5", "A >= 0.5")]),
    "model-ignores-print-cost": ("model", [("learning_rate, print_cost\n", "learning_rate\n")]),
    "model-ignores-num-iterations": (
        "model",
        [("num_iterations, learning_rate, print", "2000, learning_rate, print")],
    ),
    "model-ignores-learning-rate": (
        "model",
        [("num_iterations, learning_rate, print", "num_iterations, 0.5, print")],
    ),
    "model-trains-on-test-set": ("model", [("b, X_train, Y_train, num", "b, X_test, Y_test, num")]),
    # Right, in another form: a NumPy float is a float.
    "b-numpy-float": ("initialize_with_zeros", [("b = 0.0", "b = np.float64(0.0)")]),
}
RIGHT_FORMS = {"b-numpy-float"}

# One wrong form per exercise per student, so that each loss is attributable; the students are
# graded in one batch. "sigmoid_only" and "numpy_float_b" have nothing else wrong.
STUDENTS = {
    "sigmoid_only": ["sigmoid-sign"],
    "numpy_float_b": ["b-numpy-float"],
    "mixed_1": [
        "num_px-from-channels",
        "w-int-dtype",
        "cost-(1,1)-array",
        "optimize-mutates-w",
        "predict-greater-or-equal",
        "model-ignores-print-cost",
    ],
    "mixed_2": [
        "flatten-mixes-pixels",
        "b-int",
        "db-(1,1)-array",
        "optimize-ignores-learning-rate",
        "model-ignores-num-iterations",
    ],
    "mixed_3": [
        "w-rank-1",
        "cost-no-1/m",
        "optimize-costs-every-iteration",
        "model-ignores-learning-rate",
    ],
    "mixed_4": ["cost-wrong-sign", "model-trains-on-test-set"],
    "mixed_5": ["dw-no-transpose"],
    "mixed_6": ["dw-not-averaged"],
    "mixed_7": ["db-not-averaged"],
}
STUDENT_OF = {form: student for student, forms in STUDENTS.items() for form in forms}


def apply_form(answers, form):
    """Return ``answers`` with the wrong form ``form`` written into its exercise's answer cell."""
    exercise, edits = WRONG_FORMS[form]
    code = answers[exercise]
    for old, new in edits:
        assert old in code, f"wrong form {form!r}: {old!r} is not in the solution any more"
        code = code.replace(old, new)
    return {**answers, exercise: code}


def write_tiny_dataset(folder, seed=7, m_train=30, m_test=10, num_px=8):
    """Write a small random dataset in the original files' format (keys, dtypes, shapes)."""
    rng = np.random.default_rng(seed)
    classes = np.array([b"non-cat", b"cat"])
    folder.mkdir(parents=True, exist_ok=True)
    for split, m in (("train", m_train), ("test", m_test)):
        with h5py.File(folder / f"{split}_catvnoncat.h5", "w") as h5:
            h5.create_dataset(
                f"{split}_set_x", data=rng.integers(0, 256, (m, num_px, num_px, 3), dtype=np.uint8)
            )
            h5.create_dataset(f"{split}_set_y", data=np.arange(m) % 2)
            h5.create_dataset("list_classes", data=classes)


def copy_course_with_data(course, dest, fill):
    """Copy the scratch course to ``dest`` and give it the dataset ``fill`` writes.

    Both the course's ``datasets/`` (which the hidden checks read) and the assignment's synced
    copy (which the student's kernel reads) get it: grading refuses copies that differ.
    """
    shutil.copytree(course, dest)
    synced = dest / "source" / ASSIGNMENT.name / "datasets"
    for datasets in (dest / "datasets", synced):
        shutil.rmtree(datasets, ignore_errors=True)
    fill(dest / "datasets")
    shutil.copytree(dest / "datasets", synced)
    return dest


def copy_files(files, folder):
    """Copy ``files`` into ``folder`` (contents only: the originals are read-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, folder / file.name)


def stdout_of(cell):
    """Return what a code cell printed to stdout."""
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def expected_blocks(nb):
    """Return ``{cell id: expected text}`` for each expected-output block in the markdown."""
    blocks = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            blocks.update(EXPECTED_BLOCK.findall(cell.source))
    return blocks


def text_matches(expected, actual):
    """Return whether ``actual`` matches ``expected`` line by line; a ``...`` line skips lines."""
    pattern = "".join(
        r"(?:.*\n)*?" if line.strip() == "..." else re.escape(line.rstrip()) + r"\n"
        for line in expected.strip().splitlines()
    )
    text = "".join(line.rstrip() + "\n" for line in actual.strip().splitlines())
    return re.fullmatch(pattern, text) is not None


# ---------------------------------------------------------------------------------------------
# Fast checks of the notebook's structure
# ---------------------------------------------------------------------------------------------


def test_expected_output_blocks_name_existing_cells():
    """Does every expected-output block in the text name a code cell of the notebook?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    blocks = expected_blocks(nb)
    assert {
        "dataset_sizes_demo",
        "flatten_demo",
        "train_model",
        "accuracy_curve",
        "lr_comparison",
        "what_model_learned",
        "own_image",
    } <= set(blocks)
    for cell_id in blocks:
        assert cell_by_id(nb, cell_id).cell_type == "code", cell_id


def test_points_per_exercise():
    """Are the graded cells' points spread as planned (20 in all) over the eight exercises?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    points = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            exercise = meta["grade_id"].split("-", 1)[0]
            points[exercise] = points.get(exercise, 0) + meta["points"]
    assert points == dict(zip(EXERCISES, (1, 2, 1, 2, 4, 4, 2, 4), strict=True)), points


def test_graded_cells_name_the_check_and_call_only_the_public_checker():
    """Is each graded test cell a one-line docstring and a call of its exercise's checker?"""
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    cells = [cell for cell in nb.cells if is_test_cell(cell)]
    assert len(cells) == 17
    for cell in cells:
        exercise = grade_id_of(cell).split("-")[0]
        doc, call = cell.source.split("\n", 1)
        assert doc.startswith('"""Check') and doc.endswith('."""'), doc
        assert re.fullmatch(rf"{exercise}_test(_[12])?\((.|\n)*\)", call), call
        assert "_" + "course" not in call and "substituted" not in call, call


def test_wrong_forms_apply_to_the_solution():
    """Does every wrong form still find the solution text it rewrites?"""
    answers = solution_answers(ASSIGNMENT.source_notebook())
    assert set(answers) == set(EXERCISES)
    for form in WRONG_FORMS:
        assert apply_form(answers, form) != answers, form
    assert set(STUDENT_OF) == set(WRONG_FORMS), "every form is given to exactly one student"


def prose_numbers(nb, after="train_model"):
    """Return ``(text, value, decimals)`` for each "N %" the prose states after cell ``after``.

    Expected-output blocks, code spans and formulas are left out: the blocks are compared
    whole elsewhere, and the others are not claims about the output.
    """
    start = next(i for i, c in enumerate(nb.cells) if c.get("id") == after)
    found = []
    for cell in nb.cells[start:]:
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(
            r"```.*?```|`[^`]*`|\$[^$]*\$", " ", EXPECTED_BLOCK.sub(" ", cell.source), flags=re.S
        )
        for number in re.findall(r"(\d+(?:\.(\d+))?) ?%", prose):
            found.append((number[0], float(number[0]), len(number[1])))
    return found


def contradicted_numbers(claims, printed):
    """Return the claims that match no number in ``printed`` at the claim's own precision."""
    values = [float(n) for n in re.findall(r"-?\d+\.\d+|-?\d+", printed)]
    return [
        text
        for text, value, decimals in claims
        if not any(round(v, decimals) == value for v in values)
    ]


def test_prose_checker_catches_a_contradicted_number():
    """Does the prose checker flag a percentage the output does not print, and pass true ones?"""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("run", id="train_model"),
        nbformat.v4.new_markdown_cell("Train 95.7 % (about 96 %), test 81 %, `7 %` is code."),
    ]
    printed = "train accuracy: 95.69377990430623 %\ntest accuracy: 78.0 %\n"
    assert contradicted_numbers(prose_numbers(nb), printed) == ["81"]


def test_text_matcher_handles_ellipsis():
    """Does the expected-output matcher skip lines at '...' and nowhere else?"""
    expected = "a: 1\n...\nz: 9"
    assert text_matches(expected, "a: 1\nb: 2\nc: 3\nz: 9\n")
    assert text_matches(expected, "a: 1\nz: 9")
    assert not text_matches(expected, "a: 2\nz: 9")
    assert not text_matches("a: 1\nz: 9", "a: 1\nb: 2\nz: 9")


# ---------------------------------------------------------------------------------------------
# Autograding known wrong answers (one batch of students, tiny dataset)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graded(scratch, tmp_path_factory):
    """Autograde every student of STUDENTS once; return the course and each one's scores."""
    course = copy_course_with_data(
        scratch(ASSIGNMENT.name), tmp_path_factory.mktemp("tiny") / "course", write_tiny_dataset
    )
    solution = solution_answers(ASSIGNMENT.source_notebook(course))
    release = ASSIGNMENT.release_notebook(course)
    for student, forms in STUDENTS.items():
        answers = solution
        for form in forms:
            answers = apply_form(answers, form)
        submit(course, student, ASSIGNMENT, fill_answers(release, answers))
    started = time.perf_counter()
    autograde_students(course, ASSIGNMENT, list(STUDENTS), log=lambda message: None)
    print(f"autograded {len(STUDENTS)} students in {time.perf_counter() - started:.1f} s")
    scores = {s: exercise_scores(course, ASSIGNMENT, s) for s in STUDENTS}
    return course, scores


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(set(WRONG_FORMS) - RIGHT_FORMS))
def test_wrong_form_loses_its_exercise_points_only(form, graded):
    """Does this known wrong answer lose points in its own exercise and nowhere else?"""
    _, scores = graded
    student = STUDENT_OF[form]
    exercise = WRONG_FORMS[form][0]
    wrong_here = {WRONG_FORMS[f][0] for f in STUDENTS[student]}
    got = scores[student]
    score, top = got[exercise]
    assert score < top, f"{form}: {exercise} kept full marks {got[exercise]}"
    full = {e: got[e] for e in EXERCISES if e not in wrong_here}
    assert all(s == t for s, t in full.values()), f"{form}: points lost elsewhere: {full}"


@pytest.mark.slow
def test_numpy_float_b_gets_full_marks(graded):
    """Does b = np.float64(0.0) get every point (a NumPy float is a float)?"""
    _, scores = graded
    assert all(s == t for s, t in scores["numpy_float_b"].values()), scores["numpy_float_b"]


@pytest.mark.slow
def test_wrong_sigmoid_costs_sigmoid_points_only(graded):
    """Does a wrong sigmoid lose exercise 3's point and nothing in propagate, predict or model?"""
    _, scores = graded
    got = scores["sigmoid_only"]
    assert got["sigmoid"] == (0.0, 1.0), got
    assert all(got[e][0] == got[e][1] for e in EXERCISES if e != "sigmoid"), got


@pytest.mark.slow
def test_greater_or_equal_loses_the_whole_exercise(graded):
    """Does predict with >= fail the tie check and so lose both of predict's points?"""
    course, _ = graded
    cells = cell_scores(course, ASSIGNMENT, STUDENT_OF["predict-greater-or-equal"])
    assert cells["predict-values"] == (0.0, 1.0) and cells["predict-boundary"] == (0.0, 1.0)


@pytest.mark.slow
def test_autograde_leaves_the_training_below_the_last_check_unrun(graded):
    """Are training, its curves and the learning-rate comparison left unrun, with a note?"""
    course, _ = graded
    path = course / "autograded" / "numpy_float_b" / ASSIGNMENT.name / ASSIGNMENT.notebook
    nb = nbformat.read(path, as_version=4)
    for grade_id in ("train_model", "learning_curve", "lr_comparison", "own_image"):
        cell = cell_by_id(nb, grade_id)
        printed = "".join(output.get("text", "") for output in cell.outputs)
        assert "not run while grading" in printed, grade_id
        assert "Cost after" not in printed and "accuracy" not in printed, grade_id


# ---------------------------------------------------------------------------------------------
# No cascade when the student's own functions call each other (the catalogue's pairs)
# ---------------------------------------------------------------------------------------------


def pair_groups(pairs=CASCADE_PAIRS):
    """Pack the pairs into few submissions, each exercise at most once per submission."""
    groups = []
    for pair in pairs:
        exercises = {item.exercise for item in pair}
        for group in groups:
            if not exercises & {item.exercise for item in group}:
                group.extend(pair)
                break
        else:
            groups.append(list(pair))
    return {f"pairs_{k + 1}": group for k, group in enumerate(groups)}


def test_pair_groups_keep_every_pair_and_each_exercise_once():
    """Does every cascade pair land in one submission with no exercise given twice?"""
    groups = pair_groups()
    assert sum(len(group) for group in groups.values()) == 2 * len(CASCADE_PAIRS)
    for group in groups.values():
        assert len({item.exercise for item in group}) == len(group)
    for wrong_one, right_one in CASCADE_PAIRS:
        assert not wrong_one.correct and right_one.correct
        assert any(wrong_one in g and right_one in g for g in groups.values())


@pytest.fixture(scope="module")
def graded_pairs(scratch, tmp_path_factory):
    """Autograde the cascade pairs, packed into a few submissions; return each one's scores."""
    course = tmp_path_factory.mktemp("pairs") / "course"
    shutil.copytree(scratch(ASSIGNMENT.name), course)
    groups = pair_groups()
    for student, group in groups.items():
        submit(course, student, ASSIGNMENT, build_submission(ASSIGNMENT, group, root=course))
    autograde_students(course, ASSIGNMENT, list(groups), log=lambda message: None)
    return groups, {s: exercise_scores(course, ASSIGNMENT, s) for s in groups}


@pytest.mark.slow
def test_right_answers_calling_wrong_ones_keep_their_points(graded_pairs):
    """Does a right function keep its points when the student's function it calls is wrong?"""
    groups, scores = graded_pairs
    for student, group in groups.items():
        wrong_here = {item.exercise for item in group if not item.correct}
        got = scores[student]
        assert all(got[e][0] == 0 for e in wrong_here), f"{student}: {got}"
        kept = {e: s for e, s in got.items() if e not in wrong_here}
        assert all(s == t for s, t in kept.values()), f"{student} ({group}): cascade {kept}"


# ---------------------------------------------------------------------------------------------
# The notebook's text against the notebook's output
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ran_on_shipped_data(scratch):
    """Return the solution notebook run top to bottom on the shipped dataset."""
    course = scratch(ASSIGNMENT.name)
    started = time.perf_counter()
    nb = run_notebook(ASSIGNMENT.source_notebook(course))
    print(f"notebook ran in {time.perf_counter() - started:.1f} s")
    return nb


@pytest.mark.slow
def test_expected_outputs_in_text_match_shipped_dataset(ran_on_shipped_data):
    """Does the solution notebook, run on the shipped dataset, print what its text says?"""
    nb = ran_on_shipped_data
    assert not cell_errors(nb), cell_errors(nb)
    drifted = []
    for cell_id, expected in expected_blocks(nb).items():
        actual = stdout_of(cell_by_id(nb, cell_id))
        if not text_matches(expected, actual):
            drifted.append(
                f"[{cell_id}]\n--- text says:\n{expected}--- notebook printed:\n{actual}"
            )
    assert not drifted, "update the expected output in the notebook:\n" + "\n".join(drifted)


@pytest.mark.slow
def test_prose_percentages_are_printed_by_the_notebook(ran_on_shipped_data):
    """Is every "N %" the text states about the results a number the notebook itself prints?"""
    nb = ran_on_shipped_data
    printed = "".join(stdout_of(c) for c in nb.cells if c.cell_type == "code")
    claims = prose_numbers(nb)
    assert len(claims) >= 10, f"expected the results prose to state its numbers, found {claims}"
    wrong = contradicted_numbers(claims, printed)
    assert not wrong, f"the text states {wrong} %, which the notebook's output does not print"


# ---------------------------------------------------------------------------------------------
# Conformance with the original course's published numbers
# ---------------------------------------------------------------------------------------------

ORIGINAL_COSTS = {
    0: "0.693147",
    100: "0.584508",
    200: "0.466949",
    300: "0.376007",
    1900: "0.140872",
}
ORIGINAL_RATES = {"0.01": (99.52, 68.0), "0.001": (88.99, 64.0), "0.0001": (68.42, 36.0)}


@pytest.mark.slow
@pytest.mark.conformance
def test_original_data_reproduces_published_numbers(scratch, original_data, tmp_path):
    """With the original files, does the solution print the published costs and accuracies?"""
    course = copy_course_with_data(
        scratch(ASSIGNMENT.name),
        tmp_path / "course",
        lambda folder: copy_files(original_data.glob("*.h5"), folder),
    )
    nb = run_notebook(ASSIGNMENT.source_notebook(course))

    printed = stdout_of(cell_by_id(nb, "train_model")).splitlines()
    costs = dict(re.findall(r"^Cost after iteration (\d+): (\S+)$", "\n".join(printed), re.M))
    assert sorted(map(int, costs)) == list(range(0, 2000, 100)), printed
    for iteration, value in ORIGINAL_COSTS.items():
        assert costs[str(iteration)] == value, f"cost at iteration {iteration}: {costs}"
    assert printed[-2:] == ["train accuracy: 99.04306220095694 %", "test accuracy: 70.0 %"]

    comparison = stdout_of(cell_by_id(nb, "lr_comparison"))
    found = re.findall(
        r"learning rate (\S+): train accuracy (\S+) %, test accuracy (\S+) %", comparison
    )
    assert [rate for rate, _, _ in found] == list(ORIGINAL_RATES), comparison
    for rate, train, test in found:
        # the published figures are truncated to two decimals
        want_train, want_test = ORIGINAL_RATES[rate]
        assert 0 <= float(train) - want_train < 0.01, f"rate {rate}: train accuracy {train}"
        assert 0 <= float(test) - want_test < 0.01, f"rate {rate}: test accuracy {test}"
