"""Start a student's kernel inside a bubblewrap sandbox that sees nothing but what it needs.

Inside, the kernel sees a private, size-limited working folder ``/home/student/<assignment>``
holding read-only copies of the course files the notebook uses (from the instructor's
``source/<assignment>/``, checked against the course's top-level originals), a private ``/tmp``,
the read-only Python environment and system libraries, and the folder of its IPC sockets. It has
no network (its own empty network namespace: kernel messages go over Unix sockets), its own
process tree, and runs as the unprivileged user ``nobody`` with the limits of
:class:`~coursekit.grading.limits.SandboxLimits` (``prlimit``). Nothing of the course folder,
the gradebook, other students' work or the instructor's home is mounted.
"""

import filecmp
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Instance, Unicode

from coursekit.course import SOURCE, get_assignment
from coursekit.grading.font_cache import SANDBOX_MPLCONFIGDIR, font_lists
from coursekit.grading.limits import SandboxLimits

NOBODY = 65534
# Grading as root, each kernel gets a user id of its own from this range (no account needed):
# the process limit counts per user, so one student's processes cannot use up another's.
SANDBOX_UIDS = range(200_000, 1_200_000)
SANDBOX_HOME = "/home/student"
# Environment variables the kernel keeps: BLAS kernel choice (set on some CPUs for correct
# results), nbgrader's marker, which the notebooks read to skip long demonstrations, and the
# course engine's own, without which public_tests refuses to run under autograding.
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "NBGRADER_EXECUTION", "COURSEKIT_GRADER")
INSTALL_HINT = (
    "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; it is on the README's "
    "set-up line) on a Linux machine with user namespaces enabled, or, only for code you trust, "
    "set c.SandboxLimits.unsafe_run_student_code_without_sandbox = True in nbgrader_config.py"
)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine; the message says how to fix it."""


class CourseFilesError(RuntimeError):
    """The instructor's copy of a course file is missing or differs from the course's own."""


def course_files(course_root: Path, assignment: str) -> dict[str, Path]:
    """Return the course files a notebook of ``assignment`` may read, from the instructor's copy.

    Only these reach the student's kernel; files a student handed in never do.

    Returns
    -------
    dict of str to Path
        ``{name: path under source/<assignment>/}`` for each shared file or folder.

    Raises
    ------
    CourseFilesError
        If a copy under ``source/<assignment>/`` is missing or differs from the top-level file
        it was synced from (``make release`` syncs them).
    """
    root = Path(course_root)
    files = {}
    for name in get_assignment(assignment).shared:
        copy, original = root / SOURCE / assignment / name, root / name
        if not copy.exists():
            raise CourseFilesError(
                f"{copy} is missing: grading needs the instructor's copy of {name}; run "
                "`make release` (it syncs the shared files) before grading"
            )
        if original.exists() and not _same(original, copy):
            raise CourseFilesError(
                f"{copy} differs from {original}: the instructor's copy is stale; run "
                "`make release` before grading"
            )
        files[name] = copy
    return files


def _same(a: Path, b: Path) -> bool:
    """Return True when files or folders ``a`` and ``b`` hold the same bytes."""
    if a.is_file() or b.is_file():
        return a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    return left == right and all(filecmp.cmp(a / p, b / p, shallow=False) for p in left)


@functools.cache
def check_sandbox() -> None:
    """Raise :class:`SandboxUnavailable` unless bubblewrap can start a sandbox here."""
    bwrap = shutil.which("bwrap")
    if bwrap is None or not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"cannot sandbox students' kernels: no bwrap; {INSTALL_HINT}")
    probe = subprocess.run(
        [bwrap, *_root_mounts(), "--unshare-all", "--die-with-parent", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap cannot start a sandbox here ({probe.stderr.strip()}); {INSTALL_HINT}"
        )


def _root_mounts() -> list[str]:
    """Return bwrap options mounting the read-only system: /usr, its links, ld.so and fonts."""
    options = ["--tmpfs", "/", "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            options += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            options += ["--ro-bind", str(path), str(path)]
    # bwrap would make /etc with mode 0700, which the unprivileged user cannot enter.
    options += ["--perms", "0755", "--dir", "/etc"]
    for name in ("/etc/ld.so.cache", "/etc/fonts", "/etc/localtime"):
        if Path(name).exists():
            options += ["--ro-bind", name, name]
    return options


def _python_dirs() -> list[Path]:
    """Return the folders of the running Python: the venv and the interpreter it is made from."""
    dirs = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    return sorted(dirs)


def _parents(path: Path) -> list[Path]:
    """Return the ancestors of ``path`` below ``/``, outermost first."""
    return [p for p in reversed(path.parents) if p != Path("/")]


def sandbox_command(
    kernel_argv: list[str],
    *,
    workdir: str,
    files: dict[str, Path],
    ipc_dir: Path,
    limits: SandboxLimits,
    uid: int = NOBODY,
) -> tuple[list[str], list[str]]:
    """Return bubblewrap's options and the command it runs: ``kernel_argv`` inside the sandbox.

    Parameters
    ----------
    kernel_argv : list of str
        The kernel's own command (``python -m ipykernel_launcher -f <connection file>``).
    workdir : str
        Name of the working folder under ``/home/student`` (the assignment's name).
    files : dict of str to Path
        Course files mounted read-only into the working folder, by name.
    ipc_dir : Path
        Folder holding the connection file and the kernel's IPC sockets, shared read-write.
    limits : SandboxLimits
        Memory, processes, file size, disk and CPU time.
    uid : int, default=NOBODY
        The unprivileged user the kernel runs as when grading runs as root (otherwise the
        kernel is ``nobody`` in a user namespace of the grading user's own).

    Returns
    -------
    options : list of str
        bubblewrap's options (mounts, namespaces, environment), without the program's name.
    command : list of str
        What bubblewrap runs: the privilege drop, the limits and the kernel.
    """
    home = f"{SANDBOX_HOME}/{workdir}"
    disk = str(limits.disk_mb * 2**20)
    options = ["--die-with-parent"]
    options += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    options += ["--unshare-cgroup-try"]
    as_root = os.geteuid() == 0
    if not as_root:
        options += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    options += _root_mounts()
    options += ["--proc", "/proc", "--dev", "/dev"]
    # The private /tmp first: mounted later, it would hide a venv or sockets' folder under /tmp.
    options += ["--perms", "1777", "--size", disk, "--tmpfs", "/tmp"]
    options += ["--perms", "1777", "--dir", SANDBOX_MPLCONFIGDIR]
    for path in font_lists():
        options += ["--ro-bind", str(path), f"{SANDBOX_MPLCONFIGDIR}/{path.name}"]
    mounted = [*_python_dirs(), Path(SANDBOX_HOME), ipc_dir]
    # bwrap makes missing mount points with mode 0700: open the way for the unprivileged user.
    parents = {p for path in mounted for p in _parents(path)} - {Path("/tmp")}
    for parent in sorted(parents):
        options += ["--perms", "0755", "--dir", str(parent)]
    for path in _python_dirs():
        options += ["--ro-bind", str(path), str(path)]
    options += ["--bind", str(ipc_dir), str(ipc_dir)]
    options += ["--perms", "0777", "--size", disk, "--tmpfs", home]
    for name, path in files.items():
        options += ["--ro-bind", str(path), f"{home}/{name}"]
    options += ["--chdir", home, "--clearenv"]
    environment = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "MPLCONFIGDIR": SANDBOX_MPLCONFIGDIR,
        "XDG_CACHE_HOME": "/tmp/cache",
        "IPYTHONDIR": "/tmp/ipython",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        # The kernel's parent is the sandbox's init (pid 1): saying so keeps ipykernel from
        # printing its console banner into the grader's log on every start.
        "JPY_PARENT_PID": "1",
    }
    environment |= {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    for name, value in environment.items():
        options += ["--setenv", name, value]
    command = []
    if as_root:
        # Root outside would stay root inside: drop to nobody, with no capabilities left.
        command += [shutil.which("setpriv") or "setpriv", f"--reuid={uid}"]
        command += [f"--regid={uid}", "--clear-groups", "--inh-caps=-all"]
        command += ["--bounding-set=-all", "--no-new-privs", "--pdeathsig=SIGKILL", "--"]
    command += [shutil.which("prlimit") or "prlimit", f"--as={limits.memory_mb * 2**20}"]
    command += [f"--nproc={limits.processes}", f"--fsize={limits.file_size_mb * 2**20}"]
    command += [f"--cpu={limits.cpu_seconds}", "--core=0", "--"]
    return options, command + kernel_argv


class _LimitedSockets:
    """Mixin for kernel clients: refuse any message larger than the configured size."""

    max_message_bytes = 64_000_000

    def _create_connected_socket(self, channel, identity=None):
        """Create the channel's socket with ZeroMQ's own cap on message size."""
        url = self._make_url(channel)
        from jupyter_client.connect import channel_socket_types

        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        # A message over the cap drops the connection before it is read into memory.
        sock.maxmsgsize = self.max_message_bytes
        if identity:
            sock.identity = identity
        sock.connect(url)
        return sock


class LimitedAsyncKernelClient(_LimitedSockets, AsyncKernelClient):
    """The asynchronous client nbclient drives, with a cap on message size."""


class LimitedBlockingKernelClient(_LimitedSockets, BlockingKernelClient):
    """The blocking client the checks use, with a cap on message size."""


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in the sandbox and talk over IPC sockets.

    Set :attr:`course_root` and :attr:`assignment` before starting a kernel.
    """

    course_root = Unicode(help="The course folder (holding source/ and nbgrader_config.py).")
    assignment = Unicode(help="The assignment whose notebook the kernel runs.")
    limits = Instance(SandboxLimits, allow_none=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.limits = self.limits or SandboxLimits(parent=self)
        self.unsandboxed = self.limits.unsafe_run_student_code_without_sandbox
        if not self.unsandboxed:
            check_sandbox()
        self.client_class = "coursekit.grading.sandbox.LimitedAsyncKernelClient"
        self.ipc_dir = Path(tempfile.mkdtemp(prefix="coursekit-kernel-"))
        self.uid = random.choice(SANDBOX_UIDS) if os.geteuid() == 0 else NOBODY
        if os.geteuid() == 0:
            os.chown(self.ipc_dir, self.uid, self.uid)
        self.transport = "ipc"
        self.ip = str(self.ipc_dir / "kernel")
        self.connection_file = str(self.ipc_dir / "connection.json")
        # bubblewrap's options, written by format_kernel_cmd, handed over at launch.
        self._options_fd = None

    @property
    def kernel_spec(self):
        """The kernel's spec, asking for interrupts over the control channel.

        A signal sent the usual way, to the kernel's process group, reaches bubblewrap too:
        it dies of it and takes the kernel with it, so every interrupted cell cost a kernel
        (and a replay of the cells above). Over the control channel, ipykernel signals only
        itself.
        """
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    async def _async_interrupt_kernel(self) -> None:
        """Interrupt the kernel, unless it is being shut down.

        jupyter_client interrupts a kernel before shutting it down; for a grading kernel, about
        to be ended, that only made ipykernel log "KeyboardInterrupt caught in kernel" into the
        instructor's terminal.
        """
        if not self.shutting_down:
            await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel

    def client(self, **kwargs):
        """Return a client with the message cap of the limits."""
        client = super().client(**kwargs)
        client.max_message_bytes = self.limits.message_bytes
        return client

    def blocking_client(self):
        """Return a blocking client of this kernel with the message cap of the limits."""
        # A session of its own: replies are routed by session identity, and nbclient's client
        # must keep receiving its own.
        client = LimitedBlockingKernelClient(parent=self)
        client.load_connection_info(self.get_connection_info())
        client.max_message_bytes = self.limits.message_bytes
        return client

    def seal(self) -> None:
        """Take back the sockets' folder once the kernel is up, so nothing more is written there.

        The folder lives outside the sandbox's size-limited file systems; the kernel needs it
        writable only to create its sockets. Grading as root, it is handed back to root; a
        grader without root rights shares its own user with the sandbox and cannot do this.
        """
        if os.geteuid() == 0:
            os.chown(self.ipc_dir, 0, 0)
            os.chmod(self.ipc_dir, 0o755)

    def write_connection_file(self, **kwargs):
        """Write the connection file so that the sandbox's unprivileged user can read it."""
        super().write_connection_file(**kwargs)
        if os.geteuid() == 0:
            os.chown(self.connection_file, self.uid, self.uid)

    def format_kernel_cmd(self, extra_arguments=None):
        """Return the kernel's command wrapped in the sandbox."""
        argv = super().format_kernel_cmd(extra_arguments)
        if self.unsandboxed:
            self.log.warning("UNSAFE: grading runs students' code without a sandbox")
            return argv
        files = course_files(Path(self.course_root), self.assignment)
        options, command = sandbox_command(
            argv,
            workdir=self.assignment,
            files=files,
            ipc_dir=self.ipc_dir,
            limits=self.limits,
            uid=self.uid,
        )
        # The options reach bubblewrap through a file descriptor it reads and closes: on its
        # command line, the sandbox's init (pid 1 inside) would show the student every mount,
        # and so the course's folders.
        self._options_fd = os.memfd_create("bwrap-options")
        os.write(self._options_fd, b"".join(option.encode() + b"\0" for option in options))
        os.lseek(self._options_fd, 0, os.SEEK_SET)
        bwrap = shutil.which("bwrap") or "bwrap"
        return [bwrap, "--args", str(self._options_fd), *command]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        """Start the kernel, handing bubblewrap the descriptor that holds its options."""
        fd, self._options_fd = self._options_fd, None
        if fd is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        try:
            return await super()._async_launch_kernel(kernel_cmd, pass_fds=(fd,), **kw)
        finally:
            os.close(fd)

    _launch_kernel = _async_launch_kernel

    async def _async_cleanup_resources(self, restart=False):
        """Remove the sockets' folder too."""
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self.ipc_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources
