"""Measure how accurately the graders grade: the variant catalogue through real nbgrader.

For every assignment, in a scratch copy of the course, hands in one submission per wrong
variant (the instructor's solution everywhere else, so points lost in other exercises are a
cascade; the correct variants named in its ``beside`` take the place of the solution, and must
keep their points however they call the wrong function) and a few submissions combining
correct variants (submission ``k`` holds correct variant ``k`` of every exercise),
autogrades them all with nbgrader on every core (``coursekit grade``), and reports per
exercise:

- correct variants given full points;
- wrong variants given zero for their exercise (and those given partial or full points);
- points lost in other exercises (cascade);
- wrong variants the public check already flags. The public check is the exercise's
  ``<exercise>_demo`` cell, the one students run: it flags a variant when, in the autograded
  notebook, that cell raised an error or its checker did not print ``All tests passed.``.

Writes ``reports/grader_accuracy.md`` and ``reports/grader_accuracy.csv``. Run as
``python -m coursekit.accuracy [ASSIGNMENT...]``; exits 1 when a correct variant loses
points or a wrong variant marked ``expect_caught`` keeps any.
"""

import argparse
import csv
import io
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from coursekit.accuracy.variants import Variant, catalogue, exercises, variant
from coursekit.accuracy.variants.builder import build_submission
from coursekit.course import GRADED, ROOT, Assignment, get_assignment
from coursekit.grading.class_runner.pools import open_backend
from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.gradebook.scores import autograded_notebook, cell_scores, exercise_of
from coursekit.grading.settings import ToolSettings
from coursekit.run_notebook import cell_text
from coursekit.submissions import submit
from coursekit.workspace import scratch_course

REPORT = Path("reports") / "grader_accuracy.md"
# What every checker in public_tests.py prints when it finds nothing wrong.
PASSED = "All tests passed."
# A call of a public_tests checker: sigmoid_test(...), initialize_with_zeros_test_1(...).
CHECKER_CALL = re.compile(r"\b\w+_test(_\d+)?\(")
TARGET_CAUGHT = 0.95
TARGET_FLAGGED = 0.80


@dataclass(frozen=True)
class Outcome:
    """How the graders treated one variant.

    Attributes
    ----------
    variant : Variant
        The variant graded.
    student : str
        The submission (student id) it was graded in.
    score, max_score : float
        Points given for the variant's exercise, out of ``max_score``.
    cascade : float or None
        Points lost in the other exercises; ``None`` for correct variants, which share a
        submission with the other exercises' correct variants.
    public_check : str
        ``"flagged"``, ``"passed"`` or ``"none"`` (the exercise's demo cell calls no checker
        and did not raise).
    detail : str
        The exercise's graded cells that kept or lost points, with the first error line.
    """

    variant: Variant
    student: str
    score: float
    max_score: float
    cascade: float | None
    public_check: str
    detail: str

    @property
    def verdict(self) -> str:
        """Return ``accepted``/``rejected`` (correct) or ``caught``/``partial``/``slipped``."""
        if self.variant.correct:
            return "accepted" if self.score == self.max_score else "rejected"
        if self.score == 0:
            return "caught"
        return "slipped" if self.score == self.max_score else "partial"

    @property
    def regression(self) -> bool:
        """Whether this outcome breaks the baseline: a rejection, or an expected catch missed."""
        if self.variant.correct:
            return self.verdict == "rejected"
        return self.variant.expect_caught and self.verdict != "caught"


def submissions(assignment: Assignment) -> dict[str, list[Variant]]:
    """Return ``{student: variants}``: combined correct submissions, then one per wrong variant."""
    variants = catalogue(assignment.name)
    plan = {}
    correct = {
        e: [v for v in variants if v.exercise == e and v.correct]
        for e in exercises(assignment.name)
    }
    for k in range(max(len(group) for group in correct.values())):
        plan[f"correct-{k + 1}"] = [group[k] for group in correct.values() if k < len(group)]
    for item in variants:
        if not item.correct:
            # Correct variants that call the wrong one's function ride along: they must keep
            # their points (the no-double-penalty rule).
            partners = [variant(assignment.name, *label.split("/")) for label in item.beside]
            plan[f"wrong-{item.exercise}-{item.name}"] = [item, *partners]
    return plan


