"""Start a student's kernel inside a bubblewrap sandbox that sees nothing but what it needs.

Inside, the kernel sees a private, size-limited working folder ``/home/student/<assignment>``
holding read-only copies of the course files the notebook uses (from the instructor's
``source/<assignment>/``, checked against the course's top-level originals), a private ``/tmp``,
the read-only Python environment (at ``/python`` and ``/venv``) and system libraries,
and the folder of its IPC sockets (at ``/run/kernel``): no path inside, nor any line of its
mount table, names a folder of the grading machine (see :func:`hide_mount_sources`). It has
no network (its own empty network namespace: kernel messages go over Unix sockets), its own
process tree, and runs as the unprivileged user ``nobody`` with the limits of
:class:`~coursekit.grading.settings.SandboxLimits`: per process (``prlimit``) and, where the
machine offers cgroups, for the whole sandbox (:mod:`~coursekit.grading.sandbox.cgroups`), which
joins its group before it starts. Nothing of the course folder, the gradebook, other students' work
or the instructor's home is mounted.
"""

import asyncio
import filecmp
import functools
import json
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
from nbgrader.coursedir import CourseDirectory
from traitlets import Dict, Instance, List, Unicode

from coursekit.grading.sandbox.cgroups import create_group, is_running
from coursekit.grading.sandbox.font_cache import SANDBOX_MPLCONFIGDIR, font_lists
from coursekit.grading.settings import SandboxLimits, blas_environment
from coursekit.public_checks import CHECKERS, is_fresh

NOBODY = 65534
# Grading as root, each kernel gets a user id of its own from this range (no account needed):
# the process limit counts per user, so one student's processes cannot use up another's.
SANDBOX_UIDS = range(200_000, 1_200_000)
SANDBOX_HOME = "/home/student"
# Where the Python environment and the sockets' folder are mounted inside the sandbox: neutral
# paths, so that nothing there names the grading machine's folders. Top-level folders of their
# own, away from where courses usually live (/home, /srv, /opt...): a search of those for course
# files then walks no package's documentation and tests.
SANDBOX_PYTHON = "/python"
SANDBOX_VENV = "/venv"
SANDBOX_IPC = "/run/kernel"
# The kernel's own connection file, beside the grader's in the sockets' folder.
KERNEL_CONNECTION_FILE = "kernel.json"
# Environment variables the kernel keeps: BLAS kernel choice (set on some CPUs for correct
# results), nbgrader's marker, which the notebooks read to skip long demonstrations, and the
# course engine's own, without which public_tests refuses to run under autograding.
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "NBGRADER_EXECUTION", "COURSEKIT_GRADER")
INSTALL_HINT = (
    "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; it is on the README's "
    "set-up line) on a Linux machine with user namespaces enabled, or, only for code you trust, "
    "set c.SandboxLimits.unsafe_run_student_code_without_sandbox = True in nbgrader_config.py"
)
# Run before bubblewrap, outside the sandbox: write its own process id into each cgroup.procs
# file named before "--", then become the command after it (same process, so bubblewrap and
# everything it starts are in the group from their first instruction).
JOIN_GROUP = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine; the message says how to fix it."""


class CourseFilesError(RuntimeError):
    """The instructor's copy of a course file is missing or differs from the course's own."""


def course_files(
    course_root: Path, assignment: str, shared, source_directory: str = "source"
) -> dict[str, Path]:
    """Return the course files a notebook of ``assignment`` may read, from the instructor's copy.

    Only these reach the student's kernel; files a student handed in never do.

    Parameters
    ----------
    course_root : Path
        The course folder.
    assignment : str
        The assignment's name.
    shared : iterable of str
        The top-level files and folders the assignment's notebook reads
        (``SandboxedKernelManager.shared_files``).
    source_directory : str, default="source"
        nbgrader's ``CourseDirectory.source_directory``.

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
    for name in shared:
        copy, original = root / source_directory / assignment / name, root / name
        if not copy.exists():
            raise CourseFilesError(
                f"{copy} is missing: grading needs the instructor's copy of {name}; run "
                "`make release` (it syncs the shared files) before grading"
            )
        # The checkers' copy is the original cut down to the assignment's own checkers.
        if original.exists() and not (
            is_fresh(original, copy, assignment) if name == CHECKERS else _same(original, copy)
        ):
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


