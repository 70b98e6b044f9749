"""Grading a class with `coursekit grade`: parallel, on Dask with PostgreSQL, resumable, retried."""

import io
import json
import os
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import Future
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from coursekit.course import get_assignment
from coursekit.demo.run import hand_in
from coursekit.grading import cli
from coursekit.grading.class_runner import (
    Progress,
    autograde_app,
    grade_class,
    is_infrastructure_failure,
)
from coursekit.grading.execute import SandboxedExecute
from coursekit.grading.gradebook.scores import COURSE_ID
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.submissions import fill_answers, solution_answers
from coursekit.workspace import scratch_course

BASICS = get_assignment("python_basics")
# Seconds per cell: generous, so a busy machine cannot turn a slow cell into lost points. The
# demo student whose code loops forever is left out (each of its calls would cost a timeout).
TIMEOUT = ("--Execute.timeout=60",)
CLASS = "demo_[!e]*"
IN_CI = os.environ.get("CI", "").lower() == "true"

KERNEL_START_LOG = """[ERROR] There was an error processing assignment: /c/submitted/ann/a
[ERROR] Traceback (most recent call last):
  File "nbclient/client.py", line 562, in async_start_new_kernel_client
    await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
RuntimeError: Kernel died before replying to kernel_info
"""
STUDENT_LOG = """[ERROR] There was an error processing assignment: /c/submitted/ann/a
[ERROR] Traceback (most recent call last):
  File "nbclient/client.py", line 790, in _async_poll_for_reply
nbclient.exceptions.DeadKernelError: Kernel died
"""


def grades(db_url: str, assignment: str = BASICS.name) -> dict:
    """Return ``{(student, cell): (auto_score, needs_manual_grade)}`` plus the auto comments."""
    with Gradebook(db_url, COURSE_ID) as gb:
        rows = {}
        for submission in gb.find_assignment(assignment).submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows[submission.student.id, grade.name] = (
                        grade.auto_score,
                        grade.needs_manual_grade,
                    )
                for comment in notebook.comments:
                    rows[submission.student.id, "comment " + comment.name] = comment.auto_comment
        return rows


def test_kernel_start_failures_are_infrastructure_and_student_crashes_are_not():
    """Is a kernel that never started told apart from a kernel the student's code killed?"""
    assert is_infrastructure_failure(KERNEL_START_LOG)
    assert not is_infrastructure_failure(STUDENT_LOG)


def test_nbgrader_app_reads_the_course_config_without_moving(tmp_path, monkeypatch):
    """Is the course's nbgrader_config.py in force from any working folder, which stays put?"""
    monkeypatch.chdir(tmp_path)

    def moved(path):
        raise AssertionError(f"the working folder changed to {path}: threads would race")

    # Threads share the working folder: grading classes from several must never change it.
    monkeypatch.setattr(os, "chdir", moved)
    course = Path(__file__).parents[2]
    app = autograde_app(course)
    assert Path.cwd() == tmp_path
    assert app.config.Autograde.autograde_preprocessors[0] is SandboxedExecute
    assert Path(app.coursedir.root) == course


def test_progress_counts_and_time_left():
    """Does the progress line count graded and failed submissions and estimate time left?"""
    out = io.StringIO()
    progress = Progress(4, out)
    progress.update("graded", "a/ann")
    progress.update("failed", "a/bob")
    line = out.getvalue().splitlines()[-1]
    assert "2/4 graded 1 failed 1" in line and "left 0:0" in line and "failed: a/bob" in line


def test_cli_passes_nbgrader_options_and_rejects_others(capsys):
    """Are --Class.trait=value options nbgrader's, and any other unknown option an error?"""
    assert cli.NBGRADER_OPTION.match("--Execute.timeout=10")
    with pytest.raises(SystemExit):
        cli.main(["grade", "--no-such-option"])
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


