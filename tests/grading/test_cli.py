"""The `coursekit grade` command line: nbgrader's options passed on, wrong invocations named."""

import pytest

from coursekit.course import get_assignment
from coursekit.grading import cli
from coursekit.workspace import scratch_course

BASICS = get_assignment("python_basics")


def test_cli_passes_nbgrader_options_and_rejects_others(capsys):
    """Are --Class.trait=value options nbgrader's, and any other unknown option an error?"""
    assert cli.NBGRADER_OPTION.match("--Execute.timeout=10")
    with pytest.raises(SystemExit):
        cli.main(["grade", "--no-such-option"])
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


@pytest.fixture(scope="module")
def bare_course(tmp_path_factory):
    """Return a scratch course of Assignment 1 with no submission."""
    return scratch_course(tmp_path_factory.mktemp("runner-bare"), [BASICS])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["python_basic"], "unknown assignment 'python_basic': did you mean 'python_basics'?"),
        (["python_basics", "--student", "nobody_here"], "matches --student 'nobody_here'"),
        (["--root", "/"], "is not a course folder"),
    ],
    ids=["typo", "unknown_student", "not_a_course"],
)
def test_wrong_invocations_get_one_line_and_exit_2(bare_course, capsys, args, says):
    """Does a wrong `coursekit grade` say what to fix in one line, exit 2, no traceback?"""
    folder = bare_course / "submitted" / "somebody" / BASICS.name
    folder.mkdir(parents=True, exist_ok=True)
    root = [] if "--root" in args else ["--root", str(bare_course)]
    assert cli.main(["grade", *args, *root]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coursekit grade: error: ")
    assert says in err and "Traceback" not in err
