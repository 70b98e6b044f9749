"""The made-up class `make demo` grades: who they are, what they submit, what they must score.

Every demo student hands in every assignment, and each stands for a case instructors meet:
a perfect submission, right answers written differently, the common mistakes, an untouched
notebook, a half-finished one, code that raises, and an exercise that loops forever (ended by
the per-cell timeout). Their answers come from the variant catalogue
(:mod:`coursekit.accuracy.variants`) except the endless loops, which are written here because the
accuracy report leaves them out (each costs a timeout per call).

The expected points are written out per exercise: each assignment's points table, and for each
student the exercises where they lose points.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from coursekit.accuracy.variants import Variant, variant
from coursekit.course import Assignment

PREFIX = "demo_"

STUDENTS = {
    "demo_perfect": "the instructor's solution",
    "demo_other_forms": "right answers written differently from the solution",
    "demo_mistakes": "the common mistakes the specification lists",
    "demo_untouched": "the release notebook handed in unchanged",
    "demo_half_done": "the first exercises solved, the rest left as stubs",
    "demo_raises": "one exercise's code raises an error when called",
    "demo_endless_loop": "one exercise loops forever; the per-cell timeout ends it",
}


@dataclass(frozen=True)
class DemoSubmission:
    """One demo student's submission of one assignment and the points it must get.

    Attributes
    ----------
    student : str
        The student id (a key of :data:`STUDENTS`).
    expected : mapping of str to float
        Points per exercise the graders must give.
    variants : tuple of str, default=()
        Catalogue variants used, as ``"exercise/name"``.
    answers : mapping of str to str, default={}
        Hand-written answer cells, ``{grade_id: code}``.
    solved : tuple of str, optional
        Exercises filled with the instructor's solution when not given above;
        default all of them (``()`` hands in the stubs).
    """

    student: str
    expected: Mapping[str, float]
    variants: tuple[str, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)
    solved: tuple[str, ...] | None = None

    def catalogue_variants(self, assignment: Assignment) -> list[Variant]:
        """Return the catalogue variants this submission uses."""
        return [variant(assignment.name, *label.split("/")) for label in self.variants]


def _zero(table: Mapping[str, float], *exercises: str) -> dict[str, float]:
    """Return ``table`` with the points of ``exercises`` set to zero."""
    unknown = set(exercises) - set(table)
    if unknown:
        raise KeyError(f"not exercises of this assignment: {sorted(unknown)}")
    return {**table, **dict.fromkeys(exercises, 0)}


# ---------------------------------------------------------------------------------------------
# Assignment 1: Python Basics with NumPy
# ---------------------------------------------------------------------------------------------

PYTHON_BASICS_POINTS = {
    "hello_world": 1,
    "basic_sigmoid": 1,
    "sigmoid": 2,
    "sigmoid_derivative": 2,
    "image2vector": 2,
    "normalize_rows": 2,
    "softmax": 3,
    "L1": 1,
    "L2": 1,
}

L1_ENDLESS_LOOP = """\
# GRADED FUNCTION: L1

def L1(yhat, y):
    loss = 0
    i = 0
    while i < len(y):
        loss += abs(y[i] - yhat[i])
    return loss"""

PYTHON_BASICS = (
    DemoSubmission("demo_perfect", PYTHON_BASICS_POINTS),
    DemoSubmission(
        "demo_other_forms",
        PYTHON_BASICS_POINTS,
        variants=(
            "hello_world/concatenated",
            "basic_sigmoid/imported_exp",
            "sigmoid/tanh",
            "sigmoid_derivative/closed_form",
            "image2vector/reshape_minus_one",
            "normalize_rows/in_place",
            "softmax/stable",
            "L1/builtin_sum",
            "L2/sum_of_squares",
        ),
    ),
    DemoSubmission(
        "demo_mistakes",
        _zero(
            PYTHON_BASICS_POINTS,
            "sigmoid_derivative",
            "image2vector",
            "normalize_rows",
            "softmax",
            "L2",
        ),
        variants=(
            "sigmoid_derivative/returns_sigmoid",
            "image2vector/rank_one",
            "normalize_rows/columns",
            "softmax/row_sum_of_x",
            "L2/square_root",
        ),
    ),
    DemoSubmission("demo_untouched", _zero(PYTHON_BASICS_POINTS, *PYTHON_BASICS_POINTS), solved=()),
    DemoSubmission(
        "demo_half_done",
        _zero(PYTHON_BASICS_POINTS, "image2vector", "normalize_rows", "softmax", "L1", "L2"),
        solved=("hello_world", "basic_sigmoid", "sigmoid", "sigmoid_derivative"),
    ),
    DemoSubmission(
        "demo_raises", _zero(PYTHON_BASICS_POINTS, "sigmoid"), variants=("sigmoid/math_exp",)
    ),
    DemoSubmission(
        "demo_endless_loop", _zero(PYTHON_BASICS_POINTS, "L1"), answers={"L1": L1_ENDLESS_LOOP}
    ),
)

# ---------------------------------------------------------------------------------------------
# Assignment 2: Logistic Regression with a Neural Network mindset
# ---------------------------------------------------------------------------------------------

LOGISTIC_REGRESSION_POINTS = {
    "dataset_sizes": 1,
    "flatten": 2,
    "sigmoid": 1,
    "initialize_with_zeros": 2,
    "propagate": 4,
    "optimize": 4,
    "predict": 2,
    "model": 4,
}

# The loop runs when the cell runs (not when a function is called), so it costs one timeout.
FLATTEN_ENDLESS_LOOP = """\
# GRADED VARIABLE: train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x

