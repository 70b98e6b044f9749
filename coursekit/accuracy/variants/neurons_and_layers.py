"""Variants of Assignment 3, Neurons and layers (``Neurons_and_Layers_with_NumPy.ipynb``).

The notebook's setup cell imports ``numpy as np`` only. ``inputs``, ``weights`` and ``biases``
may arrive as Python lists or as arrays, which several wrong variants trip over. Some right
answers build on an earlier exercise's function (``layer_output`` from ``neuron_output``); the
wrong variants of that earlier exercise are handed in ``beside`` them, and those right answers
must keep their points.
"""

from coursekit.accuracy.variants import right, wrong

SINGLE_NEURON = (
    right("single_neuron", "indexed").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            output = inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias
            return output
    """),
    right("single_neuron", "sum_of_products").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.sum(np.multiply(inputs, weights)) + bias
    """),
    right("single_neuron", "matmul").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.array(inputs) @ np.array(weights) + bias
    """),
    right("single_neuron", "inner_as_float").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return float(np.inner(inputs, weights) + bias)
    """),
    wrong("single_neuron", "no_bias", "forgets the bias").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.dot(weights, inputs)
    """),
    wrong("single_neuron", "bias_per_product", "adds the bias to every product").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.sum(np.multiply(inputs, weights) + bias)
    """),
    wrong("single_neuron", "bias_subtracted", "subtracts the bias").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.dot(weights, inputs) - bias
    """),
    wrong("single_neuron", "products_not_summed", "returns the products, not their sum").cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return np.multiply(inputs, weights) + bias
    """),
    wrong(
        "single_neuron", "list_multiply", "multiplies with *, which fails on Python lists"
    ).cell("""
        # GRADED FUNCTION: single_neuron

        def single_neuron(inputs, weights, bias):
            return sum(inputs * weights) + bias
    """),
)

