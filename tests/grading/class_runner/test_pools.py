"""Where submissions are graded: local worker processes, or a Dask cluster with PostgreSQL."""

import io
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from class_runs import BASICS, CLASS, COURSE_ID, grades
from harness import demo_class_course
from nbgrader.api import Gradebook

from coursekit.grading.class_runner.pools import LocalPool
from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.nbgrader_cli import run_nbgrader

IN_CI = os.environ.get("CI", "").lower() == "true"


def test_a_local_pool_grades_in_other_processes_and_outlives_a_dead_worker():
    """Do local workers run apart from this process, and does a killed one not stop the pool?"""
    pool = LocalPool(1)
    try:
        worker = pool.submit(os.getpid).result()
        assert worker != os.getpid()
        os.kill(worker, signal.SIGKILL)
        # The task sent as the pool learns of its dead worker fails with it; a later one runs.
        for _ in range(20):
            try:
                again = pool.submit(os.getpid).result(timeout=120)
                break
            except BrokenProcessPool:
                continue
        else:
            pytest.fail("the pool never started a new worker")
        assert again not in (worker, os.getpid())
    finally:
        pool.close()


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
    return demo_class_course(tmp_path_factory.mktemp("runner-basics"))


@pytest.mark.slow
def test_dask_with_postgresql_gives_the_grades_of_sequential_nbgrader(
    demo_basics, postgres, dask_cluster
):
    """Does a class graded on 2 Dask workers into PostgreSQL get nbgrader's sequential grades?"""
    course = demo_basics
    sequential = run_nbgrader(
        "autograde", BASICS.name, "--force", f"--student={CLASS}", root=course
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
        student_glob=CLASS, log=log.append, stream=io.StringIO(),
    )  # fmt: skip
    print("\n".join(log))
    assert not summary.failed, summary.text()
    assert len({r.worker for r in summary.graded}) == 2, "both Dask workers should have graded"
    got = grades(db_url)
    assert got == expected
    with Gradebook(db_url, COURSE_ID) as gb:
        assert len(gb.find_assignment(BASICS.name).submissions) == 6  # no row lost or doubled
