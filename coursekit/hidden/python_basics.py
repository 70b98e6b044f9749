"""Hidden checks of Assignment 1, "Python Basics with NumPy", by graded cell.

Hidden inputs are drawn per submission (``student.rng``), so a message may show an input and the
value expected for it: the next submission is tried on other inputs.
"""

import functools
import math

import numpy as np

from coursekit.grading.verdicts.checks import Checks
from coursekit.grading.verdicts.messages import describe, expect_array, expect_close, fail
from coursekit.hidden import reference

# The spec accepts normalize_rows dividing its float input in place (x /= x_norm).
checks = Checks("python_basics", may_change_inputs={"normalize_rows"})

# Arrays of any dtype pass the shape checks here: the values checks that follow judge the
# entries (so a sigmoid in float32 fails on its precision, not on its dtype).
_array = functools.partial(expect_array, kinds=None)
# Values to 1e-7 relative precision: a sigmoid computed in float32 is off by more.
_close = functools.partial(expect_close, rtol=1e-7, atol=1e-12)


@checks("hello_world-value")
def hello_world(student, public):
    """`test` holds exactly the str "Hello World"."""
    test = student.value("test")
    if not isinstance(test, str):
        fail("`test`", "wrong type", "str", describe(test))
    if test != "Hello World":
        fail("`test`", "wrong value", '"Hello World"', repr(test), "mind the capitals")


@checks("basic_sigmoid-values")
def basic_sigmoid(student, public):
    """basic_sigmoid on the public examples and on hidden real numbers."""
    public.basic_sigmoid_test(student.basic_sigmoid)
    rng = student.rng(11)
    for x in [*map(float, rng.normal(scale=4.0, size=6)), 0.0, -30.0, 12.5]:
        got = student.basic_sigmoid(x)
        if isinstance(got, np.ndarray) or not isinstance(got, int | float | np.floating):
            fail(f"basic_sigmoid({x})", "wrong type", "a number", describe(got))
        want = 1 / (1 + math.exp(-x))
        if not abs(float(got) - want) < 1e-9:
            fail(f"basic_sigmoid({x})", "wrong value", want, got)


@checks("sigmoid-values")
def sigmoid_values(student, public):
    """Check sigmoid on the public examples."""
    public.sigmoid_test(student.sigmoid)


@checks("sigmoid-shapes")
def sigmoid_shapes(student, public):
    """Check that sigmoid keeps the shape of inputs of any shape and leaves them unchanged."""
    _array("sigmoid on a (1, 3) array", student.sigmoid(np.array([[0.0, -1.0, 2.5]])), (1, 3))
    rng = student.rng(12)
    for shape in [(1,), (5, 1), (3, 4), (2, 3, 4)]:
        x = rng.normal(scale=3.0, size=shape)
        got = _array(f"sigmoid on shape {shape}", student.sigmoid(x), shape)
        _close(f"sigmoid on an array of shape {shape}", got, reference.sigmoid(x))
    # Numbers float32 cannot hold: a sigmoid computed in float32 is off by 3e-7 to 8e-7 here
    # (the tolerance is 1e-7), whatever the submission's random inputs happen to be.
    x = np.array([-17.777777777777, -8.8888888888, -12.345678901234, 7.654321098765])
    _close("sigmoid on an array of shape (4,)", student.sigmoid(x), reference.sigmoid(x))


@checks("sigmoid_derivative-values")
def sigmoid_derivative_values(student, public):
    """sigmoid_derivative on the public examples, with the course's sigmoid."""
    with student.standing_in(sigmoid=reference.sigmoid):
        public.sigmoid_derivative_test(student.sigmoid_derivative)


@checks("sigmoid_derivative-shapes")
def sigmoid_derivative_shapes(student, public):
    """sigmoid_derivative on hidden arrays of several shapes, with the course's sigmoid."""
    rng = student.rng(13)
    with student.standing_in(sigmoid=reference.sigmoid):
        got = student.sigmoid_derivative(np.zeros((2, 3)))
        _array("sigmoid_derivative on a (2, 3) array", got, (2, 3))
        for shape in [(4,), (3, 1), (2, 5), (2, 2, 3)]:
            x = rng.normal(scale=3.0, size=shape)
            s = reference.sigmoid(x)
            call = f"sigmoid_derivative on shape {shape}"
            got = _array(call, student.sigmoid_derivative(x), shape)
            if np.allclose(got, s):
                fail(call, "wrong values", hint="this is sigmoid(x) itself; return s * (1 - s)")
            _close(call, got, s * (1 - s))


