"""Grade a whole class with real nbgrader on a pool of worker processes, safely and resumably.

The story of one run of ``coursekit grade``:

1. The command reads the course's nbgrader configuration and, per assignment, packs a
   :class:`CourseBundle`: ``nbgrader_config.py``, the assignment's ``source/`` folder and a
   private SQLite gradebook holding only the assignment definitions.
2. Each submission is taken in as plain nbgrader's intake does (links, devices and unlisted
   extra files set aside, :func:`coursekit.grading.intake.files.refuse_links`) and becomes a
   :class:`Task` (its files and a content hash). A submission whose hash, and whose
   assignment's bundle hash, match the ledger of an earlier run is skipped unless ``force``:
   an interrupted run, rerun, grades only what is missing or changed. A folder holding no
   notebook fails at once, with the fix.
3. Worker processes (a local pool or a Dask cluster, see :mod:`coursekit.grading.dask_backend`)
   grade each task with nbgrader's own ``AutogradeApp`` and ``Autograde`` converter, in
   process, inside a private copy of the course: whatever ``nbgrader_config.py`` configures
   (preprocessors, sandbox, timeouts) is in force. A worker stays alive across submissions, so
   it pays nbgrader's imports and configuration once, and state a preprocessor keeps at module
   level (a pool of kernels started ahead of need, say) lives on between submissions.
4. Workers never touch the course's gradebook. They send back the autograded files and the
   autograder's fields (scores, comments, late penalties); the command, the only writer,
   records them in the course gradebook, SQLite or PostgreSQL (``db_url``). That is what keeps
   SQLite consistent: one writer, one transaction per submission. A submission that could
   not be graded takes back its earlier grades and feedback page
   (:mod:`coursekit.grading.gradebook.stale`).
5. A submission that failed because its kernel did not start is graded once more; one that
   failed through the student's own code (an endless loop that cannot be interrupted, a kernel
   the student's code killed) is not. A progress bar shows counts and time left; a summary
   closes the run.
"""

import difflib
import glob
import hashlib
import io
import logging
import os
import shutil
import stat
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.util import Finalize
from pathlib import Path

from coursekit.grading import nbgrader_cli  # noqa: F401 -- puts the venv's bin (alembic) on PATH

LEDGER = ".coursekit-ledger.json"
# nbgrader tables that define assignments (copied into the workers' private gradebooks);
# the others hold students' results, which only the command writes.
DEFINITION_TABLES = ("course", "assignment", "notebook", "base_cell", "grade_cells",
                     "solution_cells", "task_cells", "source_cell")  # fmt: skip
# Frames and messages of a kernel that never came up: nbclient starting it, jupyter_client
# waiting for its first reply. Nothing of the student's has run yet, so trying again is fair.
KERNEL_START_FAILURES = (
    "in async_start_new_kernel",
    "in start_new_kernel",
    "Kernel died before replying to kernel_info",
    "Kernel didn't respond in",
)
ATTEMPTS = 2  # the first try and one retry, for infrastructure failures only


@dataclass(frozen=True)
class CourseBundle:
    """What a worker needs to grade one assignment, whatever machine it runs on.

    Attributes
    ----------
    assignment : str
        The assignment id.
    course_id : str
        nbgrader's course id.
    digest : str
        SHA-256 of ``files``: a changed test or configuration regrades every submission.
    files : dict of str to bytes
        Course-relative path to content: ``nbgrader_config.py``, ``source/<assignment>/`` and
        the top-level originals of the files synced into it (``public_tests.py``, ...).
    gradebook : bytes
        A SQLite gradebook holding the assignment definitions and no student.
    nbgrader_args : tuple of str
        Extra nbgrader command-line options, e.g. ``("--Execute.timeout=10",)``.
    """

    assignment: str
    course_id: str
    digest: str
    files: dict[str, bytes]
    gradebook: bytes
    nbgrader_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    """One student's submission of one assignment.

    Attributes
    ----------
    assignment, student : str
        nbgrader's ids.
    digest : str
        SHA-256 of the submission's files (paths and contents).
    files : dict of str to bytes
        Path relative to ``submitted/<student>/<assignment>/`` to content.
    problem : str, default=""
        Why the submission cannot be graded at all (no notebook in it), with the fix.
    """

    assignment: str
    student: str
    digest: str
    files: dict[str, bytes]
    problem: str = ""

    @property
    def key(self) -> str:
        """Return ``assignment/student``, the submission's key in the ledger."""
        return f"{self.assignment}/{self.student}"


