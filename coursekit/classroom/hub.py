"""JupyterHub's configuration for a class, and each role's JupyterLab configuration.

The hub runs as root with PAM login over the roster's accounts and LocalProcessSpawner, which
starts each person's ``jupyterhub-singleuser`` (from the class venv) as that person. Each role
gets a Jupyter config folder put first on ``JUPYTER_CONFIG_PATH``, as ``make student`` does:

- students: the Assignment List (fetch, submit, fetch feedback) and Validate, none of the
  instructor's tools; nbgrader's exchange and course id; JupyterLab opens their home folder;
- the instructor: every nbgrader tool, JupyterLab opened on the course folder, with the
  checkout on ``PYTHONPATH`` so ``nbgrader_config.py`` finds ``coursekit``.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from coursekit.classroom.roster import Roster
from coursekit.course import ROOT

# Lab plugins students do not get. The Nbgrader menu stays: it is how a student opens the
# Assignment List (its instructor entries do nothing without their plugins and extensions).
INSTRUCTOR_TOOLS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
SERVER_EXTENSIONS = ("formgrader", "assignment_list", "course_list", "validate_assignment")
STUDENT_EXTENSIONS = ("assignment_list", "validate_assignment")


@dataclass(frozen=True)
class HubSettings:
    """Where the hub listens and what it runs.

    Attributes
    ----------
    course : Path
        The course folder.
    state : Path
        The server's own folder: exchange, hub database, role configs.
    venv : Path
        The class venv (students' and instructor's JupyterLab).
    proxy : Path
        ``configurable-http-proxy``'s command.
    course_id : str
        nbgrader's course id.
    port : int
        The public port (the proxy), on ``ip``.
    ip : str
        The address the proxy listens on.
    """

    course: Path
    state: Path
    venv: Path
    proxy: Path
    course_id: str
    port: int = 8000
    ip: str = "127.0.0.1"

    @property
    def exchange(self) -> Path:
        """Return the exchange root of nbgrader."""
        return self.state / "exchange"

    @property
    def hub_dir(self) -> Path:
        """Return the hub's folder: database, cookie secret, configuration (root only)."""
        return self.state / "hub"

    def role_config(self, role: str) -> Path:
        """Return the Jupyter config folder of ``role``."""
        return self.state / "jupyter" / role


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    path.chmod(0o644)


def write_role_configs(settings: HubSettings) -> None:
    """Write the student's and the instructor's Jupyter config folders (readable by all)."""
    nbgrader = (
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
    )
    for role in ("student", "instructor"):
        folder = settings.role_config(role)
        is_student = role == "student"
        disabled = {name: is_student for name in INSTRUCTOR_TOOLS}
        _write_json(folder / "labconfig" / "page_config.json", {"disabledExtensions": disabled})
        extensions = {
            f"nbgrader.server_extensions.{name}": (not is_student or name in STUDENT_EXTENSIONS)
            for name in SERVER_EXTENSIONS
        }
        _write_json(
            folder / "jupyter_server_config.json",
            {"ServerApp": {"jpserver_extensions": extensions}},
        )
        text = nbgrader
        if not is_student:
            text += f"c.CourseDirectory.root = {str(settings.course)!r}\n"
        (folder / "nbgrader_config.py").write_text(text)
        (folder / "nbgrader_config.py").chmod(0o644)
        for path in [folder, *folder.parents]:
            if path == settings.state.parent:
                break
            path.chmod(path.stat().st_mode | 0o755)


def hub_config(settings: HubSettings, roster: Roster) -> str:
    """Return the text of ``jupyterhub_config.py`` for ``settings`` and ``roster``."""
    hub = settings.hub_dir
    students = sorted(p.username for p in roster.students)
    instructor = roster.instructor.username
    environment = {
        "student": {"JUPYTER_CONFIG_PATH": str(settings.role_config("student"))},
        "instructor": {
            "JUPYTER_CONFIG_PATH": str(settings.role_config("instructor")),
            "PYTHONPATH": str(ROOT),
            # Read by the course's nbgrader_config.py, which would name its own exchange.
            "COURSEKIT_EXCHANGE_ROOT": str(settings.exchange),
        },
    }
    return f'''"""JupyterHub configuration written by coursekit.classroom.serve at every start."""

c = get_config()  # noqa: F821

INSTRUCTOR = {instructor!r}
ENVIRONMENT = {environment!r}
VENV_BIN = {str(settings.venv / "bin")!r}
COURSE = {str(settings.course)!r}

c.JupyterHub.ip = {settings.ip!r}
c.JupyterHub.port = {settings.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {settings.port + 1}
c.ConfigurableHTTPProxy.command = [{str(settings.proxy)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{settings.port + 2}"
c.ConfigurableHTTPProxy.pid_file = {str(hub / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{hub / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(hub / "jupyterhub_cookie_secret")!r}
c.JupyterHub.cleanup_servers = True

# Login: the machine's accounts, through PAM. No login sessions are opened (no logind here).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = set({students!r})
c.Authenticator.admin_users = {{INSTRUCTOR}}

# Each person's JupyterLab runs as their own account, on the venv every account can read.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [VENV_BIN + "/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120


def per_role(spawner):
    """Give the instructor the course folder and every tool, a student their home and theirs."""
    role = "instructor" if spawner.user.name == INSTRUCTOR else "student"
    spawner.environment.update(ENVIRONMENT[role])
    spawner.environment["PATH"] = VENV_BIN + ":/usr/local/bin:/usr/bin:/bin"
    spawner.notebook_dir = COURSE if role == "instructor" else "~"


c.Spawner.pre_spawn_hook = per_role
'''


def write_hub_config(settings: HubSettings, roster: Roster) -> Path:
    """Write the hub's folder (root only) and its configuration; return the config file."""
    settings.hub_dir.mkdir(parents=True, exist_ok=True)
    settings.hub_dir.chmod(0o700)
    path = settings.hub_dir / "jupyterhub_config.py"
    path.write_text(hub_config(settings, roster))
    return path
