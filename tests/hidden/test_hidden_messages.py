"""Every hidden check's failure reads in the public checks' layout, on a real student kernel.

Each wrong variant of the catalogue's function-only assignments is run in a local kernel in
place of the instructor's answer, and its exercise's checks are judged through the real
:class:`~coursekit.grading.values.student.Student`, so an error the variant raises crosses the
wire as it does in grading.
"""

import contextlib
import io
import re

import pytest
from harness import local_student

from coursekit.accuracy.variants import catalogue
from coursekit.course import ROOT, get_assignment
from coursekit.grading.verdicts.checks import exercise_of, load_checks, load_public_tests
from coursekit.submissions import solution_answers

ASSIGNMENTS = ["python_basics", "neurons_and_layers"]
# "<call>: <problem>", then indented lines: the hint, expected and got (and the rest of an
# array printed on several lines).
FIRST_LINE = re.compile(r"^\S.*?: \S")
RAISED = re.compile(r": raised (\w+): ")


def _failures(assignment: str) -> dict[str, list[tuple[str, str]]]:
    """Return ``{variant: [(grade id, message), ...]}`` of the failed checks of wrong variants."""
    checks, public = load_checks(assignment), load_public_tests(ROOT)
    answers = solution_answers(get_assignment(assignment).source_notebook(ROOT))
    code = "import math\nimport numpy as np\n" + "\n".join(answers.values())
    failures = {}
    with local_student(code) as student, contextlib.redirect_stdout(io.StringIO()):
        student.may_change_inputs = checks.may_change_inputs
        for item in catalogue(assignment):
            if item.correct:
                continue
            student.client.execute_interactive(item.code, timeout=30)
            grade_ids = [g for g in checks.functions if exercise_of(g) == item.exercise]
            verdicts = {g: checks.run(g, student, public) for g in grade_ids}
            failures[item.label] = [(g, v.message) for g, v in verdicts.items() if not v.passed]
            student.client.execute_interactive(answers[item.exercise], timeout=30)
    return failures


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def failures(request):
    """Return the failed checks of every wrong variant of one assignment."""
    return _failures(request.param)


@pytest.mark.slow
def test_every_failure_names_the_call_then_indents_hint_expected_got(failures):
    """Does each failed check read "<call>: <problem>" with every further line indented?"""
    assert any(failures.values()), "no wrong variant failed a check"
    for label, failed in failures.items():
        for grade_id, message in failed:
            first, *rest = message.splitlines()
            assert FIRST_LINE.match(first), (label, grade_id, message)
            assert all(line[:1].isspace() for line in rest), (label, grade_id, message)


@pytest.mark.slow
def test_an_error_the_variant_raised_is_told_once_with_a_hint(failures):
    """Does every failure from an error the variant raised read "<call>: raised <type>", hinted?"""
    raised = [
        (label, message)
        for label, failed in failures.items()
        for _, message in failed
        if " raised " in message.splitlines()[0]
    ]
    assert raised, "no wrong variant raised"
    for label, message in raised:
        first = message.splitlines()[0]
        assert RAISED.search(first) and first.count(" raised ") == 1, (label, message)
        assert "\n  hint: " in message, (label, message)
