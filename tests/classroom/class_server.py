"""The class server for the tests (:mod:`coursekit.classroom.trial`), never skipped in CI."""

import contextlib
import os
import shutil

import pytest

from coursekit.classroom import trial
from coursekit.classroom.environment import SYSTEM_PYTHON
from coursekit.classroom.trial import COURSE_ID

IN_CI = os.environ.get("CI", "").lower() == "true"
__all__ = ["COURSE_ID", "running_class"]


def require_root() -> None:
    """Skip outside CI when not root or without Debian's Python or npm; in CI, fail instead."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (it makes Unix accounts)")
    if not SYSTEM_PYTHON.is_file():
        missing.append(f"{SYSTEM_PYTHON} (apt-get install python3.11 python3-venv)")
    if shutil.which("npm") is None:
        missing.append("npm (apt-get install nodejs npm)")
    if missing:
        message = "the class server test needs " + ", ".join(missing)
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def running_class(*args, **kwargs):
    """Check what the server needs, then run :func:`coursekit.classroom.trial.running_class`."""
    require_root()
    with trial.running_class(*args, **kwargs) as server:
        yield server
