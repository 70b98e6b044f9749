"""Unit tests for the Assignment 2 checkers in public_tests.py, on small right and wrong answers.

Each known wrong answer of the course specification gets a test asserting that the checker
rejects it with a message naming the problem; right answers in other forms (a NumPy float for
``b``, a 0-d array for the cost) must pass.
"""

import copy

import numpy as np
import pytest

import public_tests
from public_tests import (
    PASSED,
    initialize_with_zeros_test_1,
    initialize_with_zeros_test_2,
    model_test,
    optimize_test,
    predict_test,
    propagate_test,
    sigmoid_test,
)

# ---------------------------------------------------------------------------------------------
# Right answers, written with a few knobs so that each test can turn one mistake on.
# ---------------------------------------------------------------------------------------------


def sigmoid(z):
    """Return the sigmoid of ``z``."""
    return 1 / (1 + np.exp(-z))


def make_initialize(w_factory=lambda dim: np.zeros((dim, 1)), b=0.0):
    """Return an ``initialize_with_zeros`` building ``w`` with ``w_factory`` and returning ``b``."""

    def initialize_with_zeros(dim):
        return w_factory(dim), b

    return initialize_with_zeros


def make_propagate(cost_form="number", sign=-1, cost_mean=True, dw_form="right", db_form="right"):
    """Return a ``propagate`` with the chosen mistakes (the defaults give the right answer)."""

    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = sigmoid(np.dot(w.T, X) + b)
        total = sign * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1, keepdims=True)
        cost = total / m if cost_mean else total
        cost = {"number": np.squeeze(cost), "float": float(np.squeeze(cost)), "(1, 1)": cost}
        dw = {
            "right": np.dot(X, (A - Y).T) / m,
            "sum": np.dot(X, (A - Y).T),
            "row": np.dot(A - Y, X.T) / m,
        }[dw_form]
        db = {
            "right": np.sum(A - Y) / m,
            "sum": np.sum(A - Y),
            "(1, 1)": np.sum(A - Y, axis=1, keepdims=True) / m,
        }[db_form]
        return {"dw": dw, "db": db}, cost[cost_form]

    return propagate


def make_optimize(copy_w=True, fixed_rate=None, record_every=100, printing=True):
    """Return an ``optimize`` with the chosen mistakes (the defaults give the right answer)."""
    propagate = make_propagate()

    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        rate = learning_rate if fixed_rate is None else fixed_rate
        if copy_w:
            w = copy.deepcopy(w)
        costs = []
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w -= rate * grads["dw"]
            b = b - rate * grads["db"]
            if i % record_every == 0:
                costs.append(cost)
                if print_cost and printing and i % 100 == 0:
                    print(f"Cost after iteration {i}: {cost:f}")
        return {"w": w, "b": b}, grads, costs

    return optimize


def make_predict(compare=np.greater, as_bool=False):
    """Return a ``predict`` thresholding with ``compare`` (``np.greater`` is right)."""

    def predict(w, b, X):
        flags = compare(sigmoid(np.dot(w.T, X) + b), 0.5)
        return flags if as_bool else flags.astype(float)

    return predict


def make_model(iterations=None, rate=None, on_test=False, pass_print_cost=True):
    """Return a ``model`` with the chosen mistakes (the defaults give the right answer)."""
    optimize, predict = make_optimize(), make_predict()

    def model(
        X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005, print_cost=False
    ):
        w, b = np.zeros((X_train.shape[0], 1)), 0.0
        X_fit, Y_fit = (X_test, Y_test) if on_test else (X_train, Y_train)
        params, _, costs = optimize(
            w,
            b,
            X_fit,
            Y_fit,
            num_iterations if iterations is None else iterations,
            learning_rate if rate is None else rate,
            print_cost and pass_print_cost,
        )
        w, b = params["w"], params["b"]
        train, test = predict(w, b, X_train), predict(w, b, X_test)
        if print_cost:
            print(f"train accuracy: {100 - np.mean(np.abs(train - Y_train)) * 100} %")
            print(f"test accuracy: {100 - np.mean(np.abs(test - Y_test)) * 100} %")
        return {
            "costs": costs,
            "Y_prediction_test": test,
            "Y_prediction_train": train,
            "w": w,
            "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations,
        }

    return model


def passes(checker, target, capsys, **options):
    """Return whether ``checker`` accepted ``target`` and printed the success line."""
    checker(target, **options)
    return capsys.readouterr().out.strip().endswith(PASSED)


# ---------------------------------------------------------------------------------------------
# Right answers pass, in every accepted form.
# ---------------------------------------------------------------------------------------------


def test_sigmoid_test_serves_assignment_2_demo(capsys):
    """Does the shared sigmoid_test accept the sigmoid of Assignment 2 (parameter z)?"""
    assert passes(sigmoid_test, sigmoid, capsys)


