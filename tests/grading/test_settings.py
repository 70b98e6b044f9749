"""Every limit and timeout in one table (grading.settings): declared once, shown in the README."""

import re

import pytest
from traitlets.config.loader import PyFileConfigLoader

from coursekit.course import ASSIGNMENTS, ROOT
from coursekit.grading.settings import SandboxLimits, ToolSettings, settings_table

# The course's tools that grade or run notebooks: their settings come from the table.
TOOLS = ["demo/run.py", "accuracy/report.py", "benchmarks/grading.py", "run_notebook.py"]


def _course_config():
    """Return the configuration the course's ``nbgrader_config.py`` makes."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()


def test_the_readme_shows_the_table_of_the_traits():
    """Is the README's settings table the one the traits make (names, defaults, help)?"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, (
        "README.md's settings table is stale: paste coursekit.grading.settings.settings_table()"
    )


@pytest.mark.parametrize("cls", [SandboxLimits, ToolSettings])
def test_every_setting_is_configurable_and_says_what_it_is(cls):
    """Is each trait the table declares configurable, with help of a plain first sentence?"""
    for name in [name for name in vars(cls) if name in cls.class_traits()]:
        trait = cls.class_traits()[name]
        assert trait.metadata.get("config"), f"{cls.__name__}.{name} is not configurable"
        assert len(trait.help.split(". ")[0]) > 20, f"{cls.__name__}.{name} needs its help text"


def test_the_tools_grade_faster_than_the_course_and_say_it_as_a_config():
    """Do the tools' cells get less time than the course's, passed as Config, not strings?"""
    course = _course_config()
    quick = ToolSettings().grading_config()
    assert quick.Execute.timeout == ToolSettings().cell_seconds < course.Execute.timeout
    for path in TOOLS:
        text = (ROOT / "coursekit" / path).read_text(encoding="utf-8")
        assert not re.search(r"--(Execute|SandboxLimits|ToolSettings)\.", text), (
            f"{path} passes a setting as a string"
        )
        assert not re.search(r"timeout\s*=\s*\d|\bTIMEOUTS?\b", text), f"{path} pastes a timeout"


def test_the_course_lists_the_files_each_sandbox_gets():
    """Does nbgrader_config.py give the sandbox every assignment's shared files?"""
    shared = _course_config().SandboxedKernelManager.shared_files
    assert shared == {a.name: list(a.shared) for a in ASSIGNMENTS}
