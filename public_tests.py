"""Checks students run under each exercise: print ``All tests passed.`` or say what is wrong.

Every checker takes the student's function, calls it on copies of fixed inputs and compares
the answer with expected values written here as numbers (never a reference implementation).
A function that changes one of its inputs in place fails too, as it does in grading.
On a problem it raises ``AssertionError`` naming the call, what differs, expected vs got and,
where the answer matches a known mistake, the likely fix.
"""

import contextlib
import copy
import fractions
import functools
import inspect
import io
import math
import numbers
import os
import re
import types

import numpy as np

# Each assignment's public surface: what `from public_tests import *` gives its notebook.
# `make release` gives each assignment a public_tests.py holding only these names and the
# definitions they reach (coursekit/public_checks.py), so keep every checker listed here.
PUBLIC = {
    "python_basics": (
        "hello_world_test",
        "basic_sigmoid_test",
        "sigmoid_test",
        "sigmoid_derivative_test",
        "image2vector_test",
        "normalize_rows_test",
        "softmax_test",
        "L1_test",
        "L2_test",
    ),
    "logistic_regression": (
        "sigmoid_test",
        "dataset_sizes_test",
        "flatten_test",
        "initialize_with_zeros_test_1",
        "initialize_with_zeros_test_2",
        "propagate_test",
        "optimize_test",
        "predict_test",
        "model_test",
    ),
    "neurons_and_layers": (
        "sigmoid_test",
        "single_neuron_test",
        "neuron_output_test",
        "layer_output_test",
        "batch_output_test",
        "relu_test",
    ),
    "quiz": ("quiz_answer_check",),
}
__all__ = sorted({name for names in PUBLIC.values() for name in names})

PASSED = "All tests passed."


# ---------------------------------------------------------------------------------------------
# Shared machinery
# ---------------------------------------------------------------------------------------------


def _describe(value):
    """Return a short description of ``value``'s type (and shape and dtype for arrays)."""
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of shape {value.shape} and dtype {value.dtype}"
    return type(value).__name__


class CheckFailed(AssertionError):
    """A check found a mistake; the notebook shows its message alone, without a traceback.

    Every frame of the traceback would be the checker's own and tell the student nothing
    about their code, so IPython is given the message instead (its ``_render_traceback_``
    hook). Outside IPython it is an ordinary ``AssertionError``.
    """

    def _render_traceback_(self):
        """Return the lines IPython shows for this error: the message, the problem first."""
        first, *rest = str(self).splitlines() or [""]
        return [f"\x1b[1;31mCheck failed:\x1b[0m {first}", *rest]


def _fail(call, problem, expected=None, got=None, hint=None):
    """Raise ``CheckFailed`` with a message a student can act on: the hint right after the problem."""
    lines = [f"{call}: {problem}"]
    if hint:
        lines.append(f"  hint: {hint}")
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    raise CheckFailed("\n".join(lines))


def _without_checker_frames(traceback):
    """Return ``traceback`` without the frames of this module, keeping the student's own."""
    kept = []
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename != __file__:
            kept.append(traceback)
        traceback = traceback.tb_next
    rebuilt = None
    for frame in reversed(kept):
        rebuilt = types.TracebackType(rebuilt, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return rebuilt


_NOT_THE_COURSE_GRADER = (
    "this notebook was autograded without the course's grading engine, so no check counts: "
    "run nbgrader from the course folder with the course's environment, so that its "
    "nbgrader_config.py loads (see the README)"
)


def _checker(check):
    """Make ``check`` show students only what concerns their code when it fails.

    A ``CheckFailed`` shows its message alone. Any other error was raised by the student's
    code (the unfilled stub's ``NotImplementedError``, a ``TypeError`` ...): it reaches the
    student unchanged, with the checker's frames cut from its traceback so that the cell's
    call is followed directly by the student's lines.
    """

    @functools.wraps(check)
    def run(*args, **kwargs):
        __tracebackhide__ = True  # IPython and pytest leave this frame out of tracebacks
        # Fail closed: autograding without the course's engine (nbgrader_config.py not loaded)
        # would run these checks in the student's own kernel, where its code could forge them.
        if os.environ.get("NBGRADER_EXECUTION") == "autograde" and not os.environ.get(
            "COURSEKIT_GRADER"
        ):
            raise CheckFailed(_NOT_THE_COURSE_GRADER)
        try:
            return check(*args, **kwargs)
        except CheckFailed:
            raise
        except Exception as error:
            error.with_traceback(_without_checker_frames(error.__traceback__))
            raise

    return run


def _shown(value):
    """Return ``value`` as it would be typed in a call: ``np.array([...])`` for arrays."""
    return f"np.array({value.tolist()})" if isinstance(value, np.ndarray) else repr(value)


def _same(before, after):
    """Return True when ``after`` equals ``before`` in type, shape, dtype and content."""
    if isinstance(before, np.ndarray) or isinstance(after, np.ndarray):
        return (
            isinstance(before, np.ndarray)
            and isinstance(after, np.ndarray)
            and before.shape == after.shape
            and before.dtype == after.dtype
            and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
        )
    if isinstance(before, list | tuple) and type(before) is type(after):
        return len(before) == len(after) and all(map(_same, before, after))
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() == after.keys() and all(_same(before[k], after[k]) for k in before)
    return type(before) is type(after) and (
        before == after or (before != before and after != after)
    )


def _argument_names(target, count):
    """Return the names of ``target``'s first ``count`` parameters, ``argument 3`` when unknown."""
    try:
        parameters = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        parameters = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in parameters if p.kind in positional]
    return [names[i] if i < len(names) else f"argument {i + 1}" for i in range(count)]


def _call(call, target, *args, may_change_inputs=False, **kwargs):
    """Call ``target`` on copies of ``args`` and ``kwargs``; fail if it changed one in place.

    The student's function gets copies, so the checker's own inputs stay intact whatever it
    does; the copies are then compared with them. Grading takes the points of a function that
    changes its caller's arrays, so the notebook's check says so first.

    Parameters
    ----------
    call : str
        How the function was called, shown in messages.
    target : callable
        The student's function.
    *args, **kwargs
        Its arguments.
    may_change_inputs : bool, default=False
        The exercise allows changing the inputs (the hidden checks' ``may_change_inputs``).

    Returns
    -------
    object
        What ``target`` returned.
    """
    given, given_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    result = target(*given, **given_kwargs)
    if may_change_inputs:
        return result
    inputs = [
        *zip(_argument_names(target, len(args)), args, given, strict=True),
        *((name, kwargs[name], given_kwargs[name]) for name in kwargs),
    ]
    for name, before, after in inputs:
        if not _same(before, after):
            x = name if name.isidentifier() else "x"
            hint = (
                f"compute a new array: {x} = {x} - 1 makes one, while {x} -= 1 or {x}[...] = 0 "
                f"write into the caller's array (or start from {x} = {x}.copy())"
            )
            _fail(
                call,
                f"changed its input {name} in place",
                f"{name} as it was: {_shown(before)}",
                _shown(after),
                hint,
            )
    return result


def _known_mistake(got, mistakes):
    """Return the hint of the first known wrong answer ``got`` matches, else ``None``."""
    for wrong, hint in mistakes:
        wrong = np.asarray(wrong, dtype=float)
        try:
            candidate = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return None
        if candidate.shape == wrong.shape and np.allclose(candidate, wrong, rtol=1e-6, atol=1e-8):
            return hint
    return None


