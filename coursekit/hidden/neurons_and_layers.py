"""Hidden checks of Assignment 3, "Neurons and layers with NumPy", by graded cell.

Hidden inputs are drawn per submission (``student.rng``).

No function of this assignment may change its arguments (the notebook asks each to leave its
inputs as they were), so the engine fails any that does. A student's later function may call
an earlier one (``layer_output`` built on ``neuron_output``, say): its checks lend it the
course's earlier functions, so it never pays for a mistake made there.
"""

import numpy as np

from coursekit.grading.verdicts.checks import Checks
from coursekit.grading.verdicts.messages import (
    FLOATS,
    REAL,
    expect_array,
    expect_close,
    expect_number,
    fail,
)
from coursekit.hidden import reference

checks = Checks("neurons_and_layers", whole_exercise=True)

# What each exercise's function may call of the earlier ones, lent while it is checked.
BEFORE_NEURON_OUTPUT = {"single_neuron": reference.single_neuron}
BEFORE_LAYER_OUTPUT = {**BEFORE_NEURON_OUTPUT, "neuron_output": reference.neuron_output}
BEFORE_BATCH_OUTPUT = {**BEFORE_LAYER_OUTPUT, "layer_output": reference.layer_output}


def _array(call: str, got, shape: tuple, floats: bool = False) -> np.ndarray:
    """Check that ``got`` is a real numeric (with ``floats``, float) ndarray of ``shape``."""
    return expect_array(call, got, shape, kinds=FLOATS if floats else REAL)


# -- single_neuron ---------------------------------------------------------------------------


@checks("single_neuron-values")
def single_neuron_values(student, public):
    """Check single_neuron on the public examples and on hidden neurons given as lists."""
    public.single_neuron_test(student.single_neuron)
    rng = student.rng(301)
    for _ in range(10):
        inputs, weights = rng.normal(size=(2, 3)).tolist()
        bias = float(rng.normal())
        call = "single_neuron on random lists of three numbers"
        got = expect_number(call, student.single_neuron(inputs, weights, bias))
        hint = "multiply each input by its weight, add the three products, then add the bias once"
        expect_close(call, got, reference.single_neuron(inputs, weights, bias), hint)


def _one_number(function, example, other, listed) -> None:
    """Check that a neuron's ``function`` gives one number on arrays and lists, right on ``other``.

    ``example``, ``other`` and ``listed`` are ``(inputs, weights, bias)``: the notebook's example
    as arrays, other arrays, and plain lists.
    """
    name = function.__name__
    expect_number(f"{name} on the notebook's example given as arrays", function(*example))
    result = expect_number(f"{name} on other arrays", function(*other))
    expect_number(f"{name}{tuple(listed)}", function(*listed))
    expect_close(
        f"{name} on other arrays",
        result,
        getattr(reference, name)(*other),
        "the weighted sum of all the inputs, plus the bias",
    )


@checks("single_neuron-number")
def single_neuron_number(student, public):
    """Check that single_neuron returns one number for lists and arrays, right on other inputs."""
    _one_number(
        student.single_neuron,
        (np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.8, -0.5]), 2.0),
        (np.array([0.5, -1.5, 4.0]), np.array([2.0, 0.25, -1.0]), -0.75),
        ([3, 1, 2], [1, -2, 4], 5),
    )


# -- neuron_output ---------------------------------------------------------------------------


@checks("neuron_output-values")
def neuron_output_values(student, public):
    """Check neuron_output on the public examples and on hidden neurons of 1 to 16 inputs."""
    with student.standing_in(**BEFORE_NEURON_OUTPUT):
        public.neuron_output_test(student.neuron_output)
        rng = student.rng(302)
        for length in (4, 4, 1, 2, 5, 7, 10, 16):
            inputs, weights = rng.normal(size=(2, length))
            bias = float(rng.normal())
            call = f"neuron_output on {length} inputs"
            got = expect_number(call, student.neuron_output(inputs, weights, bias))
            hint = "every input counts (np.dot(inputs, weights)), then the bias"
            expect_close(call, got, reference.neuron_output(inputs, weights, bias), hint)


