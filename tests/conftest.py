"""Shared fixtures: scratch copies of the course and the original course's files."""

import sys
from pathlib import Path

import pytest
from xdist.scheduler import LoadFileScheduling

from coursekit.course import ROOT, get_assignment
from coursekit.workspace import scratch_course

# The engine's tests sit in folders mirroring its packages and share tests/grading/harness.py.
sys.path.append(str(Path(__file__).parent / "grading"))

CONFORMANCE = ROOT.parent / "shared" / "conformance" / "original-catvnoncat"


# Test files that grade on every core, or time a student's code against a limit. Under
# pytest-xdist (`make test`) they run one after another in one pytest process, beside at most
# one other file: two of them side by side would each get half the cores, and a cell timed
# against a limit could lose points a test expects it to keep (seen in CI with a hostile
# submission's cell).
WHOLE_MACHINE = {
    "tests/accuracy/test_report.py",
    "tests/demo/test_run.py",
    "tests/grading/class_runner/test_pools.py",
    "tests/grading/class_runner/test_recorder.py",
    "tests/grading/class_runner/test_runner.py",
    "tests/grading/test_errors.py",
    "tests/grading/test_hostile.py",
    "tests/grading/test_forgery.py",
    "tests/grading/test_engine.py",
    "tests/grading/sandbox/test_bubblewrap.py",
    "tests/classroom/test_class_server.py",
    "tests/classroom/test_class_policy.py",
    "tests/classroom/test_class_burst.py",
    "tests/classroom/test_class_browser.py",
}


class WholeMachineFilesTogether(LoadFileScheduling):
    """pytest-xdist's ``--dist=loadfile``, with the :data:`WHOLE_MACHINE` files as one file."""

    def _split_scope(self, nodeid: str) -> str:
        """Return the unit ``nodeid`` is scheduled with: its file, or the whole-machine files."""
        path = super()._split_scope(nodeid)
        return "whole machine" if path in WHOLE_MACHINE else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Schedule ``--dist=loadfile`` runs with :class:`WholeMachineFilesTogether`."""
    if config.getvalue("dist") == "loadfile":
        return WholeMachineFilesTogether(config, log)
    return None


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    """Return a factory giving, once per session, a scratch course holding one assignment."""
    built = {}

    def make(name: str) -> Path:
        if name not in built:
            dest = tmp_path_factory.mktemp(f"course-{name}")
            built[name] = scratch_course(dest, [get_assignment(name)])
        return built[name]

    return make


@pytest.fixture(scope="session")
def original_data() -> Path:
    """Return the folder with the original course's .h5 files, or skip when it is absent."""
    if not (CONFORMANCE / "train_catvnoncat.h5").is_file():
        pytest.skip(f"original course files not found in {CONFORMANCE}; conformance check skipped")
    return CONFORMANCE