def _expect_array(call, got, expected, mistakes=(), rtol=1e-6, atol=1e-8):
    """Check that ``got`` is an ndarray with the shape and values of ``expected``.

    Parameters
    ----------
    call : str
        How the function was called, shown in messages.
    got : object
        What the student's function returned.
    expected : array_like
        The right answer.
    mistakes : sequence of (array_like, str)
        Known wrong answers and the hint to show when ``got`` equals one of them.
    rtol, atol : float
        Tolerances for ``numpy.allclose``.
    """
    expected = np.asarray(expected, dtype=float)
    if not isinstance(got, np.ndarray):
        hint = _known_mistake(got, mistakes) or "return a numpy array (use np functions, not math)"
        _fail(call, "wrong type", "numpy.ndarray", _describe(got), hint)
    if got.shape != expected.shape:
        hint = _known_mistake(got, mistakes)
        if hint is None and got.size == expected.size and got.ndim == 1:
            hint = f"this is a rank-1 array; reshape it to {expected.shape}"
        elif hint is None and got.shape == expected.shape[::-1]:
            hint = "the result is transposed"
        _fail(call, "wrong shape", expected.shape, got.shape, hint)
    if not np.issubdtype(got.dtype, np.number) or np.issubdtype(got.dtype, np.complexfloating):
        _fail(call, "wrong dtype", "a real numeric dtype", got.dtype)
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        hint = _known_mistake(got, mistakes)
        if hint is None and np.allclose(np.sort(got, axis=None), np.sort(expected, axis=None)):
            hint = "the numbers are right but in the wrong order"
        _fail(call, "wrong values", expected, got, hint)


def _expect_number(call, got, expected, mistakes=(), rtol=1e-6, atol=1e-8, allow_0d=True):
    """Check that ``got`` is a real number (Python or NumPy) close to ``expected``.

    A 0-d ndarray counts as a number when ``allow_0d``; arrays of shape ``(1,)`` or ``(1, 1)``
    never do, because they break later arithmetic and printing.
    """
    is_0d = isinstance(got, np.ndarray) and got.shape == ()
    if isinstance(got, np.ndarray) and not (allow_0d and is_0d):
        hint = "use np.squeeze() or float() to turn it into a number"
        _fail(call, "wrong type", "a number", _describe(got), hint)
    if isinstance(got, bool) or not (is_0d or isinstance(got, numbers.Real)):
        _fail(call, "wrong type", "a number", _describe(got))
    if not np.isclose(float(got), expected, rtol=rtol, atol=atol):
        _fail(call, "wrong value", expected, got, _known_mistake(got, mistakes))


def _passed():
    """Tell the student every check passed."""
    print(PASSED)


# ---------------------------------------------------------------------------------------------
# Assignment 1: Python Basics with NumPy
# ---------------------------------------------------------------------------------------------

_IMAGE = np.array(
    [
        [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
        [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
        [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
    ]
)


@_checker
def hello_world_test(test):
    """Check that the variable ``test`` holds the string ``"Hello World"``."""
    if not isinstance(test, str):
        _fail("test", "wrong type", "str", _describe(test), 'put the text in quotes: "Hello World"')
    if test != "Hello World":
        hint = (
            "mind the capitals and the space"
            if test.lower().split() == ["hello", "world"]
            else None
        )
        _fail("test", "wrong value", repr("Hello World"), repr(test), hint)
    _passed()


@_checker
def basic_sigmoid_test(target):
    """Check ``basic_sigmoid(x)`` on a few real numbers."""
    cases = [(1, 0.7310585786300049), (3, 0.9525741268224334), (-2, 0.11920292202211755)]
    for x, expected in cases:
        call = f"basic_sigmoid({x})"
        got = _call(call, target, x)
        flipped = [(1 - expected, "use math.exp(-x): the sign of the exponent is flipped")]
        _expect_number(call, got, expected, flipped, allow_0d=False)
    _passed()


@_checker
def sigmoid_test(target):
    """Check ``sigmoid(x)`` element-wise on arrays of several shapes and on a scalar."""
    cases = [
        (np.array([1, 2, 3]), [0.7310585786300049, 0.8807970779778823, 0.9525741268224334]),
        (np.array([0, 2]), [0.5, 0.8807970779778823]),
        (
            np.array([[-1.0, 0.0], [0.5, 4.0]]),
            [[0.2689414213699951, 0.5], [0.6224593312018546, 0.9820137900379085]],
        ),
    ]
    for x, expected in cases:
        call = f"sigmoid(np.array({x.tolist()}))"
        got = _call(call, target, x)
        flipped = [(1 - np.asarray(expected), "use np.exp(-x): the exponent's sign is flipped")]
        _expect_array(call, got, expected, flipped)
    _expect_number("sigmoid(0)", _call("sigmoid(0)", target, 0), 0.5)
    _passed()


@_checker
def sigmoid_derivative_test(target):
    """Check ``sigmoid_derivative(x)`` = s(1 - s) on a vector and a matrix."""
    cases = [
        (
            np.array([1, 2, 3]),
            [0.19661193324148185, 0.10499358540350662, 0.045176659730912],
            [0.7310585786300049, 0.8807970779778823, 0.9525741268224334],
        ),
        (
            np.array([[-2.0, 0.0], [1.5, 10.0]]),
            [[0.10499358540350651, 0.25], [0.14914645207033286, 4.5395807735907655e-05]],
            [[0.11920292202211755, 0.5], [0.8175744761936437, 0.9999546021312976]],
        ),
    ]
    for x, expected, sigmoid_of_x in cases:
        call = f"sigmoid_derivative(np.array({x.tolist()}))"
        got = _call(call, target, x)
        mistakes = [(sigmoid_of_x, "this is sigmoid(x) itself; return s * (1 - s)")]
        _expect_array(call, got, expected, mistakes)
    _passed()


@_checker
def image2vector_test(target):
    """Check ``image2vector(image)`` turns (length, height, depth) into a column vector."""
    flat = [
        0.67826139, 0.29380381, 0.90714982, 0.52835647, 0.4215251, 0.45017551,
        0.92814219, 0.96677647, 0.85304703, 0.52351845, 0.19981397, 0.27417313,
        0.60659855, 0.00533165, 0.10820313, 0.49978937, 0.34144279, 0.94630077,
    ]  # fmt: skip
    call = "image2vector(image of shape (3, 3, 2))"
    _expect_array(call, _call(call, target, _IMAGE), np.reshape(flat, (18, 1)))
    call = "image2vector(np.arange(24.0).reshape(2, 4, 3))"
    got = _call(call, target, np.arange(24.0).reshape(2, 4, 3))
    _expect_array(call, got, np.arange(24.0).reshape(24, 1))
    _passed()


@_checker
def normalize_rows_test(target):
    """Check ``normalize_rows(x)`` divides each row by its L2 norm."""
    cases = [
        (
            np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]),
            [[0.0, 0.6, 0.8], [0.13736056394868904, 0.8241633836921342, 0.5494422557947561]],
            [[0.0, 0.4472135954999579, 0.7071067811865475], [1.0, 0.8944271909999159, 0.7071067811865475]],
        ),
        (
            np.array([[1.0, 2.0], [-3.0, 4.0], [0.0, 0.5]]),
            [[0.4472135954999579, 0.8944271909999159], [-0.6, 0.8], [0.0, 1.0]],
            [[0.31622776601683794, 0.4444444444444444], [-0.9486832980505138, 0.8888888888888888], [0.0, 0.1111111111111111]],
        ),
    ]  # fmt: skip
    for x, expected, by_columns in cases:
        call = f"normalize_rows(np.array({x.tolist()}))"
        # The exercise allows dividing x in place (x /= x_norm), as grading does.
        got = _call(call, target, x, may_change_inputs=True)
        mistakes = [(by_columns, "you normalized the columns; use axis=1 to normalize each row")]
        _expect_array(call, got, expected, mistakes)
    _passed()


@_checker
def softmax_test(target):
    """Check ``softmax(x)`` row by row on a matrix and on a single row."""
    x = np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])
    expected = [
        [9.8089766491461872e-01, 8.9446289069017770e-04, 1.7965767417378736e-02, 1.2105238865619453e-04, 1.2105238865619453e-04],
        [8.7867985588699005e-01, 1.1891638717077183e-01, 8.0125231407938752e-04, 8.0125231407938752e-04, 8.0125231407938752e-04],
    ]  # fmt: skip
    mistakes = [
        (
            [
                [5.0644274547346151e02, 4.6181600618316565e-01, 9.2758224439110375e00, 0.0625, 0.0625],
                [9.1386096535704880e01, 1.2367763258548051e01, 1 / 12, 1 / 12, 1 / 12],
            ],
            "you divided by the row sum of x; divide exp(x) by the row sum of exp(x)",
        ),
        (
            [
                [0.8807970779778825, 0.04742587317756679, 0.9933071490757152, 0.5, 0.5],
                [0.11920292202211755, 0.9525741268224333, 0.00669285092428486, 0.5, 0.5],
            ],
            "you summed over columns (axis=0); sum each row with axis=1, keepdims=True",
        ),
        (
            [
                [0.852154956552608, 0.0007770647367382155, 0.015607762461462532, 0.00010516427623965027, 0.00010516427623965027],
                [0.11532663240653057, 0.015607762461462532, 0.00010516427623965027, 0.00010516427623965027, 0.00010516427623965027],
            ],
            "you summed exp(x) over the whole matrix, so all the entries together add up to 1; "
            "sum each row on its own with np.sum(x_exp, axis=1, keepdims=True)",
        ),
    ]  # fmt: skip
    call = "softmax(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]))"
    _expect_array(call, _call(call, target, x), expected, mistakes)
    row = np.array([[1.0, -1.0, 0.5]])
    expected_row = [[0.5740969929676946, 0.07769557914857059, 0.3482074278837349]]
    call = "softmax(np.array([[1.0, -1.0, 0.5]]))"
    _expect_array(call, _call(call, target, row), expected_row)
    _passed()


