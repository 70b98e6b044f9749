"""Throw-away copies of the course, so tests and reports grade without touching the real one."""

import shutil
from pathlib import Path

from coursekit.course import ASSIGNMENTS, ROOT, SOURCE
from coursekit.release import build_release


def scratch_course(dest: Path, assignments=ASSIGNMENTS, root: Path = ROOT, log=None) -> Path:
    """Copy the course's authored files to ``dest`` and build its release there.

    Copies ``nbgrader_config.py``, the shared top-level files and each assignment's source
    notebooks (not the synced copies), then runs :func:`coursekit.release.build_release`, so
    ``dest`` is a complete course with its own gradebook.

    Returns
    -------
    Path
        ``dest``, ready for ``nbgrader autograde``.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", dest)
    shared = sorted({name for a in assignments for name in a.shared})
    for name in shared:
        origin = root / name
        if origin.is_dir():
            shutil.copytree(origin, dest / name, dirs_exist_ok=True)
        else:
            shutil.copy2(origin, dest / name)
    for assignment in assignments:
        target = dest / SOURCE / assignment.name
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(assignment.source_notebook(root), target)
    build_release(dest, assignments, log=log or (lambda message: None))
    return dest
