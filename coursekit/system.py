"""Check for files that Debian packages install, and say which ``apt-get install`` adds them."""

import shutil
from pathlib import Path


class MissingSystemPackage(RuntimeError):
    """A file or program from a system (apt) package is not on this machine."""


def install_command(*packages: str) -> str:
    """Return the shell command that installs ``packages`` on Debian or Ubuntu."""
    names = " ".join(packages)
    return f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {names}"


def require_system_package(package: str, path: str | Path) -> Path:
    """Return ``path`` if it exists, else raise naming the apt package that installs it.

    Parameters
    ----------
    package : str
        Debian package that ships ``path`` (e.g. ``"fonts-noto-color-emoji"``).
    path : str or Path
        A file or folder the package installs, or a program name to look up on ``PATH``
        (a name without ``/``).

    Returns
    -------
    Path
        The file or folder, or the program's full path.

    Raises
    ------
    MissingSystemPackage
        If it is missing; the message holds the ``apt-get install`` command.

    Examples
    --------
    >>> require_system_package("coreutils", "ls")  # doctest: +SKIP
    PosixPath('/usr/bin/ls')
    """
    text = str(path)
    found = shutil.which(text) if "/" not in text else (text if Path(text).exists() else None)
    if found is None:
        raise MissingSystemPackage(
            f"{text} is missing: it comes with the Debian package {package}. "
            f"Install it with: {install_command(package)}"
        )
    return Path(found)
