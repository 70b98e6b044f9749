"""A throw-away class server: made-up accounts, the real hub, on 127.0.0.1, removed after.

:func:`running_class` makes a scratch course under ``/srv/<prefix>`` (not under ``/tmp`` or
``/root``: the accounts must reach the instructor's course folder and the exchange), a roster
of accounts named with a prefix unique to the run, starts ``coursekit.classroom.serve`` on a
free port and waits for the hub's API; afterwards it stops the server and deletes the accounts
and the folder, whatever happened. The accounts' own commands go through ``runuser``, as a
student's Terminal would run them. The tests (``tests/classroom``) and the latency benchmark
(:mod:`coursekit.benchmarks.class_server`) use it; it needs root.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from coursekit.classroom import accounts
from coursekit.classroom.environment import DEFAULT_VENV
from coursekit.classroom.serve import HOLD, course_id
from coursekit.course import get_assignment
from coursekit.workspace import scratch_course

STARTUP_SECONDS = 180


def _free_base_port() -> int:
    """Return a port p with p, p+1 and p+2 free on 127.0.0.1 (proxy, hub, proxy API)."""
    for _ in range(100):
        base = 20000 + secrets.randbelow(20000)
        try:
            with contextlib.ExitStack() as stack:
                for port in range(base, base + 3):
                    probe = stack.enter_context(socket.socket())
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no three free ports in a row on 127.0.0.1")


@dataclass
class ClassServer:
    """A running class server and how to act as its people."""

    base: Path
    course: Path
    state: Path
    url: str
    instructor: str
    students: list[str]
    passwords: dict[str, str]
    process: subprocess.Popen

    @property
    def exchange(self) -> Path:
        """The course's folder in nbgrader's exchange."""
        return self.state / "exchange" / course_id(self.course)

    @property
    def ledger(self) -> dict:
        """The grading service's ledger (empty before the first outcome)."""
        path = self.course / ".classroom" / "ledger.json"
        return json.loads(path.read_text()) if path.is_file() else {}

    def run_as(self, user: str, script: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run the bash ``script`` as ``user`` in their home, as their Terminal would."""
        return subprocess.run(
            self.command_as(user, script), capture_output=True, text=True, timeout=timeout
        )

    def run_all(self, scripts: dict[str, str], timeout: float = 600) -> dict[str, str]:
        """Run each user's script at the same time (:meth:`run_as`); return their errors."""
        running = {
            user: subprocess.Popen(
                self.command_as(user, script),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for user, script in scripts.items()
        }
        failed = {}
        for user, process in running.items():
            output, _ = process.communicate(timeout=timeout)
            if process.returncode:
                failed[user] = output
        return failed

    def command_as(self, user: str, script: str) -> list[str]:
        """Return the command running the bash ``script`` as ``user`` in their home."""
        home = f"/home/{user}"
        env = {
            "HOME": home,
            "USER": user,
            "PATH": f"{DEFAULT_VENV}/bin:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(self.state / "jupyter" / "student"),
        }
        return [
            "runuser",
            "-u",
            user,
            "--",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in env.items()),
            "bash",
            "-c",
            f"cd ~ && {script}",
        ]

    def wait_for_outcomes(self, count: int, timeout: float = 600) -> dict:
        """Wait until the ledger holds ``count`` outcomes; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ledger = self.ledger
            if len(ledger) >= count:
                return ledger
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{self.log()}")
            time.sleep(0.5)
        raise TimeoutError(
            f"{len(self.ledger)} of {count} outcomes after {timeout} s\n{self.log()}"
        )

    def stop_service(self, timeout: float = 120) -> None:
        """Stop the grading service (SIGTERM) and keep it stopped until :meth:`start_service`."""
        (self.state / HOLD).touch()
        pid = int((self.state / "service.pid").read_text())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists():  # gone once the server has reaped it
            if time.monotonic() > deadline:
                raise TimeoutError(f"the grading service did not stop:\n{self.log()}")
            time.sleep(0.1)

    def start_service(self) -> None:
        """Let the server start the grading service again (after :meth:`stop_service`)."""
        (self.state / HOLD).unlink()

    def log(self) -> str:
        """Return the tail of the server's, the hub's and the service's logs."""
        parts = []
        for name in ("serve.log", "hub.log", "service.log"):
            path = self.base / name if name == "serve.log" else self.state / name
            if path.is_file():
                parts.append(f"--- {name}\n" + "\n".join(path.read_text().splitlines()[-40:]))
        return "\n".join(parts)


def _wait_for_hub(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the class server exited:\n{log()}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the hub did not answer in {STARTUP_SECONDS} s:\n{log()}")


@contextlib.contextmanager
def running_class(
    assignments=("python_basics",),
    students: int = 3,
    workers: int | None = None,
    policies: str = "",
):
    """Serve a scratch course to an instructor and ``students`` students; yield a ClassServer.

    ``policies``, when given, is the course's ``classroom.toml`` (deadlines and attempts,
    :mod:`coursekit.classroom.policy`).
    """
    prefix = "ck" + secrets.token_hex(3)
    base = Path("/srv") / prefix
    instructor = f"{prefix}_teach"
    names = [f"{prefix}_s{i}" for i in range(students)]
    passwords = {user: secrets.token_urlsafe(12) for user in [instructor, *names]}
    process = None
    try:
        base.mkdir(mode=0o755, parents=True)
        course = scratch_course(base / "course", [get_assignment(a) for a in assignments])
        if policies:
            (course / "classroom.toml").write_text(policies)
        roster = base / "roster.csv"
        roster.write_text(
            "username,role,lms_id,name\n"
            + f"{instructor},instructor,T-{prefix},Teacher\n"
            + "".join(f"{n},student,{n}@example.edu,Student {i}\n" for i, n in enumerate(names))
        )
        for user, password in passwords.items():
            accounts.ensure_account(user)
            accounts.set_password(user, password)
        port = _free_base_port()
        command = [
            sys.executable,
            "-m",
            "coursekit.classroom.serve",
            "--roster",
            str(roster),
            "--course",
            str(course),
            "--state",
            str(base / "state"),
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers else []),
        ]
        with open(base / "serve.log", "w") as log_stream:
            process = subprocess.Popen(command, stdout=log_stream, stderr=subprocess.STDOUT)
        server = ClassServer(
            base,
            course,
            base / "state",
            f"http://127.0.0.1:{port}",
            instructor,
            names,
            passwords,
            process,
        )
        _wait_for_hub(server.url, process, server.log)
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        for user in passwords:
            accounts.remove_account(user)
        shutil.rmtree(base, ignore_errors=True)