@dataclass
class Result:
    """What a worker sends back for one task.

    Attributes
    ----------
    task : Task
        The task graded (without its files).
    ok : bool
        Whether nbgrader graded it (a student's failing cell is still ``ok``: it costs points).
    reason : str
        Why it failed: the last error line of nbgrader's log; ``""`` when ``ok``.
    infrastructure : bool
        Whether the failure was the machine's (the kernel did not start), not the student's.
    seconds : dict of str to float
        Where the time went: in the worker ``setup`` (private course, first task only),
        ``write``, ``autograde`` (nbgrader, kernel start and execution included) and
        ``collect``; in the command ``record`` (gradebook, files, ledger).
    files : dict of str to tuple of (int, bytes)
        The autograded folder: relative path to (permission bits, content).
    record : dict
        The autograder's fields: ``timestamp`` and, per notebook, ``late_penalty``,
        ``grades`` (``{cell: (auto_score, needs_manual_grade)}``) and ``comments``.
    log : str
        nbgrader's log of the submission (kept in full only for failures).
    worker : str
        ``host:pid`` of the process that graded it.
    attempts : int
        Tries so far, set by the command.
    """

    task: Task
    ok: bool
    reason: str = ""
    infrastructure: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    record: dict = field(default_factory=dict)
    log: str = ""
    worker: str = ""
    attempts: int = 1


# ----------------------------------------------------------------------------------------
# Command side: reading the course
# ----------------------------------------------------------------------------------------


def autograde_app(root: Path, nbgrader_args: Sequence[str] = ()):
    """Return nbgrader's ``AutogradeApp`` for the course at ``root``, configured like the CLI.

    Reads the same configuration files as ``nbgrader autograde`` run in ``root`` (Jupyter's
    config path, then ``root/nbgrader_config.py``), then ``nbgrader_args``.
    """
    from nbgrader.apps.autogradeapp import AutogradeApp

    class CourseAutogradeApp(AutogradeApp):
        """nbgrader's app reading ``root/nbgrader_config.py`` where the CLI reads the cwd's.

        Changing the working directory instead would race: several assignments' classes are
        set up at once from threads of one process (the accuracy report does).
        """

        load_cwd_config = False

        @property
        def config_file_paths(self):
            """Return the course folder, then Jupyter's config path (first wins)."""
            return [str(root), *super().config_file_paths]

    app = CourseAutogradeApp()
    app.initialize([f"--CourseDirectory.root={root}", *nbgrader_args])
    return app


def _digest(files: dict[str, bytes]) -> str:
    """Return the SHA-256 of ``files``' sorted paths and contents."""
    sha = hashlib.sha256()
    for name in sorted(files):
        sha.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return sha.hexdigest()