def public_check(nb: nbformat.NotebookNode, exercise: str) -> str:
    """Return what the exercise's demo cell told the student: flagged, passed or none."""
    cells = [c for c in nb.cells if _grade_id(c) == f"{exercise}_demo"]
    if not cells:
        return "none"
    cell = cells[0]
    if any(output.output_type == "error" for output in cell.get("outputs", [])):
        return "flagged"
    if not CHECKER_CALL.search(cell.source):
        return "none"
    return "passed" if PASSED in cell_text(cell) else "flagged"


def _grade_id(cell: nbformat.NotebookNode) -> str:
    """Return the cell's nbgrader grade id, or ``""``."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def _detail(nb: nbformat.NotebookNode, scores: dict, exercise: str) -> str:
    """Describe the exercise's graded cells: points kept, and why the others failed."""
    parts = []
    for cell in nb.cells:
        grade_id = _grade_id(cell)
        if grade_id not in scores or exercise_of(grade_id) != exercise:
            continue
        score, top = scores[grade_id]
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        reason = ""
        if errors:
            first = (errors[0].evalue or "").strip().splitlines()
            reason = f" ({errors[0].ename}: {first[0] if first else ''})"
        parts.append(f"{grade_id} {score:g}/{top:g}{reason}")
    return "; ".join(parts)


def outcomes(course: Path, assignment: Assignment, plan: dict[str, list[Variant]]) -> list:
    """Read back the graded submissions of ``plan`` and return one :class:`Outcome` per variant."""
    results = []
    for student, variants in plan.items():
        scores = cell_scores(course, assignment, student)
        per_exercise = {}
        for grade_id, (score, top) in scores.items():
            got, most = per_exercise.get(exercise_of(grade_id), (0.0, 0.0))
            per_exercise[exercise_of(grade_id)] = (got + score, most + top)
        nb = nbformat.read(autograded_notebook(course, assignment, student), as_version=4)
        for item in variants:
            score, top = per_exercise[item.exercise]
            cascade = None
            if not item.correct:
                cascade = sum(t - s for e, (s, t) in per_exercise.items() if e != item.exercise)
            results.append(
                Outcome(
                    item,
                    student,
                    score,
                    top,
                    cascade,
                    public_check(nb, item.exercise),
                    _detail(nb, scores, item.exercise),
                )
            )
    return results


def measure(assignment: Assignment, workdir: Path, log=print, backend=None) -> list[Outcome]:
    """Grade the catalogue of ``assignment`` in a scratch course under ``workdir``.

    ``backend`` is the pool of grading processes (see :mod:`coursekit.grading.class_runner.pools`);
    default one of its own.
    """
    log(f"{assignment.name}: building a scratch course in {workdir}")
    course = scratch_course(Path(workdir) / assignment.name, [assignment])
    plan = submissions(assignment)
    plan["solution"] = []
    for student, variants in plan.items():
        submit(course, student, assignment, build_submission(assignment, variants, root=course))
    log(f"{assignment.name}: autograding {len(plan)} submissions")
    summary = grade_class(
        course,
        [assignment.name],
        config=ToolSettings().grading_config(),
        log=lambda line: log(f"{assignment.name}: {line}"),
        stream=io.StringIO(),  # several assignments grade at once: their summaries suffice
        backend=backend,
    )
    if summary.failed:
        raise RuntimeError(f"{assignment.name}: nbgrader could not grade:\n{summary.text()}")
    solution = cell_scores(course, assignment, "solution")
    lost = {g: s for g, s in solution.items() if s[0] != s[1]}
    if lost:
        raise RuntimeError(f"{assignment.name}: the solution itself loses points: {lost}")
    del plan["solution"]
    return outcomes(course, assignment, plan)


def _ratio(part: int, whole: int) -> str:
    """Format ``part/whole (percent)``; ``-`` when ``whole`` is 0."""
    return "-" if whole == 0 else f"{part}/{whole} ({100 * part / whole:.0f}%)"


