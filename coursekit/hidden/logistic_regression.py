"""Hidden checks of Assignment 2, "Logistic Regression with a Neural Network mindset", by cell.

Later exercises run with the course's versions of the earlier functions standing in for the
student's (:mod:`coursekit.hidden.reference`), so a mistake costs points once. The dataset
checks compare the student's globals with the course's own dataset, loaded here from the
course folder (the folder of the instructor's ``public_tests.py``), never with typed numbers;
the course's dataset sizes stand in for wrong ones in flatten's checks in the same way.
Hidden inputs are drawn per submission (``student.rng``).
"""

import contextlib
import functools
import importlib.util
import io
from pathlib import Path

import numpy as np

from coursekit.grading.verdicts.checks import Checks
from coursekit.grading.verdicts.messages import (
    REAL_OR_BOOL,
    describe,
    expect_array,
    expect_number,
    fail,
)
from coursekit.hidden import reference

# The spec lets no function of this assignment change its arguments (optimize must copy w).
checks = Checks("logistic_regression")

EARLIER = {"sigmoid": reference.sigmoid}
GRADIENTS = {**EARLIER, "propagate": reference.propagate}
PARTS = {
    **GRADIENTS,
    "initialize_with_zeros": reference.initialize_with_zeros,
    "optimize": reference.optimize,
    "predict": reference.predict,
}


# -- helpers ------------------------------------------------------------------------------------


def _dataset(public):
    """Return the course's pictures ``(train_set_x_orig, test_set_x_orig)``, loaded here.

    Returns
    -------
    tuple of ndarray
        Read-only uint8 arrays of shapes ``(209, 64, 64, 3)`` and ``(50, 64, 64, 3)``.
    """
    root = Path(public.__file__).parent
    # Loaded once per grading process while the files stay the same: three checks of every
    # submission read them, and opening the HDF5 files cost more than the comparisons.
    stamp = tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted([root / "lr_utils.py", *(root / "datasets").glob("*.h5")])
    )
    return _load_pictures(root, stamp)


@functools.lru_cache(maxsize=4)
def _load_pictures(root: Path, stamp: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Load the pictures with the course's ``lr_utils`` at ``root``; ``stamp`` keys the cache."""
    spec = importlib.util.spec_from_file_location("_coursekit_lr_utils", root / "lr_utils.py")
    lr_utils = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lr_utils)
    train_x, _, test_x, _, _ = lr_utils.load_dataset(root / "datasets")
    for pictures in (train_x, test_x):
        pictures.setflags(write=False)  # shared by every later check in this process
    return train_x, test_x


def _big_value(student, name: str, elements: int):
    """Read the student's global ``name``, letting an array of ``elements`` float64s cross.

    The standardised training set (12288 x 209 float64s, 20.5 MB) is larger than what values
    may usually be; the bound stays that of the course's own answer.
    """
    return student.value(name, max_bytes=8 * elements + 4096)


# True/False entries pass the shape checks (predict's check says more about them).
_array = functools.partial(expect_array, kinds=REAL_OR_BOOL)


def _matches(got, wrong) -> bool:
    """Return whether ``got`` equals the known wrong answer ``wrong``."""
    try:
        got, wrong = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == wrong.shape and np.allclose(got, wrong, rtol=1e-6, atol=1e-8)


def _values(call: str, got, want, mistakes=()) -> None:
    """Check an array's values against ``want`` without showing them; hint known mistakes."""
    want = np.asarray(want, dtype=float)
    if _matches(got, want) and isinstance(got, np.ndarray):
        _array(call, got, want.shape)
        return
    for wrong, hint in mistakes:
        if _matches(got, wrong):
            fail(call, "wrong values", hint=hint)
    _array(call, got, want.shape)
    fail(call, "wrong values")


