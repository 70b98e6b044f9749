"""Variants of Assignment 2, Logistic Regression with a Neural Network mindset.

The notebook's setup cell imports ``copy``, ``numpy as np`` and loads ``train_set_x_orig``,
``train_set_y``, ``test_set_x_orig``, ``test_set_y``; answers may use them and the variables
and functions of earlier exercises. An exercise scores only when all of its checks pass (the
grading engine's whole-exercise rule), so a variant wrong in any one aspect is expected to lose
the whole exercise. The exceptions carry ``expect_caught=False`` and say why.

:data:`CASCADE_PAIRS` are handed in together: a wrong answer and a right answer of a later
exercise that calls the wrong function. The later exercise must keep all of its points, because
its checks lend it the course's versions of the functions it calls.
"""

from coursekit.accuracy.variants import right, wrong

DATASET_SIZES = (
    right("dataset_sizes", "unpacked_shape").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train, num_px, _, _ = train_set_x_orig.shape
        m_test = test_set_x_orig.shape[0]
    """),
    right("dataset_sizes", "len_and_width").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = len(train_set_x_orig)
        m_test = len(test_set_x_orig)
        num_px = train_set_x_orig.shape[2]
    """),
    right("dataset_sizes", "from_labels").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = train_set_y.shape[1]
        m_test = test_set_y.shape[1]
        num_px = test_set_x_orig.shape[1]
    """),
    right("dataset_sizes", "int_cast").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = int(train_set_x_orig.shape[0])
        m_test = int(test_set_x_orig.shape[0])
        num_px = int(train_set_x_orig.shape[1])
    """),
    wrong("dataset_sizes", "height_as_count", "reads the picture height as the count").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = train_set_x_orig.shape[1]
        m_test = test_set_x_orig.shape[1]
        num_px = train_set_x_orig.shape[1]
    """),
    wrong("dataset_sizes", "label_rows", "counts the rows of the label arrays (1)").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = train_set_y.shape[0]
        m_test = test_set_y.shape[0]
        num_px = train_set_x_orig.shape[1]
    """),
    wrong("dataset_sizes", "channels_as_size", "takes the colour channels (3) as num_px").cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = train_set_x_orig.shape[0]
        m_test = test_set_x_orig.shape[0]
        num_px = train_set_x_orig.shape[3]
    """),
    wrong(
        "dataset_sizes", "pixels_per_picture", "num_px as the pixel count (height x width)"
    ).cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = train_set_x_orig.shape[0]
        m_test = test_set_x_orig.shape[0]
        num_px = train_set_x_orig.shape[1] * train_set_x_orig.shape[2]
    """),
    wrong(
        "dataset_sizes",
        "swapped_sets",
        "swaps the training and test counts",
        # A right flatten that reads m_train keeps its points: the sizes get the course's values.
        beside=("flatten/sizes_from_exercise_1",),
    ).cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = test_set_x_orig.shape[0]
        m_test = train_set_x_orig.shape[0]
        num_px = train_set_x_orig.shape[1]
    """),
    wrong(
        "dataset_sizes",
        "hard_coded",
        "types the numbers instead of reading the shapes",
        expect_caught=False,
        note="undetectable by value: the typed numbers equal the course dataset's sizes",
    ).cell("""
        # GRADED VARIABLE: m_train, m_test, num_px

        m_train = 209
        m_test = 50
        num_px = 64
    """),
)

FLATTEN = (
    right("flatten", "transpose_method").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).transpose()
        test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).transpose()
        train_set_x = train_set_x_flatten / 255.0
        test_set_x = test_set_x_flatten / 255.0
    """),
    right("flatten", "sizes_from_exercise_1").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(m_train, num_px * num_px * 3).T
        test_set_x_flatten = test_set_x_orig.reshape(m_test, num_px * num_px * 3).T
        train_set_x = train_set_x_flatten / 255
        test_set_x = test_set_x_flatten / 255
    """),
    right("flatten", "np_reshape_float_first").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = np.reshape(train_set_x_orig, (len(train_set_x_orig), -1)).T
        test_set_x_flatten = np.reshape(test_set_x_orig, (len(test_set_x_orig), -1)).T
        train_set_x = train_set_x_flatten.astype(np.float64) / 255
        test_set_x = test_set_x_flatten.astype(np.float64) / 255
    """),
    right("flatten", "multiply_by_inverse").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T
        test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T
        train_set_x = train_set_x_flatten * (1 / 255)
        test_set_x = test_set_x_flatten * (1 / 255)
    """),
    wrong("flatten", "wrong_order", "reshape(-1, m): right shape, pixels scrambled").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(-1, train_set_x_orig.shape[0])
        test_set_x_flatten = test_set_x_orig.reshape(-1, test_set_x_orig.shape[0])
        train_set_x = train_set_x_flatten / 255
        test_set_x = test_set_x_flatten / 255
    """),
    wrong("flatten", "not_transposed", "one picture per row instead of per column").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1)
        test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1)
        train_set_x = train_set_x_flatten / 255
        test_set_x = test_set_x_flatten / 255
    """),
    wrong("flatten", "divided_twice", "standardises before flattening, then again").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = (train_set_x_orig / 255).reshape(train_set_x_orig.shape[0], -1).T
        test_set_x_flatten = (test_set_x_orig / 255).reshape(test_set_x_orig.shape[0], -1).T
        train_set_x = train_set_x_flatten / 255
        test_set_x = test_set_x_flatten / 255
    """),
    wrong("flatten", "integer_division", "// 255 gives integers").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T
        test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T
        train_set_x = train_set_x_flatten // 255
        test_set_x = test_set_x_flatten // 255
    """),
    wrong("flatten", "not_standardized", "forgets to divide by 255").cell("""
        # GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

        train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T
        test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T
        train_set_x = train_set_x_flatten
        test_set_x = test_set_x_flatten
    """),
)

SIGMOID = (
    right("sigmoid", "tanh").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            return 0.5 * (1 + np.tanh(z / 2))
    """),
    right("sigmoid", "exp_ratio").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            e = np.exp(z)
            return e / (1 + e)
    """),
    right("sigmoid", "reciprocal").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            s = np.reciprocal(1 + np.exp(-z))
            return s
    """),
    right("sigmoid", "float_array_first").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            return 1.0 / (1.0 + np.exp(-z))
    """),
    wrong("sigmoid", "sign_flipped", "exponent's sign flipped: computes sigmoid(-z)").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            return 1 / (1 + np.exp(z))
    """),
    wrong("sigmoid", "math_exp", "math.exp instead of np.exp: fails on arrays").cell("""
        # GRADED FUNCTION: sigmoid

        import math


        def sigmoid(z):
            return 1 / (1 + math.exp(-z))
    """),
    wrong("sigmoid", "minus_in_denominator", "1 - exp(-z) in the denominator").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            return 1 / (1 - np.exp(-z))
    """),
    wrong("sigmoid", "no_one", "forgets the 1 +: computes exp(z)").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            return 1 / np.exp(-z)
    """),
    wrong("sigmoid", "in_place", "right values, but overwrites the caller's float array").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            z *= -1
            np.exp(z, out=z)
            z += 1
            return 1 / z
    """),
)

INITIALIZE_WITH_ZEROS = (
    right("initialize_with_zeros", "keywords").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros(shape=(dim, 1), dtype=float)
            b = float(0)
            return w, b
    """),
    right("initialize_with_zeros", "reshaped").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros(dim).reshape(dim, 1)
            b = 0.0
            return w, b
    """),
    right("initialize_with_zeros", "full_numpy_float").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.full((dim, 1), 0.0)
            b = np.float64(0)
            return w, b
    """),
    right("initialize_with_zeros", "list_shape").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            return np.zeros([dim, 1]), 0.0
    """),
    wrong("initialize_with_zeros", "int_bias", "b = 0, an int").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros((dim, 1))
            b = 0
            return w, b
    """),
    wrong("initialize_with_zeros", "rank_one_w", "w of shape (dim,)").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros(dim)
            b = 0.0
            return w, b
    """),
    wrong("initialize_with_zeros", "int_dtype", "w of integer zeros").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros((dim, 1), dtype=int)
            b = 0.0
            return w, b
    """),
    wrong("initialize_with_zeros", "array_bias", "b as a (1, 1) array").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            w = np.zeros((dim, 1))
            b = np.zeros((1, 1))
            return w, b
    """),
    wrong("initialize_with_zeros", "row_and_int", "w of shape (1, dim) and b = 0, an int").cell("""
        # GRADED FUNCTION: initialize_with_zeros

        def initialize_with_zeros(dim):
            return np.zeros((1, dim)), 0
    """),
)


def _propagate(forward: str, backward: str) -> str:
    """Return a whole propagate cell with the given forward and backward lines."""
    return f"""
        # GRADED FUNCTION: propagate

        def propagate(w, b, X, Y):
            m = X.shape[1]

            {forward}

            {backward}

            cost = np.squeeze(np.array(cost))
            grads = {{"dw": dw, "db": db}}
            return grads, cost
    """


_FORWARD = "A = sigmoid(np.dot(w.T, X) + b)\n            "
_COST = "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m"
_GRADS = "dw = np.dot(X, (A - Y).T) / m\n            db = np.sum(A - Y) / m"

PROPAGATE = (
    right("propagate", "matmul_mean").cell(
        _propagate(
            "A = sigmoid(w.T @ X + b)\n"
            "            cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
            "dw = X @ (A - Y).T / m\n            db = np.mean(A - Y)",
        )
    ),
    right("propagate", "dot_products").cell(
        _propagate(
            "A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))\n"
            "            log_likelihood = np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)\n"
            "            cost = (-1 / m) * log_likelihood",
            "dw = (1 / m) * np.dot(X, (A - Y).T)\n            db = (1 / m) * np.sum(A - Y)",
        )
    ),
    right("propagate", "multiply_and_dz").cell(
        _propagate(
            _FORWARD + "cost = -(1 / m) * np.sum(np.multiply(Y, np.log(A)) "
            "+ np.multiply(1 - Y, np.log(1 - A)))",
            "dz = A - Y\n"
            "            dw = np.dot(X, dz.T) / m\n"
            "            db = float(np.sum(dz) / m)",
        )
    ),
    right("propagate", "stable_log_loss").cell(
        _propagate(
            "Z = np.dot(w.T, X) + b\n            A = sigmoid(Z)\n"
            "            cost = np.mean(Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z))",
            _GRADS,
        )
    ),
    wrong("propagate", "cost_not_averaged", "cost without the 1/m").cell(
        _propagate(_FORWARD + "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))", _GRADS)
    ),
    wrong("propagate", "cost_sign_flipped", "cost with the wrong sign").cell(
        _propagate(_FORWARD + "cost = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m", _GRADS)
    ),
    wrong("propagate", "dw_transposed", "dw of shape (1, n_x): (A - Y) X.T").cell(
        _propagate(
            _FORWARD + _COST, "dw = np.dot(A - Y, X.T) / m\n            db = np.sum(A - Y) / m"
        )
    ),
    wrong("propagate", "dw_not_averaged", "dw not divided by m").cell(
        _propagate(
            _FORWARD + _COST, "dw = np.dot(X, (A - Y).T)\n            db = np.sum(A - Y) / m"
        )
    ),
    wrong("propagate", "db_not_averaged", "db not divided by m").cell(
        _propagate(
            _FORWARD + _COST, "dw = np.dot(X, (A - Y).T) / m\n            db = np.sum(A - Y)"
        )
    ),
    wrong("propagate", "no_bias", "forgets b in the activation").cell(
        _propagate("A = sigmoid(np.dot(w.T, X))\n            " + _COST, _GRADS)
    ),
)


def _optimize(body: str) -> str:
    """Return a whole optimize cell with ``body`` as the gradient-descent code."""
    return f"""
        # GRADED FUNCTION: optimize

        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
{body}
            params = {{"w": w, "b": b}}
            return params, grads, costs
    """


_LOOP = """\
            w = copy.deepcopy(w)
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                {update}
                if {record}:
                    costs.append(cost)
                    if print_cost:
                        print("Cost after iteration %i: %f" % (i, cost))
