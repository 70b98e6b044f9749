"""A class graded: the command that takes in submissions, hands them to workers and records.

:func:`grade_class` is ``coursekit grade``: it checks the invocation, packs one bundle per
assignment, takes in the submissions, skips those the ledger shows unchanged, grades the rest on
a pool (:mod:`~coursekit.grading.class_runner.pools`), retries the failures whose type says a
retry may help (:mod:`coursekit.grading.errors`), and records every result.
"""

import difflib
import glob
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path

from traitlets.config import Config

from coursekit.grading.class_runner.bundle import (
    Result,
    Task,
    course_assignments,
    course_bundle,
    find_tasks,
)
from coursekit.grading.class_runner.pools import open_backend
from coursekit.grading.class_runner.progress import Progress, Summary
from coursekit.grading.class_runner.recorder import Recorder
from coursekit.grading.class_runner.worker import grade_submission
from coursekit.grading.errors import SubmissionUnreadable, UsageError, WorkerLost
from coursekit.grading.nbgrader_cli import autograde_app

ATTEMPTS = 2  # the first try and one retry, for failures whose type allows a retry


def grade_class(
    root: Path,
    assignments: Iterable[str] | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    db_url: str | None = None,
    student_glob: str = "*",
    students: Iterable[str] | Mapping[str, Iterable[str]] | None = None,
    nbgrader_args: Sequence[str] | Mapping[str, Sequence[str]] = (),
    config: Config | None = None,
    log: Callable[[str], None] = print,
    stream=None,
    backend=None,
) -> Summary:
    """Autograde every submission of ``assignments`` in the course at ``root``.

    Parameters
    ----------
    root : Path
        The course folder (holding ``nbgrader_config.py``).
    assignments : iterable of str, optional
        Assignment ids; default every assignment in the gradebook.
    workers : int, optional
        Local worker processes; default one per CPU. Ignored with ``scheduler``.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``) to grade on its workers.
    force : bool, default=False
        Grade every submission again, changed or not.
    db_url : str, optional
        The course gradebook (e.g. ``postgresql://grader@db/course``); default nbgrader's.
    student_glob : str, default="*"
        Which students, as nbgrader's ``--student`` glob.
    students : iterable of str, or mapping of str to iterable of str, optional
        Only these student ids (among those ``student_glob`` matches): for every assignment, or
        per assignment id (``{"quiz": ["ann"], "python_basics": ["bob"]}``), so that one run
        grades a mixed batch with its workers busy to the end.
    nbgrader_args : sequence of str, or mapping of str to sequence of str, default=()
        More nbgrader options, e.g. ``("--Execute.timeout=10",)``: for every assignment, or
        per assignment id (``{"python_basics": ("--Execute.timeout=10",)}``). They win over
        ``config``.
    config : traitlets.config.Config, optional
        nbgrader settings for every assignment, merged over the course's ``nbgrader_config.py``,
        e.g. ``Config({"Execute": {"timeout": 10}})``.
    log : callable, default=print
        Receives the run's messages.
    stream : file, optional
        Where the progress bar is drawn (default ``sys.stderr``).
    backend : object, optional
        A ready pool from :mod:`~coursekit.grading.class_runner.pools` (tests pass their own).

    Returns
    -------
    Summary
        Graded, failed (with reasons), skipped, retried, and the time taken.
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise UsageError(
            f"{root} is not a course folder (it has no nbgrader_config.py): run coursekit "
            "grade in the course folder, or pass --root"
        )
    app = autograde_app(
        root, [f"--CourseDirectory.db_url={db_url}"] if db_url else [], config=config
    )
    names = _check_assignments(app, list(assignments or ()))
    if not isinstance(nbgrader_args, Mapping):
        nbgrader_args = dict.fromkeys(names, tuple(nbgrader_args))
    recorder = Recorder(app)
    summary = Summary()
    try:
        bundles = {
            name: course_bundle(app, name, nbgrader_args.get(name, ()), config) for name in names
        }
        todo, unusable = [], []
        if students is None:
            chosen = None
        elif isinstance(students, Mapping):
            chosen = {name: set(students.get(name, ())) for name in names}
        else:
            chosen = dict.fromkeys(names, set(students))
        found = {name: find_tasks(app, name, student_glob) for name in names}
        if student_glob != "*" and not any(found.values()):
            raise UsageError(_no_student_message(app, names, student_glob))
        for name in names:
            for task in found[name]:
                if chosen is not None and task.student not in chosen[name]:
                    continue
                if task.problem:
                    unusable.append(task)
                elif not force and recorder.is_current(task, bundles[name]):
                    summary.skipped.append(task)
                else:
                    todo.append(task)
        log(
            f"{len(todo)} submissions to grade, {len(summary.skipped)} unchanged "
            f"({', '.join(names)})"
        )
        for task in unusable:
            result = Result(task, failure=SubmissionUnreadable(task.problem))
            recorder.record(result, bundles[task.assignment])
            summary.failed.append(result)
        if todo:
            with open_backend(scheduler, workers, backend) as pool:
                log(f"grading on {pool.description}")
                _run(pool, bundles, todo, recorder, summary, Progress(len(todo), stream))
    finally:
        recorder.close()
    summary.seconds = time.perf_counter() - started
    log(summary.text())
    return summary


def _check_assignments(app, names: list[str]) -> list[str]:
    """Return ``names`` (default: every assignment of the gradebook); refuse unknown ones."""
    from sqlalchemy.engine import make_url

    shown = make_url(app.coursedir.db_url).render_as_string(hide_password=True)
    try:
        known = course_assignments(app)
    except Exception as error:  # noqa: BLE001 -- any failure to open it is the user's to fix
        raise UsageError(
            f"cannot read the gradebook {shown} ({type(error).__name__}): check --db-url, or "
            "run `make release` to create the course's gradebook"
        ) from None
    if not known:
        raise UsageError(
            f"the gradebook {shown} has no assignments: release them first (`make release`, or "
            "nbgrader generate_assignment)"
        )
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(
                f"unknown assignment {name!r}: {hint}the course has {', '.join(known)}"
            )
    return names or known


def _no_student_message(app, names: list[str], student_glob: str) -> str:
    """Return the error for a ``--student`` that matches no submission, naming who has one."""
    coursedir = app.coursedir
    students = sorted(
        {
            Path(path).parent.name
            for name in names
            for path in glob.glob(coursedir.format_path(coursedir.submitted_directory, "*", name))
        }
    )
    listed = ", ".join(students[:10]) + (", ..." if len(students) > 10 else "")
    return (
        f"no submission of {', '.join(names)} matches --student {student_glob!r}: "
        f"students with one are {listed or 'none'}"
    )


def _run(pool, bundles, todo, recorder, summary, progress) -> None:
    """Submit ``todo`` to ``pool``, retry once the failures that allow it, record every result."""
    shared = {name: pool.share(bundle) for name, bundle in bundles.items()}
    attempts = Counter()
    pending = {}

    def submit(task: Task) -> None:
        attempts[task.key] += 1
        future = pool.submit(grade_submission, shared[task.assignment], task)
        pending[future] = task

    for task in todo:
        submit(task)
    while pending:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            task = pending.pop(future)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 -- a lost worker is the machine's fault
                lost = WorkerLost(f"worker lost: {type(error).__name__}: {error}")
                result = Result(task.without_files(), failure=lost)
            result.attempts = attempts[task.key]
            if result.failure is not None and result.failure.retry and result.attempts < ATTEMPTS:
                summary.retried += 1
                progress.update("retrying", f"{task.key}: {result.reason}")
                submit(task)
                continue
            start = time.perf_counter()
            recorder.record(result, bundles[task.assignment])
            result.seconds["record"] = time.perf_counter() - start
            (summary.graded if result.ok else summary.failed).append(result)
            progress.update("graded" if result.ok else "failed", task.key)