def _number(call: str, got, want, mistakes=()) -> None:
    """Check that ``got`` is a real number (a 0-d array counts) close to ``want``, unshown."""
    got = expect_number(call, got)
    if np.isclose(got, float(want), rtol=1e-6, atol=1e-8):
        return
    for wrong, hint in mistakes:
        if _matches(got, wrong):
            fail(call, "wrong value", hint=hint)
    fail(call, "wrong value")


def _entry(call: str, result, index: int, names: tuple[str, ...]):
    """Return item ``index`` of the tuple ``result`` of ``len(names)`` values."""
    if not isinstance(result, tuple) or len(result) != len(names):
        got = f"a tuple of {len(result)}" if isinstance(result, tuple) else describe(result)
        fail(call, "wrong result", f"a tuple ({', '.join(names)})", got)
    return result[index]


def _key(call: str, what: str, d, key: str):
    """Return ``d[key]``, failing with a plain message when ``d`` is no dict holding it."""
    if not isinstance(d, dict):
        fail(call, f"{what}: wrong type", f'a dict with the key "{key}"', describe(d))
    if key not in d:
        fail(call, f'{what} has no key "{key}"')
    return d[key]


def _printed(function, *args, **kwargs):
    """Call ``function``; return its result and what was printed (stand-ins' prints included)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = function(*args, **kwargs)
    return result, buffer.getvalue()


# -- exercise 1: dataset sizes ------------------------------------------------------------------


@checks("dataset_sizes-values")
def dataset_sizes(student, public):
    """Check m_train, m_test and num_px against the course's pictures."""
    train_x, test_x = _dataset(public)
    sizes = [student.value(name) for name in ("m_train", "m_test", "num_px")]
    public.dataset_sizes_test(*sizes, train_x, test_x)


@checks.course_values("dataset_sizes")
def course_sizes(public) -> dict[str, int]:
    """Return the course's m_train, m_test and num_px, read from its pictures.

    Flatten's checks are judged again with these when dataset_sizes did not pass: a right
    ``reshape(m_train, -1).T`` then keeps its points beside a wrong m_train.
    """
    train_x, test_x = _dataset(public)
    return {"m_train": train_x.shape[0], "m_test": test_x.shape[0], "num_px": train_x.shape[1]}


# -- exercise 2: flatten ------------------------------------------------------------------------


@checks("flatten-shapes")
def flatten_shapes(student, public):
    """Check that the flattened sets hold one picture per column, pixels in order."""
    for name, orig in zip(("train_set_x", "test_set_x"), _dataset(public), strict=True):
        columns = orig.reshape(orig.shape[0], -1).T
        call = f"{name}_flatten"
        flat = _array(
            call,
            _big_value(student, call, columns.size),
            columns.shape,
            "one picture per column: X.reshape(X.shape[0], -1).T",
        )
        if not np.array_equal(flat, columns):
            hint = "use X.reshape(X.shape[0], -1).T on the _orig array, before dividing by 255"
            if np.array_equal(np.sort(flat, axis=None), np.sort(columns, axis=None)):
                hint = "the pixels are in the wrong order: use X.reshape(X.shape[0], -1).T"
            fail(call, "does not hold the pictures unrolled column by column", hint=hint)


@checks("flatten-standardize")
def flatten_standardize(student, public):
    """Check that train_set_x and test_set_x are the flattened pictures / 255, as floats."""
    for name, orig in zip(("train_set_x", "test_set_x"), _dataset(public), strict=True):
        columns = orig.reshape(orig.shape[0], -1).T
        scaled = _big_value(student, name, columns.size)
        if not isinstance(scaled, np.ndarray) or scaled.dtype.kind != "f":
            hint = "divide by 255 (not // 255) to get numbers between 0 and 1"
            fail(name, "wrong type", "a float array", describe(scaled), hint)
        _array(name, scaled, columns.shape, f"divide {name}_flatten by 255")
        if not np.allclose(scaled, columns / 255):
            hint = f"divide {name}_flatten by 255 (nothing else)"
            if np.allclose(scaled, columns):
                hint = f"the pixels still go up to 255: divide {name}_flatten by 255"
            fail(name, f"wrong values: not {name}_flatten / 255", hint=hint)