def _summary_row(name: str, rows: list[Outcome]) -> list[str]:
    """Return one table row summarising ``rows``."""
    right = [o for o in rows if o.variant.correct]
    wrong = [o for o in rows if not o.variant.correct]
    return [
        name,
        _ratio(sum(o.verdict == "accepted" for o in right), len(right)),
        _ratio(sum(o.verdict == "caught" for o in wrong), len(wrong)),
        str(sum(o.verdict == "partial" for o in wrong)),
        str(sum(o.verdict == "slipped" for o in wrong)),
        f"{sum(o.cascade for o in wrong):g}",
        _ratio(sum(o.public_check == "flagged" for o in wrong), len(wrong)),
    ]


def _markdown_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """Return the lines of a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


HEADER = [
    "exercise",
    "correct given full points",
    "wrong given zero",
    "wrong, partial points",
    "wrong, full points",
    "cascade (points)",
    "wrong flagged by public check",
]


def markdown(results: dict[str, list[Outcome]]) -> str:
    """Return the report as Markdown: totals, one table per assignment, then every miss."""
    everything = [o for rows in results.values() for o in rows]
    wrong = [o for o in everything if not o.variant.correct]
    caught = sum(o.verdict == "caught" for o in wrong)
    partial = sum(o.verdict == "partial" for o in wrong)
    flagged = sum(o.public_check == "flagged" for o in wrong)
    rejected = [o for o in everything if o.verdict == "rejected"]
    cascades = [o for o in wrong if o.cascade]
    targets = [
        ("every correct variant gets full points", not rejected),
        (
            f"at least {TARGET_CAUGHT:.0%} of wrong variants get zero",
            caught >= TARGET_CAUGHT * len(wrong),
        ),
        ("no cascade: a wrong variant costs points only in its own exercise", not cascades),
        (
            f"at least {TARGET_FLAGGED:.0%} of wrong variants flagged by the public check",
            flagged >= TARGET_FLAGGED * len(wrong),
        ),
    ]
    lines = [
        "# Grader accuracy",
        "",
        "Generated by `make report` (`python -m coursekit.accuracy`) from the variant",
        "catalogue in `coursekit/accuracy/variants/`, graded by `nbgrader autograde` in a scratch",
        "copy of the course. A wrong variant is handed in alone (the solution everywhere else), so",
        "points it costs in other exercises are a cascade; correct variants are combined,",
        "submission *k* holding correct variant *k* of every exercise. The public check is the",
        "exercise's `<exercise>_demo` cell as students run it: it flags a variant when it raises",
        "or its checker does not print `All tests passed.`. Per-variant results:",
        "`grader_accuracy.csv`.",
        "",
        "## Targets",
        "",
        *(f"- [{'x' if met else ' '}] {text}" for text, met in targets),
        "",
        f"{caught + partial} of {len(wrong)} wrong variants lose points in their exercise: "
        f"{caught} all of them, {partial} only some (partial credit, where an exercise's points "
        "are spread over aspects such as value and type; each is listed below with its reason).",
        "",
        "## Totals",
        "",
        *_markdown_table(
            ["assignment", *HEADER[1:]],
            [
                *(_summary_row(name, rows) for name, rows in results.items()),
                _summary_row("**all**", everything),
            ],
        ),
    ]
    for name, rows in results.items():
        lines += ["", f"## {name}", ""]
        order = list(dict.fromkeys(o.variant.exercise for o in rows))
        lines += _markdown_table(
            HEADER, [_summary_row(e, [o for o in rows if o.variant.exercise == e]) for e in order]
        )

    def missed(o):
        return o.verdict not in ("accepted", "caught") or bool(o.cascade)

    misses = [(name, o) for name, rows in results.items() for o in rows if missed(o)]
    unflagged = [
        (name, o)
        for name, rows in results.items()
        for o in rows
        if not o.variant.correct and o.public_check != "flagged"
    ]
    lines += ["", "## Variants that miss a target", ""]
    lines += (
        _markdown_table(
            ["assignment", "variant", "result", "mistake", "why"],
            [
                [name, _label(o), _result(o), o.variant.mistake or "(correct)", _why(o)]
                for name, o in misses
            ],
        )
        if misses
        else ["None."]
    )
    lines += ["", "## Wrong variants the public check does not flag", ""]
    lines += (
        _markdown_table(
            ["assignment", "variant", "public check", "mistake", "note"],
            [
                [name, _label(o), o.public_check, o.variant.mistake, _unflagged_why(o)]
                for name, o in unflagged
            ],
        )
        if unflagged
        else ["None."]
    )
    return "\n".join(lines) + "\n"


def _label(outcome: Outcome) -> str:
    """Return the variant's ``exercise/name`` label in code style."""
    return f"`{outcome.variant.label}`"


