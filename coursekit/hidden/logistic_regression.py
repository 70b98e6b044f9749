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
    saved = student.max_bytes
    student.max_bytes = max(saved, 8 * elements + 4096)
    try:
        return student.value(name)
    finally:
        student.max_bytes = saved


def _array(call: str, got, shape, hint: str = "") -> np.ndarray:
    """Check that ``got`` is a real numeric ndarray of ``shape``; return it."""
    if not isinstance(got, np.ndarray):
        raise AssertionError(
            f"{call} should be a numpy array, got {type(got).__name__}"
            + (f": {hint}" if hint else "")
        )
    if got.shape != tuple(shape):
        if got.ndim == 1 and got.size == int(np.prod(shape)):
            hint = hint or f"this is a rank-1 array; reshape it to {tuple(shape)}"
        elif got.shape == tuple(shape)[::-1]:
            hint = hint or "the result is transposed"
        raise AssertionError(
            f"{call} has shape {got.shape}, expected {tuple(shape)}" + (f": {hint}" if hint else "")
        )
    if got.dtype.kind not in "biuf":
        raise AssertionError(f"{call} has dtype {got.dtype}; it should hold real numbers")
    return got


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
            raise AssertionError(f"{call} has wrong values: {hint}")
    _array(call, got, want.shape)
    raise AssertionError(f"{call} has wrong values")


def _number(call: str, got, want, mistakes=()) -> None:
    """Check that ``got`` is a real number (a 0-d array counts) close to ``want``."""
    if isinstance(got, np.ndarray) and got.shape != ():
        raise AssertionError(
            f"{call} should be a number, got an array of shape {got.shape}: "
            "use np.squeeze() or float() to turn it into a number"
        )
    if isinstance(got, bool | np.bool_) or not isinstance(
        got, int | float | np.number | np.ndarray
    ):
        raise AssertionError(f"{call} should be a number, got {type(got).__name__}")
    if np.isclose(float(got), float(want), rtol=1e-6, atol=1e-8):
        return
    for wrong, hint in mistakes:
        if _matches(got, wrong):
            raise AssertionError(f"{call} is wrong: {hint}")
    raise AssertionError(f"{call} is wrong")


def _entry(call: str, result, index: int, names: tuple[str, ...]):
    """Return item ``index`` of the tuple ``result`` of ``len(names)`` values."""
    if not isinstance(result, tuple) or len(result) != len(names):
        raise AssertionError(f"{call} should return a tuple ({', '.join(names)})")
    return result[index]


def _key(call: str, what: str, d, key: str):
    """Return ``d[key]``, failing with a plain message when ``d`` is no dict holding it."""
    if not isinstance(d, dict) or key not in d:
        raise AssertionError(f'{call}: {what} should be a dict with the key "{key}"')
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
            raise AssertionError(
                f"{call} does not hold the pictures unrolled column by column: {hint}"
            )


@checks("flatten-standardize")
def flatten_standardize(student, public):
    """Check that train_set_x and test_set_x are the flattened pictures / 255, as floats."""
    for name, orig in zip(("train_set_x", "test_set_x"), _dataset(public), strict=True):
        columns = orig.reshape(orig.shape[0], -1).T
        scaled = _big_value(student, name, columns.size)
        if not isinstance(scaled, np.ndarray) or scaled.dtype.kind != "f":
            raise AssertionError(
                f"{name} should be a float array: divide by 255 (not // 255) to get numbers "
                "between 0 and 1"
            )
        _array(name, scaled, columns.shape, f"divide {name}_flatten by 255")
        if not np.allclose(scaled, columns / 255):
            hint = f"divide {name}_flatten by 255 (nothing else)"
            if np.allclose(scaled, columns):
                hint = f"the pixels still go up to 255: divide {name}_flatten by 255"
            raise AssertionError(f"{name} is not {name}_flatten / 255: {hint}")


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
        _array(f"{call}: w", w, (dim, 1), f"use np.zeros(({dim}, 1))")
        assert w.dtype.kind == "f", (
            f"{call}: w has dtype {w.dtype}; it must be float "
            "(np.zeros((dim, 1)) without dtype=int)"
        )
        assert not w.any(), f"{call}: w should be all zeros"


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
                raise AssertionError(f"{call}: costs should be a list of numbers") from None
            every = " (one per iteration: record only when i % 100 == 0)"
            assert costs.size == len(want), (
                f"{call} returned {costs.size} costs; expected {len(want)}"
                + (every if costs.size == iterations else "")
            )
            assert np.allclose(costs, np.asarray(want, dtype=float), rtol=1e-6), (
                f"{call}: the recorded costs are wrong: record the cost propagate returns"
            )
            lines = [line.strip() for line in printed.strip().splitlines()]
            want_lines = [f"Cost after iteration {100 * k}: {c:f}" for k, c in enumerate(want)]
            assert lines == want_lines, (
                f"{call} printed {len(lines)} line(s) starting {lines[:2]}; expected one line "
                'per recorded cost, like "Cost after iteration 0: 0.693147"'
            )


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
            assert not (isinstance(got, np.ndarray) and got.dtype == bool), (
                f"{call} returned booleans: convert the comparison with .astype(float)"
            )
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
            assert got == value, f'd["{key}"] is {got!r}; store the {key} argument'


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
        raise AssertionError(f'{call}: d["costs"] should be a list of numbers') from None
    assert costs.size == len(want["costs"]), (
        f'{call}: d["costs"] has {costs.size} entries; expected {len(want["costs"])} '
        "(is num_iterations passed on to optimize?)"
    )
    _values(f'{call}: d["w"]', _key(call, "the result", d, "w"), want["w"], mistakes)
    _number(f'{call}: d["b"]', _key(call, "the result", d, "b"), want["b"])
    assert np.allclose(costs, np.asarray(want["costs"], dtype=float), rtol=1e-6), (
        f'{call}: wrong d["costs"]: keep the costs optimize returns'
    )
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
                assert not lines, (
                    f"model(..., print_cost=False) printed {lines[:2]}; print only when "
                    "print_cost is True"
                )
                continue
            cost_lines = [line for line in lines if line.startswith("Cost after iteration")]
            assert len(cost_lines) == 3, (
                f"model(..., num_iterations=210, print_cost=True) printed {len(cost_lines)} cost "
                "lines; expected 3: pass print_cost on to optimize"
            )
            for which in ("train", "test"):
                assert any(line.startswith(which + " accuracy:") for line in lines), (
                    f"model(..., print_cost=True) did not print the {which} accuracy"
                )
