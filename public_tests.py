"""Checks students run under each exercise: print ``All tests passed.`` or say what is wrong.

Every checker takes the student's function, calls it on copies of fixed inputs and compares
the answer with expected values written here as numbers (never a reference implementation).
On a problem it raises ``AssertionError`` naming the call, what differs, expected vs got and,
where the answer matches a known mistake, the likely fix.
"""

import copy
import numbers

import numpy as np

PASSED = "All tests passed."


# ---------------------------------------------------------------------------------------------
# Shared machinery
# ---------------------------------------------------------------------------------------------


def _describe(value):
    """Return a short description of ``value``'s type (and shape and dtype for arrays)."""
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of shape {value.shape} and dtype {value.dtype}"
    return type(value).__name__


def _fail(call, problem, expected=None, got=None, hint=None):
    """Raise ``AssertionError`` with a message a student can act on."""
    lines = [f"{call}: {problem}"]
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    if hint:
        lines.append(f"  hint: {hint}")
    raise AssertionError("\n".join(lines))


def _call(target, *args, **kwargs):
    """Call ``target`` on deep copies of its arguments so the checker's inputs stay intact."""
    return target(*copy.deepcopy(args), **copy.deepcopy(kwargs))


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


def basic_sigmoid_test(target):
    """Check ``basic_sigmoid(x)`` on a few real numbers."""
    cases = [(1, 0.7310585786300049), (3, 0.9525741268224334), (-2, 0.11920292202211755)]
    for x, expected in cases:
        got = _call(target, x)
        flipped = [(1 - expected, "use math.exp(-x): the sign of the exponent is flipped")]
        _expect_number(f"basic_sigmoid({x})", got, expected, flipped, allow_0d=False)
    _passed()


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
        got = _call(target, x)
        flipped = [(1 - np.asarray(expected), "use np.exp(-x): the exponent's sign is flipped")]
        _expect_array(f"sigmoid(np.array({x.tolist()}))", got, expected, flipped)
    _expect_number("sigmoid(0)", _call(target, 0), 0.5)
    _passed()


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
        got = _call(target, x)
        mistakes = [(sigmoid_of_x, "this is sigmoid(x) itself; return s * (1 - s)")]
        _expect_array(f"sigmoid_derivative(np.array({x.tolist()}))", got, expected, mistakes)
    _passed()


def image2vector_test(target):
    """Check ``image2vector(image)`` turns (length, height, depth) into a column vector."""
    flat = [
        0.67826139, 0.29380381, 0.90714982, 0.52835647, 0.4215251, 0.45017551,
        0.92814219, 0.96677647, 0.85304703, 0.52351845, 0.19981397, 0.27417313,
        0.60659855, 0.00533165, 0.10820313, 0.49978937, 0.34144279, 0.94630077,
    ]  # fmt: skip
    got = _call(target, _IMAGE)
    _expect_array("image2vector(image of shape (3, 3, 2))", got, np.reshape(flat, (18, 1)))
    got = _call(target, np.arange(24.0).reshape(2, 4, 3))
    call = "image2vector(np.arange(24.0).reshape(2, 4, 3))"
    _expect_array(call, got, np.arange(24.0).reshape(24, 1))
    _passed()


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
        got = _call(target, x)
        mistakes = [(by_columns, "you normalised the columns; use axis=1 to normalise each row")]
        _expect_array(f"normalize_rows(np.array({x.tolist()}))", got, expected, mistakes)
    _passed()


normalizeRows_test = normalize_rows_test  # the name older copies of the notebook call


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
    ]  # fmt: skip
    _expect_array(
        "softmax(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]))",
        _call(target, x),
        expected,
        mistakes,
    )
    row = np.array([[1.0, -1.0, 0.5]])
    expected_row = [[0.5740969929676946, 0.07769557914857059, 0.3482074278837349]]
    _expect_array("softmax(np.array([[1.0, -1.0, 0.5]]))", _call(target, row), expected_row)
    big = np.array([[1000.0, 1000.0]])
    got = _call(target, big)
    if isinstance(got, np.ndarray) and not np.all(np.isfinite(got)):
        _fail(
            "softmax(np.array([[1000.0, 1000.0]]))",
            "result is not finite",
            [[0.5, 0.5]],
            got,
            "exp(1000) overflows; subtract each row's maximum before np.exp",
        )
    _passed()


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
        _expect_number(call, _call(target, yhat, y), expected, mistakes)
    _passed()


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
        _expect_number(call, _call(target, yhat, y), expected, mistakes)
    _passed()