train_set_x_flatten = np.zeros((num_px * num_px * 3, m_train))
i = 0
while i < m_train:
    train_set_x_flatten[:, i] = train_set_x_orig[i].reshape(-1)
test_set_x_flatten = test_set_x_orig.reshape(m_test, -1).T
train_set_x = train_set_x_flatten / 255
test_set_x = test_set_x_flatten / 255"""

LOGISTIC_REGRESSION = (
    DemoSubmission("demo_perfect", LOGISTIC_REGRESSION_POINTS),
    DemoSubmission(
        "demo_other_forms",
        LOGISTIC_REGRESSION_POINTS,
        variants=(
            "dataset_sizes/unpacked_shape",
            "flatten/sizes_from_exercise_1",
            "sigmoid/tanh",
            "initialize_with_zeros/full_numpy_float",
            "propagate/dot_products",
            "optimize/no_copy_needed",
            "predict/loop",
            "model/keyword_arguments",
        ),
    ),
    DemoSubmission(
        "demo_mistakes",
        # Every test cell of an exercise runs all of its hidden checks, so one mistake costs
        # the whole exercise (an int b loses w's point too) and nothing in other exercises.
        _zero(
            LOGISTIC_REGRESSION_POINTS, "initialize_with_zeros", "propagate", "optimize", "model"
        ),
        variants=(
            "initialize_with_zeros/int_bias",
            "propagate/cost_not_averaged",
            "optimize/mutates_w",
            "model/trains_on_test_set",
        ),
    ),
    DemoSubmission(
        "demo_untouched", _zero(LOGISTIC_REGRESSION_POINTS, *LOGISTIC_REGRESSION_POINTS), solved=()
    ),
    DemoSubmission(
        "demo_half_done",
        _zero(LOGISTIC_REGRESSION_POINTS, "propagate", "optimize", "predict", "model"),
        solved=("dataset_sizes", "flatten", "sigmoid", "initialize_with_zeros"),
    ),
    DemoSubmission(
        "demo_raises",
        # The later exercises' tests use the course's own sigmoid, so only sigmoid loses points.
        _zero(LOGISTIC_REGRESSION_POINTS, "sigmoid"),
        variants=("sigmoid/math_exp",),
    ),
    DemoSubmission(
        "demo_endless_loop",
        _zero(LOGISTIC_REGRESSION_POINTS, "flatten"),
        answers={"flatten": FLATTEN_ENDLESS_LOOP},
    ),
)

# ---------------------------------------------------------------------------------------------
# Assignment 3: Neurons and layers with NumPy
# ---------------------------------------------------------------------------------------------

NEURONS_AND_LAYERS_POINTS = {
    "single_neuron": 2,
    "neuron_output": 2,
    "layer_output": 2,
    "batch_output": 2,
    "relu": 2,
    "sigmoid": 2,
}

SINGLE_NEURON_ENDLESS_LOOP = """\
# GRADED FUNCTION: single_neuron