def _read_tree(folder: Path) -> dict[str, bytes]:
    """Return ``{relative posix path: bytes}`` of every file under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not {".ipynb_checkpoints", "__pycache__"} & set(path.parts)
    }


def _read_submission(folder: Path) -> dict[str, bytes]:
    """Return ``{relative posix path: bytes}`` of the regular files a submission takes in.

    Links are never followed (the intake has set them aside, with what it refused, into a
    folder that is skipped here), so nothing outside the submission is read.
    """
    from coursekit.grading.intake.files import LEFTOVERS, SET_ASIDE

    files = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in LEFTOVERS | {SET_ASIDE})
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if stat.S_ISREG(path.lstat().st_mode):
                files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


class UsageError(ValueError):
    """A wrong invocation of ``coursekit grade``: the message names what to fix."""


def definitions_snapshot(db_url: str) -> bytes:
    """Return a SQLite gradebook file holding the course and assignment definitions of ``db_url``.

    Workers grade into a copy of it, so no worker ever writes the course's gradebook.
    """
    from nbgrader.api import Base
    from sqlalchemy import create_engine, insert, select, text

    with tempfile.TemporaryDirectory(prefix="coursekit-snapshot-") as tmp:
        source = create_engine(db_url)
        dest = create_engine(f"sqlite:///{Path(tmp) / 'gradebook.db'}")
        try:
            Base.metadata.create_all(dest)
            with source.connect() as reader, dest.begin() as writer:
                # nbgrader's schema version, so nbgrader opens the copy without migrating it.
                version = reader.execute(text("SELECT version_num FROM alembic_version")).scalar()
                writer.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
                writer.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": version})
                for table in Base.metadata.sorted_tables:
                    if table.name in DEFINITION_TABLES:
                        rows = [dict(row) for row in reader.execute(select(table)).mappings()]
                        if rows:
                            writer.execute(insert(table), rows)
        finally:
            source.dispose()
            dest.dispose()
        return (Path(tmp) / "gradebook.db").read_bytes()


def course_bundle(app, assignment: str, nbgrader_args: Sequence[str] = ()) -> CourseBundle:
    """Pack what workers need to grade ``assignment`` of the course ``app`` configures."""
    coursedir = app.coursedir
    root = Path(coursedir.root)
    files = {"nbgrader_config.py": (root / "nbgrader_config.py").read_bytes()}
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    for name, content in _read_tree(source).items():
        files[f"{coursedir.source_directory}/{assignment}/{name}"] = content
    # The course-level originals of the files synced into source/<assignment>/ (checkers,
    # data): the grading preprocessors read them from the course folder and compare copies.
    for entry in sorted(source.iterdir()):
        original = root / entry.name
        if entry.suffix == ".ipynb" or not original.exists():
            continue
        if original.is_file():
            files[entry.name] = original.read_bytes()
        else:
            files.update({f"{entry.name}/{k}": v for k, v in _read_tree(original).items()})
    return CourseBundle(
        assignment=assignment,
        course_id=coursedir.course_id,
        digest=_digest({**files, "\0args": "\0".join(nbgrader_args).encode()}),
        files=files,
        gradebook=definitions_snapshot(coursedir.db_url),
        nbgrader_args=tuple(nbgrader_args),
    )


def find_tasks(app, assignment: str, student_glob: str = "*") -> list[Task]:
    """Take in every submission of ``assignment``; return one :class:`Task` each, by student.

    The intake is plain nbgrader's (:func:`coursekit.grading.intake.files.refuse_links`, with the
    course's ``Intake.extra_files``); a folder that is a link, or that holds no notebook, is a
    task with a ``problem`` and no files.
    """
    from coursekit.grading.intake.files import Intake, refuse_links, replace_refused_notebooks

    coursedir = app.coursedir
    intake = Intake(config=app.config)
    extra = intake.extra_files.get(assignment, ())
    root = Path(coursedir.root)
    pattern = coursedir.format_path(coursedir.submitted_directory, student_glob, assignment)
    tasks = []
    for folder in map(Path, sorted(glob.glob(pattern))):
        student = folder.parent.name
        if not folder.is_dir() or student in coursedir.student_id_exclude.split(","):
            continue
        where = folder.relative_to(root) if folder.is_relative_to(root) else folder
        try:
            refuse_links(folder, extra, intake.log)
            replace_refused_notebooks(folder, intake.expected_names(assignment), intake.log)
        except ValueError:
            problem = f"{where} is a link, not a folder: put the student's files there instead"
            tasks.append(Task(assignment, student, "", {}, problem))
            continue
        files = _read_submission(folder)
        if not any("/" not in name and name.endswith(".ipynb") for name in files):
            names = ", ".join(intake.expected_names(assignment)) or "the assignment's notebook"
            problem = (
                f"{where} holds no notebook (expected {names}): put the student's notebook "
                "there, or remove the folder"
            )
            tasks.append(Task(assignment, student, "", {}, problem))
            continue
        tasks.append(Task(assignment, student, _digest(files), files))
    return tasks


def course_assignments(app) -> list[str]:
    """Return the names of the assignments in the course gradebook, sorted."""
    from nbgrader.api import Gradebook

    with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gradebook:
        return [a.name for a in sorted(gradebook.assignments, key=lambda a: a.name)]


# ----------------------------------------------------------------------------------------
# Worker side: grading one submission with nbgrader, in process
# ----------------------------------------------------------------------------------------

# One private course per bundle per worker process, kept for the life of the process.
_COURSES: dict[str, "PrivateCourse"] = {}
# nbgrader's converter changes the working directory of the whole process while it grades,
# so a process grades one submission at a time, even on a Dask worker with several threads.
_GRADING = threading.Lock()


class PrivateCourse:
    """A worker's private copy of one assignment's course, with its own gradebook.

    Parameters
    ----------
    bundle : CourseBundle
        The assignment to grade.
    """

    def __init__(self, bundle: CourseBundle):
        self.bundle = bundle
        self.root = Path(tempfile.mkdtemp(prefix=f"coursekit-worker-{os.getpid()}-"))
        # Worker processes end through multiprocessing, which skips atexit but runs these.
        Finalize(None, shutil.rmtree, (self.root,), {"ignore_errors": True}, exitpriority=10)
        for name, content in bundle.files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        # A throwaway gradebook: in memory-backed /dev/shm where there is one, since each of
        # nbgrader's many commits per submission waits for the disk otherwise.
        shm = Path("/dev/shm")
        books = Path(tempfile.mkdtemp(dir=shm)) if os.access(shm, os.W_OK) else self.root
        Finalize(None, shutil.rmtree, (books,), {"ignore_errors": True}, exitpriority=10)
        (books / "gradebook.db").write_bytes(bundle.gradebook)
        self.db_url = f"sqlite:///{books / 'gradebook.db'}"
        self.app = autograde_app(
            self.root, [f"--CourseDirectory.db_url={self.db_url}", *bundle.nbgrader_args]
        )
        self.coursedir = self.app.coursedir
        # nbgrader's log goes to the result (see grade), not to the worker's stderr.
        self.app.log.handlers.clear()
        self.app.log.propagate = False

    def _folder(self, step: str, student: str) -> Path:
        """Return ``step``'s folder of ``student``'s submission in the private course."""
        return Path(self.coursedir.format_path(step, student, self.bundle.assignment))

    def grade(self, task: Task) -> Result:
        """Autograde ``task`` with nbgrader's ``Autograde`` converter and return its results."""
        from nbgrader.converters.autograde import Autograde
        from nbgrader.converters.base import NbGraderException
        from sqlalchemy.exc import SAWarning

        seconds = {}
        start = time.perf_counter()
        submitted = self._folder(self.coursedir.submitted_directory, task.student)
        autograded = self._folder(self.coursedir.autograded_directory, task.student)
        for folder in (submitted, autograded):
            _remove_tree(folder)
        for name, content in task.files.items():
            (submitted / name).parent.mkdir(parents=True, exist_ok=True)
            (submitted / name).write_bytes(content)
        seconds["write"] = time.perf_counter() - start

        start = time.perf_counter()
        self.coursedir.assignment_id = task.assignment
        self.coursedir.student_id = task.student
        converter = Autograde(coursedir=self.coursedir, parent=self.app)
        converter.force = True
        buffer = io.StringIO()
        handler = logging.StreamHandler(buffer)
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
        converter.log.addHandler(handler)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SAWarning)  # see Recorder._record_fields
                converter.start()
            ok, crash = True, ""
        except NbGraderException:
            ok, crash = False, ""
        except Exception as error:  # noqa: BLE001 -- a worker must report, not die
            ok, crash = False, f"{type(error).__name__}: {error}"
        finally:
            converter.log.removeHandler(handler)
        seconds["autograde"] = time.perf_counter() - start
        # The instructor knows the course's paths, not this worker's private copy.
        log = (buffer.getvalue() + crash).replace(f"{self.root}/", "")
        worker = f"{os.uname().nodename}:{os.getpid()}"
        if not ok:
            return Result(
                _without_files(task),
                ok=False,
                reason=_failure_reason(log),
                infrastructure=is_infrastructure_failure(log),
                seconds=seconds,
                log=log,
                worker=worker,
            )

        start = time.perf_counter()
        files = {
            path.relative_to(autograded).as_posix(): (
                path.stat().st_mode & 0o777,
                path.read_bytes(),
            )
            for path in sorted(autograded.rglob("*"))
            if path.is_file()
        }
        record = read_record(self.db_url, self.bundle.course_id, task.assignment, task.student)
        _remove_tree(submitted)
        _remove_tree(autograded)
        seconds["collect"] = time.perf_counter() - start
        return Result(_without_files(task), ok=True, seconds=seconds, files=files,
                      record=record, worker=worker)  # fmt: skip


