"""Variants of the quiz (``Neural_Network_Basics_Quiz.ipynb``): every accepted form, and misses.

Each answer cell is one line under its ``# ANSWER`` line. The right variants write the key in
each form the quiz accepts (``"B"`` or ``"b"``; ``["A", "C"]``, ``["c", "a"]``, a tuple, a set
or ``"A, C"``; ``0.25``, ``1/4``, ``"1/4"`` or ``"1 / 4"``); the wrong ones choose other
options, a part of the right options (partial credit by design), or a form the grader cannot
read (a number in text too long, or with too large an exponent, is refused at once).
"""

from coursekit.accuracy.variants import right, wrong

HEADERS = {
    "single": "one letter as a string",
    "multiple": "a list of letters",
    "number": "a number, or a fraction in quotes",
}
PARTIAL = (
    "partial credit by design: each right option chosen earns 1/k of the point, each wrong one "
    "costs 1/(n - k)"
)


def _code(question, kind, value):
    """Return the answer cell setting ``question`` to the Python expression ``value``."""
    return f"# ANSWER {question}: {HEADERS[kind]}\n{question} = {value}"


def _single(question, key, misses):
    """Variants of a choose-one question: the key in four spellings, and ``misses``."""
    variants = [
        right(question, "upper_case").cell(_code(question, "single", f'"{key}"')),
        right(question, "lower_case").cell(_code(question, "single", f'"{key.lower()}"')),
        right(question, "padded_single_quotes").cell(_code(question, "single", f"' {key} '")),
        right(question, "letter_in_a_list").cell(_code(question, "single", f'["{key}"]')),
    ]
    for letter, mistake in misses.items():
        variants.append(
            wrong(question, f"option_{letter.lower()}", mistake).cell(
                _code(question, "single", f'"{letter}"')
            )
        )
    variants.append(
        wrong(question, "two_letters", "two letters, one of them right: not one answer").cell(
            _code(question, "single", f'"{key}{next(iter(misses))}"')
        )
    )
    return tuple(variants)


def _multiple(question, key, misses, partial):
    """Variants of a choose-all question: the key in five forms, ``misses`` and ``partial``."""
    letters = ", ".join(f'"{letter}"' for letter in key)
    backwards = ", ".join(f'"{letter.lower()}"' for letter in reversed(key))
    variants = [
        right(question, "list").cell(_code(question, "multiple", f"[{letters}]")),
        right(question, "reversed_lower_case").cell(_code(question, "multiple", f"[{backwards}]")),
        right(question, "tuple").cell(_code(question, "multiple", f"({letters},)")),
        right(question, "set").cell(_code(question, "multiple", "{" + backwards + "}")),
        right(question, "comma_separated_string").cell(
            _code(question, "multiple", f'"{", ".join(key)}"')
        ),
    ]
    for name, (chosen, mistake) in misses.items():
        variants.append(
            wrong(question, name, mistake).cell(_code(question, "multiple", repr(chosen)))
        )
    for name, (chosen, mistake) in partial.items():
        variants.append(
            wrong(question, name, mistake, expect_caught=False, note=PARTIAL).cell(
                _code(question, "multiple", repr(chosen))
            )
        )
    variants.append(
        wrong(question, "letters_joined_by_and", "letters joined by a word, not a list").cell(
            _code(question, "multiple", f'"{" and ".join(key)}"')
        )
    )
    return tuple(variants)


def _number(question, spellings, misses):
    """Variants of a number question: the key in ``spellings``, and ``misses``."""
    variants = [
        right(question, name).cell(_code(question, "number", value))
        for name, value in spellings.items()
    ]
    for name, (value, mistake) in misses.items():
        variants.append(wrong(question, name, mistake).cell(_code(question, "number", value)))
    return tuple(variants)