# -- exercise 3: sigmoid ------------------------------------------------------------------------


@checks("sigmoid-values")
def sigmoid_values(student, public):
    """Check sigmoid on the public examples, hidden arrays of several shapes and numbers."""
    public.sigmoid_test(student.sigmoid)
    rng = student.rng(31)
    for shape in [(1,), (3, 1), (1, 5), (4, 6), (2, 3, 2)]:
        z = rng.normal(scale=4.0, size=shape)
        _values(f"sigmoid(random array of shape {shape})", student.sigmoid(z), reference.sigmoid(z))
    for z in (1.5, -3):
        _number(f"sigmoid({z})", student.sigmoid(z), reference.sigmoid(z))


# -- exercise 4: initialize_with_zeros ----------------------------------------------------------


@checks("initialize_with_zeros-w")
def initialize_w(student, public):
    """Check that w is a float column of zeros of shape (dim, 1), for hidden sizes too."""
    public.initialize_with_zeros_test_1(student.initialize_with_zeros)
    for dim in (1, 3, 12288):
        call = f"initialize_with_zeros({dim})"
        w = _entry(call, student.initialize_with_zeros(dim), 0, ("w", "b"))
        _array(f"{call}: w", w, (dim, 1), hint=f"use np.zeros(({dim}, 1))")
        if w.dtype.kind != "f":
            hint = "np.zeros((dim, 1)) is float without dtype=int"
            fail(f"{call}: w", "wrong dtype", "a float dtype", w.dtype, hint)
        if w.any():
            fail(f"{call}: w", "wrong values", "all zeros")


@checks("initialize_with_zeros-b")
def initialize_b(student, public):
    """Check that b is the float 0.0 (a NumPy float is fine; an int or an array is not)."""
    public.initialize_with_zeros_test_2(student.initialize_with_zeros)
    for dim in (3, 7, 12288):
        call = f"initialize_with_zeros({dim})"
        b = _entry(call, student.initialize_with_zeros(dim), 1, ("w", "b"))
        public._expect_float(call, "b", b, 0.0)


# -- exercise 5: propagate ----------------------------------------------------------------------


def _propagate_cases(student):
    """Yield ``(call, m, course's (grads, cost), student's result)`` on hidden inputs."""
    rng = student.rng(51)
    for n, m in [(1, 1), (4, 7), (6, 30)]:
        w, b = rng.normal(size=(n, 1)), float(rng.normal())
        X, Y = rng.normal(size=(n, m)), rng.integers(0, 2, size=(1, m))
        call = f"propagate on random w of shape ({n}, 1) and X of shape ({n}, {m})"
        yield call, m, reference.propagate(w, b, X, Y), student.propagate(w, b, X, Y)


@checks("propagate-cost")
def propagate_cost(student, public):
    """Check propagate's cost, a number, on public and hidden inputs (course's sigmoid)."""
    with student.standing_in(**EARLIER):
        public.propagate_test(student.propagate, part="cost")
        for call, m, (_, cost), got in _propagate_cases(student):
            mistakes = [
                (cost * m, "the cost is not averaged: multiply the sum by 1/m"),
                (-cost, "the sign is flipped: J = -(1/m) * sum(...)"),
            ]
            _number(f"{call}: cost", _entry(call, got, 1, ("grads", "cost")), cost, mistakes)


