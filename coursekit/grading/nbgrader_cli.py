"""Run nbgrader's command line from Python, with the course environment's tools on PATH."""

import os
import subprocess
import sys
from pathlib import Path

# nbgrader's Gradebook shells out to `alembic` by name, so the environment's bin folder must be
# on PATH even when Python was started as .venv/bin/python without activating the venv.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


def run_nbgrader(*args: str, root: Path) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` for the course at ``root`` and return the finished process.

    The course's ``nbgrader_config.py`` is read from ``root`` (the working directory), and
    ``--CourseDirectory.root`` pins the course even if that file points elsewhere.
    """
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True)
