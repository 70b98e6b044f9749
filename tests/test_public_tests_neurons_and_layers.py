"""Tests for the Assignment 3 checkers: right answers pass, known wrong answers name the problem."""

import re

import numpy as np
import pytest

import public_tests
from public_tests import (
    batch_output_test,
    layer_output_test,
    neuron_output_test,
    relu_test,
    sigmoid_test,
    single_neuron_test,
)


def _relu_in_place(x):
    """Zero the negative entries of ``x`` itself and return it (a known wrong answer)."""
    x[x < 0] = 0
    return x


def _relu_on_copy(x):
    """Zero the negative entries of a copy of ``x`` (a right answer)."""
    a = np.array(x, dtype=float)
    a[a < 0] = 0
    return a


def _three_terms(inputs, weights, bias):
    """Spell out three products, ignoring any further input (a known wrong answer)."""
    return inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias


def _four_terms(inputs, weights, bias):
    """Spell out four products, ignoring any further input (a known wrong answer)."""
    return _three_terms(inputs, weights, bias) + inputs[3] * weights[3]


RIGHT = [
    (single_neuron_test, lambda i, w, b: np.dot(w, i) + b),
    (single_neuron_test, lambda i, w, b: float(np.dot(i, w) + b)),
    (single_neuron_test, lambda i, w, b: np.sum(np.multiply(i, w)) + b),
    (single_neuron_test, lambda i, w, b: np.asarray(np.dot(i, w) + b)),
    (single_neuron_test, _three_terms),
    (neuron_output_test, lambda i, w, b: np.dot(i, w) + b),
    (neuron_output_test, lambda i, w, b: np.asarray(w) @ np.asarray(i) + b),
    (layer_output_test, lambda i, w, b: np.dot(w, i) + b),
    (layer_output_test, lambda i, w, b: np.asarray(w) @ np.asarray(i) + np.asarray(b)),
    (layer_output_test, lambda i, w, b: np.dot(i, np.array(w).T) + b),
    (batch_output_test, lambda i, w, b: np.dot(i, np.array(w).T) + b),
    (batch_output_test, lambda i, w, b: (np.dot(w, np.array(i).T) + np.array(b)[:, None]).T),
    (batch_output_test, lambda i, w, b: np.asarray(i) @ np.transpose(w) + np.asarray(b)),
    (relu_test, lambda x: np.maximum(0, x)),
    (relu_test, lambda x: np.maximum(x, 0.0)),
    (relu_test, lambda x: np.where(x > 0, x, 0)),
    (relu_test, lambda x: x * (x > 0)),
    (relu_test, lambda x: np.clip(x, 0, None)),
    (relu_test, _relu_on_copy),
    (sigmoid_test, lambda x: 1 / (1 + np.exp(-x))),
    (sigmoid_test, lambda x: np.exp(x) / (1 + np.exp(x))),
]

