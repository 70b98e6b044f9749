"""matplotlib's font list, built once per grading machine and lent to every sandboxed kernel.

A kernel starts with an empty private ``/tmp``, where its ``MPLCONFIGDIR`` lives, so the first
``import matplotlib.pyplot`` of every submission scanned the system's fonts again: half a second
of each Assignment 2 submission. The list is built here once, outside any sandbox, by the same
Python and matplotlib the kernels run, and mounted read-only into each sandbox.
"""

import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Where matplotlib keeps its configuration and caches inside the sandbox (MPLCONFIGDIR).
SANDBOX_MPLCONFIGDIR = "/tmp/matplotlib"
# The build scans the system's fonts in a second or two; one that hangs is given up, and the
# kernels then build their own (slower, never wrong). Not a limit on students' code.
BUILD_SECONDS = 120


def _cache_root() -> Path:
    """Return this user's cache folder for the font lists (never a shared, guessable /tmp path)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "coursekit" / "matplotlib"


@functools.cache
def font_lists() -> tuple[Path, ...]:
    """Return matplotlib's font list files for the running Python, building them if needed.

    Returns
    -------
    tuple of Path
        The ``fontlist-*.json`` files to mount into ``SANDBOX_MPLCONFIGDIR``; empty when
        matplotlib is not installed or the list cannot be built (kernels then build their own).
    """
    key = f"{Path(sys.prefix).resolve()}".strip("/").replace("/", "_")
    folder = _cache_root() / key
    found = tuple(sorted(folder.glob("fontlist-*.json")))
    if found:
        return found
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Built in a folder of its own, then moved: workers starting together never read a
        # half-written list.
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            env = {**os.environ, "MPLCONFIGDIR": scratch, "HOME": scratch}
            subprocess.run(
                [sys.executable, "-c", "import matplotlib.font_manager"],
                env=env,
                check=True,
                capture_output=True,
                timeout=BUILD_SECONDS,
            )
            for built in Path(scratch).glob("fontlist-*.json"):
                built.chmod(0o644)
                os.replace(built, folder / built.name)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted(folder.glob("fontlist-*.json")))