"""
_UPDATE = 'w = w - learning_rate * grads["dw"]\n                b = b - learning_rate * grads["db"]'

OPTIMIZE = (
    right("optimize", "copy_method").cell(
        _optimize(
            _LOOP.format(update=_UPDATE, record="i % 100 == 0").replace(
                "copy.deepcopy(w)", "w.copy()"
            )
        )
    ),
    right("optimize", "no_copy_needed").cell(
        _optimize(
            _LOOP.format(update=_UPDATE, record="i % 100 == 0").replace(
                "            w = copy.deepcopy(w)\n", ""
            )
        )
    ),
    right("optimize", "unpacked_grads").cell(
        _optimize(
            _LOOP.format(
                update='dw, db = grads["dw"], grads["db"]\n'
                "                w = w - learning_rate * dw\n"
                "                b = b - learning_rate * db",
                record="not i % 100",
            )
        )
    ),
    right("optimize", "while_loop").cell(
        _optimize("""\
            w = copy.deepcopy(w)
            costs = []
            i = 0
            while i < num_iterations:
                grads, cost = propagate(w, b, X, Y)
                w = w - learning_rate * grads["dw"]
                b = b - learning_rate * grads["db"]
                if i % 100 == 0:
                    costs.append(cost)
                    if print_cost:
                        print(f"Cost after iteration {i}: {cost:f}")
                i += 1
