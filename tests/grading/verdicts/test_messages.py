"""The one layout of the grader's messages, the shared value checks, and student errors told."""

import numpy as np
import pytest
from harness import local_student

from coursekit.course import ROOT
from coursekit.grading.values.student import InputChanged, StudentError
from coursekit.grading.verdicts.checks import Checks, load_public_tests
from coursekit.grading.verdicts.messages import (
    FLOATS,
    RAISED_HINT,
    REAL_OR_BOOL,
    STUB_HINT,
    describe_call,
    expect_array,
    expect_close,
    expect_number,
    explain,
    fail,
    failure_message,
    student_raised,
)

FAILURES = [
    ("sigmoid(2.0)", "wrong value", 0.8808, 7.389, "1 / (1 + np.exp(-x))"),
    ("train_set_x", "wrong shape", (12288, 209), (209, 12288), None),
    ("`test`", "wrong type", "str", None, None),
    ("quad(5)", "raised ValueError: boom", None, None, RAISED_HINT),
]


def _message(check, *args, **kwargs) -> str:
    """Return the message of the failure ``check(*args, **kwargs)`` raises."""
    with pytest.raises(AssertionError) as failure:
        check(*args, **kwargs)
    return str(failure.value)


@pytest.mark.parametrize("parts", FAILURES, ids=[p[1].split(":")[0] for p in FAILURES])
def test_failure_reads_exactly_like_a_public_check(parts):
    """Is a hidden failure laid out line for line as public_tests._fail lays out its own?"""
    public = load_public_tests(ROOT)
    assert _message(fail, *parts) == _message(public._fail, *parts) == failure_message(*parts)


def test_failure_puts_the_hint_right_after_the_problem():
    """Does a failure read call and problem, then hint, expected and got, in that order?"""
    lines = failure_message("f(1)", "wrong value", 2, 3, "add, do not multiply").splitlines()
    assert lines == [
        "f(1): wrong value",
        "  hint: add, do not multiply",
        "  expected: 2",
        "  got:      3",
    ]


@pytest.mark.parametrize(
    ("got", "problem", "hint"),
    [
        ([0.5, 0.5], "wrong type", "return a NumPy array"),
        (np.zeros(6), "wrong shape", "this is a rank-1 array; reshape it to (2, 3)"),
        (np.zeros((3, 2)), "wrong shape", "the result is transposed"),
        (np.zeros((2, 3), dtype=complex), "wrong dtype", None),
    ],
    ids=["list", "rank_one", "transposed", "complex"],
)
def test_expect_array_names_the_problem_and_the_likely_mistake(got, problem, hint):
    """Does expect_array fail on type, shape and dtype, hinting lists, rank-1 and transposes?"""
    message = _message(expect_array, "f(x)", got, (2, 3))
    assert message.startswith(f"f(x): {problem}"), message
    assert ("hint:" in message) == (hint is not None), message
    assert hint is None or hint in message, message


def test_expect_array_hint_given_and_dtype_kinds():
    """Does a given hint win, and do ``kinds`` decide which entries pass?"""
    message = _message(expect_array, "w", np.zeros(3), (3, 1), "use np.zeros((3, 1))")
    assert "hint: use np.zeros((3, 1))" in message and "rank-1" not in message
    ints, flags = np.zeros((2, 2), dtype=int), np.zeros((2, 2), dtype=bool)
    assert expect_array("f", ints, (2, 2)) is ints
    assert "expected: floats" in _message(expect_array, "f", ints, (2, 2), kinds=FLOATS)
    assert "expected: real numbers" in _message(expect_array, "f", flags, (2, 2))
    assert expect_array("f", flags, (2, 2), kinds=REAL_OR_BOOL) is flags
    assert expect_array("f", flags.astype(complex), (2, 2), kinds=None).shape == (2, 2)