@_checker
def L1_test(target):
    """Check ``L1(yhat, y)`` = sum of absolute differences."""
    cases = [
        (np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1]), 1.1, 0.5, 0.22),
        (np.array([0.5, 0.25, 0.75]), np.array([1, 0, 0]), 1.5, -0.5, 0.5),
    ]
    for yhat, y, expected, no_abs, mean in cases:
        mistakes = [
            (no_abs, "take the absolute value of each difference before summing"),
            (mean, "sum the absolute differences; do not average them"),
        ]
        call = f"L1(yhat={yhat.tolist()}, y={y.tolist()})"
        _expect_number(call, _call(call, target, yhat, y), expected, mistakes)
    _passed()


@_checker
def L2_test(target):
    """Check ``L2(yhat, y)`` = sum of squared differences (no square root)."""
    cases = [
        (np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1]), 0.43, 0.6557438524302001, 0.086),
        (np.array([0.5, 0.25, 0.75]), np.array([1, 0, 0]), 0.875, 0.9354143466934853, 0.2916666666666667),
    ]  # fmt: skip
    for yhat, y, expected, rooted, mean in cases:
        mistakes = [
            (rooted, "this is the square root of the loss; L2 is the sum of squares itself"),
            (mean, "sum the squared differences; do not average them"),
        ]
        call = f"L2(yhat={yhat.tolist()}, y={y.tolist()})"
        _expect_number(call, _call(call, target, yhat, y), expected, mistakes)
    _passed()


# ---------------------------------------------------------------------------------------------
# Assignment 2: Logistic Regression with a Neural Network mindset
# ---------------------------------------------------------------------------------------------