def _python_dirs() -> tuple[Path, Path]:
    """Return the folders of the running Python: the interpreter's prefix and the venv's.

    Outside a venv both are the interpreter's prefix.
    """
    return Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()


def _interpreter(base: Path) -> str:
    """Return the real interpreter's path inside :data:`SANDBOX_PYTHON`, from ``base``.

    Raises
    ------
    SandboxUnavailable
        If the running interpreter's file lies outside ``base`` (it could not be mounted).
    """
    real = Path(sys.executable).resolve()
    if not real.is_relative_to(base):
        raise SandboxUnavailable(
            f"the interpreter {real} lies outside its prefix {base}, so the sandbox cannot "
            "mount it: grade with a Python whose executable is under sys.base_prefix"
        )
    return f"{SANDBOX_PYTHON}/{real.relative_to(base)}"


class _Data:
    """Files copied into the sandbox through descriptors: no host path names their mount."""

    def __init__(self):
        self.fds: list[int] = []

    def options(self, content: bytes, dest: str) -> list[str]:
        """Return bwrap's options placing ``content`` read-only at ``dest``."""
        fd = os.memfd_create("sandbox-file")
        self.fds.append(fd)
        os.write(fd, content)
        os.lseek(fd, 0, os.SEEK_SET)
        return ["--perms", "0444", "--ro-bind-data", str(fd), dest]

    def tree(self, path: Path, dest: str) -> list[str]:
        """Return bwrap's options copying the file or folder ``path`` to ``dest``."""
        if path.is_file():
            return self.options(path.read_bytes(), dest)
        options = ["--perms", "0755", "--dir", dest]
        for child in sorted(path.iterdir()):
            options += self.tree(child, f"{dest}/{child.name}")
        return options


def _python_mounts(base: Path, venv: Path, source: dict[str, Path], data: _Data) -> list[str]:
    """Return bwrap's options mounting the Python environment at neutral paths.

    The interpreter's prefix goes to :data:`SANDBOX_PYTHON` and the venv's folders to
    :data:`SANDBOX_VENV`, with a ``pyvenv.cfg`` and ``bin/python3`` of the sandbox's own, so
    ``sys.prefix`` and ``sys.path`` name no host folder. Files of an editable install that
    name where its code lives are replaced by empty ones. ``source`` maps the two host folders
    to what is mounted from (themselves, or overlays naming neither: see
    :func:`hide_mount_sources`).
    """
    options = ["--ro-bind", str(source["python"]), SANDBOX_PYTHON]
    if venv == base:
        return options
    options += ["--perms", "0755", "--dir", SANDBOX_VENV]
    for entry in sorted(venv.iterdir()):
        dest = f"{SANDBOX_VENV}/{entry.name}"
        if entry.name in ("bin", "pyvenv.cfg"):
            continue
        if entry.is_symlink():
            options += ["--symlink", os.readlink(entry), dest]
        else:
            options += ["--ro-bind", str(source["venv"] / entry.name), dest]
    options += ["--perms", "0755", "--dir", f"{SANDBOX_VENV}/bin"]
    options += ["--symlink", _interpreter(base), f"{SANDBOX_VENV}/bin/python3"]
    options += ["--symlink", "python3", f"{SANDBOX_VENV}/bin/python"]
    version = ".".join(map(str, sys.version_info[:3]))
    config = f"home = {SANDBOX_PYTHON}/bin\ninclude-system-site-packages = false\n"
    options += data.options(f"{config}version = {version}\n".encode(), f"{SANDBOX_VENV}/pyvenv.cfg")
    for site in venv.glob("lib/python*/site-packages"):
        for path in [*site.glob("__editable__*"), *site.glob("*.dist-info/direct_url.json")]:
            dest = f"{SANDBOX_VENV}/{path.relative_to(venv)}"
            options += data.options(b"", dest)
    return options


