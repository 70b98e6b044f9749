"""``make server`` / ``python -m coursekit.classroom.serve``: serve the course to a class.

Run as root from the course folder with a roster (:mod:`coursekit.classroom.roster`)::

    sudo .venv/bin/python -m coursekit.classroom.serve --roster roster.csv

It makes the accounts, builds the class venv and the proxy (once), locks the course folder,
lays out nbgrader's exchange and releases the assignments of ``release/`` into it, writes
JupyterHub's configuration, then starts JupyterHub and the grading service and watches them:
the service is restarted if it stops (unless the file ``service.hold`` is in the state folder,
as for maintenance: it is started again once that file is removed); when the hub stops, or on
Ctrl-C / SIGTERM, both are stopped. Students log in at ``http://IP:PORT`` with their account's
password. A ``classroom.toml`` that cannot be read stops it before anything starts.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from coursekit.classroom import accounts
from coursekit.classroom.environment import DEFAULT_VENV, ensure_class_venv, ensure_proxy
from coursekit.classroom.exchange import lock_course, make_exchange
from coursekit.classroom.hub import HubSettings, write_hub_config, write_role_configs
from coursekit.classroom.policy import read_policies
from coursekit.classroom.roster import RosterError, read_roster
from coursekit.classroom.service import DB_URL_VARIABLE

DEFAULT_STATE = Path("/srv/coursekit")
RESTART_PAUSE = 1.0
# While this file is in the state folder, a stopped grading service is not started again.
HOLD = "service.hold"


def course_id(course: Path) -> str:
    """Return nbgrader's course id from the course's ``nbgrader_config.py``."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return config.CourseDirectory.course_id


def release_assignments(course: Path, settings: HubSettings, names: list[str]) -> None:
    """Release each of ``names`` not yet in the exchange, with nbgrader's release_assignment."""
    outbound = settings.exchange / settings.course_id / "outbound"
    for name in names:
        if (outbound / name).is_dir():
            continue
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "release_assignment",
                name,
                f"--Exchange.root={settings.exchange}",
                f"--CourseDirectory.root={course}",
            ],
            cwd=course,
            check=True,
            capture_output=True,
        )
    # nbgrader's release opens the exchange root to all (0777): put back its modes.
    make_exchange(settings.exchange, settings.course_id)


def check_policies(course: Path) -> None:
    """Refuse a ``classroom.toml`` the grading service could not follow, in one line.

    Its tables must name assignments of ``release/``; the service would otherwise keep
    failing on it (:func:`~coursekit.classroom.policy.read_policies` names the fix).
    """
    release = course / "release"
    released = {p.name for p in release.iterdir() if p.is_dir()} if release.is_dir() else None
    try:
        read_policies(course, released)
    except ValueError as error:
        raise SystemExit(str(error)) from None


def prepare(args) -> tuple[HubSettings, list[str]]:
    """Do everything before starting the hub; return its settings and the accounts' notes."""
    course = args.course.resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise SystemExit(
            f"{course}: no nbgrader_config.py; run from the course folder or give --course"
        )
    check_policies(course)
    roster = read_roster(args.roster)
    settings = HubSettings(
        course=course,
        state=args.state.resolve(),
        venv=args.venv,
        proxy=ensure_proxy(),
        course_id=course_id(course),
        port=args.port,
        ip=args.ip,
    )
    ensure_class_venv(args.venv)
    notes = []
    for person in roster.people:
        accounts.ensure_account(person.username)
        if not accounts.has_password(person.username):
            notes.append(
                f"{person.username} has no password yet: set one with passwd {person.username}"
            )
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o755)
    make_exchange(settings.exchange, settings.course_id)
    released = sorted(p.name for p in (course / "release").iterdir() if p.is_dir())
    release_assignments(course, settings, args.assignments or released)
    lock_course(course, roster.instructor.username)
    write_role_configs(settings)
    write_hub_config(settings, roster)
    return settings, notes