@checks("propagate-dw")
def propagate_dw(student, public):
    """Check propagate's dw, with the shape of w, on the public and hidden inputs."""
    with student.standing_in(**EARLIER):
        public.propagate_test(student.propagate, part="dw")
        for call, m, (grads, _), got in _propagate_cases(student):
            dw = _key(call, "grads", _entry(call, got, 0, ("grads", "cost")), "dw")
            mistakes = [
                (grads["dw"] * m, "dw is not averaged: divide by m"),
                (grads["dw"].T, "dw must have the shape of w, (n_x, 1): compute X (A - Y).T"),
            ]
            _values(f'{call}: grads["dw"]', dw, grads["dw"], mistakes)


@checks("propagate-db")
def propagate_db(student, public):
    """Check propagate's db, a number, on the public and hidden inputs."""
    with student.standing_in(**EARLIER):
        public.propagate_test(student.propagate, part="db")
        for call, m, (grads, _), got in _propagate_cases(student):
            db = _key(call, "grads", _entry(call, got, 0, ("grads", "cost")), "db")
            hint = "db is not averaged: divide the sum by m"
            _number(f'{call}: grads["db"]', db, grads["db"], [(grads["db"] * m, hint)])


# -- exercise 6: optimize -----------------------------------------------------------------------

OPTIMIZE_RESULT = ("params", "grads", "costs")


@checks("optimize-params")
def optimize_params(student, public):
    """Check that optimize learns w and b with the given rate and number of iterations."""
    rng = student.rng(61)
    with student.standing_in(**GRADIENTS):
        public.optimize_test(student.optimize, part="params")
        for n, m, iterations, rate in [(3, 5, 150, 0.21), (1, 8, 37, 0.5), (5, 12, 260, 0.013)]:
            w, b = rng.normal(size=(n, 1)), float(rng.normal())
            X, Y = rng.normal(size=(n, m)), rng.integers(0, 2, size=(1, m))
            call = (
                f"optimize on random w of shape ({n}, 1), X of shape ({n}, {m}), "
                f"num_iterations={iterations}, learning_rate={rate}"
            )
            got = student.optimize(w, b, X, Y, num_iterations=iterations, learning_rate=rate)
            params = _entry(call, got, 0, OPTIMIZE_RESULT)
            grads = _entry(call, got, 1, OPTIMIZE_RESULT)
            want, want_grads, _ = reference.optimize(w, b, X, Y, iterations, rate)
            default_rate, _, _ = reference.optimize(w, b, X, Y, iterations)
            hint = (
                "this is what the default learning rate 0.009 gives: use the learning_rate argument"
            )
            _values(f'{call}: params["w"]', _key(call, "params", params, "w"), want["w"],
                    [(default_rate["w"], hint)])  # fmt: skip
            _number(f'{call}: params["b"]', _key(call, "params", params, "b"), want["b"])
            _values(f'{call}: grads["dw"]', _key(call, "grads", grads, "dw"), want_grads["dw"])
            _number(f'{call}: grads["db"]', _key(call, "grads", grads, "db"), want_grads["db"])


@checks("optimize-costs")
def optimize_costs(student, public):
    """Check that optimize records (and prints) the cost every 100 iterations only."""
    rng = student.rng(62)
    w, X, Y = rng.normal(size=(3, 1)), rng.normal(size=(3, 10)), rng.integers(0, 2, size=(1, 10))
    with student.standing_in(**GRADIENTS):
        public.optimize_test(student.optimize, part=("costs", "print_cost"))
        for iterations in (1, 100, 101, 250):
            call = f"optimize(..., num_iterations={iterations}, learning_rate=0.1, print_cost=True)"
            got, printed = _printed(
                student.optimize, w, 0.2, X, Y, num_iterations=iterations, learning_rate=0.1,
                print_cost=True,
            )  # fmt: skip
            _, _, want = reference.optimize(w, 0.2, X, Y, iterations, 0.1)
            try:
                costs = np.asarray(_entry(call, got, 2, OPTIMIZE_RESULT), dtype=float).reshape(-1)
            except (TypeError, ValueError):
                fail(f"{call}: costs", "wrong type", "a list of numbers")
            if costs.size != len(want):
                every = "one per iteration: record only when i % 100 == 0"
                hint = every if costs.size == iterations else None
                fail(f"{call}: costs", "wrong number of costs", len(want), costs.size, hint)
            if not np.allclose(costs, np.asarray(want, dtype=float), rtol=1e-6):
                fail(f"{call}: costs", "wrong values", hint="record the cost propagate returns")
            lines = [line.strip() for line in printed.strip().splitlines()]
            want_lines = [f"Cost after iteration {100 * k}: {c:f}" for k, c in enumerate(want)]
            if lines != want_lines:
                expected = f"{len(want_lines)} line(s) starting {want_lines[:2]}"
                got = f"{len(lines)} line(s) starting {lines[:2]}"
                hint = 'one line per recorded cost, like "Cost after iteration 0: 0.693147"'
                fail(call, "printed the wrong lines", expected, got, hint)


