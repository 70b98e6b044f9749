"""Variants of Assignment 1, Python Basics with NumPy (``Python_Basics_with_Numpy.ipynb``).

The notebook's setup cell imports ``math``, ``time`` and ``numpy as np``; answers may use them.
"""

from coursekit.accuracy.variants import right, wrong

HELLO_WORLD = (
    right("hello_world", "single_quotes").cell("""
        # GRADED VARIABLE: test

        test = 'Hello World'
    """),
    right("hello_world", "concatenated").cell("""
        # GRADED VARIABLE: test

        test = "Hello" + " " + "World"
    """),
    right("hello_world", "joined").cell("""
        # GRADED VARIABLE: test

        test = " ".join(["Hello", "World"])
    """),
    right("hello_world", "f_string").cell("""
        # GRADED VARIABLE: test

        greeting = "Hello"
        test = f"{greeting} World"
    """),
    wrong("hello_world", "lowercase_world", "wrong capitalisation").cell("""
        # GRADED VARIABLE: test

        test = "Hello world"
    """),
    wrong("hello_world", "exclamation_mark", "extra punctuation").cell("""
        # GRADED VARIABLE: test

        test = "Hello World!"
    """),
    wrong("hello_world", "no_space", "missing space").cell("""
        # GRADED VARIABLE: test

        test = "HelloWorld"
    """),
    wrong("hello_world", "print_only", "prints the text instead of assigning it to `test`").cell("""
        # GRADED VARIABLE: test

        print("Hello World")
    """),
    wrong("hello_world", "bytes_literal", "a bytes object, not a str").cell("""
        # GRADED VARIABLE: test

        test = b"Hello World"
    """),
)