def _printed(call, target, *args, **kwargs):
    """Call ``target`` as :func:`_call` does; return its result and what it printed."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = _call(call, target, *args, **kwargs)
    return result, buffer.getvalue()


def _parts(part, known):
    """Return the parts of a checker to run: all of ``known`` when ``part`` is None."""
    chosen = set(known) if part is None else {part} if isinstance(part, str) else set(part)
    unknown = chosen - set(known)
    if unknown:
        raise ValueError(f"unknown part(s) {sorted(unknown)}; this checker has {list(known)}")
    return chosen


def _unpack(call, result, names):
    """Check that ``result`` is a tuple of ``len(names)`` values and return it."""
    if not isinstance(result, tuple) or len(result) != len(names):
        _fail(
            call,
            "wrong return value",
            f"a tuple ({', '.join(names)})",
            _describe(result),
            f"end the function with: return {', '.join(names)}",
        )
    return result


def _expect_keys(call, what, got, keys):
    """Check that ``got`` is a dict holding at least ``keys``."""
    if not isinstance(got, dict):
        _fail(call, f"{what} is not a dict", f"a dict with keys {list(keys)}", _describe(got))
    missing = [key for key in keys if key not in got]
    if missing:
        _fail(
            call,
            f"{what} lacks the key(s) {missing}",
            sorted(keys),
            sorted(map(str, got)),
            "spell the keys exactly as in the instructions",
        )


def _expect_float(call, what, got, expected):
    """Check that ``got`` is a float (Python or NumPy, not an int or an array) equal to ``expected``."""
    if isinstance(got, np.ndarray):
        _fail(
            call,
            f"{what} is an array",
            f"the float {expected}",
            _describe(got),
            f"return a plain number: {what} = {expected}",
        )
    if isinstance(got, (bool, np.bool_, numbers.Integral)):
        _fail(
            call,
            f"{what} is an integer",
            f"the float {expected}",
            f"{type(got).__name__} {got!r}",
            f"write {what} = {expected} (with the decimal point) so that {what} is a float",
        )
    if not isinstance(got, (float, np.floating)):
        _fail(call, f"{what} is not a float", f"the float {expected}", _describe(got))
    if float(got) != expected:
        _fail(call, f"wrong value of {what}", expected, got)


# The demo inputs of the notebook and one more case per function. Expected values are written
# out; the mistakes list the numbers a known wrong answer gives, with the fix.

_X2 = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
_Y2 = np.array([[1, 1, 0]])
_X3 = np.array([[1.0, 0.0, -2.0, 0.5], [0.3, -1.2, 0.8, 2.0], [-1.5, 2.5, 0.0, 1.0]])
_Y3 = np.array([[0, 1, 1, 0]])
_W3 = np.array([[0.5], [-1.0], [0.25]])


def _expect_count(name, got, expected, read_from):
    """Check that the variable ``name`` is the whole number ``expected``, read from a shape."""
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        _fail(name, "wrong type", "a whole number", _describe(got), f"read it from {read_from}")
    if got != expected:
        _fail(name, "wrong value", expected, got, f"read it from {read_from}")


@_checker
def dataset_sizes_test(m_train, m_test, num_px, train_set_x_orig, test_set_x_orig):
    """Check ``m_train``, ``m_test`` and ``num_px`` against the loaded pictures.

    The expected numbers are the loaded arrays' own sizes, so the check holds for the
    course's dataset and for the original course's files alike.

    Parameters
    ----------
    m_train, m_test, num_px : int
        The student's variables.
    train_set_x_orig : ndarray of shape (m_train, num_px, num_px, 3)
    test_set_x_orig : ndarray of shape (m_test, num_px, num_px, 3)
    """
    _expect_count("m_train", m_train, train_set_x_orig.shape[0], "train_set_x_orig.shape[0]")
    _expect_count("m_test", m_test, test_set_x_orig.shape[0], "test_set_x_orig.shape[0]")
    _expect_count("num_px", num_px, train_set_x_orig.shape[1], "train_set_x_orig.shape[1]")
    _passed()


@_checker
def flatten_test(
    train_set_x_orig,
    test_set_x_orig,
    train_set_x_flatten,
    test_set_x_flatten,
    train_set_x,
    test_set_x,
):
    """Check the flattened sets (one unrolled picture per column) and their scaling by 255.

    The loaded pictures are passed in because the right answer is a rearrangement of them.

    Parameters
    ----------
    train_set_x_orig, test_set_x_orig : ndarray of shape (m, num_px, num_px, 3)
        The loaded pictures.
    train_set_x_flatten, test_set_x_flatten : ndarray of shape (num_px * num_px * 3, m)
        The student's flattened sets.
    train_set_x, test_set_x : ndarray of shape (num_px * num_px * 3, m)
        The student's flattened sets divided by 255.
    """
    sets = [
        ("train_set_x", train_set_x_orig, train_set_x_flatten, train_set_x),
        ("test_set_x", test_set_x_orig, test_set_x_flatten, test_set_x),
    ]
    for name, orig, flat, scaled in sets:
        columns = orig.reshape(orig.shape[0], -1).T
        call = f"{name}_flatten"
        if not isinstance(flat, np.ndarray):
            _fail(call, "wrong type", "numpy.ndarray", _describe(flat))
        if flat.shape != columns.shape:
            hint = "one picture per column: X.reshape(X.shape[0], -1).T"
            if flat.shape == columns.shape[::-1]:
                hint = "one picture per row; transpose it so each column is a picture: add .T"
            _fail(call, "wrong shape", columns.shape, flat.shape, hint)
        if not np.array_equal(flat, columns):
            hint = "use X.reshape(X.shape[0], -1).T on the _orig array, before dividing by 255"
            if np.array_equal(np.sort(flat, axis=None), np.sort(columns, axis=None)):
                hint = "the pixels are in the wrong order: use X.reshape(X.shape[0], -1).T"
            _fail(call, "does not hold the pictures unrolled column by column", hint=hint)
        if not isinstance(scaled, np.ndarray) or not np.issubdtype(scaled.dtype, np.floating):
            hint = "divide by 255 (not // 255) to get floats between 0 and 1"
            _fail(name, "wrong type", "a float array", _describe(scaled), hint)
        if scaled.shape != columns.shape:
            _fail(name, "wrong shape", columns.shape, scaled.shape, f"divide {call} by 255")
        if not np.allclose(scaled, columns / 255):
            hint = f"divide {call} by 255 (nothing else)"
            if np.allclose(scaled, columns):
                hint = f"the pixels still go up to 255: divide {call} by 255"
            _fail(name, f"is not {call} / 255", hint=hint)
    _passed()


@_checker
def initialize_with_zeros_test_1(target):
    """Check that ``initialize_with_zeros(dim)`` returns ``w``: float zeros of shape (dim, 1)."""
    for dim in (2, 5):
        call = f"initialize_with_zeros({dim})"
        w, _ = _unpack(call, _call(call, target, dim), ("w", "b"))
        if isinstance(w, np.ndarray) and not np.issubdtype(w.dtype, np.floating):
            _fail(
                call,
                "w has the wrong dtype",
                "a float dtype (float64)",
                w.dtype,
                "gradient descent adds fractions to w, which an integer array cannot hold: "
                "use np.zeros((dim, 1)), which is float by default (no dtype=int)",
            )
        rank1 = (np.zeros(dim), f"w is a rank-1 array; create it as a column: np.zeros(({dim}, 1))")
        _expect_array(f"{call}: w", w, np.zeros((dim, 1)), [rank1])
    _passed()


@_checker
def initialize_with_zeros_test_2(target):
    """Check that ``initialize_with_zeros(dim)`` returns ``b`` as the float 0.0."""
    for dim in (1, 4):
        call = f"initialize_with_zeros({dim})"
        _, b = _unpack(call, _call(call, target, dim), ("w", "b"))
        _expect_float(call, "b", b, 0.0)
    _passed()


_PROPAGATE_CASES = [
    {
        "w": np.array([[1.0], [2.0]]),
        "b": 1.5,
        "X": _X2,
        "Y": _Y2,
        "dw": [[0.2507153166184082], [-0.06604096325829123]],
        "db": -0.12500404500439652,
        "cost": 0.15900537707692405,
    },
    {
        "w": _W3,
        "b": -0.2,
        "X": _X3,
        "Y": _Y3,
        "dw": [[0.5615400471358656], [-0.019021839181395467], [-0.2169564980566921]],
        "db": -0.12087871893624515,
        "cost": 0.7493954849886845,
    },
]


@_checker
def propagate_test(target, part=None):
    """Check ``propagate(w, b, X, Y)``: the cost and the gradients ``dw`` and ``db``.

    Parameters
    ----------
    target : callable
        The student's ``propagate``.
    part : {"cost", "dw", "db"} or sequence of them, optional
        Check only these parts (each graded cell names its own); all by default.
    """
    parts = _parts(part, ("cost", "dw", "db"))
    for case in _PROPAGATE_CASES:
        m = case["X"].shape[1]
        call = f"propagate(w={case['w'].tolist()}, b={case['b']}, X=..., Y={case['Y'].tolist()})"
        result = _call(call, target, case["w"], case["b"], case["X"], case["Y"])
        grads, cost = _unpack(call, result, ("grads", "cost"))
        if "cost" in parts:
            mistakes = [
                (case["cost"] * m, "the cost is not averaged: multiply the sum by 1/m"),
                (-case["cost"], "the sign is flipped: J = -(1/m) * sum(Y log A + (1-Y) log(1-A))"),
                (-case["cost"] * m, "the sign is flipped and the sum is not divided by m"),
            ]
            _expect_number(f"{call}: cost", cost, case["cost"], mistakes)
        if parts & {"dw", "db"}:
            _expect_keys(call, "grads", grads, ("dw", "db"))
        if "dw" in parts:
            dw = np.asarray(case["dw"])
            mistakes = [
                (dw * m, "dw is not averaged: divide X (A - Y).T by m"),
                (dw.T, "dw is a row: it must have w's shape (n_x, 1); compute X @ (A - Y).T"),
            ]
            _expect_array(f'{call}: grads["dw"]', grads["dw"], dw, mistakes)
        if "db" in parts:
            mistakes = [(case["db"] * m, "db is not averaged: divide the sum of (A - Y) by m")]
            _expect_number(f'{call}: grads["db"]', grads["db"], case["db"], mistakes)
    _passed()


_OPTIMIZE_CASES = [
    {
        "args": (np.array([[1.0], [2.0]]), 1.5, _X2, _Y2),
        "num_iterations": 100,
        "learning_rate": 0.009,
        "w": [[0.8095604646163251], [2.050820199511423]],
        "b": 1.5948713189708588,
        "dw": [[0.1786050467423819], [-0.04840655526979531]],
        "db": -0.08888460336847771,
        "costs": [0.15900537707692405],
        "ignored_rate": None,
    },
    {
        "args": (_W3, -0.2, _X3, _Y3),
        "num_iterations": 301,
        "learning_rate": 0.05,
        "w": [[-1.8441088890464932], [-1.4066605639655148], [0.8371857550350073]],
        "b": 0.09455422251690768,
        "dw": [[0.047934615223711695], [0.02397489163022213], [-0.010246034930761648]],
        "db": 0.0006790922126134295,
        "costs": [
            0.7493954849886845,
            0.13043542251492166,
            0.06705640675977839,
            0.04492146319004947,
        ],
        # what w becomes when the default learning rate 0.009 is used instead of 0.05
        "ignored_rate": [[-0.586468754024606], [-1.0030700796092051], [0.5659731235900216]],
        "printed": [
            "Cost after iteration 0: 0.749395",
            "Cost after iteration 100: 0.130435",
            "Cost after iteration 200: 0.067056",
            "Cost after iteration 300: 0.044921",
        ],
    },
]


def _optimize_call(case, print_cost=False):
    """Describe how a case calls optimize, for messages."""
    w, b, _, _ = case["args"]
    return (
        f"optimize(w={w.tolist()}, b={b}, X, Y, num_iterations={case['num_iterations']}, "
        f"learning_rate={case['learning_rate']}" + (", print_cost=True)" if print_cost else ")")
    )


@_checker
def optimize_test(target, part=None):
    """Check ``optimize``: learned parameters, last gradients, costs, printing, no mutation.

    Parameters
    ----------
    target : callable
        The student's ``optimize``.
    part : {"params", "costs", "print_cost", "mutation"} or sequence of them, optional
        Check only these parts; all by default. Every part fails an ``optimize`` that changes
        the caller's ``w``, ``X`` or ``Y`` in place; ``"mutation"`` checks that alone.
    """
    parts = _parts(part, ("params", "costs", "print_cost", "mutation"))
    for case in _OPTIMIZE_CASES:
        call = _optimize_call(case)
        options = {"num_iterations": case["num_iterations"], "learning_rate": case["learning_rate"]}
        result, printed = _printed(call, target, *case["args"], **options)
        params, grads, costs = _unpack(call, result, ("params", "grads", "costs"))
        if "params" in parts:
            _expect_keys(call, "params", params, ("w", "b"))
            _expect_keys(call, "grads", grads, ("dw", "db"))
            mistakes = []
            if case["ignored_rate"] is not None:
                mistakes.append(
                    (
                        case["ignored_rate"],
                        "this is what the default rate 0.009 gives: use the learning_rate argument",
                    )
                )
            _expect_array(f'{call}: params["w"]', params["w"], case["w"], mistakes)
            _expect_number(f'{call}: params["b"]', params["b"], case["b"])
            _expect_array(f'{call}: grads["dw"]', grads["dw"], case["dw"])
            _expect_number(f'{call}: grads["db"]', grads["db"], case["db"])
        if "costs" in parts:
            expected = case["costs"]
            try:
                got = np.asarray(costs, dtype=float).reshape(-1)
            except (TypeError, ValueError):
                _fail(f"{call}: costs", "not a list of numbers", expected, _describe(costs))
            if got.size == case["num_iterations"] != len(expected):
                _fail(
                    f"{call}: costs",
                    f"wrong length ({got.size}, one per iteration)",
                    f"{len(expected)} costs",
                    f"{got.size} costs",
                    "record the cost only every 100 iterations: if i % 100 == 0",
                )
            if got.size != len(expected):
                _fail(f"{call}: costs", "wrong length", len(expected), got.size)
            if not np.allclose(got, expected, rtol=1e-6):
                _fail(f"{call}: costs", "wrong values", expected, got.tolist())
        if "print_cost" in parts:
            if printed.strip():
                _fail(
                    call,
                    "printed although print_cost=False",
                    "no output",
                    printed.strip().splitlines()[0],
                    "print the cost only when print_cost is True",
                )
            if "printed" in case:
                shown_call = _optimize_call(case, print_cost=True)
                _, shown = _printed(shown_call, target, *case["args"], print_cost=True, **options)
                lines = [line.strip() for line in shown.strip().splitlines()]
                if lines != case["printed"]:
                    _fail(
                        shown_call,
                        "printed the wrong lines",
                        case["printed"],
                        lines,
                        'every 100 iterations print ("Cost after iteration %i: %f" % (i, cost))',
                    )
    _passed()


_NO_BIAS_HINT = "this is what leaving out b gives: the activation is sigmoid(w.T @ X + b)"
# (w, b, X, expected, known wrong answers); in the last case b alone turns a prediction to 1.
_PREDICT_CASES = [
    (np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]), [[1.0, 1.0, 0.0]], []),
    (_W3, -0.2, _X3, [[0.0, 1.0, 0.0, 0.0]], []),
    (np.array([[1.0], [-2.0]]), 0.75, np.array([[0.5, -1.0, 1.0], [0.5, 0.25, 1.0]]), [[1.0, 0.0, 0.0]], [([[0.0, 0.0, 0.0]], _NO_BIAS_HINT)]),
]  # fmt: skip

# Every activation here is exactly 0.5 (w.T @ X + b == 0): the course predicts 0 there.
_PREDICT_BOUNDARY = (np.array([[1.0], [-1.0]]), 0.0, np.array([[2.0, 0.0, -3.5], [2.0, 0.0, -3.5]]))


@_checker
def predict_test(target, part=None):
    """Check ``predict(w, b, X)``: 1.0 where the activation is above 0.5, else 0.0.

    Parameters
    ----------
    target : callable
        The student's ``predict``.
    part : {"values", "boundary"} or sequence of them, optional
        ``"boundary"`` checks activations of exactly 0.5, which must give 0 (the rule is
        ``A > 0.5``); all parts by default.
    """
    parts = _parts(part, ("values", "boundary"))
    hint = "an activation of exactly 0.5 is predicted 0 (non-cat): compare with A > 0.5, not >="
    cases = [(*case, "values") for case in _PREDICT_CASES]
    cases.append((*_PREDICT_BOUNDARY, [[0.0, 0.0, 0.0]], [([[1.0, 1.0, 1.0]], hint)], "boundary"))
    for w, b, X, expected, mistakes, kind in cases:
        if kind not in parts:
            continue
        call = f"predict(w={w.tolist()}, b={b}, X={X.tolist()})"
        got = _call(call, target, w, b, X)
        if isinstance(got, np.ndarray) and got.dtype == bool:
            _fail(
                call,
                "wrong dtype",
                "numbers 0.0 and 1.0",
                "an array of booleans",
                "convert the comparison: (A > 0.5).astype(float)",
            )
        _expect_array(call, got, expected, mistakes)
    _passed()


_MODEL_DATA = (
    np.array([[0.2, -1.0, 1.5, 0.7, -0.3, 2.0], [1.0, 0.4, -0.6, -1.1, 0.9, 0.1], [-0.5, 0.8, 0.3, 1.2, -1.4, 0.6]]),
    np.array([[1, 0, 1, 1, 0, 1]]),
    np.array([[0.9, -0.8, 0.1], [-0.2, 1.1, 0.5], [0.4, -0.7, 1.0]]),
    np.array([[1, 0, 0]]),
)  # fmt: skip
_MODEL_OPTIONS = {"num_iterations": 250, "learning_rate": 0.1}
_MODEL_CALL = (
    "model(X_train (3, 6), Y_train, X_test (3, 3), Y_test, num_iterations=250, learning_rate=0.1"
)
_MODEL_KEYS = (
    "costs",
    "Y_prediction_test",
    "Y_prediction_train",
    "w",
    "b",
    "learning_rate",
    "num_iterations",
)
_MODEL_EXPECTED = {
    "costs": [0.6931471805599453, 0.21801949409619636, 0.16246748864846183],
    "w": [[2.7549106008358293], [-0.20193059974766844], [0.5688292843965941]],
    "b": 0.5297541609281873,
    "Y_prediction_train": [[1.0, 0.0, 1.0, 1.0, 0.0, 1.0]],
    "Y_prediction_test": [[1.0, 0.0, 1.0]],
}
_MODEL_MISTAKES = [
    ([[0.46583856085763253], [-0.14805419532221714], [0.16613728765501087]],
     "this is what learning_rate=0.005 (the default) gives: pass learning_rate on to optimize"),
    ([[2.2965546359914066], [-2.151044406479464], [-0.6079244494663489]],
     "the model was trained on the test set: call optimize with X_train and Y_train"),
    ([[6.4363272786730175], [0.9642037015377454], [1.8143097936029418]],
     "this is what 2000 iterations (the default) give: pass num_iterations on to optimize"),
]  # fmt: skip
_MODEL_PRINTED = [
    "Cost after iteration 0: 0.693147",
    "Cost after iteration 100: 0.218019",
    "Cost after iteration 200: 0.162467",
]


def _accuracy(call, printed, which, expected):
    """Check that ``printed`` has the line ``<which> accuracy: <expected> %``."""
    for line in printed.splitlines():
        words = line.split()
        if words[:2] == [which, "accuracy:"] and len(words) == 4 and words[3] == "%":
            try:
                value = float(words[2])
            except ValueError:
                break
            if not np.isclose(value, expected, rtol=1e-9):
                _fail(call, f"printed the wrong {which} accuracy", expected, value)
            return
    _fail(
        call,
        f"did not print the {which} accuracy",
        f"a line '{which} accuracy: {expected} %'",
        printed.strip().splitlines() or "no output",
        f'when print_cost is True, print("{which} accuracy: {{}} %".format(...)) at the end',
    )


@_checker
def model_test(target, part=None):
    """Check ``model``: the returned dict, the training result and what it prints.

    Parameters
    ----------
    target : callable
        The student's ``model``.
    part : {"keys", "training", "print_cost"} or sequence of them, optional
        Check only these parts; all by default.
    """
    parts = _parts(part, ("keys", "training", "print_cost"))
    call = _MODEL_CALL + ")"
    d, printed = _printed(call, target, *_MODEL_DATA, **_MODEL_OPTIONS)
    _expect_keys(call, "the result", d, _MODEL_KEYS if "keys" in parts else ())
    if "keys" in parts:
        for key, value in _MODEL_OPTIONS.items():
            if d[key] != value:
                _fail(call, f'd["{key}"] is not the argument', value, d[key], f"store {key} itself")
    if "training" in parts:
        _expect_keys(call, "the result", d, _MODEL_EXPECTED)
        costs = np.asarray(d["costs"], dtype=float).reshape(-1)
        expected = _MODEL_EXPECTED["costs"]
        if costs.size == 20:
            hint = "20 costs mean 2000 iterations (the default): pass num_iterations on to optimize"
            _fail(f'{call}: d["costs"]', "wrong length", len(expected), costs.size, hint)
        # w before the costs: its known wrong values say which argument was ignored
        _expect_array(f'{call}: d["w"]', d["w"], _MODEL_EXPECTED["w"], _MODEL_MISTAKES)
        _expect_number(f'{call}: d["b"]', d["b"], _MODEL_EXPECTED["b"])
        if costs.size != len(expected) or not np.allclose(costs, expected, rtol=1e-6):
            _fail(f'{call}: d["costs"]', "wrong costs", expected, costs.tolist())
        for key in ("Y_prediction_train", "Y_prediction_test"):
            _expect_array(f'{call}: d["{key}"]', d[key], _MODEL_EXPECTED[key])
    if "print_cost" in parts:
        if printed.strip():
            _fail(
                call,
                "printed although print_cost=False",
                "no output",
                printed.strip().splitlines()[0],
                "print costs and accuracies only when print_cost is True",
            )
        shown_call = _MODEL_CALL + ", print_cost=True)"
        _, shown = _printed(shown_call, target, *_MODEL_DATA, print_cost=True, **_MODEL_OPTIONS)
        lines = [line.strip() for line in shown.strip().splitlines()]
        if [line for line in lines if line.startswith("Cost after")] != _MODEL_PRINTED:
            _fail(
                shown_call,
                "did not print the costs",
                _MODEL_PRINTED,
                lines or "no output",
                "pass print_cost on to optimize",
            )
        _accuracy(shown_call, shown, "train", 100.0)
        _accuracy(shown_call, shown, "test", 66.66666666666667)
    _passed()


# ---------------------------------------------------------------------------------------------
# Assignment 3: Neurons and layers with NumPy
# ---------------------------------------------------------------------------------------------


_LAYER_WEIGHTS = [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
_LAYER_BIASES = [2, 3, 0.5]
_SHAPE_ERRORS = (ValueError, TypeError, IndexError, AttributeError)
_LIST_HAS_NO_T = (
    AttributeError,
    "weights may be a Python list, which has no .T: transpose np.array(weights) instead",
)


def _call_shown(name, *args):
    """Return the text of the call ``name(*args)`` for messages."""
    return f"{name}({', '.join(_shown(arg) for arg in args)})"


def _call_explained(call, hints, target, *args):
    """Call ``target`` as :func:`_call` does; turn a shape or type error into a hinted failure.

    ``hints`` maps exception types to the hint shown when the call raises one of them (the
    first matching entry wins); errors not listed, such as the stub's NotImplementedError,
    propagate unchanged.
    """
    try:
        return _call(call, target, *args)
    except _SHAPE_ERRORS as error:
        hint = next((text for kind, text in hints if isinstance(error, kind)), None)
        if hint is None:
            raise
        _fail(call, f"raised {type(error).__name__}: {error}", hint=hint)


def _expect_output_array(call, got, expected, mistakes=(), number_hint=None):
    """Check an ndarray result like ``_expect_array``, with hints for lists and True/False arrays.

    ``number_hint`` is shown when a single number (or a 0-d array) comes back instead.
    """
    if number_hint and not isinstance(got, (list, tuple)) and np.ndim(got) == 0:
        wanted = f"numpy.ndarray of shape {np.shape(expected)}"
        _fail(call, "wrong type", wanted, repr(got), number_hint)
    if isinstance(got, (list, tuple)):
        hint = "return a NumPy array: np.dot and np.maximum give one (or wrap with np.array)"
        _fail(call, "wrong type", "numpy.ndarray", _describe(got), hint)
    if isinstance(got, np.ndarray) and got.dtype == np.bool_:
        hint = "this is the True/False result of a comparison; return the numbers themselves"
        _fail(call, "wrong dtype", "a real numeric dtype", got.dtype, hint)
    _expect_array(call, got, expected, mistakes)


def _expect_neuron_number(call, got, expected, mistakes):
    """Check that one neuron's output is a single number; name the products-not-summed mistake."""
    if isinstance(got, (list, tuple)) or (isinstance(got, np.ndarray) and got.size > 1):
        hint = (
            "a neuron gives one number: multiply each input by its weight, add the products "
            "and then the bias (np.dot multiplies and adds in one step)"
        )
        _fail(call, "wrong type", "a number", _describe(got), hint)
    _expect_number(call, got, expected, mistakes)


