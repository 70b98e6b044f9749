"""A small roster for the class server's unit tests: an instructor and two students."""

from coursekit.classroom.roster import read_roster

ROSTER = """username,role,lms_id,name
teach,instructor,,Ada Teacher
ann,student,ann@uni.example,Ann A
bob,student,,
"""


def sample_roster(tmp_path, text=ROSTER):
    """Write ``text`` as ``tmp_path/roster.csv`` and return it read."""
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return read_roster(path)
