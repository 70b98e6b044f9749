"""The variant catalogue: right and wrong ways students fill in each graded exercise.

A :class:`Variant` is the full code of one answer cell (keyed by the cell's ``grade_id``, which
is also the exercise's name). Each assignment has a module here (``python_basics``,
``logistic_regression``, ``neurons_and_layers``) defining ``VARIANTS``; :func:`catalogue`
returns them. The demo class (:mod:`coursekit.demo.students`) and the grader-accuracy report
(:mod:`coursekit.accuracy.report`) both build their submissions from this catalogue with
:func:`coursekit.accuracy.variants.builder.build_submission`.
"""

import importlib
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One way of filling in an exercise's answer cell.

    Attributes
    ----------
    exercise : str
        The answer cell's ``grade_id`` (the exercise's name, e.g. ``"softmax"``).
    name : str
        Short snake_case name, unique within the exercise (e.g. ``"row_sum_of_x"``).
    code : str
        The whole answer cell, from its ``# GRADED FUNCTION`` line on.
    correct : bool
        Whether the graders must give this answer full points.
    mistake : str, default=""
        For a wrong variant: the mistake it represents.
    expect_caught : bool, default=True
        For a wrong variant: whether the hidden tests are known to take all of the exercise's
        points (the baseline the accuracy test holds the graders to).
    note : str, default=""
        Why a wrong variant is not expected to be caught, or anything else worth knowing.
    beside : tuple of str, default=()
        For a wrong variant: labels (``"<exercise>/<name>"``) of correct variants of later
        exercises whose functions call this one's. They are handed in with it and must keep
        all their points, proving no exercise pays for another's mistake.
    """

    exercise: str
    name: str
    code: str
    correct: bool
    mistake: str = ""
    expect_caught: bool = True
    note: str = ""
    beside: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return ``"<exercise>/<name>"``, how reports and messages name the variant."""
        return f"{self.exercise}/{self.name}"


def _cell(code: str) -> str:
    """Return ``code`` dedented and stripped of leading and trailing blank lines."""
    return textwrap.dedent(code).strip("\n")


@dataclass(frozen=True)
class Draft:
    """A variant without its code yet; ``right(...).cell(code)`` completes it.

    Keeping the code as the only argument of :meth:`cell` lets the catalogue modules show
    each answer cell as a plain block of code.
    """

    exercise: str
    name: str
    correct: bool
    mistake: str = ""
    expect_caught: bool = True
    note: str = ""
    beside: tuple[str, ...] = ()

    def cell(self, code: str) -> Variant:
        """Return the variant whose answer cell is ``code`` (dedented, blank ends stripped)."""
        return Variant(
            self.exercise,
            self.name,
            _cell(code),
            self.correct,
            self.mistake,
            self.expect_caught,
            self.note,
            self.beside,
        )


def right(exercise: str, name: str, note: str = "") -> Draft:
    """Start a correct variant of ``exercise``: ``right("sigmoid", "tanh").cell(code)``."""
    return Draft(exercise, name, correct=True, note=note)


def wrong(
    exercise: str,
    name: str,
    mistake: str,
    expect_caught: bool = True,
    note: str = "",
    beside: tuple[str, ...] = (),
) -> Draft:
    """Start a wrong variant of ``exercise`` representing ``mistake``.

    Pass ``expect_caught=False`` with a ``note`` saying why for a wrong answer the hidden
    tests are known not to take all of the exercise's points (e.g. partial credit by design).
    ``beside`` names correct variants of later exercises that call this function, handed in
    with it (see :class:`Variant`).
    """
    if not expect_caught and not note:
        raise ValueError(
            f"{exercise}/{name}: explain in `note` why it is not expected to be caught"
        )
    return Draft(exercise, name, False, mistake, expect_caught, note, tuple(beside))


def catalogue(assignment: str) -> tuple[Variant, ...]:
    """Return the variants of ``assignment`` (its nbgrader name), in exercise order."""
    return importlib.import_module(f"coursekit.accuracy.variants.{assignment}").VARIANTS


def exercises(assignment: str) -> list[str]:
    """Return the exercises of ``assignment`` that have variants, in catalogue order."""
    return list(dict.fromkeys(variant.exercise for variant in catalogue(assignment)))


def variant(assignment: str, exercise: str, name: str) -> Variant:
    """Return the variant called ``name`` of ``exercise``; raise ``KeyError`` if there is none."""
    for candidate in catalogue(assignment):
        if candidate.exercise == exercise and candidate.name == name:
            return candidate
    raise KeyError(f"{assignment}: no variant {exercise}/{name} in the catalogue")
