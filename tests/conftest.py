"""Shared fixtures: scratch copies of the course and the original course's files."""

from pathlib import Path

import pytest

from coursekit.course import ROOT, get_assignment
from coursekit.workspace import scratch_course

CONFORMANCE = ROOT.parent / "shared" / "conformance" / "original-catvnoncat"


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
