"""The class list: who logs in, who teaches, and who each person is in the LMS.

A roster is a CSV file with a header row. Columns:

``username`` (required)
    The Unix account and JupyterHub user name: lower-case letters, digits, ``_`` and ``-``,
    starting with a letter or ``_``, at most 32 characters (what ``useradd`` accepts), and no
    ``+`` (nbgrader's exchange separates fields with it).
``role`` (required)
    ``instructor`` or ``student``; exactly one instructor.
``lms_id`` (optional)
    The person's identity in the LMS (Canvas SIS user id, Moodle email or id number), used by
    :mod:`coursekit.classroom.lms`; defaults to the user name.
``name`` (optional)
    The person's full name, for the LMS export.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
ROLES = ("instructor", "student")
REQUIRED = ("username", "role")


class RosterError(ValueError):
    """A roster that cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Person:
    """One line of the roster.

    Attributes
    ----------
    username : str
        Unix account and hub user name.
    role : {"instructor", "student"}
    lms_id : str
        Identity in the LMS.
    name : str
        Full name (may be empty).
    """

    username: str
    role: str
    lms_id: str
    name: str = ""


@dataclass(frozen=True)
class Roster:
    """A validated class list: one instructor and the students, in file order."""

    instructor: Person
    students: tuple[Person, ...]

    @property
    def people(self) -> tuple[Person, ...]:
        """Everyone, the instructor first."""
        return (self.instructor, *self.students)

    def student(self, username: str) -> Person | None:
        """Return the student with ``username``, or None when no student has it."""
        return next((p for p in self.students if p.username == username), None)


def read_roster(path: Path) -> Roster:
    """Read and check the roster CSV at ``path``.

    Raises
    ------
    RosterError
        With the file, line and field at fault and what to write instead.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(
            f"{path}: roster not found; give a CSV with columns username,role"
        ) from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not UTF-8 text; save the roster as a UTF-8 CSV") from None
    reader = csv.DictReader(text.splitlines())
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise RosterError(
            f"{path}: line 1: missing column {', '.join(missing)}; the header must name "
            f"username and role (optional: lms_id, name), found {','.join(header) or 'nothing'}"
        )
    people, seen = [], {}
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        where = f"{path}: line {number}"
        username, role = row["username"], row["role"].lower()
        if not USERNAME.match(username):
            raise RosterError(
                f"{where}: username {username!r} is not a valid account name; use lower-case "
                "letters, digits, '_' or '-', starting with a letter, at most 32 characters"
            )
        if role not in ROLES:
            raise RosterError(
                f"{where}: role {row['role']!r} of {username}; write instructor or student"
            )
        if username in seen:
            raise RosterError(f"{where}: {username} is already on line {seen[username]}")
        seen[username] = number
        lms_id = row.get("lms_id") or username
        people.append(Person(username, role, lms_id, row.get("name", "")))
    instructors = [p for p in people if p.role == "instructor"]
    if len(instructors) != 1:
        found = ", ".join(p.username for p in instructors) or "none"
        raise RosterError(
            f"{path}: exactly one person must have role instructor (found: {found}); "
            "mark the course's instructor in the role column"
        )
    return Roster(instructors[0], tuple(p for p in people if p.role == "student"))