@pytest.mark.parametrize(
    "b",
    [0.0, np.float64(0.0), np.float32(0.0)],
    ids=["python-float", "numpy-float64", "numpy-float32"],
)
def test_initialize_accepts_any_float_zero(b, capsys):
    """Is b = 0.0 accepted as a Python float and as a NumPy float (np.float64(0.0))?"""
    target = make_initialize(b=b)
    assert passes(initialize_with_zeros_test_1, target, capsys)
    assert passes(initialize_with_zeros_test_2, target, capsys)


@pytest.mark.parametrize("cost_form", ["number", "float"])
def test_propagate_accepts_0d_array_or_float_cost(cost_form, capsys):
    """Is the cost accepted both as np.squeeze's 0-d array and as a Python float?"""
    assert passes(propagate_test, make_propagate(cost_form=cost_form), capsys)


def test_right_optimize_predict_model_pass(capsys):
    """Do right optimize, predict (vectorised) and model pass their checkers?"""
    assert passes(optimize_test, make_optimize(), capsys)
    assert passes(predict_test, make_predict(), capsys)
    assert passes(model_test, make_model(), capsys)


def test_predict_with_a_loop_passes(capsys):
    """Does a predict that thresholds in a loop (allowed by the rules) pass?"""

    def predict(w, b, X):
        A = sigmoid(np.dot(w.T, X) + b)
        Y_prediction = np.zeros((1, X.shape[1]))
        for i in range(A.shape[1]):
            Y_prediction[0, i] = 1.0 if A[0, i] > 0.5 else 0.0
        return Y_prediction

    assert passes(predict_test, predict, capsys)


def test_part_selects_what_is_checked(capsys):
    """Does part= check only the named part, so a dw mistake leaves the cost part passing?"""
    wrong_dw = make_propagate(dw_form="sum")
    assert passes(propagate_test, wrong_dw, capsys, part="cost")
    assert passes(propagate_test, wrong_dw, capsys, part=("cost", "db"))
    with pytest.raises(AssertionError, match="dw is not averaged"):
        propagate_test(wrong_dw, part="dw")
    with pytest.raises(ValueError, match="unknown part"):
        propagate_test(wrong_dw, part="gradients")


def test_checkers_do_not_change_their_inputs():
    """Do the checkers call the student's function on copies, keeping their own inputs intact?"""
    saved = [c["X"].copy() for c in public_tests._PROPAGATE_CASES]

    def scribbling_propagate(w, b, X, Y):
        X *= 0
        return make_propagate()(w, b, X, Y)

    with pytest.raises(AssertionError):
        propagate_test(scribbling_propagate)
    for case, before in zip(public_tests._PROPAGATE_CASES, saved, strict=True):
        np.testing.assert_array_equal(case["X"], before, err_msg="a checker input was changed")


# ---------------------------------------------------------------------------------------------
# Known wrong answers are rejected with a message that names the mistake.
# ---------------------------------------------------------------------------------------------

WRONG_INITIALIZE = [
    (
        "w-int-dtype",
        make_initialize(lambda dim: np.zeros((dim, 1), dtype=int)),
        1,
        r"wrong dtype.*no dtype=int.*int64",
    ),
    (
        "w-rank-1",
        make_initialize(lambda dim: np.zeros(dim)),
        1,
        r"wrong shape.*rank-1 array.*np\.zeros\(\(2, 1\)\)",
    ),
    ("w-ones", make_initialize(lambda dim: np.ones((dim, 1))), 1, r"wrong values"),
    ("b-int", make_initialize(b=0), 2, r"b is an integer.*write b = 0\.0.*int 0"),
    ("b-array", make_initialize(b=np.zeros((1, 1))), 2, r"b is an array.*shape \(1, 1\)"),
    ("b-0d-array", make_initialize(b=np.array(0.0)), 2, r"b is an array"),
]


@pytest.mark.parametrize(
    ("target", "which", "message"),
    [case[1:] for case in WRONG_INITIALIZE],
    ids=[case[0] for case in WRONG_INITIALIZE],
)
def test_initialize_rejects_known_mistakes(target, which, message):
    """Is each known wrong initialize_with_zeros rejected by its checker with a clear message?"""
    checker = initialize_with_zeros_test_1 if which == 1 else initialize_with_zeros_test_2
    with pytest.raises(AssertionError, match="(?s)" + message):
        checker(target)


WRONG_PROPAGATE = [
    ("cost-(1,1)", {"cost_form": "(1, 1)"}, r"cost: wrong type.*np\.squeeze.*shape \(1, 1\)"),
    ("cost-no-1/m", {"cost_mean": False}, r"cost: wrong value.*not averaged.*1/m"),
    ("cost-wrong-sign", {"sign": 1}, r"cost: wrong value.*sign is flipped"),
    (
        "dw-no-transpose",
        {"dw_form": "row"},
        r'grads\["dw"\]: wrong shape.*X @ \(A - Y\)\.T.*\(2, 1\).*\(1, 2\)',
    ),
    ("dw-not-averaged", {"dw_form": "sum"}, r'grads\["dw"\]: wrong values.*dw is not averaged'),
    ("db-not-averaged", {"db_form": "sum"}, r'grads\["db"\]: wrong value.*db is not averaged'),
    ("db-(1,1)", {"db_form": "(1, 1)"}, r'grads\["db"\]: wrong type.*np\.squeeze.*shape \(1, 1\)'),
]