@checks("optimize-no_mutation")
def optimize_no_mutation(student, public):
    """Check that optimize leaves the caller's w, X and Y as they were."""
    rng = student.rng(63)
    w, X, Y = rng.normal(size=(4, 1)), rng.normal(size=(4, 6)), rng.integers(0, 2, size=(1, 6))
    with student.standing_in(**GRADIENTS):
        public.optimize_test(student.optimize, part="mutation")
        student.optimize(w, -0.4, X, Y, num_iterations=20, learning_rate=0.1)


# -- exercise 7: predict ------------------------------------------------------------------------


@checks("predict-values")
def predict_values(student, public):
    """Check that predict returns a (1, m) array of 0.0 and 1.0 matching the activations."""
    rng = student.rng(71)
    with student.standing_in(**EARLIER):
        public.predict_test(student.predict, part="values")
        for n, m in [(2, 1), (4, 9), (6, 40)]:
            w, b, X = rng.normal(size=(n, 1)), float(rng.normal(scale=0.5)), rng.normal(size=(n, m))
            call = f"predict on random w of shape ({n}, 1) and X of shape ({n}, {m})"
            got = student.predict(w, b, X)
            if isinstance(got, np.ndarray) and got.dtype == bool:
                hint = "convert the comparison with .astype(float)"
                fail(call, "wrong dtype", "floats (0.0 and 1.0)", got.dtype, hint)
            _values(call, got, reference.predict(w, b, X))


@checks("predict-boundary")
def predict_boundary(student, public):
    """Check that an activation of exactly 0.5 gives the prediction 0 (A > 0.5)."""
    hint = "an activation of exactly 0.5 is predicted 0: compare with A > 0.5, not >="
    with student.standing_in(**EARLIER):
        public.predict_test(student.predict, part="boundary")
        got = student.predict(np.zeros((3, 1)), 0.0, np.ones((3, 5)))
        _values("predict with w and b still zero (every activation 0.5)", got, np.zeros((1, 5)),
                [(np.ones((1, 5)), hint)])  # fmt: skip
        X = np.array([[1.0, 2.0, -1.0, 0.5], [-1.0, 1.0, -2.0, -0.5]])
        got = student.predict(np.array([[1.0], [1.0]]), 0.0, X)
        _values("predict where two of four activations are exactly 0.5", got,
                [[0.0, 1.0, 0.0, 0.0]], [([[1.0, 1.0, 0.0, 1.0]], hint)])  # fmt: skip


# -- exercise 8: model --------------------------------------------------------------------------


def _model_data(rng: np.random.Generator, n: int, m_train: int, m_test: int):
    """Return random ``(X_train, Y_train, X_test, Y_test)`` drawn from ``rng``."""
    return (
        rng.normal(size=(n, m_train)),
        rng.integers(0, 2, size=(1, m_train)),
        rng.normal(size=(n, m_test)),
        rng.integers(0, 2, size=(1, m_test)),
    )


