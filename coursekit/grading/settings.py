"""Every limit and timeout of grading, in one table: each a configurable trait with its default.

A course overrides any of them in its ``nbgrader_config.py``::

    c.SandboxLimits.memory_mb = 4096

and plain ``nbgrader autograde``, the formgrader and ``coursekit grade`` all use the same values.
The time one cell of a notebook may run is nbgrader's own trait, ``Execute.timeout``, set once
in the course's ``nbgrader_config.py``. The course's own tools (the demo class, the accuracy
report, the benchmarks, the notebook tests) take their cells' time from :class:`ToolSettings`
below, and grade with it as a ``traitlets`` :class:`~traitlets.config.Config`
(:meth:`ToolSettings.grading_config`), never as command-line strings. The README's settings
table is :func:`settings_table`.
"""

from traitlets import Bool, Float, Integer
from traitlets.config import Config, Configurable


class SandboxLimits(Configurable):
    """The limits of one student kernel and of the grading of its notebook."""

    memory_mb = Integer(
        2048,
        help="Memory of the student's kernel, in MiB. It bounds the address space of each of "
        "its processes and, where the sandbox has a cgroup, all its processes, files in its "
        "folders and memfds together (past it the largest process is killed).",
    ).tag(config=True)
    processes = Integer(
        256,
        help="Processes and threads the sandbox may have at once. They are its cgroup's "
        "pids.max and RLIMIT_NPROC of its user; the kernel itself uses about ten.",
    ).tag(config=True)
    cpu_cores = Float(
        1.0,
        help="Cores the whole sandbox may keep busy at once (0 for no quota). It is its "
        "cgroup's CPU quota: when cores are scarce each sandbox gets an equal share, however "
        "many processes it starts.",
    ).tag(config=True)
    blas_threads = Integer(
        1,
        help="BLAS threads of each kernel and grading process (OPENBLAS_NUM_THREADS). Grading "
        "runs several notebooks at once on few cores, and oversubscribed BLAS threads made "
        "training cells 3-6 times slower.",
    ).tag(config=True)
    file_size_mb = Integer(16, help="Largest file the student's code may write, in MiB.").tag(
        config=True
    )
    disk_mb = Integer(
        64, help="Room for files the student's code writes, in MiB (its folder and /tmp each)."
    ).tag(config=True)
    cpu_seconds = Integer(
        900, help="CPU time of the whole kernel, in seconds. Past it the kernel is killed."
    ).tag(config=True)
    output_bytes_per_cell = Integer(
        100_000, help="Output kept from one cell while it streams. The rest is dropped."
    ).tag(config=True)
    output_bytes_per_notebook = Integer(
        2_000_000, help="Output kept from the whole notebook. Later output is dropped."
    ).tag(config=True)
    message_bytes = Integer(
        64_000_000,
        help="Largest single message accepted from the kernel. A larger one ends the kernel.",
    ).tag(config=True)
    kernel_restarts = Integer(
        3,
        help="Fresh kernels started for one notebook after its kernel died or hung. Past it "
        "the remaining cells and checks are not run and score 0.",
    ).tag(config=True)
    check_seconds = Integer(
        20,
        help="Wall-clock seconds one hidden check may take, all its calls into the student's "
        "kernel together. Past it the call is interrupted and that cell scores 0. It is the "
        "only limit of a check's calls, independent of Execute.timeout, the time one cell of "
        "the notebook may run.",
    ).tag(config=True)
    interrupt_seconds = Integer(
        5,
        help="Seconds an interrupted call of a check has to stop. Past it the kernel is "
        "counted as lost and a fresh one replays the cells above.",
    ).tag(config=True)
    notebook_seconds = Integer(
        300,
        help="Wall-clock seconds one notebook may take, its cells and its checks together. "
        "Cells and checks not finished within it are not run and score 0.",
    ).tag(config=True)
    grader_memory_mb = Integer(
        1024,
        help="Memory the grading process may add while it runs one check or reads one cell's "
        "output, in MiB. It is RLIMIT_DATA above what the process already holds; past it that "
        "cell scores 0.",
    ).tag(config=True)
    wire_bytes = Integer(
        16_000_000,
        help="Largest array, in bytes, that crosses between the student's kernel and the "
        "grading process. A larger one crosses only as its type and shape, unless the check "
        "asks for that value with a larger bound (Student.value's max_bytes).",
    ).tag(config=True)
    wire_values = Integer(
        1_000_000,
        help="Most JSON values (numbers, strings, lists, dicts) in one reply from the student's "
        "kernel. A reply with more is refused unread, so reading it stays cheap.",
    ).tag(config=True)
    stand_in_work = Integer(
        50_000_000,
        help="Most work one call of a course stand-in may ask of the grading process. It is "
        "the largest array the call could make from its array arguments (their broadcast or "
        "outer product) times its largest count (any number argument, NumPy's included).",
    ).tag(config=True)
    unsafe_run_student_code_without_sandbox = Bool(
        False,
        help="Run students' code with the grader's own rights, network and files. Only for "
        "code you trust, where the sandbox cannot start (no bubblewrap, macOS).",
    ).tag(config=True)


class ToolSettings(Configurable):
    """How the course's own tools grade and run notebooks: faster than grading a real class."""

    cell_seconds = Integer(
        10,
        help="Seconds a cell may run when the course's tools grade (make demo, make report, "
        "make bench), in place of the course's Execute.timeout. Graded cells and the cells "
        "above them finish within a second, and at the course's own cell time each call "
        "of the demo's endless loop would cost a minute.",
    ).tag(config=True)
    run_all_cell_seconds = Integer(
        120,
        help="Seconds a cell may run when a whole notebook runs as a student's Run All "
        "(coursekit.run_notebook: the notebook tests, the benchmarks' floor). Assignment 2 "
        "trains its model on the full dataset, 5-30 s on a loaded machine.",
    ).tag(config=True)

    def grading_config(self) -> Config:
        """Return the settings the tools grade with, to merge over the course's configuration.

        Returns
        -------
        traitlets.config.Config
            ``Execute.timeout`` set to :attr:`cell_seconds`.
        """
        config = Config()
        config.Execute.timeout = self.cell_seconds
        return config


def blas_environment(threads: int) -> dict[str, str]:
    """Return the environment variables that hold BLAS to ``threads`` threads per process.

    Set before numpy loads (it reads them once); see :attr:`SandboxLimits.blas_threads`.
    """
    return {"OPENBLAS_NUM_THREADS": str(threads)}


def settings_table() -> str:
    """Return the Markdown table of every setting: name, default, and its help's first sentence.

    The README shows this table; a test keeps the two the same.
    """
    rows = ["| setting | default | what it is |", "|---|---|---|"]
    for cls in (SandboxLimits, ToolSettings):
        traits = cls.class_traits(config=True)
        for name in [name for name in vars(cls) if name in traits]:  # in the order declared
            trait = traits[name]
            summary = trait.help.split(". ")[0].rstrip(".")
            default = trait.default_value
            shown = f"{default:,}" if type(default) is int else repr(default)
            rows.append(f"| `{cls.__name__}.{name}` | {shown} | {summary} |")
    return "\n".join(rows)