""")
    ),
    wrong("optimize", "mutates_w", "w -= ... on the caller's array").cell(
        _optimize(
            _LOOP.format(
                update='w -= learning_rate * grads["dw"]\n'
                '                b = b - learning_rate * grads["db"]',
                record="i % 100 == 0",
            ).replace("            w = copy.deepcopy(w)\n", "")
        )
    ),
    wrong("optimize", "costs_every_iteration", "records the cost every iteration").cell(
        _optimize(_LOOP.format(update=_UPDATE, record="True"))
    ),
    wrong("optimize", "ignores_learning_rate", "uses the default 0.009").cell(
        _optimize(
            _LOOP.format(
                update='w = w - 0.009 * grads["dw"]\n                b = b - 0.009 * grads["db"]',
                record="i % 100 == 0",
            )
        )
    ),
    wrong("optimize", "gradient_ascent", "adds the gradient").cell(
        _optimize(
            _LOOP.format(
                update='w = w + learning_rate * grads["dw"]\n'
                '                b = b + learning_rate * grads["db"]',
                record="i % 100 == 0",
            )
        )
    ),
    wrong("optimize", "b_not_updated", "never updates b").cell(
        _optimize(_LOOP.format(update='w = w - learning_rate * grads["dw"]', record="i % 100 == 0"))
    ),
)


def _predict(body: str) -> str:
    """Return a whole predict cell with ``body`` computing ``Y_prediction``."""
    return f"""
        # GRADED FUNCTION: predict

        def predict(w, b, X):
            m = X.shape[1]
            Y_prediction = np.zeros((1, m))

