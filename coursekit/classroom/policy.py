"""Deadlines and attempts per assignment, set by the instructor in ``classroom.toml``.

The file sits in the course folder; one table per assignment, both keys optional::

    [python_basics]
    deadline = 2026-12-12T23:59:00Z   # after it, feedback shows what gives the answer away
    attempts = 3                      # graded submissions per student; later ones are not

An assignment without a table has no deadline (feedback never reveals answers) and unlimited
attempts.
"""

import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE = "classroom.toml"


@dataclass(frozen=True)
class Policy:
    """One assignment's deadline (aware datetime or None) and attempts (None: unlimited)."""

    deadline: datetime | None = None
    attempts: int | None = None

    def past_deadline(self, now: datetime | None = None) -> bool:
        """Return whether the deadline has passed (never, without one)."""
        return self.deadline is not None and (now or datetime.now(UTC)) >= self.deadline


def read_policies(course: Path, assignments=None) -> dict[str, Policy]:
    """Return each assignment's :class:`Policy` from ``course/classroom.toml`` (none: empty).

    Parameters
    ----------
    course : Path
        The course folder.
    assignments : collection of str, optional
        The assignments a table may name (a table naming another is refused: a typo would
        leave the real assignment without its deadline); default any.

    Raises
    ------
    ValueError
        One line naming the file, the assignment and the key, what is wrong and the fix.
    """
    return read_policy_file(Path(course) / FILE, assignments)


def read_policy_file(path: Path, assignments=None) -> dict[str, Policy]:
    """Return the policies of the file at ``path`` (see :func:`read_policies`)."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{path}: not valid TOML ({error}); fix that line, see coursekit/classroom/policy.py "
            "for the format"
        ) from None
    return {
        assignment: _policy(path, assignment, table, assignments)
        for assignment, table in data.items()
    }


def _policy(path: Path, assignment: str, table, assignments) -> Policy:
    """Return the :class:`Policy` of one ``[assignment]`` table of ``path``; refuse a bad one."""
    if not isinstance(table, dict):
        raise ValueError(
            f"{path}: {assignment} = {table!r} is outside any assignment's table; put it "
            "under the table of its assignment, e.g. after a line [python_basics]"
        )
    if assignments is not None and assignment not in assignments:
        raise ValueError(
            f"{path}: [{assignment}] is not an assignment of the course; use one of "
            f"{', '.join(sorted(assignments))}"
        )
    unknown = set(table) - {"deadline", "attempts"}
    if unknown:
        raise ValueError(
            f"{path}: [{assignment}] unknown key {', '.join(sorted(unknown))}; "
            "only deadline and attempts"
        )
    deadline, attempts = table.get("deadline"), table.get("attempts")
    if deadline is not None and not isinstance(deadline, datetime):
        raise ValueError(
            f"{path}: [{assignment}] deadline = {deadline!r}; write a date and time such as "
            "2026-12-12T23:59:00Z"
        )
    if deadline is not None and deadline.tzinfo is None:
        raise ValueError(
            f"{path}: [{assignment}] deadline has no time zone; end it with Z (UTC) "
            "or an offset such as +01:00"
        )
    # A TOML true is a Python int too: refused like any other non-number.
    if attempts is not None and (
        isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1
    ):
        raise ValueError(
            f"{path}: [{assignment}] attempts = {attempts!r}; write a whole number of 1 or more"
        )
    return Policy(deadline, attempts)


class PolicyFile:
    """The policies of a running service: re-read when ``classroom.toml`` changes.

    A change that makes the file invalid is logged (once) and the last good policies are
    kept, so grading goes on; they are kept in ``keep`` too, for a service started while the
    file is invalid.

    Parameters
    ----------
    course : Path
        The course folder.
    keep : Path
        Where the last good file is copied (in the service's private folder).
    log : logging.Logger
        Gets the error of an invalid file.
    """

    def __init__(self, course: Path, keep: Path, log):
        self.path = Path(course) / FILE
        self.keep = Path(keep)
        self.log = log
        self._seen = object()  # nothing seen yet: the first call reads the file
        self._policies: dict[str, Policy] = {}
        try:
            self._policies = read_policy_file(self.keep)
        except ValueError:
            self.log.error("%s is not valid; it is ignored", self.keep)

    def current(self) -> dict[str, Policy]:
        """Return the policies of the file as it is now, or the last good ones if it is bad."""
        try:
            info = self.path.stat()
            seen = (info.st_mtime_ns, info.st_size, info.st_ino)
        except FileNotFoundError:
            seen = None
        if seen == self._seen:
            return self._policies
        self._seen = seen
        try:
            self._policies = read_policies(self.path.parent)
        except ValueError as error:
            self.log.error("%s; grading goes on with the last valid policies", error)
            return self._policies
        if seen is None:
            self.keep.unlink(missing_ok=True)
        else:
            self.keep.write_text(self.path.read_text())
        return self._policies
