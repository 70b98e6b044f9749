"""Benchmark grading a class: plain sequential ``nbgrader autograde`` against ``coursekit grade``.

For each assignment and class size (default 20 and 100 submissions), in one scratch course,
side by side in one run: seconds per submission of

- **stock nbgrader**: one ``nbgrader autograde ASSIGNMENT --force`` run over the class with
  nbgrader's own preprocessors (its ``Execute``, test cells run in the student's kernel, no
  sandbox): what grading cost before this project's engine;
- **nbgrader + engine**: the same command with the course's ``nbgrader_config.py`` (sandboxed
  kernels, hidden checks), one submission after another;
- **coursekit grade**: :func:`coursekit.grading.class_runner.runner.grade_class`, every core;
- **floor**: each submission's notebook executed once, one after another, in a plain kernel
  (kernel start and the notebook's own compute, nothing else); divided by the cores for the
  best a machine could do by running whole notebooks side by side;

with the peak memory of each run (the resident memory of the process tree grading), where
``coursekit grade``'s seconds go, and, per class size, the whole class of every assignment.
Figures, not pass/fail: no test asserts on them.

Run as ``python -m coursekit.benchmarks.grading [ASSIGNMENT...] [--sizes 20 100] [--dask 1 2]``
(``--dask``: also grade each class on a local Dask cluster of that many worker processes).
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import nbformat
import psutil
from traitlets.config import Config

from coursekit.accuracy.variants.builder import build_submission
from coursekit.course import GRADED, Assignment, get_assignment
from coursekit.demo import students as demo_class
from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.execute import GRADER_ENV
from coursekit.grading.nbgrader_cli import autograde_app
from coursekit.grading.settings import ToolSettings
from coursekit.run_notebook import run_notebook
from coursekit.submissions import submit
from coursekit.workspace import scratch_course

SIZES = (20, 100)
# Graded with the course's own cell time (its Execute.timeout), not the tools' shorter one:
# stock nbgrader runs every cell, and Assignment 2's last cells train its model (5-30 s).
COURSE_CELL_TIME = {"logistic_regression"}
# The demo class without its endless loop: a timeout measures the timeout, not the grader.
KINDS = [s for s in demo_class.STUDENTS if s != "demo_endless_loop"]


class PeakMemory:
    """Sample the resident memory of a process tree and keep the peak.

    Parameters
    ----------
    pid : int
        The root of the tree (its children, grandchildren and kernels count).
    """

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        """Add up the tree's resident memory every 0.1 s."""
        while not self._stop.is_set():
            total = 0
            try:
                for process in [self.root, *self.root.children(recursive=True)]:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:
                        pass  # ended between listing and reading
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._stop.wait(0.1)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def megabytes(self) -> float:
        """Return the peak in MB."""
        return self.peak / 2**20


def hand_in_class(course: Path, assignment: Assignment, size: int) -> list[str]:
    """Hand in ``size`` submissions cycling through the demo class's kinds; return the ids."""
    made = {}
    for item in demo_class.submissions(assignment):
        if item.student in KINDS:
            made[item.student] = build_submission(
                assignment,
                item.catalogue_variants(assignment),
                root=course,
                answers=item.answers,
                solved=item.solved,
            )
    students = [f"s{index:03d}" for index in range(size)]
    for index, student in enumerate(students):
        submit(course, student, assignment, made[KINDS[index % len(KINDS)]])
    return students


STOCK_CONFIG = """\
# nbgrader as it ships: its own preprocessors, test cells run in the student's kernel.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
"""


def plain_nbgrader(
    course: Path, assignment: Assignment, config: Config, stock: bool = False
) -> tuple[float, float]:
    """Return (seconds, peak MB) of one sequential ``nbgrader autograde`` run over the class.

    ``stock`` runs nbgrader without the course's configuration: on a copy of the course whose
    ``nbgrader_config.py`` only names it (nbgrader reads the file in the course folder as well
    as the one in the working folder, so a configuration elsewhere would not replace it). The
    notebooks' own public checks then run in the kernel (``COURSEKIT_GRADER`` lets them, as
    they would have before the engine). ``config`` reaches the command as its options.
    """
    import subprocess

    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as elsewhere, tempfile.TemporaryFile() as output:
        root = course
        if stock:
            root = Path(elsewhere) / course.name
            shutil.copytree(course, root, symlinks=True)
            course_id = autograde_app(course).coursedir.course_id
            text = STOCK_CONFIG.format(root=str(root), course_id=course_id)
            (root / "nbgrader_config.py").write_text(text)
            env[GRADER_ENV] = "1"
        options = [
            f"--{section}.{name}={value}"
            for section, traits in config.items()
            for name, value in traits.items()
        ]
        command = [sys.executable, "-m", "nbgrader", "autograde", assignment.name, "--force",
                   *options, f"--CourseDirectory.root={root}"]  # fmt: skip
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        with PeakMemory(process.pid) as memory:
            process.wait()
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            output.seek(0)
            errors = [line for line in output.read().decode().splitlines() if "ERROR" in line]
            raise RuntimeError(
                f"nbgrader autograde {assignment.name} failed:\n" + "\n".join(errors)
            )
    return seconds, memory.megabytes


