"""Hidden inputs drawn per submission, and the course's values of variables standing in."""

import ast
import math
import re
import stat

import nbformat
import numpy as np
import pytest
from harness import (
    FULL,
    autograde,
    copy_course,
    hand_in,
    local_student,
    notebook,
    output_text,
    scores,
    snippet,
    solution,
    with_attack,
)

from coursekit.accuracy.variants import variant
from coursekit.accuracy.variants.builder import build_submission
from coursekit.course import get_assignment
from coursekit.grading.gradebook.scores import cell_scores
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.grading.values.student import Student
from coursekit.grading.verdicts.checks import Checks
from coursekit.grading.verdicts.submission_seed import SECRET_BYTES, course_secret, submission_seed
from coursekit.submissions import submit

RECORDED = re.compile(r"RECORDED INPUTS:\s*(\[.*?\])", re.DOTALL)
# A right flatten that reads the sizes of exercise 1 (a form the catalogue accepts).
FLATTEN_WITH_SIZES = """\
# GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

train_set_x_flatten = train_set_x_orig.reshape(m_train, -1).T
test_set_x_flatten = test_set_x_orig.reshape(m_test, -1).T
train_set_x = train_set_x_flatten / 255
test_set_x = test_set_x_flatten / 255
"""
FLATTEN_POINTS = 2.0


def _cells(*sources):
    """Return notebook code cells holding ``sources``."""
    return [nbformat.v4.new_code_cell(source) for source in sources]


# -- the seed ------------------------------------------------------------------------------------


def test_secret_is_made_once_private_and_kept(tmp_path):
    """The secret file is made on first use with mode 0600, then read back unchanged."""
    path = tmp_path / "deep" / "grading_secret"
    first = course_secret(path)
    assert len(first) == SECRET_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert course_secret(path) == first


def test_damaged_secret_names_the_file_and_the_fix(tmp_path):
    """A secret file of the wrong size is refused, naming the file and saying to delete it."""
    path = tmp_path / "grading_secret"
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match=r"grading_secret.*delete the file"):
        course_secret(path)


def test_secret_in_a_mounted_folder_is_refused(tmp_path):
    """A secret file inside a folder the sandbox mounts is refused before it is made."""
    path = tmp_path / "venv" / "grading_secret"
    with pytest.raises(ValueError, match=r"sandbox can read.*secret_file"):
        course_secret(path, mounted=[tmp_path / "venv"])
    assert not path.exists()


def test_seed_follows_content_student_and_secret():
    """The same submission gets the same seed; any change of cell, student or secret another."""
    secret, other_secret = b"a" * SECRET_BYTES, b"b" * SECRET_BYTES
    cells = _cells("x = 1", "def f(x):\n    return x")
    seed = submission_seed(secret, "python_basics", "ann", cells)
    assert seed == submission_seed(
        secret, "python_basics", "ann", _cells(*[c.source for c in cells])
    )
    assert len(seed) == 8 and all(0 <= word < 2**32 for word in seed)
    others = [
        submission_seed(secret, "python_basics", "ann", _cells("x = 1 ", cells[1].source)),
        submission_seed(secret, "python_basics", "bob", cells),
        submission_seed(secret, "logistic_regression", "ann", cells),
        submission_seed(other_secret, "python_basics", "ann", cells),
    ]
    assert len({seed, *others}) == 5


def test_hidden_inputs_differ_between_seeds():
    """Two seeds give different hidden inputs; the same seed the same ones, per stream."""
    one, two = Student(None, seed=(1, 2)), Student(None, seed=(1, 3))
    assert np.array_equal(one.rng(11).normal(size=6), one.rng(11).normal(size=6))
    assert not np.array_equal(one.rng(11).normal(size=6), two.rng(11).normal(size=6))
    assert not np.array_equal(one.rng(11).normal(size=6), one.rng(12).normal(size=6))


# -- variables standing in ------------------------------------------------------------------------

# `size` is wrong (the course's is 4); `squares` is right when it reads the course's size.
KERNEL_CODE = "size = 3\nsquares = [k * k for k in range(size)]\n"
SQUARES_CELL = "squares = [k * k for k in range(size)]"


@pytest.fixture(scope="module")
def student():
    """Return a Student on a plain local kernel holding KERNEL_CODE."""
    with local_student(KERNEL_CODE) as student:
        yield student