def hide_mount_sources(stage: Path) -> tuple[list[str], dict[str, Path]]:
    """Return a command that mounts the Python folders from overlays naming no host path.

    A bind mount shows in ``/proc/self/mountinfo`` the path of its source within its file
    system; an overlay shows its layers as they were written. Run as root in a mount
    namespace of its own (it ends with the sandbox), this command mounts, from ``stage``,
    overlays whose layers are links given by relative names, and execs the command after it.

    Parameters
    ----------
    stage : Path
        An empty folder of the grader's own, removed with the kernel.

    Returns
    -------
    prefix : list of str
        The command to put before bubblewrap's; empty where it cannot run (not root, no
        ``unshare`` or overlayfs): the folders are then bound from their host paths.
    source : dict of str to Path
        What to bind as ``"python"`` and ``"venv"``.
    """
    base, venv = _python_dirs()
    if not _overlays_work():
        return [], {"python": base, "venv": venv}
    return _overlay_prefix(stage), {"python": stage / "python", "venv": stage / "venv"}


@functools.cache
def _overlays_work() -> bool:
    """Return True when this process may mount the overlays (root, ``unshare``, overlayfs)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory(prefix="coursekit-mounts-") as stage:
        trial = subprocess.run([*_overlay_prefix(Path(stage)), "true"], capture_output=True)
    return trial.returncode == 0


def _overlay_prefix(stage: Path) -> list[str]:
    """Return the command mounting, in a mount namespace of its own, the overlays in ``stage``."""
    base, venv = _python_dirs()
    (stage / "empty").mkdir()
    mounts = []
    for name, layer in (("python", base), ("venv", venv)):
        (stage / f"{name}-layer").symlink_to(layer)
        (stage / name).mkdir()
        mounts.append(f"mount -t overlay -o ro,lowerdir={name}-layer:empty overlay {name}")
    script = f'cd "$1" && {" && ".join(mounts)} && shift && exec "$@"'
    prefix = [shutil.which("unshare") or "unshare", "--mount", "--propagation", "private", "--"]
    return [*prefix, shutil.which("sh") or "/bin/sh", "-c", script, "hide-mounts", str(stage)]


def sandbox_command(
    kernel_argv: list[str],
    *,
    workdir: str,
    files: dict[str, Path],
    ipc_dir: Path,
    limits: SandboxLimits,
    uid: int = NOBODY,
    python_source: dict[str, Path] | None = None,
) -> tuple[list[str], list[str], list[int]]:
    """Return bubblewrap's options and the command it runs: ``kernel_argv`` inside the sandbox.

    Every host folder is mounted at a neutral path (the Python environment at ``/python`` and
    ``/venv``, the sockets' folder at :data:`SANDBOX_IPC`) and every course file is a copy, so
    neither the mount table nor the kernel's command line and ``sys.path`` name a host folder.

    Parameters
    ----------
    kernel_argv : list of str
        The kernel's own command (``python -m ipykernel_launcher -f <connection file>``); its
        interpreter is replaced by the sandbox's.
    workdir : str
        Name of the working folder under ``/home/student`` (the assignment's name).
    files : dict of str to Path
        Course files copied read-only into the working folder, by name.
    ipc_dir : Path
        Folder holding the connection file and the kernel's IPC sockets, shared read-write.
    limits : SandboxLimits
        Memory, processes, file size, disk and CPU time.
    uid : int, default=NOBODY
        The unprivileged user the kernel runs as when grading runs as root (otherwise the
        kernel is ``nobody`` in a user namespace of the grading user's own).
    python_source : dict of str to Path, optional
        What to mount the Python folders from (see :func:`hide_mount_sources`); by default
        their host paths.

    Returns
    -------
    options : list of str
        bubblewrap's options (mounts, namespaces, environment), without the program's name.
    command : list of str
        What bubblewrap runs: the privilege drop, the limits and the kernel.
    fds : list of int
        Descriptors holding the copied files, to hand to bubblewrap and close after.
    """
    home = f"{SANDBOX_HOME}/{workdir}"
    disk = str(limits.disk_mb * 2**20)
    base, venv = _python_dirs()
    data = _Data()
    options = ["--die-with-parent"]
    options += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    options += ["--unshare-cgroup-try"]
    as_root = os.geteuid() == 0
    if not as_root:
        options += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    options += _root_mounts()
    options += ["--proc", "/proc", "--dev", "/dev"]
    options += ["--perms", "1777", "--size", disk, "--tmpfs", "/tmp"]
    options += ["--perms", "1777", "--dir", SANDBOX_MPLCONFIGDIR]
    for path in font_lists():
        options += data.options(path.read_bytes(), f"{SANDBOX_MPLCONFIGDIR}/{path.name}")
    options += _python_mounts(base, venv, python_source or {"python": base, "venv": venv}, data)
    options += ["--perms", "0755", "--dir", str(Path(SANDBOX_IPC).parent)]
    options += ["--bind", str(ipc_dir), SANDBOX_IPC]
    options += ["--perms", "0755", "--dir", SANDBOX_HOME]
    options += ["--perms", "0777", "--size", disk, "--tmpfs", home]
    for name, path in files.items():
        options += data.tree(path, f"{home}/{name}")
    options += ["--chdir", home, "--clearenv"]
    bin_dir = f"{SANDBOX_VENV if venv != base else SANDBOX_PYTHON}/bin"
    environment = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        # The interpreter may find its shared library by the host path it was built for.
        "LD_LIBRARY_PATH": f"{SANDBOX_PYTHON}/lib",
        "HOME": home,
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": SANDBOX_MPLCONFIGDIR,
        "XDG_CACHE_HOME": "/tmp/cache",
        "IPYTHONDIR": "/tmp/ipython",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        # The kernel's parent is the sandbox's init (pid 1): saying so keeps ipykernel from
        # printing its console banner into the grader's log on every start.
        "JPY_PARENT_PID": "1",
    }
    environment |= blas_environment(limits.blas_threads)
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
    kernel = [f"{bin_dir}/python3" if venv != base else _interpreter(base), *kernel_argv[1:]]
    return options, command + kernel, data.fds


@functools.cache
def _sweep_folders(where: Path, prefix: str) -> None:
    """Remove, once per process, the ``<prefix>-<pid>-*`` folders of processes that have ended.

    A grading process that is killed, or ends with a kernel started ahead and never shut
    down, leaves its sockets' folder and overlays' mount points behind.
    """
    for folder in where.glob(f"{prefix}-*-*"):
        pid = folder.name.removeprefix(f"{prefix}-").split("-")[0]
        if pid.isdigit() and not is_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


class _LimitedSockets:
    """Mixin for kernel clients: refuse any message larger than the configured size."""

    max_message_bytes = SandboxLimits.message_bytes.default_value

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
    shared_files = Dict(
        value_trait=List(Unicode()),
        help=(
            "The course files each assignment's notebook reads, by assignment: top-level files "
            "and folders, copied read-only into the sandbox from the instructor's "
            "source/<assignment>/ (checked against the top-level originals), e.g. "
            '{"python_basics": ["public_tests.py", "images"]}. Grading an assignment not '
            "listed stops with the fix."
        ),
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.limits = self.limits or SandboxLimits(parent=self)
        self.unsandboxed = self.limits.unsafe_run_student_code_without_sandbox
        if not self.unsandboxed:
            check_sandbox()
        self.client_class = "coursekit.grading.sandbox.bubblewrap.LimitedAsyncKernelClient"
        # In memory-backed /dev/shm where there is one: mounted from there, the folder shows
        # in the sandbox's mount table by its name alone, not by a path of the host.
        shm = Path("/dev/shm")
        where = shm if os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
        _sweep_folders(where, "coursekit-kernel")
        self.ipc_dir = Path(tempfile.mkdtemp(prefix=f"coursekit-kernel-{os.getpid()}-", dir=where))
        # Mount points of the overlays the Python folders are mounted from (see
        # hide_mount_sources), one folder per kernel launch.
        self._stage = None
        self.uid = random.choice(SANDBOX_UIDS) if os.geteuid() == 0 else NOBODY
        if os.geteuid() == 0:
            os.chown(self.ipc_dir, self.uid, self.uid)
        self.transport = "ipc"
        self.ip = str(self.ipc_dir / "kernel")
        self.connection_file = str(self.ipc_dir / "connection.json")
        # Descriptors of bubblewrap's options and of the files it copies into the sandbox,
        # written by format_kernel_cmd, handed over at launch.
        self._fds: list[int] = []
        # The running kernel's cgroup (None: not started yet, or no cgroups here).
        self.group = None

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
        """Write the connection files: the grader's, and the kernel's naming its sandbox path.

        The sockets' folder is mounted at :data:`SANDBOX_IPC`, so the kernel's copy names the
        sockets there; the unprivileged user of the sandbox can read it.
        """
        super().write_connection_file(**kwargs)
        info = json.loads(Path(self.connection_file).read_text(encoding="utf-8"))
        info["ip"] = f"{SANDBOX_IPC}/{Path(self.ip).name}"
        inside = self.ipc_dir / KERNEL_CONNECTION_FILE
        inside.write_text(json.dumps(info), encoding="utf-8")
        if os.geteuid() == 0:
            os.chown(self.connection_file, self.uid, self.uid)
            os.chown(inside, self.uid, self.uid)

    def format_kernel_cmd(self, extra_arguments=None):
        """Return the kernel's command wrapped in the sandbox."""
        argv = super().format_kernel_cmd(extra_arguments)
        if self.unsandboxed:
            self.log.warning("UNSAFE: grading runs students' code without a sandbox")
            return argv
        if self.assignment not in self.shared_files:
            raise CourseFilesError(
                f"nbgrader_config.py does not say which course files {self.assignment} reads: "
                f"set c.SandboxedKernelManager.shared_files[{self.assignment!r}] (a list, "
                "empty for none)"
            )
        files = course_files(
            Path(self.course_root),
            self.assignment,
            self.shared_files[self.assignment],
            CourseDirectory(config=self.config).source_directory,
        )
        argv = [
            f"{SANDBOX_IPC}/{KERNEL_CONNECTION_FILE}" if a == self.connection_file else a
            for a in argv
        ]
        self._remove_stage()
        _sweep_folders(Path(tempfile.gettempdir()), "coursekit-mounts")
        self._stage = Path(tempfile.mkdtemp(prefix=f"coursekit-mounts-{os.getpid()}-"))
        hide, python_source = hide_mount_sources(self._stage)
        options, command, self._fds = sandbox_command(
            argv,
            workdir=self.assignment,
            files=files,
            ipc_dir=self.ipc_dir,
            limits=self.limits,
            uid=self.uid,
            python_source=python_source,
        )
        # The options reach bubblewrap through a file descriptor it reads and closes: on its
        # command line, the sandbox's init (pid 1 inside) would show the student every mount.
        options_fd = os.memfd_create("bwrap-options")
        self._fds.append(options_fd)
        os.write(options_fd, b"".join(option.encode() + b"\0" for option in options))
        os.lseek(options_fd, 0, os.SEEK_SET)
        bwrap = shutil.which("bwrap") or "bwrap"
        argv = [*hide, bwrap, "--args", str(options_fd), *command]
        self.group = create_group(self.limits, self.log)
        if self.group is None:
            return argv
        procs = [str(path) for path in self.group.procs_files]
        sh = shutil.which("sh") or "/bin/sh"
        return [sh, "-c", JOIN_GROUP, "join-cgroup", *procs, "--", *argv]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        """Start the kernel, handing bubblewrap the descriptors of its options and files."""
        fds, self._fds = self._fds, []
        if not fds:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        try:
            return await super()._async_launch_kernel(kernel_cmd, pass_fds=fds, **kw)
        except Exception:
            await self._remove_group()
            raise
        finally:
            for fd in fds:
                os.close(fd)

    _launch_kernel = _async_launch_kernel

    async def _async_cleanup_resources(self, restart=False):
        """Remove the kernel's cgroup and, unless it restarts, the sockets' folder too."""
        await super()._async_cleanup_resources(restart=restart)
        await self._remove_group()
        self._remove_stage()
        if not restart:
            shutil.rmtree(self.ipc_dir, ignore_errors=True)

    def _remove_stage(self) -> None:
        """Remove the overlays' mount points (only the ended sandbox's namespace mounted them)."""
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
            self._stage = None

    async def _remove_group(self) -> None:
        """Remove the kernel's cgroup (a restarted kernel gets a new one), logging its peak."""
        group, self.group = self.group, None
        if group is None:
            return
        peak = group.peak_memory_bytes()
        if peak is not None:
            self.log.debug("sandbox %s used at most %.0f MiB", group.folders[0].name, peak / 2**20)
        try:
            try:
                await asyncio.to_thread(group.remove)
            except RuntimeError:
                # The loop's default executor can already be shut down when a kernel ends
                # late (seen in CI: "cannot schedule new futures after shutdown" failed that
                # submission's grading); removing the group here, blocking, is still right.
                group.remove()
        except OSError as error:
            self.log.warning("could not remove the sandbox's cgroup %s: %s", group.folders, error)

    cleanup_resources = _async_cleanup_resources