VARIANTS = (
    _single(
        "q1",
        "C",
        {
            "A": "the linear part alone, without the sigmoid",
            "B": "reads the output as P(y = 0 | x)",
            "D": "adds b after the sigmoid, so the output can leave [0, 1]",
        },
    )
    + _single(
        "q2",
        "B",
        {
            "A": "loss and cost swapped",
            "C": "loss and cost taken for one number",
            "D": "the cost taken for the error rate, a count of mistakes",
        },
    )
    + _multiple(
        "q3",
        ("B", "C"),
        {
            "rows_per_picture": (["A", "C"], "one picture per row of X"),
            "every_option": (["A", "B", "C", "D"], "every option chosen"),
            "rank_one_y": (["D"], "Y as a rank-1 array"),
            "x_and_rank_one_y": (["B", "D"], "one right option and one wrong"),
        },
        {"x_only": (["B"], "the shape of w left out")},
    )
    + _single(
        "q4",
        "D",
        {
            "A": "thinks broadcasting needs equal shapes",
            "B": "takes the shape of b",
            "C": "transposes the result",
        },
    )
    + _single(
        "q5",
        "B",
        {
            "A": "thinks np.dot needs equal shapes, like *",
            "C": "keeps the inner sizes",
            "D": "takes the shape of a",
        },
    )
    + _single(
        "q6",
        "C",
        {
            "A": "no transpose: the shape stays (3, 4)",
            "B": "a matrix product instead of a sum",
            "D": "transposes only a: (4, 3) + (3, 4) fails",
        },
    )
    + _multiple(
        "q7",
        ("A", "C", "D"),
        {
            "transpose_makes_a_row": (["B"], "believes .T turns a rank-1 array into a row"),
            "rank_one_guard_only": (["B", "D"], "one right option and one wrong"),
            "shape_and_transpose": (["A", "B"], "one right option and one wrong"),
            "every_option": (["A", "B", "C", "D", "E"], "every option chosen"),
        },
        {
            "shape_and_dot": (["A", "C"], "the assert on the shape left out"),
            "reshape_without_assignment": (
                ["A", "C", "D", "E"],
                "believes v.reshape(5, 1) changes v without v = ...",
            ),
        },
    )
    + _number(
        "q8",
        {
            "integer": "30",
            "float": "30.0",
            "string": '"30"',
            "fraction_string": '"60/2"',
            "spaced_fraction_string": '" 60 / 2 "',
            "exponent_string": '"3e1"',
        },
        {
            "forgot_inner_derivative": ("15", "u * c: dv/dc = 2c taken as c"),
            "value_of_j": ("45", "the value of J, not its derivative"),
            "dv_dc_only": ("6", "dv/dc alone, without dJ/dv = u"),
            "not_a_number": ('"thirty"', "a word, not a number"),
            "huge_exponent": ('"1e60000000"', "an exponent far beyond 30, refused at once"),
            "long_text": ('"30" + " " * 100', "a number padded past 40 characters"),
        },
    )
    + _multiple(
        "q9",
        ("A", "C"),
        {
            "sigmoid_slope": (["B", "C"], "dZ taken as the sigmoid's slope"),
            "sum_without_m": (["A", "D"], "one right line, and db not divided by m"),
            "every_option": (["A", "B", "C", "D"], "every option chosen"),
        },
        {"dz_only": (["A"], "the dw line left out")},
    )
    + _single(
        "q10",
        "D",
        {
            "A": "thinks the examples cannot be vectorised",
            "B": "thinks the features cannot be vectorised",
            "C": "thinks the sum of the losses cannot be vectorised",
        },
    )
    + _number(
        "q11",
        {
            "decimal": "0.25",
            "division": "1/4",
            "fraction_string": '"1/4"',
            "float_string": '"0.25"',
            "spaced_fraction_string": '"1 / 4"',
            "exponent_string": '"2.5e-1"',
            "fraction_object": '__import__("fractions").Fraction(1, 4)',
        },
        {
            "sigmoid_value": ("0.5", "sigma(0), not its slope"),
            "one": ("1", "the slope of the identity"),
            "zero": ("0", "takes the flat middle for a zero slope"),
            "decimal_comma": ('"0,25"', "a decimal comma, which is not a number in Python"),
        },
    )
    + _single(
        "q12",
        "A",
        {
            "B": "believes a larger step always ends lower",
            "C": "thinks the learning rate changes the cost function",
            "D": "takes a slow fall for a local minimum (the cost is convex)",
        },
    )
    + _single(
        "q13",
        "B",
        {
            "A": "the minus sign left out: the loss would be negative and maximized",
            "C": "the label and the prediction swapped, log 0 for every label",
            "D": "the squared error, which the course does not train with",
        },
    )
    + _multiple(
        "q14",
        ("A", "C"),
        {
            "likelihood_as_sum": (["B"], "independent probabilities added, not multiplied"),
            "sum_and_all_ones": (["B", "D"], "two wrong options"),
            "formula_and_sum": (["A", "B"], "one right option and one wrong"),
            "every_option": (["A", "B", "C", "D"], "every option chosen"),
        },
        {"formula_only": (["A"], "the link to the cost left out")},
    )
    + _single(
        "q15",
        "C",
        {
            "A": "believes the squared-error cost is convex too",
            "B": "log 0 put on the squared error's side",
            "D": "believes convexity carries over to deeper networks",
        },
    )
    + _single(
        "q16",
        "D",
        {
            "A": "keepdims forgotten: (3, 4) / (3,) does not broadcast",
            "B": "axis 1 taken for the column sums",
            "C": "keepdims taken to keep every entry",
        },
    )
)