{body}

            return Y_prediction
    """


_ACTIVATION = "            A = sigmoid(np.dot(w.T, X) + b)\n"

PREDICT = (
    right("predict", "loop").cell(
        _predict(
            _ACTIVATION + "            for i in range(A.shape[1]):\n"
            "                Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0"
        )
    ),
    right("predict", "where").cell(
        _predict(_ACTIVATION + "            Y_prediction = np.where(A > 0.5, 1.0, 0.0)")
    ),
    right("predict", "multiply_bool").cell(
        _predict("            A = sigmoid(w.T @ X + b)\n            Y_prediction = (A > 0.5) * 1.0")
    ),
    right("predict", "threshold_on_z").cell(
        _predict("            Y_prediction = (np.dot(w.T, X) + b > 0).astype(float)")
    ),
    wrong(
        "predict",
        "greater_equal",
        "A >= 0.5: an activation of 0.5 gives 1",
        note=(
            "the tie is part of the rule the notebook states (A > 0.5), and under the whole-"
            "exercise rule failing predict-boundary costs predict-values' point too (it kept "
            "that point, 1 of 2, before the grading engine)"
        ),
    ).cell(_predict(_ACTIVATION + "            Y_prediction = (A >= 0.5).astype(float)")),
    wrong("predict", "booleans", "returns True/False instead of 1.0/0.0").cell(
        _predict(_ACTIVATION + "            Y_prediction = A > 0.5")
    ),
    wrong("predict", "rank_one", "returns shape (m,)").cell(
        _predict(_ACTIVATION + "            Y_prediction = (A[0] > 0.5).astype(float)")
    ),
    wrong("predict", "inverted", "predicts 1 below 0.5").cell(
        _predict(_ACTIVATION + "            Y_prediction = (A < 0.5).astype(float)")
    ),
    wrong("predict", "no_bias", "forgets b in the activation").cell(
        _predict(
            "            A = sigmoid(np.dot(w.T, X))\n"
            "            Y_prediction = (A > 0.5).astype(float)"
        )
    ),
)


_MODEL = """\
# GRADED FUNCTION: model

def model(
    X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005, print_cost=False
):
{training}

    if print_cost:
        print(f"train accuracy: {{100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100}} %")
        print(f"test accuracy: {{100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}} %")

    d = {{
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }}
    return d