def _size_checks() -> Checks:
    """Return checks of `size` and `squares`, with the course's value of `size` declared."""
    checks = Checks("demo")

    @checks("size-value")
    def size_value(student, public):
        assert student.value("size") == 4, "size should be 4"

    @checks.course_values("size")
    def course_size(public):
        return {"size": 4}

    @checks("squares-values")
    def squares_values(student, public):
        assert student.value("squares") == [0, 1, 4, 9], "squares should be [0, 1, 4, 9]"

    return checks


def test_wrong_earlier_variable_is_replaced_by_the_course_value(student):
    """A right cell reading a wrong earlier variable is judged with the course's value."""
    checks = _size_checks()
    student.answer_cells = {"squares": [SQUARES_CELL]}
    student.trusted_exercises = frozenset()
    assert not checks.run("size-value", student, None).passed
    assert checks.run("squares-values", student, None).passed
    # The re-run used a scratch namespace: the notebook's own globals are as they were.
    assert student.value("size") == 3 and student.value("squares") == [0, 1, 4]


def test_course_values_do_not_rescue_a_wrong_cell(student):
    """A wrong cell stays wrong with the course's values, and a passed exercise is not replaced."""
    checks = _size_checks()
    student.answer_cells = {"squares": ["squares = [k for k in range(size)]"]}
    student.trusted_exercises = frozenset()
    assert not checks.run("squares-values", student, None).passed
    student.answer_cells = {"squares": [SQUARES_CELL]}
    student.trusted_exercises = frozenset({"size"})
    assert not checks.run("squares-values", student, None).passed


# -- through nbgrader -----------------------------------------------------------------------------


def _recorded(course, student: str) -> list[float]:
    """Return the hidden inputs ``student``'s code printed on its own feedback page."""
    found = RECORDED.search(output_text(course, student))
    assert found, f"{student} printed no recorded inputs"
    return ast.literal_eval(found.group(1))


@pytest.mark.slow
def test_recorded_hidden_inputs_help_no_other_submission(scratch, tmp_path):
    """Inputs recorded and printed by one submission differ from the next's and do not pass it."""
    course = copy_course(scratch("python_basics"), tmp_path / "course")
    secret = f"--SandboxedExecute.secret_file={tmp_path / 'secret'}"
    recorder = notebook(
        course, with_attack(solution(course), snippet("hostile", "record_hidden_inputs"))
    )
    hand_in(course, "ann", recorder)
    hand_in(course, "bob", recorder)
    assert autograde(course, secret).returncode == 0
    assert scores(course) == {"ann": FULL, "bob": FULL}
    ann, bob = _recorded(course, "ann"), _recorded(course, "bob")
    assert set(ann) != set(bob)
    # A new submission of ann's answers what her feedback page showed, and only that.
    table = {x: 1 / (1 + math.exp(-x)) for x in ann}
    cheat = (
        f"# GRADED FUNCTION: basic_sigmoid\n\nimport math\n\n_ANSWERS = {table!r}\n\n\n"
        "def basic_sigmoid(x):\n    return _ANSWERS.get(float(x), 0.5)\n"
    )
    hand_in(course, "ann", notebook(course, {**solution(course), "basic_sigmoid": cheat}))
    assert autograde(course, secret, "--student=ann").returncode == 0
    assert (
        cell_scores(course, get_assignment("python_basics"), "ann")["basic_sigmoid-values"][0] == 0
    )
    # Regrading bob's unchanged submission draws the very inputs it drew before.
    assert autograde(course, secret, "--student=bob").returncode == 0
    assert _recorded(course, "bob") == bob


@pytest.mark.slow
def test_wrong_dataset_sizes_cost_flatten_nothing(scratch, tmp_path):
    """Swapped m_train and m_test lose dataset_sizes only: a flatten reading them keeps 2 points."""
    assignment = get_assignment("logistic_regression")
    course = copy_course(scratch("logistic_regression"), tmp_path / "course")
    swapped = variant("logistic_regression", "dataset_sizes", "swapped_sets")
    nb = build_submission(
        assignment, [swapped], root=course, answers={"flatten": FLATTEN_WITH_SIZES}
    )
    submit(course, "ann", assignment, nb)
    secret = f"--SandboxedExecute.secret_file={tmp_path / 'secret'}"
    done = run_nbgrader("autograde", assignment.name, "--force", secret, root=course)
    assert done.returncode == 0, done.stderr[-3000:]
    got = cell_scores(course, assignment, "ann")
    assert got["dataset_sizes-values"][0] == 0
    flatten = sum(score for grade_id, (score, _) in got.items() if grade_id.startswith("flatten-"))
    assert flatten == FLATTEN_POINTS