def _neuron_mistakes(no_bias, bias_per_product, bias_subtracted, mean_plus_bias):
    """Return the usual wrong answers for one neuron's output, with their hints."""
    return [
        (no_bias, "the bias is missing: add it after summing the weighted inputs"),
        (bias_per_product, "the bias was added to every product; add it once, after the sum"),
        (bias_subtracted, "the bias was subtracted; add it"),
        (mean_plus_bias, "the products were averaged; a neuron adds them up (as np.dot does)"),
    ]


_NEURON_ERROR_HINTS = [
    (
        IndexError,
        "the function reads a fixed number of inputs; np.dot(weights, inputs) works for any number",
    ),
    (
        Exception,
        "inputs and weights may be plain Python lists, which do not multiply element by element; "
        "np.dot(weights, inputs) works on lists and arrays alike",
    ),
]


@_checker
def single_neuron_test(target):
    """Check ``single_neuron(inputs, weights, bias)`` on neurons with three inputs."""
    cases = [
        # inputs, weights, bias, expected, then the wrong answers of _neuron_mistakes
        ([1, 2, 3], [0.2, 0.8, -0.5], 2, 2.3, 0.3, 6.3, -1.7, 2.1),
        (
            np.array([0.5, -1.0, 2.0]),
            np.array([1.5, 0.25, -0.75]),
            -0.5,
            -1.5,
            -1.0,
            -2.5,
            -0.5,
            -0.8333333333333334,
        ),
        ([4, 0, -1], [0.25, 3.0, 0.5], 1.5, 2.0, 0.5, 5.0, -1.0, 1.6666666666666667),
    ]
    for inputs, weights, bias, expected, *wrong in cases:
        call = _call_shown("single_neuron", inputs, weights, bias)
        got = _call_explained(call, _NEURON_ERROR_HINTS, target, inputs, weights, bias)
        _expect_neuron_number(call, got, expected, _neuron_mistakes(*wrong))
    _passed()


