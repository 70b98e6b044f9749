"""The quiz's answer key and scoring: kept with the instructor, run only in the grading process.

Nothing here reaches students: the notebook's graded cells only check an answer's form (with
``public_tests.quiz_answer_check``); the key, the scoring and the feedback line live here.
Every accepted spelling of an answer is first read into one canonical form by
``public_tests.quiz_normalize`` (the same reading the students' form check uses), then scored:

- one letter (``"single"``) and numbers (``"number"``, within :data:`RELATIVE_TOLERANCE`)
  earn all or nothing;
- a set of letters (``"multiple"``) earns :func:`multiple_choice_credit`: with ``k`` right
  options among ``n`` offered, ``1/k`` per right option chosen minus ``1/(n - k)`` per wrong
  option chosen, never less than 0. Choosing every option therefore earns exactly 0 on every
  question, and choosing the right ones alone earns the point.
"""

import functools
import math
import re
from fractions import Fraction
from pathlib import Path

from coursekit.grading.values.kernel_side import Other
from coursekit.grading.verdicts.checks import Checks, load_public_tests

RELATIVE_TOLERANCE = 1e-4
# The course folder this package ships in, whose public_tests.py defines the answer forms.
COURSE_ROOT = Path(__file__).resolve().parents[2]

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
    "q13": "B",
    "q14": ("A", "C"),
    "q15": "C",
    "q16": "D",
}

# The one-line idea each question tests, shown with the verdict. Each speaks of its own
# question only, so that a feedback page gives away no other question's answer.
IDEAS = {
    "q1": "a logistic unit computes sigma(w.T x + b) and reads it as P(y = 1 | x); adding b "
    "after the sigmoid could leave [0, 1].",
    "q2": "the loss scores one example; the cost J is the mean of the m losses, a smooth "
    "number to minimize, not a count of mistakes.",
    "q3": "X stacks the m flattened pictures as columns, (n_x, m); w has one weight per "
    "feature, (n_x, 1); Y is a (1, m) row, never rank-1.",
    "q4": "a (3, 1) column broadcasts across the 4 columns of a (3, 4) array; * is entry-by-entry.",
    "q5": "np.dot of (p, q) and (q, r) is (p, r): the inner sizes must match, not the shapes.",
    "q6": "transposing both (3, 4) arrays gives (4, 3) arrays whose sum has the entries asked.",
    "q7": "randn(5) is rank-1, shape (5,): .T changes nothing and dot gives a number; an "
    "assert on the shape catches it, and reshape returns a new array, so write "
    "v = v.reshape(5, 1).",
    "q8": "chain rule: dJ/dc = dJ/dv * dv/dc = u * 2c, with u = a + 2b = 5 and c = 3.",
    "q9": "dZ = A - Y holds each example's dL/dz (J averages the losses, so dJ/dz is dZ / m); "
    "hence dw = X dZ.T / m and db = sum(dZ) / m.",
    "q10": "each gradient-descent step needs the w and b of the step before, so those "
    "iterations cannot run at once.",
    "q11": "sigma'(z) = sigma(z)(1 - sigma(z)) and sigma(0) = 1/2.",
    "q12": "the learning rate is the step size: a tiny one crawls; one too large overshoots, "
    "back and forth; a far larger one overshoots further each time until the sigmoid's "
    "outputs round to 0 or 1 and the cost meets log 0.",
    "q13": "L(a, y) = -(y log a + (1 - y) log(1 - a)): for y = 1 it is -log a, for y = 0 "
    "-log(1 - a), never negative, largest for a confident wrong answer.",
    "q14": "p(y | x) = yhat^y (1 - yhat)^(1 - y); independent examples multiply, so the log "
    "likelihood is minus the sum of the losses: maximizing it minimizes J.",
    "q15": "through a sigmoid, the squared error makes the cost non-convex, with flat stretches "
    "where gradient descent stalls; the cross-entropy cost is convex.",
    "q16": "keepdims=True keeps the summed axis with length 1, (3, 1), so A / s broadcasts each "
    "row's sum along its row; without it s is (3,) and (3, 4) / (3,) fails.",
}

