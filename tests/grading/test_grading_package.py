"""The engine's shape (coursekit/grading/__init__.py): its stages, nothing of the course above."""

import pkgutil
import subprocess
import sys

import coursekit.grading
from coursekit.course import ROOT

# What the engine may load of coursekit outside itself: the slicer of public_tests.py (standard
# library only), with which the sandbox tells a stale instructor's copy of the checkers.
ALLOWED_OUTSIDE = {"coursekit", "coursekit.public_checks"}


def _engine_modules() -> list[str]:
    """Return the dotted name of every module of the engine."""
    found = pkgutil.walk_packages(coursekit.grading.__path__, "coursekit.grading.")
    return sorted(info.name for info in found if not info.name.endswith("__main__"))


def test_the_engine_loads_nothing_of_the_course_or_its_tools():
    """Does importing every engine module load no course description, demo, catalogue or bench?"""
    code = (
        "import importlib, sys\n"
        f"for name in {_engine_modules()!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'coursekit')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(done.stdout.split())
    outside = {m for m in loaded if not m.startswith("coursekit.grading")} - ALLOWED_OUTSIDE
    assert loaded and not outside, f"the engine loads {sorted(outside)}"


def test_the_package_map_names_every_stage():
    """Does the engine's docstring map name each of its packages, so a newcomer finds them all?"""
    packages = [
        info.name
        for info in pkgutil.iter_modules(coursekit.grading.__path__, "coursekit.grading.")
        if info.ispkg
    ]
    doc = coursekit.grading.__doc__
    assert packages and all(f"~{name}`" in doc for name in packages), packages