@_checker
def neuron_output_test(target):
    """Check ``neuron_output(inputs, weights, bias)`` on neurons with 4, 6, 3 and 1 inputs."""
    first_three = "only the first three inputs count; use np.dot so every input counts"
    cases = [
        # inputs, weights, bias, expected, known wrong answers
        (
            [1, 2, 3, 2.5],
            [0.2, 0.8, -0.5, 1.0],
            2,
            4.8,
            [(2.3, first_three), *_neuron_mistakes(2.8, 10.8, 0.8, 2.7)],
        ),
        (
            np.array([1.0, 0.0, -1.0, 2.0, 0.5, 3.0]),
            np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
            0.25,
            2.9,
            [
                (0.05, first_three),
                (0.85, "only the first four inputs count; use np.dot so every input counts"),
                *_neuron_mistakes(2.65, 4.15, 2.4, 0.6916666666666667),
            ],
        ),
        ([1, 2, 3], [0.2, 0.8, -0.5], 2, 2.3, _neuron_mistakes(0.3, 6.3, -1.7, 2.1)),
        ([3.0], [2.0], 1.0, 7.0, _neuron_mistakes(6.0, 7.0, 5.0, 7.0)),
    ]
    for inputs, weights, bias, expected, mistakes in cases:
        call = _call_shown("neuron_output", inputs, weights, bias)
        got = _call_explained(call, _NEURON_ERROR_HINTS, target, inputs, weights, bias)
        _expect_neuron_number(call, got, expected, mistakes)
    _passed()