# Repr of a set or frozenset of short strings, as it crosses from the kernel (sets do not
# cross as values): "{'b', 'c'}" or "frozenset({'B'})".
_QUOTED = r"""'[^'"\\]{0,8}'|"[^'"\\]{0,8}\""""
_SET_REPR = re.compile(rf"(?:frozenset\()?\{{\s*(?:{_QUOTED})(?:\s*,\s*(?:{_QUOTED}))*\s*\}}\)?")
# Repr of a fractions.Fraction, which the students' form check takes as a number: read as the
# text "p/q", so that the same bounds apply.
_FRACTION_REPR = re.compile(r"Fraction\((-?[0-9]{1,20}), ([0-9]{1,20})\)")


@functools.cache
def _course_public_tests():
    """Return the course's own ``public_tests`` module (where the answer forms are defined)."""
    return load_public_tests(COURSE_ROOT)


def normalize(question, raw, public=None):
    """Return the canonical form of ``raw`` as an answer to ``question``.

    Parameters
    ----------
    question : str
        ``"q1"`` ... : the kind of answer and the options offered come from
        ``public_tests.QUIZ_QUESTIONS``.
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
        If ``raw`` is not of the form the question takes.
    """
    return (public or _course_public_tests()).quiz_normalize(question, raw)


def kind_of(question):
    """Return the kind of answer ``question`` takes, read from its key."""
    answer = KEY[question]
    if isinstance(answer, tuple):
        return "multiple"
    return "number" if isinstance(answer, float) else "single"


def multiple_choice_credit(chosen, right, offered):
    """Return the share of the point earned by choosing ``chosen`` on a choose-all question.

    Parameters
    ----------
    chosen, right : collection of str
        The letters chosen, and the right ones (``k`` of them).
    offered : str
        Every letter the question offers (``n`` of them, ``n > k``).

    Returns
    -------
    fraction : float
        ``max(0, right chosen / k - wrong chosen / (n - k))``, in [0, 1]: 1 for the right
        options alone, 0 for every option (``k/k - (n - k)/(n - k)``).
    """
    chosen, right = set(chosen), set(right)
    wrong_options = len(set(offered) - right)
    earned = Fraction(len(chosen & right), len(right)) - Fraction(
        len(chosen - right), wrong_options
    )
    return float(max(earned, Fraction(0)))


def _read(question, raw, public):
    """Return ``raw`` as an answer to ``question`` (a set's or a Fraction's repr read as such)."""
    if isinstance(raw, Other):
        fraction = _FRACTION_REPR.fullmatch(raw.text)
        if raw.type_name in ("builtins.set", "builtins.frozenset") and _SET_REPR.fullmatch(
            raw.text
        ):
            raw = {item[1:-1] for item in re.findall(_QUOTED, raw.text)}
        elif raw.type_name == "fractions.Fraction" and fraction:
            raw = "/".join(fraction.groups())
        else:
            raise ValueError(f"a {raw.type_name} is not an answer the grader can read")
    return normalize(question, raw, public)


def score(question, raw, public=None):
    """Score the answer ``raw`` to ``question``.

    Returns
    -------
    fraction : float
        Share of the question's points earned, in [0, 1].
    explanation : str
        One line for the feedback: right, partly right or wrong, and the idea tested.
    """
    public = public or _course_public_tests()
    idea = IDEAS[question]
    try:
        answer = _read(question, raw, public)
    except ValueError as problem:
        return 0.0, f"not read as an answer ({problem}); the idea: {idea}"
    key = KEY[question]
    kind = kind_of(question)
    if kind == "multiple":
        fraction = multiple_choice_credit(answer, key, public.QUIZ_QUESTIONS[question][1])
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
