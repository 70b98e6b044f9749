"""nbgrader from Python: its command line, or its autograde app, configured for a course folder.

Both put the course environment's tools on ``PATH`` first (:func:`tools_on_path`).
"""

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from traitlets.config import Config


def tools_on_path() -> None:
    """Put this Python environment's bin folder first on ``PATH``, if it is not on it.

    nbgrader's Gradebook runs ``alembic`` by name to stamp a new gradebook, so the folder must
    be on ``PATH`` even when Python was started as ``.venv/bin/python`` without activating the
    environment.
    """
    folder = str(Path(sys.executable).parent)
    if folder not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = folder + os.pathsep + os.environ.get("PATH", "")


def run_nbgrader(*args: str, root: Path) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` for the course at ``root`` and return the finished process.

    The course's ``nbgrader_config.py`` is read from ``root`` (the working directory), and
    ``--CourseDirectory.root`` pins the course even if that file points elsewhere.
    """
    tools_on_path()
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True)


def autograde_app(root: Path, nbgrader_args: Sequence[str] = (), *, config: Config | None = None):
    """Return nbgrader's ``AutogradeApp`` for the course at ``root``, configured like the CLI.

    Parameters
    ----------
    root : Path
        The course folder.
    nbgrader_args : sequence of str, default=()
        nbgrader command-line options (``--Class.trait=value``); they win over everything.
    config : traitlets.config.Config, optional
        Settings merged over the configuration files, e.g. ``Config({"Execute":
        {"timeout": 10}})``.

    Returns
    -------
    AutogradeApp
        Configured from Jupyter's config path, then ``root/nbgrader_config.py``, then
        ``config``, then ``nbgrader_args``.
    """
    from nbgrader.apps.autogradeapp import AutogradeApp

    tools_on_path()

    class CourseAutogradeApp(AutogradeApp):
        """nbgrader's app reading ``root/nbgrader_config.py`` where the CLI reads the cwd's.

        Changing the working directory instead would race: several assignments' classes are
        set up at once from threads of one process (the accuracy report does).
        """

        load_cwd_config = False

        @property
        def config_file_paths(self):
            """Return the course folder, then Jupyter's config path (first wins)."""
            return [str(root), *super().config_file_paths]

    app = CourseAutogradeApp()
    app.initialize([f"--CourseDirectory.root={root}", *nbgrader_args])
    if config:
        # Over the files nbgrader has just read, under the command line (which it re-applies
        # after each file it reads, for the same priority).
        app.update_config(Config(config))
        app.update_config(app.cli_config)
    return app
