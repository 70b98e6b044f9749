"""The grader-accuracy report: its plan, its reading of results, and the graders' baseline."""

from collections import Counter

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from coursekit.accuracy import report as accuracy_report
from coursekit.accuracy.report import Outcome, public_check
from coursekit.accuracy.variants import catalogue, right, wrong
from coursekit.course import GRADED, ROOT

NAMES = [a.name for a in GRADED]
RIGHT = right("L1", "fine").cell("# GRADED FUNCTION: L1")
WRONG = wrong("L1", "mean", "averages").cell("# GRADED FUNCTION: L1")
LENIENT = wrong("L1", "odd", "odd", expect_caught=False, note="why").cell("# GRADED FUNCTION: L1")


def _demo_cell(source, *outputs):
    """Return a notebook holding an ``L1_demo`` cell with ``outputs``."""
    cell = new_code_cell(source, metadata={"nbgrader": {"grade_id": "L1_demo"}})
    cell.outputs = list(outputs)
    return new_notebook(cells=[cell])


def _outcome(item, score, cascade=0.0, check="flagged"):
    """Return an outcome of ``item`` scoring ``score`` of 2 points."""
    return Outcome(item, "s", score, 2.0, None if item.correct else cascade, check, "")


@pytest.mark.parametrize("assignment", GRADED, ids=NAMES)
def test_plan_grades_each_wrong_variant_alone_and_each_correct_one_once(assignment):
    """Is each wrong variant handed in with only its ``beside`` partners, each correct one once?"""
    plan = accuracy_report.submissions(assignment)
    placed = Counter(v.label for variants in plan.values() for v in variants)
    variants = catalogue(assignment.name)
    partners = Counter(label for v in variants for label in v.beside)
    assert placed == Counter(v.label for v in variants) + partners
    for student, handed_in in plan.items():
        exercises = [v.exercise for v in handed_in]
        assert len(exercises) == len(set(exercises)), student
        first, *rest = handed_in
        if not first.correct:
            assert [v.label for v in rest] == list(first.beside), student
        assert all(v.correct for v in rest), student


def test_public_check_reads_the_demo_cell():
    """Is a demo cell flagged on an error or a silent checker, passed on 'All tests passed.'?"""
    passed = new_output("stream", name="stdout", text="L1 = 1.1\nAll tests passed.\n")
    error = new_output("error", ename="AssertionError", evalue="wrong value", traceback=[])
    printed = new_output("stream", name="stdout", text="L1 = 1.1\n")
    assert public_check(_demo_cell("L1_test(L1)", passed), "L1") == "passed"
    assert public_check(_demo_cell("L1_test(L1)", printed, error), "L1") == "flagged"
    assert public_check(_demo_cell("L1_test(L1)", printed), "L1") == "flagged"
    assert public_check(_demo_cell("print(L1)", printed), "L1") == "none"
    assert public_check(_demo_cell("print(L1)", error), "L1") == "flagged"
    assert public_check(nbformat.v4.new_notebook(), "L1") == "none"


def test_verdicts_and_regressions():
    """Are outcomes classified right, and only rejections and missed expected catches regress?"""
    assert _outcome(RIGHT, 2).verdict == "accepted" and not _outcome(RIGHT, 2).regression
    assert _outcome(RIGHT, 1).verdict == "rejected" and _outcome(RIGHT, 1).regression
    assert _outcome(WRONG, 0).verdict == "caught" and not _outcome(WRONG, 0).regression
    assert _outcome(WRONG, 1).verdict == "partial" and _outcome(WRONG, 1).regression
    assert _outcome(WRONG, 2).verdict == "slipped" and _outcome(WRONG, 2).regression
    assert not _outcome(LENIENT, 1).regression


def test_markdown_names_the_variants_that_miss_a_target():
    """Does the report tick only the met targets and list each miss with its reason?"""
    text = accuracy_report.markdown(
        {
            "python_basics": [
                _outcome(RIGHT, 2, check="passed"),
                _outcome(WRONG, 0, cascade=1.0),
                _outcome(LENIENT, 1, check="none"),
            ]
        }
    )
    assert "- [x] every correct variant gets full points" in text
    assert "- [ ] no cascade" in text
    assert "| python_basics | `L1/mean` | caught, 0/2, cascade 1 |" in text
    assert "| python_basics | `L1/odd` | partial, 1/2 | odd | why." in text
    assert "| python_basics | `L1/odd` | none |" in text


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Run the whole report once, writing into a scratch folder; return (results, folder)."""
    folder = tmp_path_factory.mktemp("accuracy")
    return accuracy_report.run(root=folder, log=lambda line: None), folder


@pytest.mark.slow
def test_no_correct_variant_loses_points(measured):
    """Does every correct variant of the catalogue get full points from nbgrader?"""
    results, _ = measured
    rejected = [f"{o.variant.label}: {o.detail}" for rows in results.values() for o in rows
                if o.verdict == "rejected"]  # fmt: skip
    assert not rejected, "\n".join(rejected)


@pytest.mark.slow
def test_every_wrong_variant_caught_before_is_still_caught(measured):
    """Does every wrong variant marked expect_caught still get zero for its exercise?"""
    results, _ = measured
    slipped = [f"{o.variant.label} {o.verdict} {o.score:g}/{o.max_score:g}: {o.detail}"
               for rows in results.values() for o in rows if o.regression]  # fmt: skip
    assert not slipped, "\n".join(slipped)


@pytest.mark.slow
def test_no_wrong_variant_costs_points_elsewhere(measured):
    """Does every wrong variant leave the other exercises' points intact (no cascade)?"""
    results, _ = measured
    cascades = [f"{o.variant.label}: {o.cascade:g} points"
                for rows in results.values() for o in rows if o.cascade]  # fmt: skip
    assert not cascades, "\n".join(cascades)


@pytest.mark.slow
def test_committed_report_is_fresh(measured):
    """Is the committed reports/grader_accuracy.md (and .csv) what the report produces now?"""
    _, folder = measured
    for name in ("grader_accuracy.md", "grader_accuracy.csv"):
        fresh = (folder / "reports" / name).read_text(encoding="utf-8")
        committed = (ROOT / "reports" / name).read_text(encoding="utf-8")
        assert committed == fresh, f"reports/{name} is stale: run `make report` and commit it"