def grade_submission(bundle: CourseBundle, task: Task) -> Result:
    """Grade ``task`` in this process (the function workers run); see :class:`PrivateCourse`."""
    with _GRADING:
        start = time.perf_counter()
        course = _COURSES.get(bundle.digest)
        if course is None:
            course = _COURSES[bundle.digest] = PrivateCourse(bundle)
        setup = time.perf_counter() - start
        result = course.grade(task)
        result.seconds["setup"] = setup
        return result


def is_infrastructure_failure(log: str) -> bool:
    """Return whether nbgrader's ``log`` shows a kernel that failed to start.

    Only then is a submission graded again: a failure inside the student's code (an endless
    loop that cannot be interrupted, a kernel the student's code killed) would fail again.
    """
    return any(marker in log for marker in KERNEL_START_FAILURES)


def _failure_reason(log: str) -> str:
    """Return the most telling line of a failed submission's log (its last exception line)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in reversed(lines):
        if ("Error" in line or "Exception" in line) and not line.startswith(("File ", "[")):
            return line
    errors = [line for line in lines if line.startswith("[ERROR]")]
    return errors[0] if errors else (lines[-1] if lines else "nbgrader failed without a log")


def _mode_and_bytes(path: Path) -> tuple[int, bytes]:
    """Return a file's permission bits and content."""
    return path.stat().st_mode & 0o777, path.read_bytes()


