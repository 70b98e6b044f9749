"""The quiz's answer key and scoring: kept with the instructor, run only in the grading process.

Nothing here reaches students: the notebook's graded cells only check an answer's form (with
``public_tests.quiz_answer_check``); the key, the scoring and the feedback line live here.
Every accepted spelling of an answer is first read into one canonical form by
``public_tests.quiz_normalize`` (the same reading the students' form check uses), then scored:

- one letter (``"single"``) and numbers (``"number"``, within :data:`RELATIVE_TOLERANCE`)
  earn all or nothing;
- a list of letters (``"multiple"``) with ``k`` right options earns ``+1/k`` per right option
  chosen and ``-1/k`` per wrong option chosen, never less than 0.
"""

import functools
import math

from coursekit.course import ROOT
from coursekit.grading.checks import Checks, load_public_tests
from coursekit.grading.kernel_side import Other

RELATIVE_TOLERANCE = 1e-4

KEY = {
    "q1": "C",
    "q2": "B",
    "q3": ("B", "C"),
    "q4": "D",
    "q5": "B",
    "q6": "C",
    "q7": ("A", "C", "D"),
    "q8": 30.0,
    "q9": ("A", "C"),
    "q10": "D",
    "q11": 0.25,
    "q12": "A",
}

# The one-line idea each question tests, shown with the verdict. Each speaks of its own
# question only, so that a feedback page gives away no other question's answer.
IDEAS = {
    "q1": "a logistic unit computes sigma(w.T x + b) and reads it as P(y = 1 | x).",
    "q2": "the loss scores one example; the cost J is the mean of the m losses.",
    "q3": "X stacks the m flattened pictures as columns, (n_x, m); w has one weight per "
    "feature, (n_x, 1); Y is a (1, m) row, never rank-1.",
    "q4": "a (3, 1) column broadcasts across the 4 columns of a (3, 4) array; * is entry-by-entry.",
    "q5": "np.dot of (p, q) and (q, r) is (p, r): the inner sizes must match, not the shapes.",
    "q6": "transposing both (3, 4) arrays gives (4, 3) arrays whose sum has the entries asked.",
    "q7": "randn(5) is rank-1, shape (5,): .T changes nothing and dot gives a number; assert "
    "the shape and reshape to (5, 1).",
    "q8": "chain rule: dJ/dc = dJ/dv * dv/dc = u * 2c, with u = a + 2b = 5 and c = 3.",
    "q9": "dZ = A - Y; the cost averages over m, so dw = X dZ.T / m and db = sum(dZ) / m.",
    "q10": "each gradient-descent step needs the w and b of the step before, so those "
    "iterations cannot run at once.",
    "q11": "sigma'(z) = sigma(z)(1 - sigma(z)) and sigma(0) = 1/2.",
    "q12": "the learning rate is the step size: too large overshoots and oscillates, too "
    "small crawls.",
}


@functools.cache
def _course_public_tests():
    """Return the course's own ``public_tests`` module (where the answer forms are defined)."""
    return load_public_tests(ROOT)


def normalize(kind, raw, public=None):
    """Return the canonical form of ``raw`` as an answer of ``kind``.

    Parameters
    ----------
    kind : str
        The kind of answer the question takes: ``"single"``, ``"multiple"`` or ``"number"``.
    raw : object
        The student's answer as it came from the notebook.
    public : module, optional
        The course's ``public_tests`` (default: the copy in this repository).

    Returns
    -------
    canonical : str, tuple of str or float
        ``"B"``, ``("A", "C")`` or ``0.25``.

    Raises
    ------
    ValueError
        If ``raw`` is not of the form ``kind`` asks for.
    """
    return (public or _course_public_tests()).quiz_normalize(kind, raw)


def kind_of(question):
    """Return the kind of answer ``question`` takes, read from its key."""
    answer = KEY[question]
    if isinstance(answer, tuple):
        return "multiple"
    return "number" if isinstance(answer, float) else "single"


def score(question, raw, public=None):
    """Score the answer ``raw`` to ``question``.

    Returns
    -------
    fraction : float
        Share of the question's points earned, in [0, 1].
    explanation : str
        One line for the feedback: right, partly right or wrong, and the idea tested.
    """
    kind = kind_of(question)
    idea = IDEAS[question]
    if isinstance(raw, Other):  # a value that cannot leave the kernel, e.g. a set
        return 0.0, f"not read as an answer (a {raw.type_name}); the idea: {idea}"
    try:
        answer = normalize(kind, raw, public)
    except ValueError as problem:
        return 0.0, f"not read as an answer ({problem}); the idea: {idea}"
    key = KEY[question]
    if isinstance(key, tuple):  # choose all that apply
        chosen = set(answer)
        right = len(chosen & set(key)) - len(chosen - set(key))
        fraction = max(0.0, right / len(key))
    elif kind == "number":
        fraction = float(math.isclose(answer, key, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12))
    else:
        fraction = float(answer == key)
    verdict = "right" if fraction == 1 else ("partly right" if fraction > 0 else "wrong")
    return fraction, f"{verdict}: {idea}"


checks = Checks("quiz")


def _register(question):
    """Register the check of ``question``'s graded cell, ``<question>-answer``."""

    @checks(f"{question}-answer")
    def check(student, public):
        fraction, explanation = score(question, student.value(question), public)
        if fraction == 0:
            raise AssertionError(explanation)
        return fraction, explanation

    return check


for _question in KEY:
    _register(_question)