def _result(outcome: Outcome) -> str:
    """Describe the points outcome of one variant."""
    text = f"{outcome.verdict}, {outcome.score:g}/{outcome.max_score:g}"
    if outcome.cascade:
        text += f", cascade {outcome.cascade:g}"
    return text


def _why(outcome: Outcome) -> str:
    """Explain a miss: the catalogue's note if any, then the graded cells' results."""
    note = outcome.variant.note
    cells = outcome.detail.replace("|", "\\|")
    return f"{note}. Cells: {cells}" if note else f"Cells: {cells}"


def _unflagged_why(outcome: Outcome) -> str:
    """Explain why the public check misses a wrong variant."""
    if outcome.public_check == "none":
        return "the demo cell only prints the values; there is no public checker to call"
    return "the public checker passes it (its few fixed cases do not tell this mistake apart)"


def write_csv(results: dict[str, list[Outcome]], path: Path) -> Path:
    """Write one CSV row per variant to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["assignment", "exercise", "variant", "correct", "mistake", "submission", "points",
             "max_points", "cascade", "public_check", "verdict", "expect_caught", "detail"]
        )  # fmt: skip
        for name, rows in results.items():
            for o in rows:
                writer.writerow(
                    [name, o.variant.exercise, o.variant.name, o.variant.correct,
                     o.variant.mistake, o.student, f"{o.score:g}", f"{o.max_score:g}",
                     "" if o.cascade is None else f"{o.cascade:g}", o.public_check, o.verdict,
                     "" if o.variant.correct else o.variant.expect_caught, o.detail]
                )  # fmt: skip
    return path


def run(
    assignments=GRADED, root: Path = ROOT, jobs: int | None = None, log=print
) -> dict[str, list[Outcome]]:
    """Measure ``assignments`` and write the Markdown and CSV reports under ``root``.

    Parameters
    ----------
    assignments : sequence of Assignment, default=GRADED
        The assignments to measure, each in its own scratch course.
    root : Path, default=ROOT
        The course whose ``reports/`` receives the report.
    jobs : int, optional
        Grading processes (default: one per CPU).
    log : callable, default=print
        Receives the progress lines.

    Returns
    -------
    dict
        ``{assignment: [Outcome, ...]}`` in the order of ``assignments``.
    """
    start = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="grader-accuracy-") as workdir,
        open_backend(workers=jobs) as backend,
        ThreadPoolExecutor(max_workers=len(assignments)) as threads,
    ):
        # Every assignment's submissions go to the same worker processes, all at once.
        futures = {
            a.name: threads.submit(measure, a, Path(workdir), log, backend) for a in assignments
        }
        results = {name: future.result() for name, future in futures.items()}
    report = Path(root) / REPORT
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(markdown(results), encoding="utf-8")
    write_csv(results, report.with_suffix(".csv"))
    count = sum(len({o.student for o in rows}) + 1 for rows in results.values())
    log(f"graded {count} notebooks in {time.perf_counter() - start:.0f} s; wrote {report}")
    return results


def main(argv: list[str] | None = None) -> int:
    """Write the report for the assignments named (default: all); 1 if the baseline breaks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all graded)")
    parser.add_argument("--jobs", type=int, help="grading processes (default: CPUs)")
    args = parser.parse_args(argv)
    chosen = [get_assignment(n) for n in args.assignments] if args.assignments else GRADED
    results = run(chosen, jobs=args.jobs, log=lambda line: print(line, flush=True))
    print("\n" + markdown(results).split("## Totals", 1)[1].split("\n## ", 1)[0].strip())
    broken = [o for rows in results.values() for o in rows if o.regression]
    for o in broken:
        print(f"REGRESSION: {o.variant.label} {_result(o)} ({o.detail})")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