# ----------------------------------------------------------------------------------------
# Services: a throwaway PostgreSQL server and a Dask cluster of two worker processes
# ----------------------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    """Return the folder of Debian's PostgreSQL server programs, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """Start a PostgreSQL server on 127.0.0.1 in a temporary folder; yield a db_url factory."""
    bindir = _postgres_bin()
    if bindir is None:
        message = "PostgreSQL server programs not found (Debian: apt-get install postgresql)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # PostgreSQL refuses to run as root: run it as the postgres user then.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="coursekit-pg-"))
    if as_user:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    run = dict(check=True, capture_output=True)
    subprocess.run([*as_user, bindir / "initdb", "-D", data, "-U", "grader", "-A", "trust"], **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*as_user, bindir / "pg_ctl", "-D", data]
    subprocess.run([*pg_ctl, "-o", options, "-l", folder / "log", "-w", "start"], **run)
    created = []

    def database(name: str) -> str:
        subprocess.run(
            [
                *as_user,
                bindir / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "grader",
                name,
            ],
            **run,
        )
        created.append(name)
        return f"postgresql://grader@127.0.0.1:{port}/{name}"

    try:
        yield database
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], **run)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def dask_cluster():
    """Yield the address of a local Dask cluster of two single-threaded worker processes."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def demo_basics(tmp_path_factory):
    """Return a scratch course holding the demo class's python_basics submissions."""
    course = scratch_course(tmp_path_factory.mktemp("runner-basics"), [BASICS])
    hand_in(course, BASICS, log=lambda line: None)
    return course


@pytest.mark.slow
def test_dask_with_postgresql_gives_the_grades_of_sequential_nbgrader(
    demo_basics, postgres, dask_cluster
):
    """Does a class graded on 2 Dask workers into PostgreSQL get nbgrader's sequential grades?"""
    course = demo_basics
    sequential = run_nbgrader(
        "autograde", BASICS.name, "--force", f"--student={CLASS}", *TIMEOUT, root=course
    )
    assert sequential.returncode == 0, sequential.stderr[-3000:]
    expected = grades(f"sqlite:///{course / 'gradebook.db'}")

    db_url = postgres("dask_class")
    registered = run_nbgrader(
        "generate_assignment", BASICS.name, "--force", f"--CourseDirectory.db_url={db_url}",
        root=course,
    )  # fmt: skip
    assert registered.returncode == 0, registered.stderr[-3000:]
    log = []
    summary = grade_class(
        course, [BASICS.name], scheduler=dask_cluster, db_url=db_url, force=True,
        student_glob=CLASS, nbgrader_args=TIMEOUT, log=log.append, stream=io.StringIO(),
    )  # fmt: skip
    print("\n".join(log))
    assert not summary.failed, summary.text()
    assert len({r.worker for r in summary.graded}) == 2, "both Dask workers should have graded"
    got = grades(db_url)
    assert got == expected
    with Gradebook(db_url, COURSE_ID) as gb:
        assert len(gb.find_assignment(BASICS.name).submissions) == 6  # no row lost or doubled


@pytest.mark.slow
def test_rerun_grades_only_missing_or_changed_submissions(tmp_path):
    """Does a rerun skip unchanged submissions and grade the changed and the missing ones?"""
    course = scratch_course(tmp_path / "course", [BASICS])
    hand_in(course, BASICS, log=lambda line: None)
    chosen = "demo_[mpu]*"  # demo_mistakes, demo_perfect, demo_untouched
    run = dict(workers=2, student_glob=chosen, nbgrader_args=TIMEOUT, log=lambda line: None,
               stream=io.StringIO())  # fmt: skip
    first = grade_class(course, [BASICS.name], **run)
    assert sorted(r.task.student for r in first.graded) == [
        "demo_mistakes", "demo_perfect", "demo_untouched"]  # fmt: skip
    before = grades(f"sqlite:///{course / 'gradebook.db'}")

    again = grade_class(course, [BASICS.name], **run)
    assert (len(again.graded), len(again.skipped)) == (0, 3)

    notebook = course / "submitted" / "demo_perfect" / BASICS.name / BASICS.notebook
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += "\n"
    nbformat.write(nb, notebook)
    shutil.rmtree(course / "autograded" / "demo_mistakes")
    third = grade_class(course, [BASICS.name], **run)
    assert sorted(r.task.student for r in third.graded) == ["demo_mistakes", "demo_perfect"]
    assert [t.student for t in third.skipped] == ["demo_untouched"]
    assert grades(f"sqlite:///{course / 'gradebook.db'}") == before

    forced = grade_class(course, [BASICS.name], force=True, **run)
    assert (len(forced.graded), len(forced.skipped)) == (3, 0)


