"""How a check's outcome becomes a verdict when it breaks a limit (grading.verdicts.checks)."""

import pytest

from coursekit.grading.values.student import OutOfTime
from coursekit.grading.verdicts.checks import Checks


class _Student:
    """The part of a Student that Checks.run reads, with no kernel behind it."""

    trusted_exercises = frozenset()
    trust_was_used = False
    answer_cells: dict = {}


def _checks_raising(error: BaseException) -> Checks:
    """Return checks whose only check, ``demo-values``, raises ``error``."""
    checks = Checks("demo")

    @checks("demo-values")
    def demo_values(student, public):
        raise error

    return checks


def test_running_out_of_grading_memory_is_a_plain_zero():
    """Does a MemoryError in a check cost that cell its points with a plain message?"""
    verdict = _checks_raising(MemoryError()).run("demo-values", _Student(), None)
    assert verdict.fraction == 0 and "more memory than the grader allows" in verdict.message


def test_running_out_of_time_is_a_zero_not_a_crash():
    """Does a check stopped by its deadline give a verdict of 0 rather than raise?"""
    verdict = _checks_raising(OutOfTime("stopped")).run("demo-values", _Student(), None)
    assert verdict.fraction == 0 and "stopped" in verdict.message


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(1)])
def test_errors_of_the_grading_run_itself_are_not_verdicts(error):
    """Do interrupts and exits of the grading process pass through the check unjudged?"""
    with pytest.raises(type(error)):
        _checks_raising(error).run("demo-values", _Student(), None)