BASIC_SIGMOID = (
    right("basic_sigmoid", "imported_exp").cell("""
        # GRADED FUNCTION: basic_sigmoid

        from math import exp


        def basic_sigmoid(x):
            return 1.0 / (1.0 + exp(-x))
    """),
    right("basic_sigmoid", "exp_ratio").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            s = math.exp(x) / (math.exp(x) + 1)
            return s
    """),
    right("basic_sigmoid", "negative_power").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return (1 + math.exp(-x)) ** -1
    """),
    right("basic_sigmoid", "tanh").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return 0.5 * (1 + math.tanh(x / 2))
    """),
    wrong("basic_sigmoid", "sign_flipped", "exponent's sign flipped: computes sigmoid(-x)").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return 1 / (1 + math.exp(x))
    """),
    wrong("basic_sigmoid", "precedence", "missing parentheses around the denominator").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return 1 / 1 + math.exp(-x)
    """),
    wrong("basic_sigmoid", "minus_in_denominator", "1 - exp(-x) in the denominator").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return 1 / (1 - math.exp(-x))
    """),
    wrong(
        "basic_sigmoid", "array_result", "returns an array of shape (1,) instead of a number"
    ).cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return np.array([1 / (1 + math.exp(-x))])
    """),
    wrong("basic_sigmoid", "rounded", "rounds the result").cell("""
        # GRADED FUNCTION: basic_sigmoid

        def basic_sigmoid(x):
            return round(1 / (1 + math.exp(-x)), 4)
    """),
)

SIGMOID = (
    right("sigmoid", "tanh").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 0.5 * (1 + np.tanh(x / 2))
    """),
    right("sigmoid", "exp_ratio").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            e = np.exp(x)
            return e / (1 + e)
    """),
    right("sigmoid", "reciprocal").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            s = np.reciprocal(1 + np.exp(-x))
            return s
    """),
    right("sigmoid", "float_array_first").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            x = np.asarray(x, dtype=float)
            return 1.0 / (1.0 + np.exp(-x))
    """),
    wrong(
        "sigmoid",
        "sign_flipped",
        "exponent's sign flipped: computes sigmoid(-x)",
        beside=("sigmoid_derivative/uses_sigmoid",),
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / (1 + np.exp(x))
    """),
    wrong(
        "sigmoid",
        "math_exp",
        "math.exp instead of np.exp: raises TypeError on arrays",
        beside=("sigmoid_derivative/uses_sigmoid",),
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / (1 + math.exp(-x))
    """),
    wrong(
        "sigmoid",
        "list_comprehension",
        "loops over x and returns a list (and fails on scalars and 2-D arrays)",
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return [1 / (1 + math.exp(-value)) for value in x]
    """),
    wrong("sigmoid", "minus_in_denominator", "1 - exp(-x) in the denominator").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / (1 - np.exp(-x))
    """),
    wrong("sigmoid", "no_one", "forgets the 1 +: computes exp(x)").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / np.exp(-x)
    """),
    wrong(
        "sigmoid",
        "in_place",
        "right values, but overwrites the caller's float array",
        note="the one mutation rule: a function that changes its caller's array in place loses "
        "its exercise's points (it kept 1 of 2 under the old in-kernel tests)",
        beside=("sigmoid_derivative/uses_sigmoid",),
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            x = np.asarray(x, dtype=float)
            x *= -1
            np.exp(x, out=x)
            x += 1
            return 1 / x
    """),
    wrong(
        "sigmoid",
        "rounded",
        "rounds the result to 4 decimals",
        beside=("sigmoid_derivative/uses_sigmoid",),
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return np.round(1 / (1 + np.exp(-x)), 4)
    """),
    wrong(
        "sigmoid",
        "float32",
        "computes in float32, losing precision",
        beside=("sigmoid_derivative/uses_sigmoid",),
    ).cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            x = np.asarray(x, dtype=np.float32)
            return 1 / (1 + np.exp(-x))
    """),
)

SIGMOID_DERIVATIVE = (
    right("sigmoid_derivative", "uses_sigmoid").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            s = sigmoid(x)
            return s * (1 - s)
    """),
    right("sigmoid_derivative", "closed_form").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            return np.exp(-x) / (1 + np.exp(-x)) ** 2
    """),
    right("sigmoid_derivative", "s_minus_s_squared").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            s = 1 / (1 + np.exp(-x))
            ds = s - s**2
            return ds
    """),
    right("sigmoid_derivative", "cosh_form").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            return 1 / (2 + np.exp(x) + np.exp(-x))
    """),
    wrong("sigmoid_derivative", "returns_sigmoid", "returns sigmoid(x) itself").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            s = 1 / (1 + np.exp(-x))
            return s
    """),
    wrong("sigmoid_derivative", "one_plus", "s * (1 + s) instead of s * (1 - s)").cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            s = 1 / (1 + np.exp(-x))
            return s * (1 + s)
    """),
    wrong(
        "sigmoid_derivative", "formula_on_x", "applies s(1 - s) to x instead of to sigmoid(x)"
    ).cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            return x * (1 - x)
    """),
    wrong(
        "sigmoid_derivative", "dot_product", "np.dot instead of the element-wise product"
    ).cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            s = 1 / (1 + np.exp(-x))
            return np.dot(s, 1 - s)
    """),
    wrong(
        "sigmoid_derivative", "denominator_not_squared", "forgets to square the denominator"
    ).cell("""
        # GRADED FUNCTION: sigmoid_derivative

        def sigmoid_derivative(x):
            return np.exp(-x) / (1 + np.exp(-x))
    """),
)

IMAGE2VECTOR = (
    right("image2vector", "reshape_minus_one").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.reshape(-1, 1)
    """),
    right("image2vector", "size").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            v = np.reshape(image, (image.size, 1))
            return v
    """),
    right("image2vector", "ravel_newaxis").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.ravel()[:, np.newaxis]
    """),
    right("image2vector", "unpacked_shape").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            length, height, depth = image.shape
            return image.reshape((length * height * depth, 1))
    """),
    wrong("image2vector", "rank_one", "returns a rank-1 array of shape (n,)").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.reshape(-1)
    """),
    wrong("image2vector", "transposed_order", "numbers in transposed (column-major) order").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.T.reshape(-1, 1)
    """),
    wrong("image2vector", "row_vector", "a row vector (1, n) instead of a column").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.reshape(1, -1)
    """),
    wrong("image2vector", "hard_coded", "hard-codes the demo image's size").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.reshape(18, 1)
    """),
    wrong(
        "image2vector", "channels_first", "puts the depth axis first, changing the order"
    ).cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.transpose(2, 0, 1).reshape(-1, 1)
    """),
    wrong("image2vector", "two_dimensional", "merges only the first two axes").cell("""
        # GRADED FUNCTION: image2vector

        def image2vector(image):
            return image.reshape(image.shape[0] * image.shape[1], image.shape[2])
    """),
)

NORMALIZE_ROWS = (
    right("normalize_rows", "sqrt_of_sum").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            x_norm = np.sqrt(np.sum(x**2, axis=1, keepdims=True))
            x = x / x_norm
            return x
    """),
    right("normalize_rows", "in_place").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
            x /= x_norm
            return x
    """),
    right("normalize_rows", "reshaped_norm").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.linalg.norm(x, axis=1).reshape(-1, 1)
    """),
    right("normalize_rows", "transposed").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return (x.T / np.linalg.norm(x, axis=1)).T
    """),
    wrong("normalize_rows", "columns", "normalises the columns (axis=0)").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.linalg.norm(x, axis=0, keepdims=True)
    """),
    wrong(
        "normalize_rows", "no_keepdims", "drops keepdims: the norms broadcast along the wrong axis"
    ).cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.linalg.norm(x, axis=1)
    """),
    wrong("normalize_rows", "no_sqrt", "divides by the squared norm").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.sum(x**2, axis=1, keepdims=True)
    """),
    wrong("normalize_rows", "l1_norm", "divides by the L1 norm").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.sum(np.abs(x), axis=1, keepdims=True)
    """),
    wrong("normalize_rows", "whole_matrix_norm", "divides by the norm of the whole matrix").cell("""
        # GRADED FUNCTION: normalize_rows

        def normalize_rows(x):
            return x / np.linalg.norm(x)
    """),
)