@checks("neuron_output-number")
def neuron_output_number(student, public):
    """Check that neuron_output returns one number for lists and arrays, right on other inputs."""
    with student.standing_in(**BEFORE_NEURON_OUTPUT):
        _one_number(
            student.neuron_output,
            (np.array([1.0, 2.0, 3.0, 2.5]), np.array([0.2, 0.8, -0.5, 1.0]), 2.0),
            (np.array([1.5, -0.5, 2.0, 0.0, -3.0]), np.array([0.4, 1.0, -0.2, 7.0, 0.1]), 1.25),
            ([2, 0, 1, 3], [1, 5, -1, 2], 4),
        )


# -- layer_output ----------------------------------------------------------------------------


@checks("layer_output-values")
def layer_output_values(student, public):
    """Check layer_output on the public examples and on hidden layers of several sizes."""
    with student.standing_in(**BEFORE_LAYER_OUTPUT):
        public.layer_output_test(student.layer_output)
        rng = student.rng(303)
        for n_inputs, n_neurons in ((4, 3), (3, 3), (2, 5), (6, 1), (1, 4), (5, 5)):
            inputs = rng.normal(size=n_inputs)
            weights = rng.normal(size=(n_neurons, n_inputs))
            biases = rng.normal(size=n_neurons)
            call = f"layer_output for {n_inputs} inputs and {n_neurons} neurons"
            got = _array(call, student.layer_output(inputs, weights, biases), (n_neurons,))
            hint = "neuron i is np.dot(weights[i], inputs) + biases[i]"
            expect_close(call, got, reference.layer_output(inputs, weights, biases), hint)


@checks("layer_output-shape")
def layer_output_shape(student, public):
    """Check that layer_output returns an ndarray of shape (n_neurons,), right on other inputs."""
    with student.standing_in(**BEFORE_LAYER_OUTPUT):
        out = student.layer_output(
            [1, 2, 3, 2.5],
            [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]],
            [2, 3, 0.5],
        )
        _array("layer_output on the example of 3 neurons (lists)", out, (3,))
        inputs = np.array([0.5, 1.0, -2.0])
        weights = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 0.5]])
        biases = np.array([0.25, -0.75])
        result = _array(
            "layer_output of 2 neurons", student.layer_output(inputs, weights, biases), (2,), True
        )
        single = student.layer_output(
            np.array([1.0, 2.0]), np.array([[3.0, -1.0]]), np.array([0.5])
        )
        _array("layer_output of a layer of one neuron", single, (1,))
        expect_close(
            "layer_output of 2 neurons",
            result,
            reference.layer_output(inputs, weights, biases),
            "each neuron is its weight row times the inputs plus its bias",
        )


# -- batch_output ----------------------------------------------------------------------------


def _batch_output(inputs, weights, biases):
    """Return the expected batch result: one row per sample, one column per neuron."""
    return np.array([reference.layer_output(sample, weights, biases) for sample in inputs])


@checks("batch_output-values")
def batch_output_values(student, public):
    """Check batch_output on the public examples and on hidden batches of several sizes."""
    with student.standing_in(**BEFORE_BATCH_OUTPUT):
        public.batch_output_test(student.batch_output)
        rng = student.rng(304)
        sizes = ((3, 4, 3), (2, 4, 3), (5, 2, 3), (1, 3, 2), (4, 1, 4), (6, 6, 6))
        for n_samples, n_inputs, n_neurons in sizes:
            inputs = rng.normal(size=(n_samples, n_inputs))
            weights = rng.normal(size=(n_neurons, n_inputs))
            biases = rng.normal(size=n_neurons)
            call = f"batch_output for {n_samples} samples, {n_inputs} inputs, {n_neurons} neurons"
            got = student.batch_output(inputs, weights, biases)
            _array(call, got, (n_samples, n_neurons))
            hint = "the result is np.dot(inputs, weights.T) + biases"
            expect_close(call, got, _batch_output(inputs, weights, biases), hint)