@pytest.mark.parametrize(
    ("mistake", "message"),
    [case[1:] for case in WRONG_PROPAGATE],
    ids=[case[0] for case in WRONG_PROPAGATE],
)
def test_propagate_rejects_known_mistakes(mistake, message):
    """Is each known wrong propagate rejected with a message naming the mistake?"""
    with pytest.raises(AssertionError, match="(?s)" + message) as raised:
        propagate_test(make_propagate(**mistake))
    assert "expected:" in str(raised.value) and "got:" in str(raised.value)


WRONG_OPTIMIZE = [
    (
        "mutates-w",
        {"copy_w": False},
        "mutation",
        r"changed its input w in place.*w = w - 1 makes one.*w -= 1",
    ),
    (
        "ignores-learning-rate",
        {"fixed_rate": 0.009},
        "params",
        r'params\["w"\]: wrong values.*default rate 0\.009.*learning_rate',
    ),
    (
        "cost-every-iteration",
        {"record_every": 1},
        "costs",
        r"costs: wrong length \(\d+, one per iteration\).*i % 100 == 0",
    ),
    (
        "ignores-print-cost",
        {"printing": False},
        "print_cost",
        r"printed the wrong lines.*Cost after iteration 0: 0\.749395",
    ),
]


@pytest.mark.parametrize(
    ("mistake", "part", "message"),
    [case[1:] for case in WRONG_OPTIMIZE],
    ids=[case[0] for case in WRONG_OPTIMIZE],
)
def test_optimize_rejects_known_mistakes(mistake, part, message):
    """Is each known wrong optimize rejected, by the part that concerns it, with a clear message?"""
    target = make_optimize(**mistake)
    with pytest.raises(AssertionError, match="(?s)" + message):
        optimize_test(target, part=part)
    with pytest.raises(AssertionError, match="(?s)" + message):
        optimize_test(target)


@pytest.mark.parametrize("part", ["params", "costs", "print_cost", "mutation"])
def test_optimize_mutation_fails_every_part(part):
    """Does every part fail an optimize that updates the caller's w (w -= ...), as grading does?"""
    with pytest.raises(AssertionError, match="changed its input w in place"):
        optimize_test(make_optimize(copy_w=False), part=part)


def test_predict_greater_or_equal_fails_only_the_tie(capsys):
    """Does predict with >= pass on inputs without ties and fail the 0.5 tie, with the rule?"""
    target = make_predict(compare=np.greater_equal)
    assert passes(predict_test, target, capsys, part="values")
    with pytest.raises(AssertionError, match=r"(?s)exactly 0\.5 is predicted 0.*A > 0\.5, not >="):
        predict_test(target, part="boundary")


def test_predict_booleans_get_a_conversion_hint():
    """Is a boolean prediction array rejected with the hint to convert it to numbers?"""
    with pytest.raises(AssertionError, match=r"(?s)wrong dtype.*astype\(float\)"):
        predict_test(make_predict(as_bool=True))


def test_predict_without_bias_is_named():
    """Is a predict that leaves b out of the activation rejected with a hint naming b?"""

    def predict(w, b, X):
        return (sigmoid(np.dot(w.T, X)) > 0.5).astype(float)

    with pytest.raises(AssertionError, match=r"(?s)leaving out b.*sigmoid\(w\.T @ X \+ b\)"):
        predict_test(predict, part="values")


WRONG_MODEL = [
    (
        "ignores-num-iterations",
        {"iterations": 2000},
        "training",
        r"wrong length.*2000 iterations.*num_iterations",
    ),
    (
        "ignores-learning-rate",
        {"rate": 0.005},
        "training",
        r'd\["w"\]: wrong values.*learning_rate=0\.005.*pass learning_rate on',
    ),
    (
        "trains-on-test-set",
        {"on_test": True},
        "training",
        r"trained on the test set.*X_train and Y_train",
    ),
    (
        "ignores-print-cost",
        {"pass_print_cost": False},
        "print_cost",
        r"did not print the costs.*pass print_cost on to optimize",
    ),
]


@pytest.mark.parametrize(
    ("mistake", "part", "message"),
    [case[1:] for case in WRONG_MODEL],
    ids=[case[0] for case in WRONG_MODEL],
)
def test_model_rejects_known_mistakes(mistake, part, message):
    """Is each known wrong model rejected with a message naming the mistake?"""
    with pytest.raises(AssertionError, match="(?s)" + message):
        model_test(make_model(**mistake), part=part)


def test_model_that_always_prints_is_rejected():
    """Is a model that prints although print_cost=False rejected?"""
    right = make_model()

    def chatty(*args, **kwargs):
        kwargs["print_cost"] = True
        return right(*args, **kwargs)

    with pytest.raises(AssertionError, match="printed although print_cost=False"):
        model_test(chatty, part="print_cost")