def single_neuron(inputs, weights, bias):
    output = bias
    i = 0
    while i < len(inputs):
        output += inputs[i] * weights[i]
    return output"""

NEURONS_AND_LAYERS = (
    DemoSubmission("demo_perfect", NEURONS_AND_LAYERS_POINTS),
    DemoSubmission(
        "demo_other_forms",
        NEURONS_AND_LAYERS_POINTS,
        variants=(
            "single_neuron/indexed",
            "neuron_output/sum_of_products",
            "layer_output/matmul",
            "batch_output/transposed_product",
            "relu/where",
            "sigmoid/tanh",
        ),
    ),
    DemoSubmission(
        "demo_mistakes",
        _zero(NEURONS_AND_LAYERS_POINTS, "neuron_output", "layer_output", "batch_output", "relu"),
        variants=(
            "neuron_output/first_three",
            "layer_output/swapped_dot",
            "batch_output/rows_per_neuron",
            "relu/np_max",
        ),
    ),
    DemoSubmission(
        "demo_untouched", _zero(NEURONS_AND_LAYERS_POINTS, *NEURONS_AND_LAYERS_POINTS), solved=()
    ),
    DemoSubmission(
        "demo_half_done",
        _zero(NEURONS_AND_LAYERS_POINTS, "batch_output", "relu", "sigmoid"),
        solved=("single_neuron", "neuron_output", "layer_output"),
    ),
    DemoSubmission(
        "demo_raises",
        _zero(NEURONS_AND_LAYERS_POINTS, "single_neuron"),
        variants=("single_neuron/list_multiply",),
    ),
    DemoSubmission(
        "demo_endless_loop",
        _zero(NEURONS_AND_LAYERS_POINTS, "single_neuron"),
        answers={"single_neuron": SINGLE_NEURON_ENDLESS_LOOP},
    ),
)

# ---------------------------------------------------------------------------------------------
# Quiz: graded after submission against the hidden key (coursekit/hidden/quiz.py)
# ---------------------------------------------------------------------------------------------

QUIZ_POINTS = {f"q{number}": 1 for number in range(1, 17)}

# A letter without quotes: the cell raises NameError, so q5 is never set.
Q5_UNQUOTED = """\
# ANSWER q5: one letter as a string
q5 = B"""

# The loop never ends, so q12 is never set.
Q12_ENDLESS_LOOP = """\
# ANSWER q12: one letter as a string
letter = ""
while letter != "A":
    letter = letter.strip()
q12 = letter"""

QUIZ = (
    DemoSubmission("demo_perfect", QUIZ_POINTS),
    DemoSubmission(
        "demo_other_forms",
        QUIZ_POINTS,
        variants=(
            "q1/lower_case",
            "q2/padded_single_quotes",
            "q3/reversed_lower_case",
            "q4/lower_case",
            "q6/lower_case",
            "q7/comma_separated_string",
            "q8/fraction_string",
            "q9/tuple",
            "q11/division",
            "q12/lower_case",
        ),
    ),
    DemoSubmission(
        "demo_mistakes",
        # Wrong options lose their question's point; a part of the right options earns a part.
        {**_zero(QUIZ_POINTS, "q1", "q5", "q8", "q10", "q11"), "q3": 0.5, "q9": 0.5},
        variants=(
            "q1/option_b",
            "q3/x_only",
            "q5/option_a",
            "q8/forgot_inner_derivative",
            "q9/dz_only",
            "q10/option_a",
            "q11/sigmoid_value",
        ),
    ),
    DemoSubmission("demo_untouched", _zero(QUIZ_POINTS, *QUIZ_POINTS), solved=()),
    DemoSubmission(
        "demo_half_done",
        _zero(QUIZ_POINTS, *(f"q{number}" for number in range(7, 17))),
        solved=("q1", "q2", "q3", "q4", "q5", "q6"),
    ),
    DemoSubmission("demo_raises", _zero(QUIZ_POINTS, "q5"), answers={"q5": Q5_UNQUOTED}),
    DemoSubmission(
        "demo_endless_loop", _zero(QUIZ_POINTS, "q12"), answers={"q12": Q12_ENDLESS_LOOP}
    ),
)

CLASS = {
    "python_basics": PYTHON_BASICS,
    "logistic_regression": LOGISTIC_REGRESSION,
    "neurons_and_layers": NEURONS_AND_LAYERS,
    "quiz": QUIZ,
}


def submissions(assignment: Assignment) -> tuple[DemoSubmission, ...]:
    """Return the demo class's submissions of ``assignment``."""
    return CLASS[assignment.name]