@checks("model-keys")
def model_keys(student, public):
    """Check that model returns a dict with every key and the hyperparameters it was given."""
    with student.standing_in(**PARTS):
        public.model_test(student.model, part="keys")
        d = student.model(
            *_model_data(student.rng(81), 4, 12, 5), num_iterations=120, learning_rate=0.04
        )
        for key in ("costs", "Y_prediction_test", "Y_prediction_train", "w", "b"):
            _key("model(...)", "the result", d, key)
        for key, value in (("learning_rate", 0.04), ("num_iterations", 120)):
            got = _key("model(...)", "the result", d, key)
            if got != value:
                hint = f"store the {key} argument"
                fail(f'model(...): d["{key}"]', "wrong value", value, repr(got), hint)


@checks("model-training")
def model_training(student, public):
    """Check that model trains on the training set as asked and predicts both sets."""
    data = _model_data(student.rng(82), 4, 25, 9)
    call = (
        "model on random data (4 features, 25 training and 9 test examples), "
        "num_iterations=330, learning_rate=0.07"
    )
    with student.standing_in(**PARTS):
        public.model_test(student.model, part="training")
        d = student.model(*data, num_iterations=330, learning_rate=0.07)
    want = reference.model(*data, num_iterations=330, learning_rate=0.07)
    X_train, Y_train, X_test, Y_test = data
    mistakes = [
        (reference.model(X_test, Y_test, X_train, Y_train, 330, 0.07)["w"],
         "the model was trained on the test set: optimize on X_train and Y_train"),
        (reference.model(*data, num_iterations=330, learning_rate=0.005)["w"],
         "learning_rate was ignored: pass it on to optimize"),
        (reference.model(*data, learning_rate=0.07)["w"],
         "num_iterations was ignored: pass it on to optimize"),
    ]  # fmt: skip
    try:
        costs = np.asarray(_key(call, "the result", d, "costs"), dtype=float).reshape(-1)
    except (TypeError, ValueError):
        fail(f'{call}: d["costs"]', "wrong type", "a list of numbers")
    if costs.size != len(want["costs"]):
        hint = "is num_iterations passed on to optimize?"
        fail(f'{call}: d["costs"]', "wrong number of costs", len(want["costs"]), costs.size, hint)
    _values(f'{call}: d["w"]', _key(call, "the result", d, "w"), want["w"], mistakes)
    _number(f'{call}: d["b"]', _key(call, "the result", d, "b"), want["b"])
    if not np.allclose(costs, np.asarray(want["costs"], dtype=float), rtol=1e-6):
        fail(f'{call}: d["costs"]', "wrong values", hint="keep the costs optimize returns")
    for key in ("Y_prediction_train", "Y_prediction_test"):
        _values(f'{call}: d["{key}"]', _key(call, "the result", d, key), want[key])


@checks("model-print_cost")
def model_print_cost(student, public):
    """Check that model prints costs and accuracies with print_cost, and nothing without."""
    data = _model_data(student.rng(83), 3, 15, 6)
    with student.standing_in(**PARTS):
        public.model_test(student.model, part="print_cost")
        for print_cost in (False, True):
            _, printed = _printed(
                student.model, *data, num_iterations=210, learning_rate=0.05, print_cost=print_cost
            )
            lines = [line.strip() for line in printed.strip().splitlines()]
            if not print_cost:
                if lines:
                    hint = "print only when print_cost is True"
                    fail(
                        "model(..., print_cost=False)", "printed lines", "nothing", lines[:2], hint
                    )
                continue
            call = "model(..., num_iterations=210, print_cost=True)"
            cost_lines = [line for line in lines if line.startswith("Cost after iteration")]
            if len(cost_lines) != 3:
                hint = "pass print_cost on to optimize"
                fail(call, "wrong number of cost lines", 3, len(cost_lines), hint)
            for which in ("train", "test"):
                if not any(line.startswith(which + " accuracy:") for line in lines):
                    fail(call, f"did not print the {which} accuracy")
