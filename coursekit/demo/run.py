"""Grade the demo class end to end, the way an instructor grades a real one (``make demo``).

Builds the release, hands in the made-up class of :mod:`coursekit.demo.students` under
``submitted/``, autogrades it with nbgrader, writes the feedback pages, exports the grades to
``reports/demo/grades.csv``, prints the points table, draws the grade distribution and checks
every student's points against the expected ones (exit status 1 on a mismatch).

Run as ``python -m coursekit.demo [--timeout SECONDS] [ASSIGNMENT...]``.
"""

import argparse
import os
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from coursekit.accuracy.variants.builder import build_submission
from coursekit.course import GRADED, ROOT, Assignment, get_assignment
from coursekit.demo import students as demo_class
from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.gradebook.publish import export_grades, generate_feedback
from coursekit.grading.gradebook.scores import exercise_scores
from coursekit.grading.settings import ToolSettings
from coursekit.release import build_release
from coursekit.submissions import submit

OUTPUT = Path("reports") / "demo"

Scores = dict[str, dict[str, tuple[float, float]]]


def hand_in(root: Path, assignment: Assignment, log=print) -> list[str]:
    """Write the demo class's submissions of ``assignment`` under ``root/submitted``.

    Returns
    -------
    list of str
        The student ids, in class order. Re-running overwrites the same files.
    """
    students = []
    for item in demo_class.submissions(assignment):
        nb = build_submission(
            assignment,
            item.catalogue_variants(assignment),
            root=root,
            answers=item.answers,
            solved=item.solved,
        )
        submit(root, item.student, assignment, nb)
        students.append(item.student)
    log(f"{assignment.name}: handed in {len(students)} submissions under {root / 'submitted'}")
    return students


def grade(root: Path, assignments, timeout: int | None = None, log=print) -> dict[str, Scores]:
    """Autograde the demo class's submissions of ``assignments`` and write their feedback.

    Every submission of every assignment goes to one ``coursekit grade`` run on all cores;
    submissions unchanged since the last run keep their grades. ``timeout`` is the seconds a
    cell may run (default ``ToolSettings.cell_seconds``).

    Returns
    -------
    dict
        ``{assignment: {student: {exercise: (score, max_score)}}}``.

    Raises
    ------
    RuntimeError
        If nbgrader could not grade a submission.
    """
    students = {a.name: hand_in(root, a, log) for a in assignments}
    tools = ToolSettings()
    tools.cell_seconds = timeout or tools.cell_seconds
    log(f"coursekit grade (cell timeout {tools.cell_seconds} s)")
    summary = grade_class(
        root,
        list(students),
        student_glob=f"{demo_class.PREFIX}*",
        config=tools.grading_config(),
        log=log,
    )
    if summary.failed:
        raise RuntimeError(f"nbgrader could not grade every submission:\n{summary.text()}")
    log(f"nbgrader generate_feedback: {', '.join(students)}")
    # One nbgrader run per assignment, side by side: each is a process of its own.
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        demo_students = f"{demo_class.PREFIX}*"
        list(pool.map(lambda a: generate_feedback(root, a.name, demo_students), assignments))
    return {
        a.name: {student: exercise_scores(root, a, student) for student in students[a.name]}
        for a in assignments
    }


def mismatches(assignment: Assignment, scores: Scores) -> list[str]:
    """Return one line per exercise where a demo student's points differ from the expected."""
    problems = []
    for item in demo_class.submissions(assignment):
        got = scores.get(item.student, {})
        for exercise in sorted(set(item.expected) | set(got)):
            want = item.expected.get(exercise)
            score = got.get(exercise, (None, None))[0]
            if score != want:
                problems.append(
                    f"{assignment.name} / {item.student} / {exercise}: "
                    f"got {_fmt(score)} points, expected {_fmt(want)}"
                )
    return problems


def _fmt(points: float | None) -> str:
    """Format points compactly: ``2``, ``1.5``, ``-`` for missing."""
    return "-" if points is None else f"{points:g}"


def table(assignment: Assignment, scores: Scores) -> str:
    """Return the student x exercise points table of ``assignment``, totals last.

    A ``!`` marks points that differ from the expected ones.
    """
    expected = {item.student: item.expected for item in demo_class.submissions(assignment)}
    exercises = list(next(iter(expected.values())))
    header = ["student", *exercises, "total"]
    maxima = {e: max(s[e][1] for s in scores.values() if e in s) for e in exercises}
    rows = [["(max)", *(_fmt(maxima[e]) for e in exercises), _fmt(sum(maxima.values()))]]
    for student, got in scores.items():
        cells = []
        for exercise in exercises:
            score = got.get(exercise, (None, None))[0]
            mark = "" if score == expected[student].get(exercise) else "!"
            cells.append(_fmt(score) + mark)
        total = sum(score for score, _ in got.values())
        rows.append([student, *cells, _fmt(total)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def plot_distribution(results: Mapping[str, Scores], path: Path) -> Path:
    """Draw each demo student's total, as a percentage, per assignment; save a PNG to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1, len(results), figsize=(4.5 * len(results), 3.6), sharey=True, squeeze=False
    )
    for ax, (name, scores) in zip(axes[0], results.items(), strict=True):
        students = list(scores)
        percent = [
            100 * sum(s for s, _ in scores[st].values()) / sum(m for _, m in scores[st].values())
            for st in students
        ]
        bars = ax.barh(range(len(students)), percent, color="tab:blue")
        # Printed values keep a zero score visible, which a bar of length 0 is not.
        ax.bar_label(bars, fmt="%.0f %%", padding=3, fontsize=8)
        ax.set_yticks(range(len(students)), [st.removeprefix(demo_class.PREFIX) for st in students])
        ax.invert_yaxis()
        ax.set_xlim(0, 115)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("total (% of points)")
        ax.set_title(name)
    fig.suptitle("Demo class: grade distribution")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def run(root: Path = ROOT, assignments=GRADED, timeout: int | None = None, log=print) -> int:
    """Grade the demo class in the course at ``root``; return 0, or 1 on a points mismatch.

    ``timeout`` is the seconds a cell may run (see :func:`grade`).
    """
    start = time.perf_counter()
    root = Path(root)
    out = root / OUTPUT
    build_release(root, assignments, log=log)
    results = grade(root, assignments, timeout, log)
    csv_path = export_grades(root, out / "grades.csv")
    picture = plot_distribution(results, out / "grade_distribution.png")
    problems = []
    for assignment in assignments:
        log(f"\n{assignment.name}: points per exercise")
        log(table(assignment, results[assignment.name]))
        problems += mismatches(assignment, results[assignment.name])
    log(f"\ngrades: {csv_path}\nfeedback: {root / 'feedback'}\ngrade distribution: {picture}")
    log(f"graded in {time.perf_counter() - start:.0f} s")
    if problems:
        log(f"\nMISMATCH: {len(problems)} exercise scores differ from the expected points:")
        for line in problems:
            log(f"  {line}")
        return 1
    log("every demo student got the expected points")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Grade the demo class for the assignments named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all graded)")
    parser.add_argument("--root", type=Path, default=ROOT, help="course folder (default: this one)")
    parser.add_argument(
        "--timeout",
        type=int,
        help=f"seconds a cell may run (default: {ToolSettings().cell_seconds})",
    )
    args = parser.parse_args(argv)
    chosen = [get_assignment(n) for n in args.assignments] if args.assignments else GRADED
    return run(args.root, chosen, args.timeout, log=lambda line: print(line, flush=True))


if __name__ == "__main__":
    sys.exit(main())
