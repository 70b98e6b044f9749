"""The sandbox a student's kernel runs in: what it can see, reach and use."""

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from coursekit.course import get_assignment
from coursekit.grading.sandbox.bubblewrap import (
    CourseFilesError,
    SandboxedKernelManager,
    course_files,
)
from coursekit.grading.sandbox.font_cache import font_lists
from coursekit.grading.settings import SandboxLimits

CANARY = "COURSEKIT_TEST_SECRET"
# What the course's nbgrader_config.py gives the sandbox (SandboxedKernelManager.shared_files).
SHARED = {"python_basics": list(get_assignment("python_basics").shared)}


@pytest.fixture(scope="module")
def kernel(scratch):
    """Yield (run code, course folder, interrupt) for a sandboxed kernel of a scratch course."""
    course = scratch("python_basics")
    os.environ[CANARY] = "instructor-only"
    limits = SandboxLimits(memory_mb=1024, file_size_mb=1, disk_mb=8)
    km = SandboxedKernelManager(
        kernel_name="python3",
        course_root=str(course),
        assignment="python_basics",
        limits=limits,
        shared_files=SHARED,
    )
    run_sync(km.start_kernel)()
    client = km.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)

    def run(code: str) -> str:
        printed = []

        def keep(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                printed.append(f"{message['content']['ename']}: {message['content']['evalue']}")

        client.execute_interactive(code, timeout=60, output_hook=keep)
        return "".join(printed).strip()

    yield run, course, run_sync(km.interrupt_kernel)
    client.stop_channels()
    run_sync(km.shutdown_kernel)(now=True)
    del os.environ[CANARY]


def test_kernel_sees_only_its_folder_and_the_course_files(kernel):
    """Does the kernel's working folder hold just the assignment's course files?"""
    run, _, _ = kernel
    assert run("import os; print(sorted(os.listdir('.')))") == "['images', 'public_tests.py']"
    assert run("import os; print(os.getcwd())") == "/home/student/python_basics"


def test_course_folder_and_gradebook_are_invisible(kernel):
    """Can the kernel see nothing of the course folder: source/, the gradebook, submissions?"""
    run, course, _ = kernel
    for path in (course, course / "gradebook.db", course / "source", course / "submitted"):
        assert run(f"import os; print(os.path.exists({str(path)!r}))") == "False", path


def test_system_files_mounted_for_the_kernel_are_readable(kernel):
    """Can the unprivileged user read the loader's cache and the fonts' configuration?"""
    run, _, _ = kernel
    paths = ("/etc/ld.so.cache", "/etc/fonts/fonts.conf")
    code = f"import os; print([os.access(p, os.R_OK) for p in {paths!r}])"
    assert run(code) == "[True, True]"


def test_matplotlib_font_list_is_ready(kernel):
    """Does the kernel find matplotlib's font list built, so no submission scans fonts again?"""
    run, _, _ = kernel
    # Listed in a fresh kernel before matplotlib is imported: only the mount can have put it there.
    listed = run("import os; print(os.listdir('/tmp/matplotlib'))")
    assert listed.startswith("['fontlist-"), listed


def test_no_command_line_names_the_course_folder(kernel):
    """Does no process in the sandbox, its init included, show the course folder's path?"""
    run, course, _ = kernel
    lines = run(
        "import glob\n"
        "for path in glob.glob('/proc/[0-9]*/cmdline'):\n"
        "    print(path, open(path, 'rb').read().replace(bytes(1), b' ').decode())"
    )
    assert "/proc/1/cmdline" in lines and "bwrap" in lines, lines
    assert str(course) not in lines, lines


def test_mount_table_names_no_host_folder(kernel):
    """Do the mount table and mountinfo name none of the course's, Python's or grader's folders?"""
    run, course, _ = kernel
    table = run("print(open('/proc/self/mountinfo').read(), open('/proc/mounts').read())")
    assert "/home/student/python_basics" in table and "/venv/lib" in table, table
    hidden = [course, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path.home()]
    hidden += [Path(sys.prefix).resolve().parent, *font_lists()]
    for path in hidden:
        assert str(path) not in table, path
    assert "/dev/shm/" not in table and "/tmp/coursekit" not in table, table


def test_python_runs_from_neutral_paths(kernel):
    """Do sys.prefix, sys.path and the interpreter inside name only the sandbox's own paths?"""
    run, _, _ = kernel
    shown = run("import sys; print(sys.prefix, sys.base_prefix, sys.executable, *sys.path)")
    assert shown.split()[:3] == ["/venv", "/python", "/venv/bin/python3"], shown
    assert all(Path(path).parts[1] in ("venv", "python") for path in shown.split()), shown
    assert run("import numpy; print(numpy.__file__)").startswith("/venv/lib/")


def test_kernel_cannot_reach_cgroup_files_to_leave_its_group(kernel):
    """Is no cgroup file system mounted in the sandbox, and its own group shown as the root?"""
    run, _, _ = kernel
    assert run("import os; print(os.path.exists('/sys'))") == "False"
    own = run("print(open('/proc/self/cgroup').read())").splitlines()
    assert all(line.endswith(":/") for line in own), own


def test_kernel_runs_unprivileged_without_the_graders_environment(kernel):
    """Does the kernel run as nobody, without the grading process's environment variables?"""
    run, _, _ = kernel
    assert run("import os; print(os.getuid() != 0 and os.geteuid() != 0)") == "True"
    assert run(f"print(os.environ.get({CANARY!r}))") == "None"


def test_course_files_are_read_only(kernel):
    """Does writing to the course's public_tests.py fail inside the sandbox?"""
    run, _, _ = kernel
    assert "Error" in run("open('public_tests.py', 'a').write('x = 1')")


def test_no_network(kernel):
    """Does a connection to the machine's loopback address fail?"""
    run, _, _ = kernel
    out = run(
        "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), timeout=2)\n"
        "    print('connected')\nexcept OSError as e:\n    print('refused')"
    )
    assert out == "refused"


def test_writes_outside_the_working_folder_fail(kernel):
    """Can the kernel write only in its own folder and /tmp, never in the Python environment?"""
    run, _, _ = kernel
    assert "Error" in run("import sys; open(sys.prefix + '/x.txt', 'w')")
    assert "Error" in run("import sys; open(sys.base_prefix + '/x.txt', 'w')")
    assert "Error" in run("open('/home/student/x.txt', 'w')")
    assert run("open('mine.txt', 'w').write('ok'); print(open('mine.txt').read())") == "ok"


def test_file_size_and_memory_are_capped(kernel):
    """Do a file over the size limit and an allocation over the memory limit fail?"""
    run, _, _ = kernel
    assert "Error" in run("open('big.bin', 'wb').write(b'x' * (3 * 2**20))")
    assert "MemoryError" in run("x = bytearray(3 * 2**30)")


def test_interrupt_stops_the_cell_and_keeps_the_kernel(kernel):
    """Does an interrupt end a looping cell with KeyboardInterrupt, keeping the kernel's state?"""
    run, _, interrupt = kernel
    run("kept = 41")
    timer = threading.Timer(1.0, interrupt)
    timer.start()
    try:
        assert run("while True:\n    pass").startswith("KeyboardInterrupt")
    finally:
        timer.join()
    assert run("print(kept + 1)") == "42"


def test_missing_or_stale_instructor_copy_is_refused(tmp_path, scratch):
    """Does grading refuse when source/<assignment>/public_tests.py is missing or stale?"""
    course = tmp_path / "course"
    shutil.copytree(scratch("python_basics"), course)
    copy = course / "source" / "python_basics" / "public_tests.py"
    copy.write_text(copy.read_text() + "\n# edited\n")
    with pytest.raises(CourseFilesError, match="make release"):
        course_files(course, "python_basics", SHARED["python_basics"])
    copy.unlink()
    with pytest.raises(CourseFilesError, match="missing"):
        course_files(course, "python_basics", SHARED["python_basics"])


def test_an_assignment_the_config_gives_no_files_is_refused_with_the_fix(scratch):
    """Does grading an assignment nbgrader_config.py lists no course files for stop and say how?"""
    km = SandboxedKernelManager(
        kernel_name="python3", course_root=str(scratch("python_basics")), assignment="quiz"
    )
    with pytest.raises(CourseFilesError, match=r"shared_files\['quiz'\]"):
        km.format_kernel_cmd()
    shutil.rmtree(km.ipc_dir)
