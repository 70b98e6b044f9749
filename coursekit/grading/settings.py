"""Every limit a student's kernel runs under while grading, in one table with its default.

Each limit is a configurable trait, so a course overrides it in ``nbgrader_config.py``::

    c.SandboxLimits.memory_mb = 4096

and plain ``nbgrader autograde``, the formgrader and ``coursekit grade`` all use the same values.
"""

from traitlets import Bool, Float, Integer
from traitlets.config import Configurable


class SandboxLimits(Configurable):
    """The limits of one student kernel (see the module docstring for how to change them)."""

    memory_mb = Integer(
        2048,
        help="Memory of the student's kernel, in MiB: the address space of each of its "
        "processes and, where the sandbox has a cgroup, all its processes, files in its "
        "folders and memfds together (past it the largest process is killed).",
    ).tag(config=True)
    processes = Integer(
        256,
        help="Processes and threads the sandbox may have at once (its cgroup's pids.max, and "
        "RLIMIT_NPROC of its user); the kernel itself uses about ten.",
    ).tag(config=True)
    cpu_cores = Float(
        1.0,
        help="Cores the whole sandbox may keep busy at once (its cgroup's CPU quota; 0 for no "
        "quota). When cores are scarce each sandbox gets an equal share, however many "
        "processes it starts.",
    ).tag(config=True)
    file_size_mb = Integer(16, help="Largest file the student's code may write, in MiB.").tag(
        config=True
    )
    disk_mb = Integer(
        64, help="Room for files the student's code writes (its folder and /tmp each), in MiB."
    ).tag(config=True)
    cpu_seconds = Integer(
        900, help="CPU time of the whole kernel, in seconds; past it the kernel is killed."
    ).tag(config=True)
    output_bytes_per_cell = Integer(
        100_000, help="Output kept from one cell while it streams; the rest is dropped."
    ).tag(config=True)
    output_bytes_per_notebook = Integer(
        2_000_000, help="Output kept from the whole notebook; later output is dropped."
    ).tag(config=True)
    message_bytes = Integer(
        64_000_000,
        help="Largest single message accepted from the kernel; a larger one ends the kernel.",
    ).tag(config=True)
    kernel_restarts = Integer(
        3,
        help="Fresh kernels started for one notebook after its kernel died or hung; past it "
        "the remaining cells and checks are not run and score 0.",
    ).tag(config=True)
    check_seconds = Integer(
        20,
        help="Wall-clock seconds one hidden check may take, all its calls into the student's "
        "kernel together; past it the call is interrupted and that cell scores 0. Independent "
        "of Execute.timeout, the time one cell of the notebook may run.",
    ).tag(config=True)
    notebook_seconds = Integer(
        300,
        help="Wall-clock seconds one notebook may take, its cells and its checks together; "
        "cells and checks not finished within it are not run and score 0.",
    ).tag(config=True)
    grader_memory_mb = Integer(
        1024,
        help="Memory the grading process may add while it runs one check or reads one cell's "
        "output (RLIMIT_DATA above what it already holds), in MiB; past it that cell scores 0.",
    ).tag(config=True)
    wire_bytes = Integer(
        16_000_000,
        help="Largest array, in bytes, that crosses between the student's kernel and the "
        "grading process in either direction; a larger one crosses only as its type and shape.",
    ).tag(config=True)
    wire_values = Integer(
        1_000_000,
        help="Most JSON values (numbers, strings, lists, dicts) in one reply from the student's "
        "kernel; a reply with more is refused unread, so reading it stays cheap.",
    ).tag(config=True)
    stand_in_work = Integer(
        50_000_000,
        help="Most work one call of a course stand-in may ask of the grading process: the "
        "largest array it could make from its array arguments (their broadcast or outer "
        "product) times its largest count (any number argument, NumPy's included).",
    ).tag(config=True)
    unsafe_run_student_code_without_sandbox = Bool(
        False,
        help="Run students' code with the grader's own rights, network and files, when the "
        "sandbox cannot start (no bubblewrap, macOS). Only for code you trust.",
    ).tag(config=True)
