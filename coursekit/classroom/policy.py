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


def read_policies(course: Path) -> dict[str, Policy]:
    """Return each assignment's :class:`Policy` from ``course/classroom.toml`` (none: empty).

    Raises
    ------
    ValueError
        Naming the file, the assignment and the key, for a value of the wrong kind.
    """
    path = Path(course) / FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ValueError(
            f"{path}: {error}; see coursekit/classroom/policy.py for the format"
        ) from None
    policies = {}
    for assignment, table in data.items():
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
        if attempts is not None and (not isinstance(attempts, int) or attempts < 1):
            raise ValueError(
                f"{path}: [{assignment}] attempts = {attempts!r}; write a whole number of 1 or more"
            )
        unknown = set(table) - {"deadline", "attempts"}
        if unknown:
            raise ValueError(
                f"{path}: [{assignment}] unknown key {', '.join(sorted(unknown))}; "
                "only deadline and attempts"
            )
        policies[assignment] = Policy(deadline, attempts)
    return policies
