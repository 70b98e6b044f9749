"""The course's own versions of functions that later exercises call, written once.

A check lends them, through stand-ins, to the student's later functions
(``student.standing_in(sigmoid=reference.sigmoid)``), so a mistake in one exercise is not
paid for again in the next. They run in the grading process only.
"""

import copy

import numpy as np


def sigmoid(z):
    """Return the logistic function of ``z``, element by element (any shape)."""
    return 1 / (1 + np.exp(-z))


def single_neuron(inputs, weights, bias):
    """Return one neuron's output, the weighted sum of ``inputs`` plus ``bias``, as a float.

    Like the instructor's solution, it reads inputs of any length (lists or arrays).
    """
    return float(np.dot(weights, inputs) + bias)


def neuron_output(inputs, weights, bias):
    """Return one neuron's output for ``inputs`` of shape (n_inputs,), as a float."""
    return float(np.dot(inputs, weights) + bias)


def layer_output(inputs, weights, biases):
    """Return a layer's outputs, shape (n_neurons,); ``weights`` is (n_neurons, n_inputs)."""
    weights, inputs = np.asarray(weights, dtype=float), np.asarray(inputs, dtype=float)
    return weights @ inputs + np.asarray(biases, dtype=float)


def initialize_with_zeros(dim):
    """Return ``w``, float zeros of shape (dim, 1), and ``b``, the float 0.0."""
    return np.zeros((dim, 1)), 0.0


def propagate(w, b, X, Y):
    """Return the gradients ``{"dw", "db"}`` and the cost of logistic regression.

    As in the notebook: ``dw`` has the shape of ``w``, ``db`` is a NumPy float and the cost a
    0-d array (the answer cell squeezes it), so a student's ``optimize`` that records the cost
    sees the very values the instructor's ``propagate`` gives.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    grads : dict
        ``"dw"``, ndarray of shape (n_x, 1), and ``"db"``, a float64.
    cost : ndarray of shape ()
    """
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    grads = {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}
    return grads, np.squeeze(np.array(cost))


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Run gradient descent; return ``params``, the last ``grads`` and the costs every 100 steps.

    The caller's ``w`` is left as it was; with ``print_cost`` each recorded cost is printed as
    ``Cost after iteration <i>: <cost>``.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    num_iterations : int, default=100
    learning_rate : float, default=0.009
    print_cost : bool, default=False

    Returns
    -------
    params : dict
        ``"w"`` of shape (n_x, 1) and ``"b"``.
    grads : dict
        The gradients of the last iteration, as :func:`propagate` returns them.
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, ...
    """
    w = copy.deepcopy(w)
    costs, grads = [], {}
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Return the predictions, shape (1, m): 1.0 where the activation is above 0.5, else 0.0.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    """
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(float)


def model(
    X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005, print_cost=False
):
    """Train logistic regression from zeros on the training set; predict both sets.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_test : ndarray of shape (n_x, m_test)
    Y_test : ndarray of shape (1, m_test)
    num_iterations : int, default=2000
    learning_rate : float, default=0.005
    print_cost : bool, default=False
        Print the costs while training, then the train and test accuracies.

    Returns
    -------
    dict
        ``costs``, ``Y_prediction_test`` (1, m_test), ``Y_prediction_train`` (1, m_train),
        ``w`` (n_x, 1), ``b``, ``learning_rate`` and ``num_iterations``.
    """
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if print_cost:
        print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
        print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
