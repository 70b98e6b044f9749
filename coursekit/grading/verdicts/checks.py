"""How an assignment declares its hidden checks, and how a check becomes a verdict.

Each assignment has one module in :mod:`coursekit.hidden` that makes a :class:`Checks` named
``checks`` and registers one function per graded cell, by the cell's grade id::

    checks = Checks("python_basics", may_change_inputs={"normalize_rows"})

    @checks("sigmoid-values")
    def sigmoid_values(student, public):
        public.sigmoid_test(student.sigmoid)  # the notebook's own checker, run here
        ...

A check receives the student's notebook (:class:`~coursekit.grading.values.student.Student`) and the
instructor's copy of ``public_tests``. It passes by returning ``None``, fails by raising (with
:func:`~coursekit.grading.verdicts.messages.fail`, whose ``AssertionError`` carries the message
the student reads, in the public checks' layout; an error of the student's own code reads as
that layout too), and may return a fraction in [0, 1] for partial credit, or
``(fraction, message)`` to say something whatever the score.
Checks run in the grading process; only values cross from the student's kernel. The rules are
data on :class:`Checks`: with ``whole_exercise`` (the default) an exercise scores only when
every one of its checks passes; functions not named in ``may_change_inputs`` must leave their
arguments as they were; the course's values of the variables an exercise defines are declared
with :meth:`Checks.course_values`, and stand in for the student's in later exercises' checks.

Hidden inputs come from ``student.rng(stream)``, seeded per submission
(:mod:`coursekit.grading.verdicts.submission_seed`): a message may show an input and its
expected value.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursekit.grading.values.student import KernelLost, Student, StudentError
from coursekit.grading.verdicts.messages import explain

MESSAGE_CHARS = 1500
# Errors whose text is written for the student: a failed check, a name the notebook does not
# define, the grader's word on a call that went wrong (an error the student's own code raised
# is told apart by :func:`~coursekit.grading.verdicts.messages.explain`).
WRITTEN_FOR_STUDENTS = (AssertionError, NameError, StudentError)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one graded cell.

    Attributes
    ----------
    fraction : float
        Share of the cell's points earned, from 0 to 1.
    message : str
        What the student reads under the cell.
    """

    fraction: float
    message: str

    @property
    def passed(self) -> bool:
        """Whether the cell earned all its points."""
        return self.fraction >= 1


def exercise_of(grade_id: str) -> str:
    """Return the exercise a graded cell belongs to: grade ids are ``<exercise>-<aspect>``."""
    return grade_id.split("-", 1)[0]