@_checker
def layer_output_test(target):
    """Check ``layer_output(inputs, weights, biases)``: one output per neuron, as an ndarray."""
    swapped = (
        "this is np.dot(inputs, weights), which pairs the inputs with the columns of weights; "
        "each row of weights is one neuron, so compute np.dot(weights, inputs)"
    )
    no_biases = "the biases are missing: add one bias to each neuron's weighted sum"
    all_biases = "each neuron got the sum of all the biases; add the biases as they are, one each"
    summed = "a layer gives one output per neuron; do not add the neurons' outputs together"
    hints = [
        _LIST_HAS_NO_T,
        (
            Exception,
            "weights has one row per neuron, shape (n_neurons, n_inputs), and inputs has n_inputs "
            "entries: np.dot(weights, inputs) lines them up, np.dot(inputs, weights) does not",
        ),
    ]
    square = [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.9]]
    # The square layer comes first: with it, swapped arguments give wrong values, not an error.
    cases = [
        (
            np.array([1.0, -2.0, 0.5]),
            np.array(square),
            np.array([0.5, -1.0, 0.0]),
            [0.35, -2.1, 2.75],
            [
                ([1.75, -2.2, -0.45], swapped),
                ([-0.15, -1.1, 2.75], no_biases),
                ([-0.65, -1.6, 2.25], all_biases),
            ],
        ),
        (
            [1, 2, 3, 2.5],
            _LAYER_WEIGHTS,
            _LAYER_BIASES,
            [4.8, 1.21, 2.385],
            [([2.8, -1.79, 1.885], no_biases), ([8.3, 3.71, 7.385], all_biases)],
        ),
        (np.array([2.0, -1.0]), np.array([[0.5, 1.5]]), np.array([0.25]), [-0.25], []),
    ]
    for inputs, weights, biases, expected, mistakes in cases:
        call = _call_shown("layer_output", inputs, weights, biases)
        got = _call_explained(call, hints, target, inputs, weights, biases)
        if isinstance(got, np.ndarray) and got.shape == np.shape(weights):
            hint = "one product per weight came back: np.dot also adds up each neuron's products"
            _fail(call, "wrong shape", np.shape(expected), got.shape, hint)
        _expect_output_array(call, got, expected, mistakes, number_hint=summed)
    _passed()


@_checker
def batch_output_test(target):
    """Check ``batch_output(inputs, weights, biases)``: one row per sample, one column per neuron."""
    no_biases = "the biases are missing: add one bias per neuron (per column of the result)"
    hints = [
        _LIST_HAS_NO_T,
        (
            Exception,
            "inputs is (n_samples, n_inputs) and weights is (n_neurons, n_inputs): the inner sizes "
            "only match once the weights are transposed, (n_samples, n_inputs) . (n_inputs, "
            "n_neurons), and the biases, shape (n_neurons,), then add one per column",
        ),
    ]
    demo = [[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]]
    demo_mistakes = [
        (
            [[4.8, 8.9, 1.41], [1.21, -1.81, 1.051], [2.385, 0.2, 0.026]],
            "the result is transposed: it needs one row per sample and one column per neuron",
        ),
        (
            [[4.8, 9.9, -0.09], [0.21, -1.81, -1.449], [3.885, 2.7, 0.026]],
            "this has one row per neuron (np.dot(weights, inputs.T) + biases); the batch result "
            "needs one row per sample, so multiply the inputs by the transposed weights",
        ),
        (
            [[4.8, 0.21, 3.885], [9.9, -1.81, 2.7], [-0.09, -1.449, 0.026]],
            "each bias was added to a sample (a row) instead of to a neuron (a column); add the "
            "biases, shape (n_neurons,), to the (n_samples, n_neurons) product as they are",
        ),
        ([[2.8, -1.79, 1.885], [6.9, -4.81, -0.3], [-0.59, -1.949, -0.474]], no_biases),
    ]
    cases = [
        (
            demo,
            _LAYER_WEIGHTS,
            _LAYER_BIASES,
            [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]],
            demo_mistakes,
        ),
        (
            np.array([[0.5, -1.0, 2.0, 1.5], [3.0, 0.0, -2.0, 1.0]]),
            np.array([[1.0, 0.5, -0.5, 0.25], [-1.0, 2.0, 0.0, 0.5], [0.3, 0.3, 0.3, 0.3]]),
            np.array([0.1, -0.2, 1.0]),
            [[-0.525, -1.95, 1.9], [4.35, -2.7, 1.6]],
            [([[-0.625, -1.75, 0.9], [4.25, -2.5, 0.6]], no_biases)],
        ),
        ([[1, 2, 3, 2.5]], _LAYER_WEIGHTS, _LAYER_BIASES, [[4.8, 1.21, 2.385]], []),
    ]
    for inputs, weights, biases, expected, mistakes in cases:
        call = _call_shown("batch_output", inputs, weights, biases)
        got = _call_explained(call, hints, target, inputs, weights, biases)
        _expect_output_array(call, got, expected, mistakes)
    _passed()


@_checker
def relu_test(target):
    """Check ``relu(x)``: element-wise max(0, x) on arrays, leaving ``x`` itself unchanged."""
    hints = [
        (
            Exception,
            "compare 0 with each entry using np.maximum(0, x); np.max reduces an array to its "
            "largest entry (its second argument is an axis) and Python's max cannot compare arrays",
        )
    ]
    cases = [
        # x, expected, np.minimum(0, x), np.abs(x), (x > 0) as numbers
        (
            np.array([-2, -1, 0, 1, 2]),
            [0, 0, 0, 1, 2],
            [-2, -1, 0, 0, 0],
            [2, 1, 0, 1, 2],
            [0, 0, 0, 1, 1],
        ),
        (
            np.array([[-0.5, 3.0], [0.0, -7.25]]),
            [[0.0, 3.0], [0.0, 0.0]],
            [[-0.5, 0.0], [0.0, -7.25]],
            [[0.5, 3.0], [0.0, 7.25]],
            [[0.0, 1.0], [0.0, 0.0]],
        ),
    ]
    for x, expected, minimum, absolute, step in cases:
        call = _call_shown("relu", x)
        got = _call_explained(call, hints, target, x)
        mistakes = [
            (minimum, "positive entries were zeroed and negative ones kept; relu does the reverse"),
            (absolute, "negative entries must become 0, not change sign"),
            (step, "this is 1 where x > 0 (relu's slope); relu returns x itself there"),
            (x, "negative entries must become 0"),
        ]
        number = (
            "relu returned one number for the whole array (np.max gives the largest entry); "
            "np.maximum(0, x) compares 0 with each entry and keeps the shape"
        )
        _expect_output_array(call, got, expected, mistakes, number_hint=number)
    _passed()