def coursekit_grade(course: Path, assignment: Assignment, config: Config, workers: int):
    """Return (seconds, peak MB, summary) of ``coursekit grade`` over the class."""
    start = time.perf_counter()
    with PeakMemory(os.getpid()) as memory:
        summary = grade_class(
            course,
            [assignment.name],
            force=True,
            workers=workers,
            config=config,
            log=lambda line: None,
            stream=io.StringIO(),
        )
    if summary.failed:
        raise RuntimeError(summary.text())
    return time.perf_counter() - start, memory.megabytes, summary


def on_dask(course: Path, assignment: Assignment, config: Config, workers: int) -> float:
    """Return the seconds ``coursekit grade`` takes on a local Dask cluster of ``workers``."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        start = time.perf_counter()
        summary = grade_class(
            course,
            [assignment.name],
            force=True,
            scheduler=cluster.scheduler_address,
            config=config,
            log=lambda line: None,
            stream=io.StringIO(),
        )
        seconds = time.perf_counter() - start
    if summary.failed:
        raise RuntimeError(summary.text())
    return seconds


def floor(course: Path, assignment: Assignment, students: list[str]) -> float:
    """Return the seconds to execute each distinct kind of submission once, per notebook.

    Each runs beside the release's shared files (data, checkers) in a fresh plain kernel, as
    nbgrader would run it (``NBGRADER_EXECUTION=autograde``), every cell with the time of a
    student's Run All; the class's mean is weighted by how many of each kind it holds.
    """
    folder = assignment.release_notebook(course).parent
    seconds = {}
    # A class smaller than the demo has only its first kinds.
    for kind_index, kind in enumerate(KINDS[: len(students)]):
        student = students[kind_index]
        copy = folder / f"_floor_{student}.ipynb"
        source = course / "submitted" / student / assignment.name / assignment.notebook
        nbformat.write(nbformat.read(source, as_version=4), copy)
        start = time.perf_counter()
        try:
            run_notebook(copy, env={"NBGRADER_EXECUTION": "autograde"})
        finally:
            copy.unlink()
        seconds[kind] = time.perf_counter() - start
    counts = Counter(KINDS[i % len(KINDS)] for i in range(len(students)))
    return sum(seconds[k] * n for k, n in counts.items()) / len(students)


def where_time_goes(summary, wall: float, workers: int) -> dict[str, float]:
    """Return worker-seconds per submission of ``coursekit grade``, by phase.

    The workers' phases and ``idle workers`` add up to ``workers`` times the wall-clock seconds
    per submission; ``record (command)`` runs in the command, beside the workers.
    """
    count = len(summary.graded)
    phases = Counter()
    for result in summary.graded:
        phases.update(result.seconds)
    per = {name: phases[name] / count for name in ("setup", "write", "autograde", "collect")}
    per["record (command)"] = phases["record"] / count
    busy = sum(phases[name] for name in ("setup", "write", "autograde", "collect"))
    # Wall time the workers were not grading: start-up, bundles, waiting for the slowest.
    per["idle workers"] = max(0.0, wall * workers - busy) / count
    return per


def run(assignments, sizes=SIZES, workers: int | None = None, dask=(), log=print) -> list[dict]:
    """Benchmark ``assignments`` at each class size; return one row per (assignment, size).

    ``dask`` lists numbers of Dask worker processes to grade the class with as well.
    """
    workers = workers or os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as workdir:
        for assignment in assignments:
            for size in sizes:
                course = scratch_course(Path(workdir) / f"{assignment.name}-{size}", [assignment])
                config = ToolSettings().grading_config()
                if assignment.name in COURSE_CELL_TIME:
                    config.Execute.timeout = autograde_app(course).config.Execute.timeout
                students = hand_in_class(course, assignment, size)
                log(f"{assignment.name}, {size} submissions: stock nbgrader autograde ...")
                stock, stock_mb = plain_nbgrader(course, assignment, config, stock=True)
                log(f"  {stock / size:.2f} s per submission, peak {stock_mb:.0f} MB")
                log(f"{assignment.name}, {size} submissions: nbgrader autograde + engine ...")
                plain, plain_mb = plain_nbgrader(course, assignment, config)
                log(f"  {plain / size:.2f} s per submission, peak {plain_mb:.0f} MB")
                log(f"{assignment.name}, {size} submissions: coursekit grade ...")
                ours, ours_mb, summary = coursekit_grade(course, assignment, config, workers)
                log(f"  {ours / size:.2f} s per submission, peak {ours_mb:.0f} MB")
                log(f"{assignment.name}, {size} submissions: floor ...")
                once = floor(course, assignment, students)
                log(f"  {once:.2f} s per notebook")
                on_cluster = {}
                for count in dask:
                    log(f"{assignment.name}, {size} submissions: {count} Dask workers ...")
                    on_cluster[count] = on_dask(course, assignment, config, count) / size
                    log(f"  {on_cluster[count]:.2f} s per submission")
                rows.append({
                    "assignment": assignment.name, "size": size, "stock": stock / size,
                    "stock_mb": stock_mb, "plain": plain / size,
                    "ours": ours / size, "floor": once, "floor_cores": once / workers,
                    "plain_mb": plain_mb, "ours_mb": ours_mb,
                    "phases": where_time_goes(summary, ours, workers), "dask": on_cluster,
                })  # fmt: skip
                log(table(rows[-1:], workers))
    return rows


def table(rows: list[dict], workers: int) -> str:
    """Return the benchmark table and, per row, where ``coursekit grade``'s seconds went."""
    header = (
        "| assignment | class | stock nbgrader s/sub | nbgrader + engine s/sub | "
        "coursekit grade s/sub | speed-up vs stock | vs engine alone | floor s/notebook "
        f"(1 core) | floor / {workers} cores | peak MB stock / engine / ours |"
    )
    lines = [header, "|" + "---|" * 10]
    for r in rows:
        lines.append(
            f"| {r['assignment']} | {r['size']} | {r['stock']:.2f} | {r['plain']:.2f} | "
            f"{r['ours']:.2f} | {r['stock'] / r['ours']:.1f}x | {r['plain'] / r['ours']:.1f}x | "
            f"{r['floor']:.2f} | {r['floor_cores']:.2f} | "
            f"{r['stock_mb']:.0f} / {r['plain_mb']:.0f} / {r['ours_mb']:.0f} |"
        )
    for size in sorted({r["size"] for r in rows}):
        same = [r for r in rows if r["size"] == size]
        if len(same) > 1:
            totals = {k: sum(r[k] for r in same) * size for k in ("stock", "plain", "ours")}
            lines.append(
                f"| **class of all {len(same)}** | {size} students | {totals['stock']:.0f} s | "
                f"{totals['plain']:.0f} s | {totals['ours']:.0f} s | "
                f"{totals['stock'] / totals['ours']:.1f}x | "
                f"{totals['plain'] / totals['ours']:.1f}x | | | |"
            )
    if any(r["dask"] for r in rows):
        lines += ["", "On a local Dask cluster, seconds per submission by worker processes:"]
        for r in rows:
            parts = ", ".join(f"{n} workers {s:.2f}" for n, s in r["dask"].items())
            lines.append(f"- {r['assignment']} x{r['size']}: {parts}")
    lines += ["", "Where coursekit grade's seconds go: worker-seconds per submission"
              f" (they add up to {workers} x its wall seconds per submission):"]  # fmt: skip
    for r in rows:
        parts = ", ".join(f"{name} {s:.2f}" for name, s in r["phases"].items())
        lines.append(f"- {r['assignment']} x{r['size']}: {parts}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table for the assignments named (default: every graded one)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment names (default: all graded)")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="class sizes")
    parser.add_argument("--workers", type=int, help="coursekit grade's processes (default: CPUs)")
    parser.add_argument(
        "--dask", type=int, nargs="*", default=(), help="also grade on Dask with N workers"
    )
    args = parser.parse_args(argv)
    chosen = [get_assignment(n) for n in args.assignments] if args.assignments else GRADED
    workers = args.workers or os.cpu_count() or 1
    rows = run(chosen, args.sizes, workers, args.dask, log=lambda line: print(line, flush=True))
    print("\n" + table(rows, workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
