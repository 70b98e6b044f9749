"""The class server for the tests (:mod:`coursekit.classroom.trial`), never skipped in CI."""

import contextlib
import html
import os
import re
import shutil

import nbformat
import pytest

from coursekit.classroom import trial
from coursekit.classroom.environment import SYSTEM_PYTHON

IN_CI = os.environ.get("CI", "").lower() == "true"
__all__ = ["fetched_feedback", "page_text", "running_class", "submit_as"]


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


def page_text(page: str) -> str:
    """Return the visible text of an HTML page, spaces collapsed, entities decoded."""
    page = re.sub(r"<(style|script).*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def submit_as(server, student: str, assignment, notebook) -> None:
    """Hand in ``notebook`` (a notebook, or a file's text) for ``student`` with nbgrader's submit.

    It replaces the notebook of the fetched ``assignment`` in their home; submit runs as them.
    """
    path = f"/home/{student}/{assignment.name}/{assignment.notebook}"
    if isinstance(notebook, str):
        with open(path, "w") as stream:
            stream.write(notebook)
    else:
        nbformat.write(notebook, path)
    owner = os.stat(f"/home/{student}")
    os.chown(path, owner.st_uid, owner.st_gid)
    done = server.run_as(student, f"nbgrader submit {assignment.name}")
    assert done.returncode == 0, done.stderr


def fetched_feedback(server, student: str, assignment) -> dict[str, str]:
    """Fetch ``student``'s feedback as that account; return each page's text by submission time."""
    fetched = server.run_as(student, f"nbgrader fetch_feedback {assignment.name}")
    assert fetched.returncode == 0, fetched.stderr
    folder = f"/home/{student}/{assignment.name}/feedback"
    return {
        stamp: page_text(open(f"{folder}/{stamp}/{assignment.notebook[:-6]}.html").read())
        for stamp in sorted(os.listdir(folder))
    }
