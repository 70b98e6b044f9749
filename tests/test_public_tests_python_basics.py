"""Assignment 1 checkers: known wrong answers get a helpful message, right variants pass."""

import math

import numpy as np
import pytest

import public_tests as pt


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


WRONG = [
    (pt.basic_sigmoid_test, lambda x: 1 / (1 + math.exp(x)), "sign of the exponent"),
    (pt.basic_sigmoid_test, lambda x: np.array([1 / (1 + math.exp(-x))]), "wrong type"),
    (pt.sigmoid_test, lambda x: 1 / (1 + np.exp(x)), "sign is flipped"),
    (pt.sigmoid_test, lambda x: [1 / (1 + math.exp(-v)) for v in np.ravel(x)], "wrong type"),
    (pt.sigmoid_derivative_test, _sigmoid, "this is sigmoid(x) itself"),
    (pt.sigmoid_derivative_test, lambda x: _sigmoid(x) * _sigmoid(x), "wrong values"),
    (pt.image2vector_test, lambda image: image.reshape(-1), "rank-1 array"),
    (pt.image2vector_test, lambda image: image.reshape(1, -1), "transposed"),
    (pt.image2vector_test, lambda image: image.reshape(-1, 1, order="F"), "wrong order"),
    (pt.image2vector_test, lambda image: image.T.reshape(-1, 1), "wrong order"),
    (pt.image2vector_test, lambda image: image.reshape(18, 1), "cannot reshape"),
    (
        pt.normalize_rows_test,
        lambda x: x / np.linalg.norm(x, axis=0, keepdims=True),
        "normalized the columns",
    ),
    (pt.normalize_rows_test, lambda x: x / np.linalg.norm(x, axis=1), "operands could not"),
    (
        pt.softmax_test,
        lambda x: np.exp(x) / np.sum(x, axis=1, keepdims=True),
        "divided by the row sum of x",
    ),
    (
        pt.softmax_test,
        lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True),
        "summed over columns",
    ),
    (pt.softmax_test, lambda x: np.exp(x) / np.sum(np.exp(x)), "wrong values"),
    (pt.L1_test, lambda yhat, y: np.sum(y - yhat), "absolute value"),
    (pt.L1_test, lambda yhat, y: np.mean(np.abs(y - yhat)), "do not average"),
    (pt.L2_test, lambda yhat, y: np.sqrt(np.sum((y - yhat) ** 2)), "square root"),
    (pt.L2_test, lambda yhat, y: np.mean((y - yhat) ** 2), "do not average"),
    (pt.L2_test, lambda yhat, y: np.array([[np.sum((y - yhat) ** 2)]]), "np.squeeze"),
]

RIGHT = [
    (pt.basic_sigmoid_test, lambda x: 1 / (1 + math.exp(-x))),
    (pt.basic_sigmoid_test, lambda x: np.float64(1) / (1 + np.exp(-x))),
    (pt.basic_sigmoid_test, lambda x: math.exp(x) / (math.exp(x) + 1)),
    (pt.sigmoid_test, _sigmoid),
    (pt.sigmoid_test, lambda x: 0.5 * (1 + np.tanh(np.asarray(x) / 2))),
    (pt.sigmoid_derivative_test, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    (pt.sigmoid_derivative_test, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2),
    (pt.image2vector_test, lambda image: image.reshape(-1, 1)),
    (pt.image2vector_test, lambda image: image.reshape(image.size, 1)),
    (pt.image2vector_test, lambda image: image.ravel()[:, np.newaxis]),
    (pt.normalize_rows_test, lambda x: x / np.linalg.norm(x, ord=2, axis=1, keepdims=True)),
    (pt.normalize_rows_test, lambda x: x / np.sqrt(np.sum(x**2, axis=1, keepdims=True))),
    (pt.softmax_test, lambda x: np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)),
    (pt.L1_test, lambda yhat, y: np.sum(np.abs(y - yhat))),
    (pt.L1_test, lambda yhat, y: float(np.abs(yhat - y).sum())),
    (pt.L2_test, lambda yhat, y: np.sum((y - yhat) ** 2)),
    (pt.L2_test, lambda yhat, y: np.dot(y - yhat, y - yhat)),
    (pt.L2_test, lambda yhat, y: np.squeeze(np.sum(np.square(yhat - y), keepdims=True))),
]


def _normalize_in_place(x):
    x_norm = np.linalg.norm(x, axis=1, keepdims=True)
    x /= x_norm
    return x


def _stable_softmax(x):
    shifted = np.exp(x - np.max(x, axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


RIGHT += [(pt.normalize_rows_test, _normalize_in_place), (pt.softmax_test, _stable_softmax)]


@pytest.mark.parametrize("checker, wrong, message", WRONG, ids=[w[2] for w in WRONG])
def test_checker_names_the_mistake(checker, wrong, message):
    """Does the checker fail a known wrong answer with a message naming the problem?"""
    with pytest.raises((AssertionError, ValueError)) as failure:
        checker(wrong)
    assert message in str(failure.value), str(failure.value)


@pytest.mark.parametrize(
    "checker, right", RIGHT, ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(RIGHT)]
)
def test_checker_accepts_right_variant(checker, right, capsys):
    """Does the checker accept a right answer written another way, and say so?"""
    checker(right)
    assert capsys.readouterr().out.strip() == pt.PASSED


def test_checker_does_not_let_the_student_change_its_inputs():
    """Is a function that overwrites its input told so, with the checker's own input intact?"""
    before = pt._IMAGE.copy()

    def vandal(image):
        image[...] = 0
        return image.reshape(-1, 1)

    with pytest.raises(AssertionError, match="changed its input image in place"):
        pt.image2vector_test(vandal)
    assert np.array_equal(pt._IMAGE, before)
    pt.image2vector_test(lambda image: image.reshape(-1, 1))
