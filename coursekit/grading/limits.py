"""Every limit a student's kernel runs under while grading, in one table with its default.

Each limit is a configurable trait, so a course overrides it in ``nbgrader_config.py``::

    c.SandboxLimits.memory_mb = 4096

and plain ``nbgrader autograde``, the formgrader and ``coursekit grade`` all use the same values.
"""

from traitlets import Bool, Integer
from traitlets.config import Configurable


class SandboxLimits(Configurable):
    """The limits of one student kernel (see the module docstring for how to change them)."""

    memory_mb = Integer(
        2048, help="Address space of each process of the student's kernel, in MiB."
    ).tag(config=True)
    processes = Integer(
        256,
        help="Processes and threads the sandbox user may have at once (RLIMIT_NPROC); the "
        "kernel itself uses about ten.",
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
    unsafe_run_student_code_without_sandbox = Bool(
        False,
        help="Run students' code with the grader's own rights, network and files, when the "
        "sandbox cannot start (no bubblewrap, macOS). Only for code you trust.",
    ).tag(config=True)
