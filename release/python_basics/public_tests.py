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


# ---------------------------------------------------------------------------------------------
# Assignment 2: Logistic Regression with a Neural Network mindset
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Assignment 3: Neurons and layers with NumPy
# ---------------------------------------------------------------------------------------------


_LAYER_WEIGHTS = [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
_LAYER_BIASES = [2, 3, 0.5]
_SHAPE_ERRORS = (ValueError, TypeError, IndexError, AttributeError)


def _shown(value):
    """Return ``value`` as it would be typed in a call: ``np.array([...])`` for arrays."""
    return f"np.array({value.tolist()})" if isinstance(value, np.ndarray) else repr(value)


def _call_shown(name, *args):
    """Return the text of the call ``name(*args)`` for messages."""
    return f"{name}({', '.join(_shown(arg) for arg in args)})"


def _call_explained(call, hints, target, *args):
    """Call ``target`` on copies of ``args``; turn a shape or type error into a hinted failure.

    ``hints`` maps exception types to the hint shown when the call raises one of them (the
    first matching entry wins); errors not listed, such as the stub's NotImplementedError,
    propagate unchanged.
    """
    try:
        return _call(target, *args)
    except _SHAPE_ERRORS as error:
        hint = next((text for kind, text in hints if isinstance(error, kind)), None)
        if hint is None:
            raise
        _fail(call, f"raised {type(error).__name__}: {error}", hint=hint)


def _expect_output_array(call, got, expected, mistakes=()):
    """Check an ndarray result like ``_expect_array``, with hints for lists and True/False arrays."""
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


def _bias_mistakes(no_bias, bias_per_product, bias_subtracted):
    """Return the usual wrong answers about a neuron's bias, with their hints."""
    return [
        (no_bias, "the bias is missing: add it after summing the weighted inputs"),
        (bias_per_product, "the bias was added to every product; add it once, after the sum"),
        (bias_subtracted, "the bias was subtracted; add it"),
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


def single_neuron_test(target):
    """Check ``single_neuron(inputs, weights, bias)`` on neurons with three inputs."""
    cases = [
        # inputs, weights, bias, expected, no bias, bias added to each product, bias subtracted
        ([1, 2, 3], [0.2, 0.8, -0.5], 2, 2.3, 0.3, 6.3, -1.7),
        (np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -0.75]), -0.5, -1.5, -1.0, -2.5, -0.5),
        ([4, 0, -1], [0.25, 3.0, 0.5], 1.5, 2.0, 0.5, 5.0, -1.0),
    ]
    for inputs, weights, bias, expected, *wrong in cases:
        call = _call_shown("single_neuron", inputs, weights, bias)
        got = _call_explained(call, _NEURON_ERROR_HINTS, target, inputs, weights, bias)
        _expect_neuron_number(call, got, expected, _bias_mistakes(*wrong))
    _passed()


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
            [(2.3, first_three), *_bias_mistakes(2.8, 10.8, 0.8)],
        ),
        (
            np.array([1.0, 0.0, -1.0, 2.0, 0.5, 3.0]),
            np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
            0.25,
            2.9,
            [
                (0.05, first_three),
                (0.85, "only the first four inputs count; use np.dot so every input counts"),
                *_bias_mistakes(2.65, 4.15, 2.4),
            ],
        ),
        ([1, 2, 3], [0.2, 0.8, -0.5], 2, 2.3, _bias_mistakes(0.3, 6.3, -1.7)),
        ([3.0], [2.0], 1.0, 7.0, _bias_mistakes(6.0, 7.0, 5.0)),
    ]
    for inputs, weights, bias, expected, mistakes in cases:
        call = _call_shown("neuron_output", inputs, weights, bias)
        got = _call_explained(call, _NEURON_ERROR_HINTS, target, inputs, weights, bias)
        _expect_neuron_number(call, got, expected, mistakes)
    _passed()


def layer_output_test(target):
    """Check ``layer_output(inputs, weights, biases)``: one output per neuron, as an ndarray."""
    swapped = (
        "this is np.dot(inputs, weights), which pairs the inputs with the columns of weights; "
        "each row of weights is one neuron, so compute np.dot(weights, inputs)"
    )
    no_biases = "the biases are missing: add one bias to each neuron's weighted sum"
    hints = [
        (
            Exception,
            "weights has one row per neuron, shape (n_neurons, n_inputs), and inputs has n_inputs "
            "entries: np.dot(weights, inputs) lines them up, np.dot(inputs, weights) does not",
        )
    ]
    square = [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6], [0.7, -0.8, 0.9]]
    cases = [
        (
            [1, 2, 3, 2.5],
            _LAYER_WEIGHTS,
            _LAYER_BIASES,
            [4.8, 1.21, 2.385],
            [([2.8, -1.79, 1.885], no_biases)],
        ),
        (
            np.array([1.0, -2.0, 0.5]),
            np.array(square),
            np.array([0.5, -1.0, 0.0]),
            [0.35, -2.1, 2.75],
            [([1.75, -2.2, -0.45], swapped), ([-0.15, -1.1, 2.75], no_biases)],
        ),
        (np.array([2.0, -1.0]), np.array([[0.5, 1.5]]), np.array([0.25]), [-0.25], []),
    ]
    for inputs, weights, biases, expected, mistakes in cases:
        call = _call_shown("layer_output", inputs, weights, biases)
        got = _call_explained(call, hints, target, inputs, weights, biases)
        _expect_output_array(call, got, expected, mistakes)
    _passed()


def batch_output_test(target):
    """Check ``batch_output(inputs, weights, biases)``: one row per sample, one column per neuron."""
    no_biases = "the biases are missing: add one bias per neuron (per column of the result)"
    hints = [
        (
            AttributeError,
            "weights may be a Python list, which has no .T: transpose np.array(weights) instead",
        ),
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
        if np.ndim(got) == 0 and not isinstance(got, (list, tuple)):
            hint = (
                "relu returned one number for the whole array (np.max gives the largest entry); "
                "np.maximum(0, x) compares 0 with each entry and keeps the shape"
            )
            _fail(call, "wrong type", f"numpy.ndarray of shape {x.shape}", _describe(got), hint)
        mistakes = [
            (minimum, "positive entries were zeroed and negative ones kept; relu does the reverse"),
            (absolute, "negative entries must become 0, not change sign"),
            (step, "this is 1 where x > 0 (relu's slope); relu returns x itself there"),
            (x, "negative entries must become 0"),
        ]
        _expect_output_array(call, got, expected, mistakes)
    x = np.array([0.25, -4.0, 6.5])
    argument = x.copy()
    target(argument)
    if not np.array_equal(argument, x):
        hint = "build a new array (np.maximum(0, x) does) instead of assigning into x"
        _fail(_call_shown("relu", x), "changed its argument x in place", x, argument, hint)
    _passed()