def _without_files(task: Task) -> Task:
    """Return ``task`` without its files, so results stay small on the wire."""
    return Task(task.assignment, task.student, task.digest, {})


def _remove_tree(folder: Path) -> None:
    """Remove ``folder`` if it exists (nbgrader leaves its files read-only)."""
    if folder.exists():
        shutil.rmtree(folder)


def read_record(db_url: str, course_id: str, assignment: str, student: str) -> dict:
    """Return the autograder's fields of one submission in the gradebook at ``db_url``."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {
            "timestamp": submission.timestamp,
            "notebooks": {
                notebook.name: {
                    "late_penalty": notebook.late_submission_penalty,
                    "grades": {
                        g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades
                    },
                    "comments": {c.name: c.auto_comment for c in notebook.comments},
                }
                for notebook in submission.notebooks
            },
        }


# ----------------------------------------------------------------------------------------
# Command side: the single writer
# ----------------------------------------------------------------------------------------


class Recorder:
    """Records workers' results in the course: gradebook, autograded files and the ledger.

    The only writer of the course gradebook during a run, so SQLite stays consistent.

    Parameters
    ----------
    app : AutogradeApp
        The course's nbgrader configuration (folders, ``db_url``, course id).
    """

    def __init__(self, app):
        from nbgrader.api import Gradebook

        self.coursedir = app.coursedir
        self.gradebook = Gradebook(self.coursedir.db_url, self.coursedir.course_id)
        self.ledger_path = Path(self.coursedir.format_path(
            self.coursedir.autograded_directory, ".", ".")) / LEDGER  # fmt: skip
        self.ledger = _read_ledger(self.ledger_path)

    def close(self) -> None:
        """Close the gradebook connection."""
        self.gradebook.close()

    def folder(self, task: Task) -> Path:
        """Return the course's autograded folder of ``task``."""
        step = self.coursedir.autograded_directory
        return Path(self.coursedir.format_path(step, task.student, task.assignment))

    def is_current(self, task: Task, bundle: CourseBundle) -> bool:
        """Return whether ``task`` was graded before, unchanged, with the same assignment."""
        from nbgrader.api import MissingEntry

        entry = self.ledger.get(task.key, {})
        if entry.get("submission") != task.digest or entry.get("assignment") != bundle.digest:
            return False
        if not self.folder(task).is_dir():
            return False
        try:
            self.gradebook.find_submission(task.assignment, task.student)
        except MissingEntry:
            return False
        return True

    def record(self, result: Result, bundle: CourseBundle) -> None:
        """Write a graded submission's files and fields; take back a failed one's old results.

        A submission that could not be graded loses its earlier automatic grades (flagged for
        a look in the formgrader) and feedback page, and is forgotten in the ledger.
        """
        from coursekit.grading.gradebook.stale import clear_grades, replace_feedback

        task = result.task
        folder = self.folder(task)
        _remove_tree(folder)
        if not result.ok:
            self.ledger.pop(task.key, None)
            _write_ledger(self.ledger_path, self.ledger)
            notebooks = clear_grades(self.gradebook, task.assignment, task.student)
            step = self.coursedir.feedback_directory
            feedback = self.coursedir.format_path(step, task.student, task.assignment)
            replace_feedback(Path(feedback), task.assignment, notebooks)
            return
        for name, (mode, content) in result.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            path.chmod(mode)
        self._record_fields(task, result.record)
        self.ledger[task.key] = {
            "submission": task.digest,
            "assignment": bundle.digest,
            "graded": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _write_ledger(self.ledger_path, self.ledger)

    def _record_fields(self, task: Task, record: dict) -> None:
        """Copy the autograder's fields into the course gradebook, in one transaction."""
        from sqlalchemy.exc import SAWarning

        gb = self.gradebook
        with warnings.catch_warnings():
            # nbgrader builds a new submission's rows before adding them to its session, which
            # SQLAlchemy warns about (harmlessly) when it autoflushes in between.
            warnings.simplefilter("ignore", SAWarning)
            gb.update_or_create_student(task.student)
            extra = {"timestamp": record["timestamp"]} if record["timestamp"] else {}
            gb.update_or_create_submission(task.assignment, task.student, **extra)
        try:
            for name, fields in record["notebooks"].items():
                notebook = gb.find_submission_notebook(name, task.assignment, task.student)
                notebook.late_submission_penalty = fields["late_penalty"]
                for grade in notebook.grades:
                    auto, needs_manual = fields["grades"][grade.name]
                    grade.auto_score = auto
                    # As nbgrader's SaveAutoGrades: a grade a person set must be looked at again.
                    grade.needs_manual_grade = bool(needs_manual or grade.manual_score is not None)
                for comment in notebook.comments:
                    comment.auto_comment = fields["comments"][comment.name]
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise


def _read_ledger(path: Path) -> dict:
    """Return the ledger of graded submissions, ``{}`` when there is none (or it is damaged)."""
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_ledger(path: Path, ledger: dict) -> None:
    """Replace the ledger atomically, so an interrupted run never leaves half a file."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)


# ----------------------------------------------------------------------------------------
# Command side: progress, summary and the run itself
# ----------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar: counts, elapsed time and time left.

    On a terminal the line is redrawn in place; elsewhere (CI logs) one line per submission.

    Parameters
    ----------
    total : int
        Submissions to grade in this run (skipped ones excluded).
    stream : file, default=sys.stderr
        Where to draw.
    """

    WIDTH = 24

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.counts = Counter()
        self.start = time.perf_counter()
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, outcome: str, label: str) -> None:
        """Count one finished submission (``graded``, ``failed`` or ``retrying``) and redraw."""
        self.counts[outcome] += 1
        done = self.counts["graded"] + self.counts["failed"]
        elapsed = time.perf_counter() - self.start
        left = elapsed / done * (self.total - done) if done else float("nan")
        filled = round(self.WIDTH * done / self.total) if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        text = (
            f"[{bar}] {done}/{self.total} graded {self.counts['graded']} "
            f"failed {self.counts['failed']} retried {self.counts['retrying']} "
            f"elapsed {_clock(elapsed)} left {_clock(left)}"
        )
        if self.live:
            self.stream.write("\r" + text + " " * 4)
            if done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{text}  {outcome}: {label}\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    """Format seconds as ``m:ss`` (``-:--`` when unknown)."""
    if seconds != seconds:  # NaN: nothing finished yet
        return "-:--"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@dataclass