SOFTMAX = (
    right("softmax", "stable").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            shifted = x - np.max(x, axis=1, keepdims=True)
            x_exp = np.exp(shifted)
            return x_exp / np.sum(x_exp, axis=1, keepdims=True)
    """),
    right("softmax", "log_sum_exp").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            log_total = np.log(np.sum(np.exp(x), axis=1, keepdims=True))
            return np.exp(x - log_total)
    """),
    right("softmax", "transposed").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            return (x_exp.T / x_exp.sum(axis=1)).T
    """),
    right("softmax", "reshaped_sum").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            s = x_exp / x_exp.sum(axis=1).reshape(-1, 1)
            return s
    """),
    wrong("softmax", "row_sum_of_x", "divides by the row sum of x instead of exp(x)").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            return np.exp(x) / np.sum(x, axis=1, keepdims=True)
    """),
    wrong("softmax", "column_sum", "sums over the wrong axis (columns)").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            return x_exp / np.sum(x_exp, axis=0, keepdims=True)
    """),
    wrong(
        "softmax", "no_keepdims", "drops keepdims: the sums broadcast along the wrong axis"
    ).cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            return x_exp / np.sum(x_exp, axis=1)
    """),
    wrong("softmax", "whole_sum", "divides by the sum of the whole matrix").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            return x_exp / np.sum(x_exp)
    """),
    wrong("softmax", "divide_by_max", "divides by the row maximum instead of the row sum").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x_exp = np.exp(x)
            return x_exp / np.max(x_exp, axis=1, keepdims=True)
    """),
    wrong("softmax", "no_exp", "forgets the exponential").cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            return x / np.sum(x, axis=1, keepdims=True)
    """),
    wrong(
        "softmax",
        "shifts_in_place",
        "right values, but subtracts the row maxima from the caller's array in place",
        note="the one mutation rule: a function that changes its caller's array in place loses "
        "its exercise's points (it kept 3 of 3 under the old in-kernel tests)",
    ).cell("""
        # GRADED FUNCTION: softmax

        def softmax(x):
            x -= np.max(x, axis=1, keepdims=True)
            x_exp = np.exp(x)
            return x_exp / np.sum(x_exp, axis=1, keepdims=True)
    """),
)

L1 = (
    right("L1", "method_chain").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.abs(yhat - y).sum()
    """),
    right("L1", "norm").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            loss = np.linalg.norm(y - yhat, ord=1)
            return loss
    """),
    right("L1", "builtin_sum").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return sum(abs(y - yhat))
    """),
    right("L1", "dot_with_sign").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            difference = y - yhat
            return np.dot(np.sign(difference), difference)
    """),
    wrong("L1", "no_abs", "forgets the absolute value").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.sum(y - yhat)
    """),
    wrong("L1", "mean", "averages instead of summing").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.mean(np.abs(y - yhat))
    """),
    wrong("L1", "abs_of_sum", "takes the absolute value of the sum").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.abs(np.sum(y - yhat))
    """),
    wrong("L1", "no_sum", "returns the array of differences, not their sum").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.abs(y - yhat)
    """),
    wrong("L1", "squared", "squares the differences (that is L2)").cell("""
        # GRADED FUNCTION: L1

        def L1(yhat, y):
            return np.sum((y - yhat) ** 2)
    """),
)

L2 = (
    right("L2", "sum_of_squares").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.sum((y - yhat) ** 2)
    """),
    right("L2", "norm_squared").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.linalg.norm(y - yhat) ** 2
    """),
    right("L2", "square").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            loss = np.sum(np.square(yhat - y))
            return loss
    """),
    right("L2", "matmul").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            difference = y - yhat
            return difference @ difference
    """),
    wrong("L2", "square_root", "returns the square root (the Euclidean norm)").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.sqrt(np.sum((y - yhat) ** 2))
    """),
    wrong("L2", "mean", "averages instead of summing").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.mean((y - yhat) ** 2)
    """),
    wrong("L2", "square_of_sum", "squares the sum instead of summing the squares").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.sum(y - yhat) ** 2
    """),
    wrong("L2", "absolute", "sums absolute differences (that is L1)").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return np.sum(np.abs(y - yhat))
    """),
    wrong("L2", "no_sum", "returns the array of squares, not their sum").cell("""
        # GRADED FUNCTION: L2

        def L2(yhat, y):
            return (y - yhat) ** 2
    """),
)

VARIANTS = (
    HELLO_WORLD
    + BASIC_SIGMOID
    + SIGMOID
    + SIGMOID_DERIVATIVE
    + IMAGE2VECTOR
    + NORMALIZE_ROWS
    + SOFTMAX
    + L1
    + L2
)