def test_expect_close_broadcasts_and_shows_the_hint_not_the_values():
    """Does expect_close compare with broadcasting, and fail with the hint but no values?"""
    expect_close("softmax(zeros)", np.full((3, 4), 0.25), 0.25)
    expect_close("f", [1.0, 2.0], [1.0, 2.0 + 1e-6])
    message = _message(expect_close, "f(x)", [1.0, 2.5], [1.0, 2.0], "add the bias once")
    assert message == "f(x): wrong values\n  hint: add the bias once"
    with pytest.raises(AssertionError):
        expect_close("f", [1.0, 2.0 + 1e-6], [1.0, 2.0], rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("number", [3, 2.5, np.float64(0.5), np.int32(7), np.array(1.5)])
def test_expect_number_takes_real_numbers_and_0d_arrays(number):
    """Does expect_number accept ints, floats, NumPy scalars and 0-d arrays, as floats?"""
    got = expect_number("f(x)", number)
    assert type(got) is float and got == float(number)


def test_expect_number_refuses_bools_arrays_and_text():
    """Does expect_number refuse True, arrays of any shape but () and strings, hinting squeeze?"""
    squeeze = "use np.squeeze() or float() to turn it into a number"
    assert squeeze in _message(expect_number, "cost", np.array([[0.7]]))
    assert squeeze not in _message(expect_number, "cost", np.zeros(3))
    for value in (True, np.bool_(False), np.array(True), "0.5", np.complex128(1)):
        assert "expected: one real number" in _message(expect_number, "cost", value), value


def test_describe_call_shows_arrays_by_shape_and_cuts_long_text():
    """Does a call's text give arrays' shapes, short values whole, long lists by their length?"""
    call = describe_call("optimize", [np.zeros((2, 1)), 1.5], {"num_iterations": 100})
    assert call == "optimize(array of shape (2, 1), 1.5, num_iterations=100)"
    assert describe_call("f", [list(range(50)), None, {"a": 1}]) == "f(list of 50, None, dict)"
    assert describe_call("f", [1.0] * 100) == "f(...)"


def test_student_error_keeps_its_type_and_message_and_is_told_with_a_hint():
    """Does a student's error stay catchable as itself, and read as call, raised, hint?"""
    error = student_raised(ValueError, "f(array of shape (2,))", "ValueError", "bad shape ")
    assert isinstance(error, ValueError) and str(error) == "bad shape "
    assert explain(error) == (
        f"f(array of shape (2,)): raised ValueError: bad shape\n  hint: {RAISED_HINT}"
    )
    stub = student_raised(NotImplementedError, "f(1)", "NotImplementedError", "replace this")
    assert explain(stub).endswith(f"hint: {STUB_HINT}")
    other = student_raised(StudentError, "f(1)", "LinAlgError", "Singular matrix")
    assert explain(other).startswith("f(1): raised LinAlgError: Singular matrix\n")
    missing = student_raised(KeyError, "f(d)", "KeyError", "'w'")
    assert explain(missing).startswith("f(d): raised KeyError: 'w'\n")


def test_explain_shows_failures_as_written_and_other_errors_with_their_type():
    """Is a failed check's text shown as it is, and an error of the check's own with its type?"""
    assert explain(AssertionError("f(1): wrong value")) == "f(1): wrong value"
    assert explain(AssertionError()) == "the answer is wrong"
    assert explain(KeyError("w")) == "KeyError: 'w'"
    assert explain(StudentError("f: garbled"), plain=(StudentError,)) == "f: garbled"


# A student's notebook whose functions fail in each way a check meets.
KERNEL_CODE = """
import numpy as np

def shaky(x):
    return np.ones(2) + x

def stub(x):
    raise NotImplementedError("replace this line with your code")

def strict(x):
    assert x > 0, "x must be positive"
    return x

def mutates(x):
    x += 1
    return x
"""


@pytest.fixture(scope="module")
def student():
    """Return a Student on a plain local kernel holding KERNEL_CODE."""
    with local_student(KERNEL_CODE) as student:
        yield student


def _verdict(student, call) -> str:
    """Return the message of the verdict of a check that makes ``call(student)``."""
    checks = Checks("demo")
    checks("demo-values")(lambda student, public: call(student))
    verdict = checks.run("demo-values", student, None)
    assert verdict.fraction == 0, verdict
    return verdict.message


def test_an_error_of_the_students_code_becomes_a_message_with_a_hint(student):
    """Does a function that raises read as its call, what it raised, and where to look?"""
    assert _verdict(student, lambda s: s.shaky(np.zeros(3))) == (
        "shaky(array of shape (3,)): raised ValueError: operands could not be broadcast "
        f"together with shapes (2,) (3,)\n  hint: {RAISED_HINT}"
    )
    assert _verdict(student, lambda s: s.stub(1)) == (
        f"stub(1): raised NotImplementedError: replace this line with your code\n"
        f"  hint: {STUB_HINT}"
    )
    # The student's own assert is their error, not a failed check.
    assert _verdict(student, lambda s: s.strict(-1)).startswith(
        "strict(-1): raised AssertionError: x must be positive\n  hint:"
    )


def test_a_check_still_catches_the_students_error_by_its_type(student):
    """Does an error of the student's code cross under its own type, with their message?"""
    with pytest.raises(ValueError, match=r"^operands could not be broadcast"):
        student.shaky(np.zeros(3))


def test_a_changed_input_and_a_missing_name_read_in_the_same_layout(student):
    """Do a mutated argument and an undefined function read as call, problem and hint?"""
    with pytest.raises(InputChanged):
        student.mutates(np.zeros(2))
    assert _verdict(student, lambda s: s.mutates(np.zeros(2))).startswith(
        "mutates(array of shape (2,)): changed the caller's argument 1 in place\n"
        "  hint: leave the inputs as they were"
    )
    assert _verdict(student, lambda s: s.missing(1)) == (
        "missing: not defined\n  hint: run its cell, and keep its name"
    )