# ---------------------------------------------------------------------------------------------
# Quiz: form checks only. The key is not in this file: the quiz is graded after submission.
# ---------------------------------------------------------------------------------------------

# Each question's kind of answer (one letter, a list of letters, or a number) and, for letters,
# the options it offers.
QUIZ_QUESTIONS = {
    "q1": ("single", "ABCD"),
    "q2": ("single", "ABCD"),
    "q3": ("multiple", "ABCD"),
    "q4": ("single", "ABCD"),
    "q5": ("single", "ABCD"),
    "q6": ("single", "ABCD"),
    "q7": ("multiple", "ABCDE"),
    "q8": ("number", ""),
    "q9": ("multiple", "ABCD"),
    "q10": ("single", "ABCD"),
    "q11": ("number", ""),
    "q12": ("single", "ABCD"),
    "q13": ("single", "ABCD"),
    "q14": ("multiple", "ABCD"),
    "q15": ("single", "ABCD"),
    "q16": ("single", "ABCD"),
}
QUIZ_KINDS = {question: kind for question, (kind, _) in QUIZ_QUESTIONS.items()}
QUIZ_FORMS = {
    "single": 'one letter as a string, e.g. "A"',
    "multiple": 'a list of letters, e.g. ["A", "B"] (a tuple, a set or "A, B" also do)',
    "number": 'a number, e.g. 1.5, or a fraction or decimal in quotes, e.g. "3/2"',
}
# Bounds on a number written as text. Reading "1e60000000" exactly (Fraction, Decimal, int)
# builds a number of sixty million digits and took 162 s, so only plain decimals this short,
# with an exponent this small, are read; the quiz's answers need far less.
QUIZ_NUMBER_MAX_CHARS = 40
QUIZ_NUMBER_MAX_EXPONENT = 30
_QUIZ_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_QUIZ_NUMBER = re.compile(rf"\s*({_QUIZ_DECIMAL})\s*(?:/\s*({_QUIZ_DECIMAL})\s*)?")
QUIZ_RECORDED = "Answer recorded: well-formed. It is scored after you submit."


def _quiz_shown(value):
    """Return a short ``repr`` of ``value`` for a message (a student's repr may be huge or fail)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 -- int too long to print, or a repr that raises
        return f"a {type(value).__name__}"
    return text if len(text) <= 60 else f"{text[:57]}..."


def _quiz_letter(raw, letters):
    """Return ``raw`` as one upper-case letter of ``letters``, or raise ``ValueError``."""
    if not isinstance(raw, str):
        raise ValueError(f"{_quiz_shown(raw)} is a {type(raw).__name__}, not a letter in quotes")
    letter = raw.strip().upper()
    if len(letter) != 1 or letter not in letters:
        raise ValueError(f"{_quiz_shown(raw)} is not one of the letters {', '.join(letters)}")
    return letter


def _quiz_number(raw):
    """Return ``raw`` (a number, or a string holding a decimal or a fraction) as a float.

    Text is read only when it is at most :data:`QUIZ_NUMBER_MAX_CHARS` long, a plain decimal
    or a fraction of two (``"0.25"``, ``"1 / 4"``, ``"2.5e-1"``), with an exponent of at most
    :data:`QUIZ_NUMBER_MAX_EXPONENT`: anything else is refused at once.
    """
    if isinstance(raw, bool) or not isinstance(raw, numbers.Real | str):
        raise ValueError(f"{_quiz_shown(raw)} is a {type(raw).__name__}, not a number")
    if isinstance(raw, str):
        if len(raw) > QUIZ_NUMBER_MAX_CHARS:
            raise ValueError(
                f"the text is {len(raw)} characters long, more than {QUIZ_NUMBER_MAX_CHARS}: "
                "write the number plainly, e.g. 0.25 or 1/4"
            )
        match = _QUIZ_NUMBER.fullmatch(raw)
        if not match:
            raise ValueError(f'{raw!r} is not a number or a fraction such as "3/2"')
        parts = [part for part in match.groups() if part is not None]
        for part in parts:
            exponent = re.search(r"[eE]([+-]?[0-9]+)$", part)
            if exponent and abs(int(exponent.group(1))) > QUIZ_NUMBER_MAX_EXPONENT:
                raise ValueError(
                    f"{part!r} has an exponent beyond {QUIZ_NUMBER_MAX_EXPONENT}: write the "
                    "number plainly, e.g. 0.25"
                )
        # Read exactly only now that the text is short and its exponents small.
        value, *divisor = [fractions.Fraction(part) for part in parts]
        if divisor and divisor[0] == 0:
            raise ValueError(f"{raw!r} divides by zero")
        return float(value / divisor[0] if divisor else value)
    try:
        value = float(raw)
    except OverflowError:
        raise ValueError(f"{_quiz_shown(raw)} is too large to be an answer") from None
    if not math.isfinite(value):
        raise ValueError(f"{raw!r} is not a finite number")
    return value


def quiz_normalize(question, raw):
    """Return the one canonical form of an answer, so that every accepted spelling compares equal.

    Parameters
    ----------
    question : str
        The question answered, a key of :data:`QUIZ_QUESTIONS` (it says the kind of answer).
    raw : object
        The answer as written: ``"b"`` or ``["b"]``; ``["c", "a"]``, ``("A",)``, ``{"a", "c"}`` or
        ``"A, C"``; ``0.25``, ``1/4``, ``"1 / 4"`` or ``"0.25"``.

    Returns
    -------
    str, tuple of str or float
        ``"B"``; the letters upper-case, sorted and without repeats, ``("A", "C")``; ``0.25``.

    Raises
    ------
    ValueError
        If ``raw`` is not of the form the question takes; the message says what is wrong.
    """
    if question not in QUIZ_QUESTIONS:
        raise ValueError(f"there is no question {question!r}")
    kind, letters = QUIZ_QUESTIONS[question]
    if kind == "single":
        if isinstance(raw, list | tuple | set | frozenset) and len(raw) == 1:
            (raw,) = raw  # ["C"] is the letter C too
        return _quiz_letter(raw, letters)
    if kind == "multiple":
        if isinstance(raw, str):
            raw = [part for part in re.split(r"[\s,;]+", raw) if part]
        if not isinstance(raw, list | tuple | set | frozenset):
            raise ValueError(f"{_quiz_shown(raw)} is a {type(raw).__name__}, not a list of letters")
        if not raw:
            raise ValueError("the list is empty: choose at least one letter")
        return tuple(sorted({_quiz_letter(item, letters) for item in raw}))
    return _quiz_number(raw)


def quiz_answer_check(question, answer):
    """Say whether ``answer`` has the form ``question`` takes; never whether it is right.

    Prints how the answer was read and :data:`QUIZ_RECORDED`, or raises ``AssertionError``
    saying which form is expected.
    """
    kind = QUIZ_KINDS[question]
    try:
        read = quiz_normalize(question, answer)
    except ValueError as error:
        _fail(f"{question} = {_quiz_shown(answer)}", str(error), expected=QUIZ_FORMS[kind])
    shown = list(read) if kind == "multiple" else read
    print(f"{question} is read as {shown!r}. {QUIZ_RECORDED}")
    print(
        "This check says only that the grader can read your answer, not whether it is right "
        "(nor does the Validate button's Success): your feedback says that, after grading."
    )