@checks("batch_output-shape")
def batch_output_shape(student, public):
    """Check that batch_output returns an ndarray (n_samples, n_neurons), right on other inputs."""
    with student.standing_in(**BEFORE_BATCH_OUTPUT):
        out = student.batch_output(
            [[1, 2, 3, 2.5], [2, 5, -1, 2]],
            [[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]],
            [2, 3, 0.5],
        )
        _array("batch_output of 2 samples through 3 neurons (lists)", out, (2, 3))
        inputs = np.array([[0.5, 1.0, -2.0], [1.0, 0.0, 4.0], [2.0, -1.0, 0.5], [0.0, 0.0, 1.0]])
        weights = np.array([[1.0, 0.0, 2.0], [-1.0, 3.0, 0.5]])
        biases = np.array([0.25, -0.75])
        result = student.batch_output(inputs, weights, biases)
        _array("batch_output of 4 samples through 2 neurons", result, (4, 2), floats=True)
        one_sample = student.batch_output(
            np.array([[1.0, 2.0]]), np.array([[3.0, -1.0], [0.5, 0.5], [2.0, 2.0]]), np.zeros(3)
        )
        _array("batch_output of one sample through 3 neurons", one_sample, (1, 3))
        expect_close(
            "batch_output of 4 samples through 2 neurons",
            result,
            _batch_output(inputs, weights, biases),
            "the result is np.dot(inputs, weights.T) + biases",
        )


# -- relu and sigmoid ------------------------------------------------------------------------


def _relu(x):
    """Return the expected relu: x where positive, 0 elsewhere."""
    return np.where(x > 0, x, 0.0)


@checks("relu-values")
def relu_values(student, public):
    """Check relu on the public examples and on hidden arrays of several shapes."""
    public.relu_test(student.relu)
    rng = student.rng(305)
    for shape in ((5,), (3, 4), (2, 3, 2), (1, 1), (7,)):
        x = rng.normal(size=shape) * 3
        call = f"relu on an array of shape {shape}"
        got = _array(call, student.relu(x), shape)
        expect_close(call, got, _relu(x), "keep the positive entries, set the others to 0")


@checks("relu-shape")
def relu_shape(student, public):
    """Check that relu returns a new float ndarray of the input's shape, right on other inputs."""
    _array(
        "relu of a (2, 3) array",
        student.relu(np.array([[-1.5, 2.0, 0.0], [3.0, -4.0, 0.5]])),
        (2, 3),
    )
    x = np.array([[-0.5, 1.5], [2.5, -3.5], [0.0, -0.25]])
    result = _array("relu of a (3, 2) array", student.relu(x), (3, 2), floats=True)
    _array("relu of a (2, 2, 2) array", student.relu(-np.ones((2, 2, 2))), (2, 2, 2))
    expect_close(
        "relu of a (3, 2) array", result, _relu(x), "keep the positive entries, set the others to 0"
    )


@checks("sigmoid-values")
def sigmoid_values(student, public):
    """Check sigmoid on the public examples and on hidden arrays of several shapes."""
    public.sigmoid_test(student.sigmoid)
    rng = student.rng(306)
    for shape in ((5,), (4, 3), (2, 2, 3), (1, 1)):
        x = rng.normal(size=shape) * 4
        call = f"sigmoid on an array of shape {shape}"
        got = _array(call, student.sigmoid(x), shape)
        expect_close(call, got, reference.sigmoid(x), "1 / (1 + np.exp(-x)) on every entry")


@checks("sigmoid-shape")
def sigmoid_shape(student, public):
    """Check that sigmoid keeps its input shape, gives a number for a number, right elsewhere."""
    _array("sigmoid of a (1, 3) array", student.sigmoid(np.array([[-2.0, 0.0, 2.0]])), (1, 3))
    x = np.array([[0.5, -1.0], [3.0, -0.25]])
    result = _array("sigmoid of a (2, 2) array", student.sigmoid(x), (2, 2))
    at_two = expect_number("sigmoid(2.0)", student.sigmoid(2.0))
    if not np.isclose(at_two, 0.8807970779778823):
        fail("sigmoid(2.0)", "wrong value", 0.8808, at_two, "1 / (1 + np.exp(-x))")
    expect_close(
        "sigmoid of a (2, 2) array",
        result,
        reference.sigmoid(x),
        "1 / (1 + np.exp(-x)) on every entry",
    )