NEURON_OUTPUT = (
    right("neuron_output", "matmul").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.asarray(inputs) @ np.asarray(weights) + bias
    """),
    right("neuron_output", "sum_of_products").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            output = np.sum(np.multiply(inputs, weights)) + bias
            return output
    """),
    right("neuron_output", "weights_first").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.dot(weights, inputs) + bias
    """),
    right("neuron_output", "inner_as_float").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return float(np.inner(inputs, weights) + bias)
    """),
    wrong(
        "neuron_output",
        "first_three",
        "reads only the first three inputs",
        beside=("layer_output/per_neuron",),
    ).cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias
    """),
    wrong(
        "neuron_output",
        "no_bias",
        "forgets the bias",
        beside=("layer_output/per_neuron", "batch_output/per_sample_and_neuron"),
    ).cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.dot(inputs, weights)
    """),
    wrong("neuron_output", "bias_per_product", "adds the bias to every product").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.sum(np.multiply(inputs, weights) + bias)
    """),
    wrong("neuron_output", "bias_subtracted", "subtracts the bias").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.dot(inputs, weights) - bias
    """),
    wrong("neuron_output", "products_not_summed", "returns the products, not their sum").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.multiply(inputs, weights) + bias
    """),
    wrong("neuron_output", "mean", "averages the products instead of summing them").cell("""
        # GRADED FUNCTION: neuron_output

        def neuron_output(inputs, weights, bias):
            return np.mean(np.multiply(inputs, weights)) + bias
    """),
)

LAYER_OUTPUT = (
    right("layer_output", "matmul").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.array(weights) @ np.array(inputs) + np.array(biases)
    """),
    right("layer_output", "inputs_times_transpose").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.dot(inputs, np.array(weights).T) + biases
    """),
    right("layer_output", "row_sums").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            products = np.array(weights) * np.array(inputs)
            return np.sum(products, axis=1) + biases
    """),
    right("layer_output", "einsum").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            outputs = np.einsum("ij,j->i", weights, inputs) + np.asarray(biases)
            return outputs
    """),
    right("layer_output", "per_neuron").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.array([neuron_output(inputs, row, b) for row, b in zip(weights, biases)])
    """),
    wrong(
        "layer_output",
        "swapped_dot",
        "np.dot(inputs, weights): pairs inputs with columns",
        beside=("batch_output/per_sample",),
    ).cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.dot(inputs, weights) + biases
    """),
    wrong(
        "layer_output", "no_biases", "forgets the biases", beside=("batch_output/per_sample",)
    ).cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.dot(weights, inputs)
    """),
    wrong("layer_output", "summed_layer", "adds the neurons' outputs into one number").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.sum(np.dot(weights, inputs) + biases)
    """),
    wrong("layer_output", "list_result", "returns a Python list instead of an array").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return [neuron_output(inputs, row, bias) for row, bias in zip(weights, biases)]
    """),
    wrong("layer_output", "all_biases", "adds the sum of all biases to every neuron").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.dot(weights, inputs) + np.sum(biases)
    """),
    wrong("layer_output", "element_wise", "element-wise product instead of np.dot").cell("""
        # GRADED FUNCTION: layer_output

        def layer_output(inputs, weights, biases):
            return np.multiply(weights, inputs) + biases
    """),
)

BATCH_OUTPUT = (
    right("batch_output", "matmul").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.array(inputs) @ np.array(weights).T + np.array(biases)
    """),
    right("batch_output", "transposed_product").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            per_neuron = np.dot(weights, np.array(inputs).T)
            return per_neuron.T + biases
    """),
    right("batch_output", "np_transpose").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.dot(inputs, np.transpose(weights)) + biases
    """),
    right("batch_output", "einsum").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.einsum("si,ni->sn", inputs, weights) + np.asarray(biases)
    """),
    right("batch_output", "per_sample").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.array([layer_output(sample, weights, biases) for sample in inputs])
    """),
    right("batch_output", "per_sample_and_neuron").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.array(
                [[neuron_output(x, w, b) for w, b in zip(weights, biases)] for x in inputs]
            )
    """),
    wrong("batch_output", "rows_per_neuron", "one row per neuron instead of per sample").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.dot(weights, np.array(inputs).T) + biases
    """),
    wrong(
        "batch_output", "bias_per_sample", "adds each bias to a sample instead of a neuron"
    ).cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            products = np.dot(inputs, np.array(weights).T)
            return (products.T + biases).T
    """),
    wrong("batch_output", "no_biases", "forgets the biases").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.dot(inputs, np.array(weights).T)
    """),
    wrong("batch_output", "no_transpose", "forgets to transpose the weights").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.dot(inputs, weights) + biases
    """),
    wrong("batch_output", "list_has_no_T", "calls .T on weights, which fails for lists").cell("""
        # GRADED FUNCTION: batch_output

        def batch_output(inputs, weights, biases):
            return np.dot(inputs, weights.T) + biases
    """),
)

RELU = (
    right("relu", "where").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return np.where(x > 0, x, 0)
    """),
    right("relu", "mask").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            a = x * (x > 0)
            return a
    """),
    right("relu", "clip").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return np.clip(x, 0, None)
    """),
    right("relu", "copy_then_zero").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            a = np.array(x, dtype=float)
            a[a < 0] = 0
            return a
    """),
    wrong("relu", "np_max", "np.max(0, x): reduces instead of comparing element-wise").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return np.max(0, x)
    """),
    wrong("relu", "minimum", "np.minimum keeps the negative entries").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return np.minimum(0, x)
    """),
    wrong("relu", "in_place", "zeroes the caller's array in place").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            x[x < 0] = 0
            return x
    """),
    wrong("relu", "absolute", "flips the sign of negative entries").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return np.abs(x)
    """),
    wrong("relu", "step", "returns the slope (x > 0), not x").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return (x > 0).astype(float)
    """),
    wrong("relu", "builtin_max", "Python's max cannot compare an array with 0").cell("""
        # GRADED FUNCTION: relu

        def relu(x):
            return max(0, x)
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
    right("sigmoid", "negative_power").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            s = (1 + np.exp(-x)) ** -1
            return s
    """),
    right("sigmoid", "float_array_first").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            x = np.asarray(x, dtype=float)
            return 1.0 / (1.0 + np.exp(-x))
    """),
    wrong("sigmoid", "sign_flipped", "exponent's sign flipped: computes sigmoid(-x)").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / (1 + np.exp(x))
    """),
    wrong("sigmoid", "no_one", "forgets the 1 +: computes exp(x)").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / np.exp(-x)
    """),
    wrong("sigmoid", "minus_in_denominator", "1 - exp(-x) in the denominator").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return 1 / (1 - np.exp(-x))
    """),
    wrong("sigmoid", "positive_exponent_ratio", "exp(-x) / (1 + exp(-x)): 1 - sigmoid").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            e = np.exp(-x)
            return e / (1 + e)
    """),
    wrong("sigmoid", "python_loop_list", "loops over x and returns a list").cell("""
        # GRADED FUNCTION: sigmoid

        def sigmoid(x):
            return [1 / (1 + np.exp(-value)) for value in x]
    """),
)

VARIANTS = SINGLE_NEURON + NEURON_OUTPUT + LAYER_OUTPUT + BATCH_OUTPUT + RELU + SIGMOID