WRONG = [
    # checker, wrong answer, words the failure message must contain
    (single_neuron_test, lambda i, w, b: np.dot(w, i), "the bias is missing"),
    (single_neuron_test, lambda i, w, b: np.sum(np.multiply(i, w) + b), "added to every product"),
    (single_neuron_test, lambda i, w, b: np.dot(w, i) - b, "the bias was subtracted"),
    (single_neuron_test, lambda i, w, b: np.multiply(i, w) + b, "a neuron gives one number"),
    (single_neuron_test, lambda i, w, b: [np.dot(i, w) + b], "a neuron gives one number"),
    (single_neuron_test, lambda i, w, b: np.array([np.dot(i, w) + b]), "np.squeeze"),
    (single_neuron_test, lambda i, w, b: sum(i * w) + b, "plain Python lists"),
    (neuron_output_test, _three_terms, "only the first three inputs count"),
    (neuron_output_test, _four_terms, "only the first four inputs count"),
    (neuron_output_test, lambda i, w, b: np.dot(i, w), "the bias is missing"),
    (neuron_output_test, lambda i, w, b: np.dot(i, w) - b, "the bias was subtracted"),
    (neuron_output_test, lambda i, w, b: np.mean(np.multiply(i, w)) + b, "products were averaged"),
    (single_neuron_test, lambda i, w, b: np.mean(np.multiply(i, w)) + b, "products were averaged"),
    (layer_output_test, lambda i, w, b: np.dot(i, w) + b, "np.dot(inputs, weights), which pairs"),
    (layer_output_test, lambda i, w, b: np.dot(w, i), "the biases are missing"),
    (layer_output_test, lambda i, w, b: list(np.dot(w, i) + b), "return a NumPy array"),
    (layer_output_test, lambda i, w, b: np.sum(np.dot(w, i) + b), "one output per neuron"),
    (layer_output_test, lambda i, w, b: np.dot(w, i) + np.sum(b), "the sum of all the biases"),
    (layer_output_test, lambda i, w, b: np.multiply(w, i) + b, "np.dot also adds up"),
    (layer_output_test, lambda i, w, b: np.multiply(w, i), "np.dot also adds up"),
    (layer_output_test, lambda i, w, b: np.dot(i, w.T) + b, "has no .T"),
    (layer_output_test, lambda i, w, b: np.dot(np.transpose(w), i) + b, "which pairs"),
    (layer_output_test, lambda i, w, b: np.dot(np.reshape(i, (-1, 1)), w) + b, "lines them up"),
    (batch_output_test, lambda i, w, b: np.dot(i, w) + b, "only match once the weights"),
    (batch_output_test, lambda i, w, b: np.dot(i, w.T) + b, "has no .T"),
    (batch_output_test, lambda i, w, b: np.dot(w, np.array(i).T) + b, "one row per neuron"),
    (
        batch_output_test,
        lambda i, w, b: np.dot(w, np.array(i).T) + np.array(b)[:, None],
        "the result is transposed",
    ),
    (
        batch_output_test,
        lambda i, w, b: np.dot(i, np.array(w).T) + np.array(b)[:, None],
        "added to a sample (a row) instead of to a neuron",
    ),
    (batch_output_test, lambda i, w, b: np.dot(i, np.array(w).T), "the biases are missing"),
    (
        batch_output_test,
        lambda i, w, b: [np.dot(w, sample) + b for sample in i],
        "return a NumPy array",
    ),
    (relu_test, lambda x: np.max(x), "one number for the whole array"),
    (relu_test, lambda x: np.max(0, x), "np.maximum(0, x)"),
    (relu_test, lambda x: max(0, x), "Python's max cannot compare arrays"),
    (relu_test, lambda x: np.minimum(0, x), "positive entries were zeroed"),
    (relu_test, lambda x: np.abs(x), "not change sign"),
    (relu_test, lambda x: x > 0, "True/False"),
    (relu_test, lambda x: (x > 0) * 1, "relu's slope"),
    (relu_test, lambda x: (x > 0).astype(float), "relu's slope"),
    (relu_test, lambda x: x, "negative entries must become 0"),
    (relu_test, lambda x: np.maximum(0, x).tolist(), "return a NumPy array"),
    (relu_test, _relu_in_place, "changed its input x in place"),
    (sigmoid_test, lambda x: 1 / (1 + np.exp(x)), "sign is flipped"),
]


def _name(case):
    """Return a readable test id: the checker's name."""
    return getattr(case[0], "__name__", "checker")


@pytest.mark.parametrize(("checker", "answer"), RIGHT, ids=[_name(c) for c in RIGHT])
def test_right_answers_pass(checker, answer, capsys):
    """Does each checker accept right answers written in different ways?"""
    checker(answer)
    assert capsys.readouterr().out.strip() == public_tests.PASSED


@pytest.mark.parametrize(("checker", "answer", "words"), WRONG, ids=[c[2] for c in WRONG])
def test_known_wrong_answer_is_named(checker, answer, words):
    """Does each known wrong answer fail its checker with a message naming the mistake?"""
    with pytest.raises(AssertionError, match=re.escape(words)):
        checker(answer)


@pytest.mark.parametrize(
    "checker",
    [single_neuron_test, neuron_output_test, layer_output_test, batch_output_test, relu_test],
)
def test_unwritten_stub_error_is_not_disguised(checker):
    """Does the untouched stub's NotImplementedError reach the student unchanged?"""

    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        checker(stub)


def test_checker_inputs_survive_a_mutating_answer():
    """Do the checkers' own inputs stay intact when an answer edits its arguments?"""
    weights_before = [row[:] for row in public_tests._LAYER_WEIGHTS]

    def scribbles(inputs, weights, biases):
        weights[0][0] = 99.0
        return np.dot(inputs, np.array(weights).T) + biases

    with pytest.raises(AssertionError):
        batch_output_test(scribbles)
    assert public_tests._LAYER_WEIGHTS == weights_before


def test_failure_message_names_the_call():
    """Does a failure say which call went wrong, with expected and got values?"""
    with pytest.raises(AssertionError) as failure:
        single_neuron_test(lambda i, w, b: np.dot(w, i))
    message = str(failure.value)
    assert message.startswith("single_neuron([1, 2, 3], [0.2, 0.8, -0.5], 2): wrong value")
    assert "expected: 2.3" in message and "hint:" in message
