"""One Unix account per person on the roster, made with the system's own tools.

JupyterHub's PAM login checks these accounts' passwords and its LocalProcessSpawner starts each
person's JupyterLab as their account, so the kernel's and the Terminal's rights are that
person's: the file permissions of the exchange and the course folder do the isolating.
"""

import pwd
import subprocess
from pathlib import Path


def exists(username: str) -> bool:
    """Return whether the Unix account ``username`` exists."""
    try:
        pwd.getpwnam(username)
    except KeyError:
        return False
    return True


def ensure_account(username: str) -> pwd.struct_passwd:
    """Create ``username`` (home folder, bash) unless it exists; make its home private.

    A home readable by others would show a student's work, and nbgrader's cache there holds
    the secret that names the student's feedback in the exchange.

    Returns
    -------
    pwd.struct_passwd
        The account.
    """
    if not exists(username):
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", username],
            check=True,
            capture_output=True,
        )
    account = pwd.getpwnam(username)
    Path(account.pw_dir).chmod(0o700)
    return account


def set_password(username: str, password: str) -> None:
    """Set the login password of ``username`` (what PAM checks at the hub's login page)."""
    subprocess.run(
        ["chpasswd"], input=f"{username}:{password}\n", text=True, check=True, capture_output=True
    )


def has_password(username: str) -> bool:
    """Return whether ``username`` has a usable password (``passwd --status`` says ``P``)."""
    status = subprocess.run(
        ["passwd", "--status", username], capture_output=True, text=True, check=False
    )
    return status.stdout.split()[1:2] == ["P"]


def remove_account(username: str) -> None:
    """Delete ``username``, its home folder and its processes; nothing when it is absent."""
    if exists(username):
        subprocess.run(["pkill", "-KILL", "-u", username], check=False, capture_output=True)
        subprocess.run(
            ["userdel", "--remove", "--force", username], check=False, capture_output=True
        )
