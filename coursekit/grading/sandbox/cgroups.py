"""A cgroup of its own for each student kernel's sandbox: memory, processes and a fair CPU share.

Rlimits bound each process of a sandbox on its own; a cgroup bounds the sandbox as a whole.
Every process it forks, the files it writes to its private tmpfs folders and its memfds are
charged to one memory limit, its processes and threads count against one process limit, and
its CPU time competes as one entity with each classmate's sandbox, up to a quota of cores.

The kernel's own cgroup files are used directly: cgroup v1 (one hierarchy per controller, as
on the course's machines) or v2 (one unified hierarchy, where the grading process's group
must hand the memory, pids and cpu controllers to its sub-groups: a delegated subtree). The
groups are made beneath the grading process's own group, so whatever bounds the grader also
bounds its sandboxes, and are named ``coursekit-<grader pid>-<n>``: a group whose grader is
gone is swept away by the next grader. Where no group can be made (not root, no writable
hierarchy), :func:`create_group` returns None and says why, once, in the log: the rlimits of
:mod:`~coursekit.grading.sandbox.bubblewrap` then bound each process alone.
"""

import itertools
import logging
import os
import re
import signal
import time
from pathlib import Path

from coursekit.grading.settings import SandboxLimits

# Where the kernel lists mounted file systems and this process's groups; tests point these at
# a fake hierarchy.
MOUNTINFO = Path("/proc/self/mountinfo")
OWN_GROUPS = Path("/proc/self/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpu")
# Scheduler period of the CPU quota, in microseconds (the kernel's default).
CPU_PERIOD_US = 100_000
# How long removing a group waits for its last processes to be reaped after SIGKILL.
REMOVE_WAIT_S = 5.0
NAME = re.compile(r"coursekit-(\d+)-\d+")

_counter = itertools.count(1)
_said_unavailable = False
_swept = False


class CgroupsUnavailable(RuntimeError):
    """No cgroup can be made for a sandbox here; the message says why."""


class SandboxGroup:
    """One sandbox's cgroup: a folder in each hierarchy (three on v1, one on v2).

    Parameters
    ----------
    folders : list of Path
        The group's folder in each hierarchy, the memory one first.
    version : int
        1 or 2, the cgroup version of the hierarchies.
    """

    def __init__(self, folders: list[Path], version: int):
        self.folders = folders
        self.version = version

    @property
    def procs_files(self) -> list[Path]:
        """The ``cgroup.procs`` files a process writes its id into to join the group."""
        return [folder / "cgroup.procs" for folder in self.folders]

    def pids(self) -> set[int]:
        """Return the ids of the processes in the group now."""
        found = set()
        for path in self.procs_files:
            try:
                found |= {int(line) for line in path.read_text().split()}
            except OSError:
                continue
        return found

    def peak_memory_bytes(self) -> int | None:
        """Return the most memory the group has used, in bytes (None: no peak kept)."""
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        try:
            return int((self.folders[0] / name).read_text())
        except (OSError, ValueError):
            return None

    def remove(self) -> None:
        """Kill what is left in the group and remove its folders.

        A folder still holding a process cannot be removed, so the processes are killed and
        reaped first (the kernel usually took them with it already).
        """
        kill = self.folders[0] / "cgroup.kill"
        if self.version == 2 and kill.exists():
            _write(kill, "1")
        deadline = time.monotonic() + REMOVE_WAIT_S
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    continue
            time.sleep(0.05)
        for folder in self.folders:
            while True:
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    # Busy for a moment while the last killed process is reaped.
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)


def _write(path: Path, value: str) -> None:
    """Write ``value`` to the cgroup file ``path``, raising OSError when the kernel refuses."""
    with open(path, "w") as f:
        f.write(value)


def _mounts() -> dict[str, Path]:
    """Return the mount point of each cgroup v1 controller and of the v2 hierarchy (``"v2"``)."""
    found = {}
    for line in MOUNTINFO.read_text().splitlines():
        fields = line.split()
        sep = fields.index("-")
        fstype, options = fields[sep + 1], fields[sep + 3].split(",")
        if fstype == "cgroup":
            for controller in V1_CONTROLLERS:
                if controller in options:
                    found.setdefault(controller, Path(fields[4]))
        elif fstype == "cgroup2":
            found.setdefault("v2", Path(fields[4]))
    return found


def _own_paths() -> dict[str, str]:
    """Return this process's group in each v1 controller's hierarchy and in v2's (``"v2"``)."""
    found = {}
    for line in OWN_GROUPS.read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            found["v2"] = path
        for controller in controllers.split(","):
            if controller in V1_CONTROLLERS:
                found[controller] = path
    return found


