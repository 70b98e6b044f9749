"""Each sandbox's cgroup: made with the limits, joined before anything runs, removed after."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from coursekit.course import get_assignment
from coursekit.grading.sandbox import cgroups
from coursekit.grading.sandbox.bubblewrap import JOIN_GROUP, SandboxedKernelManager
from coursekit.grading.sandbox.cgroups import CgroupsUnavailable, SandboxGroup, create_group, sweep
from coursekit.grading.settings import SandboxLimits

LOG = logging.getLogger("test_cgroups")


@pytest.fixture
def real_cgroups():
    """Skip unless this machine lets the tests make cgroups (root, writable hierarchies)."""
    try:
        cgroups._bases()
    except (CgroupsUnavailable, OSError) as error:
        pytest.skip(f"no cgroups here: {error}")


def _joined(group: SandboxGroup, *command: str) -> list[str]:
    """Return the command line running ``command`` as a member of ``group``."""
    procs = [str(path) for path in group.procs_files]
    return ["sh", "-c", JOIN_GROUP, "join-cgroup", *procs, "--", *command]


def test_group_is_made_with_the_limits_and_removed(real_cgroups):
    """Does a new group hold the memory, process and CPU limits, and vanish on remove()?"""
    limits = SandboxLimits(memory_mb=300, processes=40, cpu_cores=0.5)
    group = create_group(limits, LOG)
    assert group is not None
    try:
        if group.version == 1:
            memory, pids, cpu = group.folders
            assert (memory / "memory.limit_in_bytes").read_text().strip() == str(300 * 2**20)
            assert (pids / "pids.max").read_text().strip() == "40"
            assert (cpu / "cpu.cfs_quota_us").read_text().strip() == "50000"
        else:
            (folder,) = group.folders
            assert (folder / "memory.max").read_text().strip() == str(300 * 2**20)
            assert (folder / "pids.max").read_text().strip() == "40"
            assert (folder / "cpu.max").read_text().split() == ["50000", "100000"]
    finally:
        group.remove()
    assert not any(folder.exists() for folder in group.folders)


def test_process_joins_before_it_runs_and_its_memory_is_capped(real_cgroups):
    """Is a process started through the join wrapper in the group, and killed past its memory?"""
    group = create_group(SandboxLimits(memory_mb=200), LOG)
    try:
        show = "print(open('/proc/self/cgroup').read())"
        listed = subprocess.run(
            _joined(group, sys.executable, "-c", show), capture_output=True, text=True, check=True
        ).stdout
        assert all(folder.name in listed for folder in group.folders), listed
        # Filled pages, as a forked child or a memfd would hold them: 400 MB in a 200 MiB group.
        fill = "import os; fd = os.memfd_create('m'); os.write(fd, b'x' * 400_000_000)"
        filled = subprocess.run(_joined(group, sys.executable, "-c", fill), capture_output=True)
        assert filled.returncode == -9, filled
        assert group.peak_memory_bytes() <= 200 * 2**20
    finally:
        group.remove()


def test_sweep_removes_groups_of_graders_that_are_gone(real_cgroups):
    """Does sweep() remove a group whose grader has ended, and keep a running grader's?"""
    bases, _ = cgroups._bases()
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = [base / f"coursekit-{gone.pid}-1" for base in bases]
    live = create_group(SandboxLimits(), LOG)
    try:
        for folder in stale:
            folder.mkdir()
        # Other graders' leftovers on this machine may be swept too: only ours is checked.
        assert f"coursekit-{gone.pid}-1" in sweep(bases)
        assert not any(folder.exists() for folder in stale)
        assert all(folder.exists() for folder in live.folders)
    finally:
        live.remove()
        for folder in stale:
            if folder.exists():
                folder.rmdir()


@pytest.mark.slow
def test_sandboxed_kernel_runs_in_its_group_which_ends_with_it(real_cgroups, scratch):
    """Is every process of a sandboxed kernel in its group, and is the group gone after it?"""
    km = SandboxedKernelManager(
        kernel_name="python3",
        course_root=str(scratch("python_basics")),
        assignment="python_basics",
        shared_files={"python_basics": list(get_assignment("python_basics").shared)},
    )
    run_sync(km.start_kernel)()
    group = km.group
    try:
        client = km.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.stop_channels()
        members = group.pids()
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in members]
        assert km.provisioner.process.pid in members
        assert any(b"ipykernel_launcher" in command for command in commands), commands
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    assert km.group is None
    assert not any(folder.exists() for folder in group.folders)


def _fake_hierarchy(tmp_path, monkeypatch, mountinfo: str, own: str):
    """Point the module at a made-up mount table and own-group file under ``tmp_path``."""
    (tmp_path / "mountinfo").write_text(mountinfo)
    (tmp_path / "cgroup").write_text(own)
    monkeypatch.setattr(cgroups, "MOUNTINFO", tmp_path / "mountinfo")
    monkeypatch.setattr(cgroups, "OWN_GROUPS", tmp_path / "cgroup")
    monkeypatch.setattr(cgroups, "_said_unavailable", False)
    monkeypatch.setattr(cgroups, "_swept", True)


def test_without_cgroups_rlimits_stay_and_the_log_says_so_once(tmp_path, monkeypatch, caplog):
    """With no cgroup hierarchy, is None returned and the fallback logged once, not per kernel?"""
    _fake_hierarchy(tmp_path, monkeypatch, "27 1 254:0 / / rw - ext4 /dev/vda rw\n", "0::/\n")
    with caplog.at_level(logging.WARNING, logger=LOG.name):
        assert create_group(SandboxLimits(), LOG) is None
        assert create_group(SandboxLimits(), LOG) is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "rlimits" in warnings[0], warnings


def test_cgroup_v2_delegated_subtree_gets_the_limits(tmp_path, monkeypatch):
    """On cgroup v2, are the controllers handed down and memory.max, pids.max, cpu.max set?"""
    root = tmp_path / "cg"
    grader = root / "grading"
    grader.mkdir(parents=True)
    (grader / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (grader / "cgroup.subtree_control").write_text("\n")
    _fake_hierarchy(
        tmp_path, monkeypatch, f"41 31 0:38 / {root} rw - cgroup2 cgroup2 rw\n", "0::/grading\n"
    )
    group = create_group(SandboxLimits(memory_mb=512, processes=64, cpu_cores=1.5), LOG)
    (folder,) = group.folders
    assert group.version == 2 and folder.parent == grader
    assert (grader / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
    assert (folder / "memory.max").read_text() == str(512 * 2**20)
    assert (folder / "pids.max").read_text() == "64"
    assert (folder / "cpu.max").read_text() == "150000 100000"


def test_cgroup_v2_without_the_controllers_falls_back(tmp_path, monkeypatch, caplog):
    """Does a v2 group not offered the memory controller fall back, naming what is missing?"""
    root = tmp_path / "cg"
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpu pids\n")
    mounts = f"41 31 0:38 / {root} rw - cgroup2 cgroup2 rw\n"
    _fake_hierarchy(tmp_path, monkeypatch, mounts, "0::/\n")
    with caplog.at_level(logging.WARNING, logger=LOG.name):
        assert create_group(SandboxLimits(), LOG) is None
    assert "memory controller" in caplog.text