"""
_TRAINING = """\
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(
        {args}
    )
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, {test})
    Y_prediction_train = predict(w, b, X_train)"""
_ARGS = "w, b, X_train, Y_train, num_iterations, learning_rate, print_cost"


def _model(args: str = _ARGS, test: str = "X_test", training: str | None = None) -> str:
    """Return a whole model cell: the solution's training code with ``args`` and ``test``."""
    return _MODEL.format(training=training or _TRAINING.format(args=args, test=test))


MODEL = (
    right("model", "keyword_arguments").cell(
        _model(
            "w, b, X_train, Y_train, num_iterations=num_iterations,\n"
            "        learning_rate=learning_rate, print_cost=print_cost"
        )
    ),
    right("model", "len_and_unpacking").cell(
        _model(
            training="""\
    w, b = initialize_with_zeros(len(X_train))
    params, _, costs = optimize(
        w, b, X_train, Y_train, num_iterations, learning_rate, print_cost
    )
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)"""
        )
    ),
    right("model", "dict_lookups").cell(
        _model(
            training="""\
    dim = X_train.shape[0]
    w, b = initialize_with_zeros(dim)
    params, grads, costs = optimize(
        w, b, X_train, Y_train, num_iterations, learning_rate, print_cost
    )
    Y_prediction_test = predict(params["w"], params["b"], X_test)
    Y_prediction_train = predict(params["w"], params["b"], X_train)
    w = params["w"]
    b = params["b"]"""
        )
    ),
    wrong("model", "ignores_num_iterations", "always trains 2000 iterations").cell(
        _model("w, b, X_train, Y_train, 2000, learning_rate, print_cost")
    ),
    wrong("model", "ignores_learning_rate", "always uses the default rate 0.005").cell(
        _model("w, b, X_train, Y_train, num_iterations, 0.005, print_cost")
    ),
    wrong("model", "trains_on_test_set", "optimizes on X_test and Y_test").cell(
        _model("w, b, X_test, Y_test, num_iterations, learning_rate, print_cost")
    ),
    wrong("model", "untrained_parameters", "predicts with the initial zeros, not params").cell(
        _model(
            training="""\
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(
        w, b, X_train, Y_train, num_iterations, learning_rate, print_cost
    )
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)"""
        )
    ),
    wrong("model", "print_cost_not_passed", "never passes print_cost on").cell(
        _model("w, b, X_train, Y_train, num_iterations, learning_rate")
    ),
    wrong("model", "test_predicted_on_train", "predicts the training set twice").cell(
        _model(test="X_train")
    ),
)

VARIANTS = (
    DATASET_SIZES
    + FLATTEN
    + SIGMOID
    + INITIALIZE_WITH_ZEROS
    + PROPAGATE
    + OPTIMIZE
    + PREDICT
    + MODEL
)


def _pick(group: tuple, name: str):
    """Return the variant called ``name`` in ``group``."""
    return next(item for item in group if item.name == name)


# (wrong answer, right answer of a later exercise that calls the wrong one's function).
CASCADE_PAIRS = (
    (_pick(SIGMOID, "sign_flipped"), _pick(PROPAGATE, "matmul_mean")),
    (_pick(SIGMOID, "in_place"), _pick(PROPAGATE, "multiply_and_dz")),
    (_pick(SIGMOID, "math_exp"), _pick(PREDICT, "where")),
    (_pick(SIGMOID, "no_one"), _pick(PREDICT, "loop")),
    (_pick(PROPAGATE, "cost_sign_flipped"), _pick(OPTIMIZE, "while_loop")),
    (_pick(PROPAGATE, "dw_transposed"), _pick(OPTIMIZE, "unpacked_grads")),
    (_pick(INITIALIZE_WITH_ZEROS, "int_bias"), _pick(MODEL, "len_and_unpacking")),
    (_pick(INITIALIZE_WITH_ZEROS, "rank_one_w"), _pick(MODEL, "dict_lookups")),
    (_pick(OPTIMIZE, "mutates_w"), _pick(MODEL, "keyword_arguments")),
    (_pick(OPTIMIZE, "costs_every_iteration"), _pick(MODEL, "len_and_unpacking")),
    (_pick(PREDICT, "booleans"), _pick(MODEL, "dict_lookups")),
    (_pick(PREDICT, "inverted"), _pick(MODEL, "keyword_arguments")),
)