def service_command(settings: HubSettings, args) -> tuple[list[str], dict[str, str]]:
    """Return the grading service's command and environment for the parsed ``args``.

    The Dask scheduler goes on the command line; the gradebook URL, which may hold a
    password, in the environment (:data:`~coursekit.classroom.service.DB_URL_VARIABLE`).
    """
    command = [
        sys.executable,
        "-m",
        "coursekit.classroom.service",
        "--course",
        str(settings.course),
        "--exchange",
        str(settings.exchange),
        "--course-id",
        settings.course_id,
        "--roster",
        str(args.roster.resolve()),
        *(["--workers", str(args.workers)] if args.workers else []),
        *(["--scheduler", args.scheduler] if args.scheduler else []),
    ]
    environment = {k: v for k, v in os.environ.items() if k != DB_URL_VARIABLE}
    if args.db_url:
        environment[DB_URL_VARIABLE] = args.db_url
    return command, environment


def start(
    command: list[str], pid_file: Path, log_file: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start ``command`` with its output appended to ``log_file``; write its pid."""
    # Its own process group: when it dies, its grading workers can be stopped with it.
    with open(log_file, "a") as stream:
        process = subprocess.Popen(
            command, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    pid_file.write_text(str(process.pid))
    return process


def stop_group(process: subprocess.Popen) -> None:
    """Kill what is left of ``process``'s group (its workers), once it has ended."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main(argv=None) -> int:
    """Prepare, then run the hub and the grading service until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=Path, required=True, help="CSV: username,role[,lms_id]")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="course folder (.)")
    parser.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE,
        help=f"exchange, hub database, configs ({DEFAULT_STATE})",
    )
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="class venv")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000; +1, +2 internal)")
    parser.add_argument("--workers", type=int, help="grading processes (default: CPUs)")
    parser.add_argument("--assignments", nargs="*", help="assignments to release (all)")
    parser.add_argument("--scheduler", help="grade on this Dask scheduler's cluster (tcp://...)")
    parser.add_argument(
        "--db-url",
        default=os.environ.get(DB_URL_VARIABLE),
        help=f"gradebook URL, e.g. PostgreSQL (default: ${DB_URL_VARIABLE}, else the course's; "
        "a password: put it in the variable, not on the command line)",
    )
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit(
            "the class server runs as root (it makes accounts and starts each "
            "person's JupyterLab as them): sudo .venv/bin/python -m "
            "coursekit.classroom.serve ..."
        )
    try:
        settings, notes = prepare(args)
    except RosterError as error:
        raise SystemExit(str(error)) from None
    for note in notes:
        print(note, flush=True)
    hub_command = [
        sys.executable,
        "-m",
        "jupyterhub",
        "-f",
        str(settings.hub_dir / "jupyterhub_config.py"),
    ]
    grading, grading_env = service_command(settings, args)
    logs = settings.state
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    hub = start(hub_command, settings.state / "hub.pid", logs / "hub.log")
    service = start(grading, settings.state / "service.pid", logs / "service.log", grading_env)
    print(
        f"serving {settings.course_id} at http://{settings.ip}:{settings.port} "
        f"(logs: {logs}/hub.log, {logs}/service.log)",
        flush=True,
    )
    try:
        held = False
        while not stopping and hub.poll() is None:
            if service.poll() is not None and (settings.state / HOLD).exists():
                if not held:
                    print(f"grading service stopped; held while {HOLD} exists", flush=True)
                    stop_group(service)
                held = True
            elif service.poll() is not None:
                print(f"grading service stopped ({service.returncode}); restarting", flush=True)
                stop_group(service)
                if not held:
                    time.sleep(RESTART_PAUSE)
                held = False
                service = start(
                    grading, settings.state / "service.pid", logs / "service.log", grading_env
                )
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (service, hub):
            if process.poll() is None:
                process.terminate()
        for process in (service, hub):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            stop_group(process)
    return 0 if stopping or hub.returncode in (0, None) else 1


if __name__ == "__main__":
    sys.exit(main())
