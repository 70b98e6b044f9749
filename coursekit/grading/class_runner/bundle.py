"""What grading a class moves around: an assignment's bundle, a submission's task, a result.

The command packs one :class:`CourseBundle` per assignment (:func:`course_bundle`) and one
:class:`Task` per submission (:func:`find_tasks`, plain nbgrader's intake); workers send back a
:class:`Result` each. All three are plain data, so they cross to any worker process or machine.
"""

import glob
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config import Config

from coursekit.grading.errors import GradingError

# nbgrader tables that define assignments (copied into the workers' private gradebooks);
# the others hold students' results, which only the command writes.
DEFINITION_TABLES = ("course", "assignment", "notebook", "base_cell", "grade_cells",
                     "solution_cells", "task_cells", "source_cell")  # fmt: skip


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
    config : traitlets.config.Config or None
        More nbgrader configuration, over ``nbgrader_config.py`` and under ``nbgrader_args``.
    """

    assignment: str
    course_id: str
    digest: str
    files: dict[str, bytes]
    gradebook: bytes
    nbgrader_args: tuple[str, ...] = ()
    config: Config | None = None


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

    def without_files(self) -> "Task":
        """Return this task without its files, so results stay small on the wire."""
        return Task(self.assignment, self.student, self.digest, {})


@dataclass
class Result:
    """What a worker sends back for one task.

    Attributes
    ----------
    task : Task
        The task graded (without its files).
    failure : GradingError or None, default=None
        Why it could not be graded (:mod:`coursekit.grading.errors`); ``None`` when nbgrader
        graded it (a student's failing cell is still graded: it costs points).
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
    failure: GradingError | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    record: dict = field(default_factory=dict)
    log: str = ""
    worker: str = ""
    attempts: int = 1

    @property
    def ok(self) -> bool:
        """Return whether nbgrader graded the submission."""
        return self.failure is None

    @property
    def reason(self) -> str:
        """Return why it could not be graded (``""`` when ``ok``)."""
        return "" if self.failure is None else str(self.failure)

    @property
    def infrastructure(self) -> bool:
        """Return whether the failure was the machine's, not the submission's."""
        return self.failure is not None and self.failure.infrastructure


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


def course_bundle(
    app, assignment: str, nbgrader_args: Sequence[str] = (), config: Config | None = None
) -> CourseBundle:
    """Pack what workers need to grade ``assignment`` of the course ``app`` configures.

    ``nbgrader_args`` and ``config`` are the run's own nbgrader settings, applied in the
    workers as :func:`~coursekit.grading.nbgrader_cli.autograde_app` applies them.
    """
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
        digest=_digest({**files, **_settings(nbgrader_args, config)}),
        files=files,
        gradebook=definitions_snapshot(coursedir.db_url),
        nbgrader_args=tuple(nbgrader_args),
        config=config,
    )


def _settings(nbgrader_args: Sequence[str], config: Config | None) -> dict[str, bytes]:
    """Return the run's nbgrader settings as entries of the bundle's digest.

    With no ``config`` the entries (and so the digest) are those of earlier runs, whose ledger
    then still counts.
    """
    entries = {"\0args": "\0".join(nbgrader_args).encode()}
    if config:
        lines = sorted(f"{section}.{key}={value!r}" for section, traits in config.items()
                       for key, value in traits.items())  # fmt: skip
        entries["\0config"] = "\n".join(lines).encode()
    return entries


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


def remove_tree(folder: Path) -> None:
    """Remove ``folder`` if it exists (nbgrader leaves its files read-only)."""
    if folder.exists():
        shutil.rmtree(folder)