def _bases() -> tuple[list[Path], int]:
    """Return the folders new groups are made in (memory's first) and the cgroup version.

    Raises
    ------
    CgroupsUnavailable
        If neither the three v1 controllers nor a v2 hierarchy offering them is writable.
    """
    mounts, own = _mounts(), _own_paths()
    if all(c in mounts and c in own for c in V1_CONTROLLERS):
        bases = [mounts[c] / own[c].lstrip("/") for c in V1_CONTROLLERS]
        unwritable = [str(b) for b in bases if not os.access(b, os.W_OK)]
        if unwritable:
            raise CgroupsUnavailable(f"cgroup v1 folders not writable: {', '.join(unwritable)}")
        return bases, 1
    if "v2" in mounts and "v2" in own:
        base = mounts["v2"] / own["v2"].lstrip("/")
        offered = set((base / "cgroup.controllers").read_text().split())
        missing = [c for c in V1_CONTROLLERS if c not in offered]
        if missing:
            raise CgroupsUnavailable(
                f"cgroup v2 group {base} is not offered the {', '.join(missing)} controller(s)"
            )
        if not os.access(base, os.W_OK):
            raise CgroupsUnavailable(f"cgroup v2 group {base} is not writable (not delegated)")
        handed = set((base / "cgroup.subtree_control").read_text().split())
        if not set(V1_CONTROLLERS) <= handed:
            try:
                _write(base / "cgroup.subtree_control", " ".join(f"+{c}" for c in V1_CONTROLLERS))
            except OSError as error:
                raise CgroupsUnavailable(
                    f"cgroup v2 group {base} cannot hand memory, pids and cpu to sub-groups "
                    f"({error.strerror}): grade from a delegated group that holds no process "
                    "of its own (e.g. move the grader into a leaf of it)"
                ) from error
        return [base], 2
    raise CgroupsUnavailable("no cgroup v1 memory, pids and cpu hierarchies nor cgroup v2 mounted")


def sweep(bases: list[Path]) -> list[str]:
    """Remove the groups left in ``bases`` by graders that are no longer running.

    Returns
    -------
    list of str
        The names of the groups removed.
    """
    removed = []
    for base in bases:
        for folder in sorted(base.glob("coursekit-*-*")):
            match = NAME.fullmatch(folder.name)
            if not match or not folder.is_dir() or is_running(int(match[1])):
                continue
            try:
                SandboxGroup([folder], 1 if len(bases) > 1 else 2).remove()
            except OSError:
                continue
            removed.append(folder.name)
    return removed


def is_running(pid: int) -> bool:
    """Return True when a process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def create_group(limits: SandboxLimits, log: logging.Logger) -> SandboxGroup | None:
    """Make a cgroup for one sandbox with the memory, process and CPU limits of ``limits``.

    Parameters
    ----------
    limits : SandboxLimits
        ``memory_mb`` (the whole sandbox's memory, tmpfs files and memfds included; swap is
        not allowed past it), ``processes`` (its processes and threads) and ``cpu_cores``
        (its CPU quota; its share when cores are scarce is every other sandbox's).
    log : logging.Logger
        Told once per grading process when no group can be made.

    Returns
    -------
    SandboxGroup or None
        The new, empty group; None where cgroups are not available (then logged once).
    """
    global _said_unavailable, _swept
    try:
        bases, version = _bases()
        if not _swept:
            _swept = True
            if removed := sweep(bases):
                log.info("removed %d sandbox cgroup(s) left by earlier runs", len(removed))
        name = f"coursekit-{os.getpid()}-{next(_counter)}"
        group = SandboxGroup([base / name for base in bases], version)
        for folder in group.folders:
            folder.mkdir()
        try:
            _set_limits(group, limits)
        except OSError:
            group.remove()
            raise
    except (CgroupsUnavailable, OSError) as error:
        if not _said_unavailable:
            _said_unavailable = True
            log.warning(
                "sandboxes are not put in cgroups here (%s): only per-process limits (rlimits) "
                "bound students' kernels, so forked processes and memfds can use more memory and "
                "CPU in all; grade as root or from a delegated cgroup v2 subtree to bound them",
                error,
            )
        return None
    return group


def _set_limits(group: SandboxGroup, limits: SandboxLimits) -> None:
    """Write the limits into the group's files."""
    memory = str(limits.memory_mb * 2**20)
    quota = round(limits.cpu_cores * CPU_PERIOD_US)
    if group.version == 1:
        memory_dir, pids_dir, cpu_dir = group.folders
        _write(memory_dir / "memory.limit_in_bytes", memory)
        # With swap, memory over the limit would be swapped out rather than refused.
        if (memory_dir / "memory.memsw.limit_in_bytes").exists():
            _write(memory_dir / "memory.memsw.limit_in_bytes", memory)
        _write(pids_dir / "pids.max", str(limits.processes))
        _write(cpu_dir / "cpu.cfs_period_us", str(CPU_PERIOD_US))
        _write(cpu_dir / "cpu.cfs_quota_us", str(quota) if quota > 0 else "-1")
        return
    (folder,) = group.folders
    _write(folder / "memory.max", memory)
    if (folder / "memory.swap.max").exists():
        _write(folder / "memory.swap.max", "0")
    _write(folder / "pids.max", str(limits.processes))
    _write(folder / "cpu.max", f"{quota if quota > 0 else 'max'} {CPU_PERIOD_US}")