@checks("image2vector-values")
def image2vector_values(student, public):
    """image2vector on the public example."""
    public.image2vector_test(student.image2vector)


@checks("image2vector-any_shape")
def image2vector_any_shape(student, public):
    """image2vector reads the sizes from its input, for images of any size."""
    rng = student.rng(14)
    for shape in [(4, 5, 3), (1, 1, 3), (8, 2, 1), (6, 6, 4)]:
        image = rng.random(shape)
        n = shape[0] * shape[1] * shape[2]
        call = f"image2vector on an image of shape {shape}"
        got = _array(call, student.image2vector(image), (n, 1))
        if not np.array_equal(got[:, 0], image.ravel()):
            hint = (
                "the column holds the image's numbers in row-major order: "
                "image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)"
            )
            fail(call, "wrong values", hint=hint)


@checks("normalize_rows-values")
def normalize_rows_values(student, public):
    """normalize_rows on the public example."""
    public.normalize_rows_test(student.normalize_rows)


@checks("normalize_rows-shapes")
def normalize_rows_shapes(student, public):
    """Every row of normalize_rows' result has length 1, for hidden matrices."""
    got = student.normalize_rows(np.array([[3.0, 4.0], [0.0, 2.0], [1.0, 0.0]]))
    _close("normalize_rows([[3, 4], [0, 2], [1, 0]])", got, [[0.6, 0.8], [0.0, 1.0], [1.0, 0.0]],
           "divide each row by its own L2 norm")  # fmt: skip
    rng = student.rng(15)
    for shape in [(1, 4), (3, 3), (5, 2), (4, 7)]:
        x = rng.normal(size=shape)
        want = x / np.sqrt((x**2).sum(axis=1, keepdims=True))
        got = _array(f"normalize_rows on shape {shape}", student.normalize_rows(x), shape)
        _close(f"normalize_rows on shape {shape}", got, want, "divide each row by its own norm")


@checks("softmax-values")
def softmax_values(student, public):
    """Check softmax on the public examples."""
    public.softmax_test(student.softmax)


@checks("softmax-shapes")
def softmax_shapes(student, public):
    """Check that softmax works row by row on hidden matrices of several shapes."""
    _close("softmax of a (3, 4) matrix of zeros", student.softmax(np.zeros((3, 4))), 0.25,
           "a row of equal scores should give equal probabilities")  # fmt: skip
    rng = student.rng(16)
    for shape in [(1, 5), (3, 1), (4, 6), (2, 2)]:
        x = rng.normal(scale=2.0, size=shape)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        got = _array(f"softmax on shape {shape}", student.softmax(x), shape)
        _close(f"softmax on shape {shape}", got, e / e.sum(axis=1, keepdims=True),
               "each row must sum to 1 over its own exponentials")  # fmt: skip


def _loss_check(student, public, name: str, want, hint: str | None) -> None:
    """Check the loss ``name`` on the public examples and hidden predictions."""
    getattr(public, f"{name}_test")(getattr(student, name))
    rng = student.rng(17 if name == "L1" else 18)
    for m in [1, 4, 10]:
        yhat = rng.random(m)
        y = (rng.random(m) > 0.5).astype(int)
        call = f"{name} on {m} random predictions and labels"
        got = getattr(student, name)(yhat, y)
        if np.ndim(got) != 0 or isinstance(got, str | bytes):
            fail(call, "wrong type", "a single number", describe(got))
        expected = want(yhat, y)
        if not np.isclose(float(got), expected):
            fail(call, "wrong value", expected, got, hint)


@checks("L1-values")
def l1_values(student, public):
    """L1 on the public examples and hidden predictions."""
    _loss_check(student, public, "L1", lambda yhat, y: np.abs(y - yhat).sum(), None)


@checks("L2-values")
def l2_values(student, public):
    """L2 on the public examples and hidden predictions."""
    hint = "add up the squared differences: no square root, no mean"
    _loss_check(student, public, "L2", lambda yhat, y: ((y - yhat) ** 2).sum(), hint)
