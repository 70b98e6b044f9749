"""Open the course in JupyterLab as a student or as the instructor.

``python -m coursekit.lab student [FOLDER]`` opens the student's own folder (FOLDER, default
``$COURSEKIT_STUDENT_DIR`` or ``~/nn-basics-week2``), never one inside the course checkout:
there the Terminal would reach ``source/`` and the hidden checks, and ``make demo`` or
``make release`` rebuild ``release/``. Each start copies into it the released files it does not
have yet and never overwrites or deletes one, so a student's answers survive every command.
JupyterLab gets what a student needs: the notebooks and nbgrader's Validate button, without
the instructor's tools (Formgrader, Create Assignment, the Nbgrader menu) or the exchange-based
Assignment List (a class gets that from the class server, ``coursekit.classroom``).
``python -m coursekit.lab instructor`` opens the course folder with all of nbgrader's tools and
a course-local exchange (``exchange/``, see ``nbgrader_config.py``), so that the Assignment List
works without a shared one. ``make student`` and ``make instructor`` run these.

Each role is a Jupyter config folder under ``coursekit/lab_config/`` put first on
``JUPYTER_CONFIG_PATH``: its ``labconfig/page_config.json`` disables lab plugins and its
``jupyter_server_config.json`` server extensions, for this launch only.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from coursekit.course import ROOT

CONFIG = Path(__file__).parent / "lab_config"
ROLES = ("student", "instructor")
STUDENT_DIR_VARIABLE = "COURSEKIT_STUDENT_DIR"
STUDENT_DIR_NAME = "nn-basics-week2"


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


def student_folder(env: dict | None = None) -> Path:
    """Return the student's own folder: ``$COURSEKIT_STUDENT_DIR`` or ``~/nn-basics-week2``."""
    env = os.environ if env is None else env
    if env.get(STUDENT_DIR_VARIABLE):
        return Path(env[STUDENT_DIR_VARIABLE]).expanduser()
    return Path(env.get("HOME", Path.home())) / STUDENT_DIR_NAME


def default_folder(role: str, root: Path = ROOT, env: dict | None = None) -> Path:
    """Return the folder a role's JupyterLab opens: the student's own, or the course folder."""
    return student_folder(env) if role == "student" else Path(root)


def check_student_folder(folder: Path, root: Path = ROOT) -> None:
    """Refuse a student folder inside the course checkout (or the checkout itself).

    Raises
    ------
    SystemExit
        Naming the folder and what to use instead.
    """
    folder, root = Path(folder).resolve(), Path(root).resolve()
    if folder == root or root in folder.parents:
        raise SystemExit(
            f"{folder} is inside the course checkout {root}: a student there can read the "
            "solutions and hidden checks, and rebuilding release/ would delete their work. "
            f"Open a folder outside it, e.g. make student (uses ~/{STUDENT_DIR_NAME}) or "
            f"{STUDENT_DIR_VARIABLE}=/path/outside make student"
        )


def copy_release(release: Path, folder: Path) -> list[Path]:
    """Copy into ``folder`` every file of ``release`` it does not have yet; return them.

    Files already in ``folder`` (a student's answers, checkpoints) are never overwritten, and
    nothing is deleted: a newer release only adds what is missing.
    """
    release, folder = Path(release), Path(folder)
    copied = []
    for source in sorted(release.rglob("*")):
        target = folder / source.relative_to(release)
        if source.is_dir() or target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(target)
    return copied


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
    if args.role == "student":
        check_student_folder(folder)
        copied = copy_release(ROOT / "release", folder)
        print(f"{folder}: {len(copied)} new released files copied, none overwritten")
    prepare(args.role)
    return subprocess.call(lab_command(folder, *options), env=lab_environment(args.role))


if __name__ == "__main__":
    sys.exit(main())