class Checks:
    """The hidden checks of one assignment, by grade id, and the rules they are scored by.

    Parameters
    ----------
    assignment : str
        The assignment's name.
    whole_exercise : bool, default=True
        An exercise scores only when all of its checks pass.
    may_change_inputs : collection of str, default=()
        Student functions allowed to change their arguments in place (the spec allows it).
    """

    def __init__(self, assignment: str, whole_exercise: bool = True, may_change_inputs=()):
        self.assignment = assignment
        self.whole_exercise = whole_exercise
        self.may_change_inputs = frozenset(may_change_inputs)
        self.functions: dict[str, Callable] = {}
        self.variables: dict[str, Callable] = {}

    def __call__(self, *grade_ids: str) -> Callable:
        """Register the decorated function as the check of the cells ``grade_ids``."""

        def register(function: Callable) -> Callable:
            for grade_id in grade_ids:
                if grade_id in self.functions:
                    raise ValueError(f"{self.assignment}: two checks for {grade_id!r}")
                self.functions[grade_id] = function
            return function

        return register

    def course_values(self, exercise: str) -> Callable:
        """Register the decorated ``function(public) -> {name: value}`` for ``exercise``.

        It returns the course's values of the variables the exercise's answer defines. When
        the exercise did not pass, a failed check of a later exercise is judged again with its
        answer cells re-run where those variables hold the course's values.
        """

        def register(function: Callable) -> Callable:
            self.variables[exercise] = function
            return function

        return register

    def run(self, grade_id: str, student: Student, public) -> Verdict:
        """Run the check of ``grade_id`` and return its verdict (never the check's code).

        Raises
        ------
        KernelLost
            If the student's kernel died or hung during the check (the caller restarts it).
        """
        function = self.functions.get(grade_id)
        if function is None:
            return Verdict(
                0.0, f"no check is defined for the cell {grade_id!r}; tell your instructor"
            )
        student.trust_was_used = False
        verdict = self._attempt(function, student, public)
        if not verdict.passed and student.trust_was_used:
            # The student's own version of an earlier, passed exercise served this check:
            # judge again with the course's, so that one exercise never costs another's points.
            trusted, student.trusted_exercises = student.trusted_exercises, frozenset()
            try:
                verdict = self._attempt(function, student, public)
            finally:
                student.trusted_exercises = trusted
        values = {} if verdict.passed else self._earlier_values(grade_id, student, public)
        if values:
            # An earlier exercise's wrong variables may have served this check: judge again
            # with the course's values, and with every stand-in, and keep the better verdict.
            trusted, student.trusted_exercises = student.trusted_exercises, frozenset()
            try:
                with student.rerunning(exercise_of(grade_id), values):
                    retried = self._attempt(function, student, public)
            finally:
                student.trusted_exercises = trusted
            verdict = max(verdict, retried, key=lambda v: v.fraction)
        return verdict

    def _earlier_values(self, grade_id: str, student: Student, public) -> dict:
        """Return the course's values of the variables of earlier exercises that did not pass."""
        exercise = exercise_of(grade_id)
        if not student.answer_cells.get(exercise):
            return {}
        order = list(dict.fromkeys(exercise_of(g) for g in self.functions))
        values = {}
        for earlier in order[: order.index(exercise)]:
            if earlier in self.variables and earlier not in student.trusted_exercises:
                values.update(self.variables[earlier](public))
        return values

    @staticmethod
    def _attempt(function: Callable, student: Student, public) -> Verdict:
        """Run one check function and turn its outcome into a verdict."""
        try:
            result = function(student, public)
        except KernelLost:
            raise
        except MemoryError:
            # The grading process's own memory cap (SandboxLimits.grader_memory_mb) was reached.
            return Verdict(0.0, "checking this answer needed more memory than the grader allows")
        except Exception as error:  # noqa: BLE001 -- any failure of the answer is a verdict
            return Verdict(0.0, _clip(explain(error, plain=WRITTEN_FOR_STUDENTS)))
        if result is None:
            return Verdict(1.0, "")
        fraction, message = result if isinstance(result, tuple) else (result, "")
        return Verdict(min(max(float(fraction), 0.0), 1.0), _clip(str(message)))

    def apply_rules(self, verdicts: dict[str, Verdict]) -> dict[str, Verdict]:
        """Return ``verdicts`` with the whole-exercise rule applied."""
        if not self.whole_exercise:
            return dict(verdicts)
        failed: dict[str, list[str]] = {}
        for grade_id, verdict in verdicts.items():
            if not verdict.passed:
                failed.setdefault(exercise_of(grade_id), []).append(grade_id)
        ruled = {}
        for grade_id, verdict in verdicts.items():
            others = [g for g in failed.get(exercise_of(grade_id), []) if g != grade_id]
            if verdict.passed and others:
                verdict = Verdict(
                    0.0,
                    f"this check passed, but {', '.join(others)} of the same exercise did not, "
                    "and an exercise earns its points only when all of its checks pass",
                )
            ruled[grade_id] = verdict
        return ruled


def _clip(text: str) -> str:
    """Cut a message to a readable length."""
    return text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS] + " [...]"


def load_checks(assignment: str) -> Checks:
    """Return the :class:`Checks` of ``assignment`` from :mod:`coursekit.hidden`."""
    module = importlib.import_module(f"coursekit.hidden.{assignment}")
    return module.checks


def load_public_tests(course_root: Path):
    """Load the instructor's ``public_tests.py`` of the course at ``course_root``, by path.

    Loaded by path under a private module name, so a student's file of the same name, or a
    copy elsewhere on ``sys.path``, can never stand in for it.
    """
    path = Path(course_root) / "public_tests.py"
    spec = importlib.util.spec_from_file_location("_coursekit_public_tests", path)
    if spec is None or not path.is_file():
        raise FileNotFoundError(f"{path} is missing: grading needs the course's public_tests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