class Summary:
    """What a run did.

    Attributes
    ----------
    graded : list of Result
        Submissions graded and recorded.
    failed : list of Result
        Submissions nbgrader could not grade, with the reason.
    skipped : list of Task
        Submissions unchanged since they were last graded.
    retried : int
        Infrastructure failures graded again.
    seconds : float
        Wall-clock time of the run.
    """

    graded: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    skipped: list[Task] = field(default_factory=list)
    retried: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        """Return the closing report: counts, time and each failure with its reason."""
        count = len(self.graded) + len(self.failed)
        rate = f", {self.seconds / count:.1f} s per submission" if count else ""
        lines = [
            f"graded {len(self.graded)}, failed {len(self.failed)}, skipped {len(self.skipped)} "
            f"(unchanged), retried {self.retried}, in {self.seconds:.1f} s{rate}"
        ]
        for result in self.failed:
            kind = "infrastructure" if result.infrastructure else "submission"
            lines.append(
                f"  FAILED {result.task.key} ({kind}, {result.attempts} "
                f"attempt{'s' * (result.attempts > 1)}): {result.reason}"
            )
        return "\n".join(lines)


def grade_class(
    root: Path,
    assignments: Iterable[str] | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    db_url: str | None = None,
    student_glob: str = "*",
    students: Iterable[str] | None = None,
    nbgrader_args: Sequence[str] | Mapping[str, Sequence[str]] = (),
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
    students : iterable of str, optional
        Only these student ids (among those ``student_glob`` matches).
    nbgrader_args : sequence of str, or mapping of str to sequence of str, default=()
        More nbgrader options, e.g. ``("--Execute.timeout=10",)``: for every assignment, or
        per assignment id (``{"python_basics": ("--Execute.timeout=10",)}``).
    log : callable, default=print
        Receives the run's messages.
    stream : file, optional
        Where the progress bar is drawn (default ``sys.stderr``).
    backend : object, optional
        A ready backend from :mod:`coursekit.grading.dask_backend` (tests pass their own).

    Returns
    -------
    Summary
        Graded, failed (with reasons), skipped, retried, and the time taken.
    """
    from coursekit.grading import dask_backend

    started = time.perf_counter()
    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise UsageError(
            f"{root} is not a course folder (it has no nbgrader_config.py): run coursekit "
            "grade in the course folder, or pass --root"
        )
    app = autograde_app(root, [f"--CourseDirectory.db_url={db_url}"] if db_url else [])
    names = _check_assignments(app, list(assignments or ()))
    if not isinstance(nbgrader_args, Mapping):
        nbgrader_args = dict.fromkeys(names, tuple(nbgrader_args))
    recorder = Recorder(app)
    summary = Summary()
    try:
        bundles = {name: course_bundle(app, name, nbgrader_args.get(name, ())) for name in names}
        todo, unusable = [], []
        chosen = set(students) if students is not None else None
        found = {name: find_tasks(app, name, student_glob) for name in names}
        if student_glob != "*" and not any(found.values()):
            raise UsageError(_no_student_message(app, names, student_glob))
        for name in names:
            for task in found[name]:
                if chosen is not None and task.student not in chosen:
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
            result = Result(task, ok=False, reason=task.problem)
            recorder.record(result, bundles[task.assignment])
            summary.failed.append(result)
        if todo:
            with dask_backend.open_backend(scheduler, workers, backend) as pool:
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
    """Submit ``todo`` to ``pool``, retry infrastructure failures once, record every result."""
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
                result = Result(_without_files(task), ok=False, infrastructure=True,
                                reason=f"worker lost: {type(error).__name__}: {error}")  # fmt: skip
            result.attempts = attempts[task.key]
            if not result.ok and result.infrastructure and result.attempts < ATTEMPTS:
                summary.retried += 1
                progress.update("retrying", f"{task.key}: {result.reason}")
                submit(task)
                continue
            start = time.perf_counter()
            recorder.record(result, bundles[task.assignment])
            result.seconds["record"] = time.perf_counter() - start
            (summary.graded if result.ok else summary.failed).append(result)
            progress.update("graded" if result.ok else "failed", task.key)
