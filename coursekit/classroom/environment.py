"""The programs a class server runs on: a venv every user can read, and JupyterHub's proxy.

A student's JupyterLab runs as that student, so its Python must be readable by every account:
the course's own ``.venv`` may be built on a Python under ``/root`` (mode 0700), where a
student's server fails with "Permission denied". The class venv is built from Debian's
``/usr/bin/python3.11`` in a shared folder, with the exact pins of
``requirements-class.txt``. The proxy, ``configurable-http-proxy``, comes from npm into a
prefix of the course's ``.venv``.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from coursekit.course import ROOT

SYSTEM_PYTHON = Path("/usr/bin/python3.11")
DEFAULT_VENV = Path("/opt/coursekit/venv")
PROXY_VERSION = "5"
PROXY_PREFIX = ROOT / ".venv" / "node"
STAMP = ".coursekit-requirements"
CLASS_REQUIREMENTS = Path(__file__).with_name("requirements-class.txt")


def proxy_command(prefix: Path = PROXY_PREFIX) -> Path:
    """Return the path of ``configurable-http-proxy`` installed under ``prefix``."""
    return Path(prefix) / "node_modules" / ".bin" / "configurable-http-proxy"


def _requirements_digest(requirements: Path) -> str:
    """Return a hash of the pins file, so a changed pin rebuilds the venv."""
    return hashlib.sha256(Path(requirements).read_bytes()).hexdigest()


def ensure_class_venv(
    venv: Path = DEFAULT_VENV, requirements: Path = CLASS_REQUIREMENTS, log=print
) -> Path:
    """Build (once per pins file) the venv every student's JupyterLab runs on.

    Parameters
    ----------
    venv : Path
        Where to build it; every user must be able to read and traverse it.
    requirements : Path
        The exact pins to install.
    log : callable
        Receives progress lines.

    Returns
    -------
    Path
        ``venv``.
    """
    venv = Path(venv)
    if not SYSTEM_PYTHON.is_file():
        raise SystemExit(
            f"{SYSTEM_PYTHON} not found: the class server needs Debian's Python 3.11, which every "
            "user can read. Install it: sudo apt-get install python3.11 python3-venv"
        )
    digest = _requirements_digest(requirements)
    stamp = venv / STAMP
    if stamp.is_file() and stamp.read_text() == digest:
        return venv
    log(f"building the class venv in {venv} from {SYSTEM_PYTHON} (once per pins file)")
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(requirements)], check=True)
    # Readable by every account: the folders above it too (students traverse them).
    for folder in [venv, *venv.parents]:
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o755)
    stamp.write_text(digest)
    return venv


def ensure_proxy(prefix: Path = PROXY_PREFIX, log=print) -> Path:
    """Install ``configurable-http-proxy`` from npm under ``prefix`` when it is missing.

    Returns
    -------
    Path
        The proxy's command.
    """
    command = proxy_command(prefix)
    if command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm not found: the class server's proxy (configurable-http-proxy) comes from npm. "
            "Install it: sudo apt-get install nodejs npm"
        )
    log(f"installing configurable-http-proxy@{PROXY_VERSION} into {prefix}")
    Path(prefix).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--prefix",
            str(prefix),
            f"configurable-http-proxy@{PROXY_VERSION}",
        ],
        check=True,
        env={**os.environ, "npm_config_loglevel": "error"},
    )
    return command


if __name__ == "__main__":
    ensure_proxy()
    ensure_class_venv()