class InProcess:
    """A backend grading in the test process, so that a monkeypatch reaches the kernel start."""

    description = "the test process"

    def share(self, obj):
        """Return ``obj`` as is."""
        return obj

    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` now and return its finished future."""
        future = Future()
        future.set_result(fn(*args))
        return future


@pytest.mark.slow
def test_a_kernel_that_failed_to_start_is_retried_once_a_students_failure_never(
    tmp_path, monkeypatch
):
    """Is a kernel start failure graded again once, and a submission that fails by itself not?"""
    course = scratch_course(tmp_path / "course", [BASICS])
    hand_in(course, BASICS, log=lambda line: None)
    # A folder whose notebook is gone fails by itself (an unreadable one is graded, with a note).
    (course / "submitted" / "demo_mistakes" / BASICS.name / BASICS.notebook).unlink()

    failures = []

    def fail_once(client) -> None:
        if client.resources["nbgrader"]["student"] == "demo_perfect" and not failures:
            failures.append(client.resources["nbgrader"]["student"])
            # What jupyter_client raises when a kernel process exits as it starts.
            raise RuntimeError("Kernel died before replying to kernel_info")

    start, async_start = NotebookClient.start_new_kernel, NotebookClient.async_start_new_kernel

    def start_new_kernel(self, **kwargs):
        fail_once(self)
        return start(self, **kwargs)

    async def async_start_new_kernel(self, **kwargs):
        fail_once(self)
        return await async_start(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "start_new_kernel", start_new_kernel)
    monkeypatch.setattr(NotebookClient, "async_start_new_kernel", async_start_new_kernel)
    summary = grade_class(
        course, [BASICS.name], student_glob="demo_[mp]*", nbgrader_args=TIMEOUT,
        log=lambda line: None, stream=io.StringIO(), backend=InProcess(),
    )  # fmt: skip
    assert failures == ["demo_perfect"]
    assert summary.retried == 1
    assert [(r.task.student, r.attempts) for r in summary.graded] == [("demo_perfect", 2)]
    assert [(r.task.student, r.attempts, r.infrastructure) for r in summary.failed] == [
        ("demo_mistakes", 1, False)
    ]
    assert "FAILED python_basics/demo_mistakes (submission, 1 attempt)" in summary.text()


@pytest.fixture(scope="module")
def bare_course(tmp_path_factory):
    """Return a scratch course of Assignment 1 with no submission."""
    return scratch_course(tmp_path_factory.mktemp("runner-bare"), [BASICS])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["python_basic"], "unknown assignment 'python_basic': did you mean 'python_basics'?"),
        (["python_basics", "--student", "nobody_here"], "matches --student 'nobody_here'"),
        (["--root", "/"], "is not a course folder"),
    ],
    ids=["typo", "unknown_student", "not_a_course"],
)
def test_wrong_invocations_get_one_line_and_exit_2(bare_course, capsys, args, says):
    """Does a wrong `coursekit grade` say what to fix in one line, exit 2, no traceback?"""
    folder = bare_course / "submitted" / "somebody" / BASICS.name
    folder.mkdir(parents=True, exist_ok=True)
    root = [] if "--root" in args else ["--root", str(bare_course)]
    assert cli.main(["grade", *args, *root]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coursekit grade: error: ")
    assert says in err and "Traceback" not in err


@pytest.mark.slow
def test_coursekit_grade_takes_in_submissions_as_plain_nbgrader(bare_course, tmp_path, capsys):
    """Unreadable, misnamed and missing notebooks: the notes and grades of plain nbgrader."""
    course = tmp_path / "course"
    shutil.copytree(bare_course, course, symlinks=True)
    shutil.rmtree(course / "submitted", ignore_errors=True)
    right = fill_answers(BASICS.release_notebook(course), solution_answers(
        BASICS.source_notebook(course)))  # fmt: skip
    folders = {
        s: course / "submitted" / s / BASICS.name
        for s in ("bad_json", "empty", "honest", "misnamed", "nbformat_5")
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["bad_json"] / BASICS.notebook).write_text("{ this is not json")
    nbformat.write(right, folders["honest"] / BASICS.notebook)
    nbformat.write(right, folders["misnamed"] / BASICS.notebook.replace(".ipynb", " (1).ipynb"))
    five = json.loads(nbformat.writes(right)) | {"nbformat": 5}
    (folders["nbformat_5"] / BASICS.notebook).write_text(json.dumps(five))
    status = cli.main(["grade", BASICS.name, "--root", str(course), *TIMEOUT])
    out = capsys.readouterr().out
    assert status == 1
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "submitted/empty/python_basics holds no notebook" in failed[0]
    assert "coursekit-worker" not in out
    db = f"sqlite:///{course / 'gradebook.db'}"
    totals = {}
    for (student, cell), value in grades(db).items():
        if not cell.startswith("comment "):
            totals[student] = totals.get(student, 0) + (value[0] or 0)
    assert totals == {"bad_json": 0, "honest": 15, "misnamed": 15, "nbformat_5": 0}
    for student in ("bad_json", "nbformat_5"):
        graded = course / "autograded" / student / BASICS.name / BASICS.notebook
        assert "could not be read" in graded.read_text(encoding="utf-8")
