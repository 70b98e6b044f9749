"""JupyterLab on 127.0.0.1 for one role, driven by Playwright in Debian's Chromium.

Used by the browser tests: :func:`running_lab` starts the server the way ``make student`` and
``make instructor`` do (``coursekit.lab``), on a free port with a token, with every user-level
Jupyter folder inside a throw-away home; :class:`NotebookPage` does what a student does in a
notebook (fill a cell, run it, read its output, press Validate).
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from coursekit.lab import lab_command, lab_environment, prepare

CHROMIUM = Path("/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the others keep it off the network it cannot reach here
# (and must not try to) and make each start the same.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 120
RUN_SECONDS = 120


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quiet_settings(settings: Path) -> None:
    """Turn off JupyterLab's offer to fetch news, a toast that would cover the screenshots."""
    folder = settings / "@jupyterlab" / "apputils-extension"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))


@contextlib.contextmanager
def running_lab(role: str, folder: Path, home: Path):
    """Run JupyterLab for ``role`` on ``folder``; yield ``(base_url, token)``; stop it after.

    Raises
    ------
    RuntimeError
        If the server does not answer within ``STARTUP_SECONDS`` (its log is in the message).
    """
    home.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), f"token-{os.getpid()}-{time.monotonic_ns()}"
    env = lab_environment(role)
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    _quiet_settings(home / "settings")
    prepare(role, folder)
    options = [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    log = home / "lab.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            lab_command(folder, *options),
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()}") from None
                time.sleep(0.5)
        yield base, token
    finally:
        # The server and the kernels it started share its session: end them all.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _end_sessions(base: str, token: str) -> None:
    """End every notebook session and its kernel, so that only the next notebook's runs."""
    auth = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions", headers=auth)) as r:
        sessions = json.load(r)
    for session in sessions:
        url = f"{base}/api/sessions/{session['id']}"
        urllib.request.urlopen(urllib.request.Request(url, headers=auth, method="DELETE")).close()


class NotebookPage:
    """One notebook open in JupyterLab, driven as a student would, with the keyboard."""

    def __init__(self, page, base: str, token: str, path: str):
        self.page = page
        _end_sessions(base, token)
        # ?reset: a fresh workspace, so that earlier notebooks do not open again beside this one
        page.goto(f"{base}/lab/tree/{path}?reset&token={token}")
        # The kernel has started and told JupyterLab about itself once the status bar names it.
        page.wait_for_function(
            "() => /ipykernel\\)\\s*\\|\\s*Idle/.test("
            "document.querySelector('#jp-main-statusbar')?.textContent || '')",
            timeout=STARTUP_SECONDS * 1000,
        )
        self.wait_idle(timeout=STARTUP_SECONDS)

    def wait_idle(self, timeout=RUN_SECONDS):
        """Wait until the notebook's kernel is idle."""
        indicator = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator"
        self.page.wait_for_selector(f"{indicator}[data-status='idle']", timeout=timeout * 1000)

    def is_modified(self) -> bool:
        """Return whether JupyterLab marks the open notebook as having unsaved changes."""
        return self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-dirty").count() > 0

    def cell(self, text: str):
        """Return the code cell whose source contains ``text`` (exactly one must)."""
        panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
        cells = self.page.locator(f"{panel} .jp-CodeCell")
        deadline = time.monotonic() + 30
        # JupyterLab fills in cells below the fold while idle: look again until they are there.
        while True:
            sources = cells.evaluate_all(
                "cells => cells.map(c => c.querySelector('.jp-InputArea').textContent)"
            )
            found = [index for index, source in enumerate(sources) if text in source]
            if found or time.monotonic() > deadline:
                break
            self.page.wait_for_timeout(250)
        if len(found) != 1:
            raise AssertionError(f"{len(found)} code cells contain {text!r}")
        # By position, so that the locator still finds the cell once its source is replaced
        return cells.nth(found[0])

    def run(self, cell):
        """Run ``cell`` (Shift+Enter in its editor) and wait for the kernel to finish."""
        cell.scroll_into_view_if_needed()
        prompt = cell.locator(".jp-InputPrompt")
        before = prompt.inner_text().strip()
        # The prompt turns from [*] to the next execution count when the run is over (read
        # anew each time: JupyterLab may replace the prompt's element). A key press that came
        # while the notebook was still settling may not reach the cell: press once more then.
        deadline = time.monotonic() + RUN_SECONDS
        for attempt in range(3):
            cell.locator(".cm-content").click()
            self.page.wait_for_function(
                "c => c.classList.contains('jp-mod-active')", arg=cell.element_handle()
            )
            self.page.keyboard.press("Shift+Enter")
            started = time.monotonic()
            while (
                not re.fullmatch(r"\[\d+\]:", text := prompt.inner_text().strip()) or text == before
            ):
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"the cell did not finish running; its prompt shows {text!r}"
                    )
                if text == before and time.monotonic() - started > 5 and attempt < 2:
                    break
                self.page.wait_for_timeout(100)
            else:
                break
        self.wait_idle()

    def fill(self, cell, code: str):
        """Replace the source of ``cell`` with ``code``, typed as one paste."""
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(code)

    def output_lines(self, cell) -> list[str]:
        """Return the lines ``cell`` shows under it, in order."""
        texts = cell.locator(".jp-OutputArea-output").all_inner_texts()
        return "\n".join(texts).splitlines()

    def validate(self) -> str:
        """Press the toolbar's Validate button; return the text of the dialog it opens."""
        panel = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        panel.locator(".jp-Toolbar-item", has_text="Validate").click()
        dialog = self.page.locator(".jp-Dialog")
        dialog.wait_for(timeout=RUN_SECONDS * 1000)
        # The dialog first says it is validating; the result replaces that text.
        self.page.wait_for_function(
            "d => !/validating/i.test(d.textContent)",
            arg=dialog.element_handle(),
            timeout=RUN_SECONDS * 1000,
        )
        return dialog.inner_text()

    def close_dialog(self):
        """Close the open dialog with its last button (OK)."""
        self.page.locator(".jp-Dialog .jp-Dialog-button").last.click()
        self.page.locator(".jp-Dialog").wait_for(state="detached")
