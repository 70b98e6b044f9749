"""Open the course in JupyterLab as a student or as the instructor.

``python -m coursekit.lab student [FOLDER]`` opens ``release/`` (or FOLDER) with what a student
needs: the notebooks and nbgrader's Validate button, without the instructor's tools
(Formgrader, Create Assignment, the Nbgrader menu) or the exchange-based Assignment List.
``python -m coursekit.lab instructor`` opens the course folder with all of nbgrader's tools and
a course-local exchange (``exchange/``, see ``nbgrader_config.py``), so that the Assignment List
works without a shared one. ``make student`` and ``make instructor`` run these.

Each role is a Jupyter config folder under ``coursekit/lab_config/`` put first on
``JUPYTER_CONFIG_PATH``: its ``labconfig/page_config.json`` disables lab plugins and its
``jupyter_server_config.json`` server extensions, for this launch only.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from coursekit.course import ROOT

CONFIG = Path(__file__).parent / "lab_config"
ROLES = ("student", "instructor")


def lab_environment(role: str, base: dict | None = None) -> dict:
    """Return the environment that makes JupyterLab read the config of ``role`` first.

    Parameters
    ----------
    role : {"student", "instructor"}
    base : dict, optional
        The environment to extend; default ``os.environ``.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {ROLES}")
    env = dict(os.environ if base is None else base)
    paths = [
        str(CONFIG / role),
        *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)),
    ]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return env


def default_folder(role: str, root: Path = ROOT) -> Path:
    """Return the folder a role's JupyterLab opens: ``release/`` or the course folder."""
    return Path(root) / "release" if role == "student" else Path(root)


def lab_command(folder: Path, *options: str) -> list[str]:
    """Return the command starting JupyterLab on ``folder`` with extra ``options``."""
    # JupyterLab refuses to run as root without being told; CI and some course machines are root.
    root = ["--allow-root"] if os.geteuid() == 0 else []
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *root, *options]


def prepare(role: str, root: Path = ROOT) -> None:
    """Create what the role's tools expect: the instructor's course-local exchange folder."""
    if role == "instructor":
        exchange = Path(root) / "exchange"
        exchange.mkdir(exist_ok=True)
        # nbgrader's exchange is shared by its users: everyone may write, as nbgrader expects.
        exchange.chmod(0o777)


def main(argv=None) -> int:
    """Start JupyterLab for a role; extra arguments go to JupyterLab."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=ROLES)
    parser.add_argument("folder", nargs="?", type=Path, help="folder to open (default per role)")
    args, options = parser.parse_known_args(argv)
    folder = (args.folder or default_folder(args.role)).resolve()
    prepare(args.role)
    return subprocess.call(lab_command(folder, *options), env=lab_environment(args.role))


if __name__ == "__main__":
    sys.exit(main())
