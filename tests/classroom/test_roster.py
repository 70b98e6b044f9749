"""The roster: one instructor, the students, their LMS ids; bad lines named with the fix."""

import pytest
from people import sample_roster

from coursekit.classroom.roster import RosterError


def test_roster_reads_people_and_defaults(tmp_path):
    """Are the instructor, the students in order and the LMS id (default: user name) read?"""
    roster = sample_roster(tmp_path)
    assert roster.instructor.username == "teach"
    assert [(p.username, p.lms_id, p.name) for p in roster.students] == [
        ("ann", "ann@uni.example", "Ann A"),
        ("bob", "bob", ""),
    ]
    assert roster.student("teach") is None and roster.student("bob").role == "student"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("user,role\nann,student\n", "line 1: missing column username"),
        ("username,role\nAnn B,student\nt,instructor\n", "line 2: username 'Ann B'"),
        ("username,role\nann,teacher\n", "role 'teacher' of ann; write instructor or student"),
        ("username,role\nann,student\nann,instructor\n", "line 3: ann is already on line 2"),
        ("username,role\nann,student\n", "exactly one person must have role instructor"),
        ("username,role\na,instructor\nb,instructor\n", "(found: a, b)"),
        ("username,role\nx+y,student\nt,instructor\n", "username 'x+y'"),
    ],
)
def test_roster_errors_name_line_and_fix(tmp_path, text, words):
    """Does each bad roster raise one message naming the file, the place and the fix?"""
    with pytest.raises(RosterError, match="roster.csv") as error:
        sample_roster(tmp_path, text)
    assert words in str(error.value)
