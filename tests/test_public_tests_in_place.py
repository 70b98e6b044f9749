"""The public checks fail a function that changes its caller's input in place, as grading does.

Grading (``coursekit.grading.values.student.InputChanged``) takes the points of an answer that
writes into its arguments, unless the exercise allows it (``Checks.may_change_inputs``); each
notebook check must say so too, while right answers, and the allowed in-place division of
``normalize_rows``, still pass.
"""

import copy

import numpy as np
import pytest

import public_tests as pt
from coursekit.course import GRADED
from coursekit.grading.verdicts.checks import load_checks


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax_shifting_in_place(x):
    """Return the stable softmax, shifting the caller's x itself (wrong)."""
    x -= np.max(x, axis=1, keepdims=True)
    x_exp = np.exp(x)
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)


def _softmax(x):
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)


def _sigmoid_in_place(x):
    """Return the sigmoid, computed in the caller's float array (wrong)."""
    x = np.asarray(x, dtype=float)
    x *= -1
    np.exp(x, out=x)
    x += 1
    return 1 / x


def _l1_in_place(yhat, y):
    """Return L1, subtracting y from the caller's yhat (wrong)."""
    yhat -= y
    return np.sum(np.abs(yhat))


def _image2vector_reshaping_in_place(image):
    """Reshape the caller's array itself instead of returning a view (wrong)."""
    image.shape = (-1, 1)
    return image


def _normalize_rows_in_place(x):
    """Divide the rows of x in place: the specification allows it (right)."""
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _propagate(w, b, X, Y):
    m = X.shape[1]
    A = _sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, float(cost)


def _optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False, copy_w=True):
    if copy_w:
        w = copy.deepcopy(w)
    costs = []
    for i in range(num_iterations):
        grads, cost = _propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs


def _optimize_in_place(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Run optimize without w = copy.deepcopy(w): w -= ... updates the caller's w (wrong)."""
    return _optimize(w, b, X, Y, num_iterations, learning_rate, print_cost, copy_w=False)


def _predict_thresholding_x(w, b, X):
    """Predict, reusing the caller's X to hold the activations (wrong)."""
    A = _sigmoid(np.dot(w.T, X) + b)
    X[0, :] = A
    return (A > 0.5).astype(float)


def _relu_in_place(x):
    x[x < 0] = 0
    return x


def _neuron_output_bias_as_weight(inputs, weights, bias):
    """Fold the bias in as one more weight, appended to the caller's lists (wrong)."""
    inputs = list(inputs) if isinstance(inputs, np.ndarray) else inputs
    weights = list(weights) if isinstance(weights, np.ndarray) else weights
    inputs.append(1)
    weights.append(bias)
    return np.dot(inputs, weights)


# (checker, in-place answer, the input it changes)
IN_PLACE = [
    (pt.sigmoid_test, _sigmoid_in_place, "x"),
    (pt.softmax_test, _softmax_shifting_in_place, "x"),
    (pt.L1_test, _l1_in_place, "yhat"),
    (pt.image2vector_test, _image2vector_reshaping_in_place, "image"),
    (pt.optimize_test, _optimize_in_place, "w"),
    (pt.predict_test, _predict_thresholding_x, "X"),
    (pt.relu_test, _relu_in_place, "x"),
    (pt.neuron_output_test, _neuron_output_bias_as_weight, "inputs"),
]

RIGHT = [
    (pt.sigmoid_test, _sigmoid),
    (pt.softmax_test, _softmax),
    (pt.L1_test, lambda yhat, y: np.sum(np.abs(yhat - y))),
    (pt.image2vector_test, lambda image: image.reshape(-1, 1)),
    (pt.normalize_rows_test, _normalize_rows_in_place),
    (pt.optimize_test, _optimize),
    (pt.predict_test, lambda w, b, X: (_sigmoid(np.dot(w.T, X) + b) > 0.5).astype(float)),
    (pt.relu_test, lambda x: np.maximum(0, x)),
    (pt.neuron_output_test, lambda inputs, weights, bias: np.dot(weights, inputs) + bias),
]


@pytest.mark.parametrize(
    ("checker", "answer", "name"), IN_PLACE, ids=[a.__name__.strip("_") for _, a, _ in IN_PLACE]
)
def test_in_place_answer_is_flagged(checker, answer, name):
    """Does the check fail an answer that writes into its input, naming the input and the fix?"""
    with pytest.raises(pt.CheckFailed) as failure:
        checker(answer)
    message = str(failure.value)
    assert f"changed its input {name} in place" in message, message
    assert "hint: compute a new array" in message and "expected:" in message, message


@pytest.mark.parametrize(("checker", "answer"), RIGHT, ids=[c.__name__ for c, _ in RIGHT])
def test_right_answer_still_passes(checker, answer, capsys):
    """Does a right answer (and normalize_rows dividing x in place) still pass?"""
    checker(answer)
    assert capsys.readouterr().out.strip().endswith(pt.PASSED)


def test_in_place_exemptions_match_grading():
    """Do grading's may_change_inputs name exactly the functions the public checks let change?"""
    allowed = {name for a in GRADED for name in load_checks(a.name).may_change_inputs}
    assert allowed == {"normalize_rows"}


def test_checker_inputs_stay_pristine():
    """Are the checkers' own module-level inputs untouched after an in-place answer ran?"""
    before = copy.deepcopy((pt._IMAGE, pt._X2, pt._X3, pt._W3, pt._LAYER_WEIGHTS))
    for checker, answer, _ in IN_PLACE:
        with pytest.raises(pt.CheckFailed):
            checker(answer)
    after = (pt._IMAGE, pt._X2, pt._X3, pt._W3, pt._LAYER_WEIGHTS)
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
