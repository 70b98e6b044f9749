"""Grades out to the LMS: the gradebook-import CSV of Canvas and of Moodle.

``python -m coursekit.classroom.lms --roster roster.csv --to canvas --output canvas.csv``
(from the course folder) writes one row per student of the roster, one column per assignment,
the score from the course's gradebook (empty when the student has no graded submission).

- **Canvas** (Grades > Import): the columns of its own gradebook export, ``Student``, ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment, and a
  ``Points Possible`` row. The roster's ``lms_id`` goes in ``SIS User ID``, by which Canvas
  matches the student; an assignment column Canvas does not know becomes a new assignment.
- **Moodle** (Grades > Import > CSV file): an identity column, which the import page maps to a
  user field (``--moodle-field``: ``ID number``, ``Email address`` or ``Username``), then one
  column per assignment, mapped to grade items on the same page.
"""

import argparse
import csv
import io
import sys
from pathlib import Path

from coursekit.classroom.roster import Roster, RosterError, read_roster

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_FIELDS = ("ID number", "Email address", "Username")

Grades = dict[tuple[str, str], float]


def read_grades(course: Path) -> tuple[dict[str, float], Grades]:
    """Return each assignment's maximum and each (student, assignment)'s score.

    Parameters
    ----------
    course : Path
        The course folder, whose ``nbgrader_config.py`` names the gradebook.

    Returns
    -------
    maxima : dict of str to float
        Assignment id to its points, in the gradebook's order.
    grades : dict of (str, str) to float
        (student, assignment) to score, for graded submissions only.
    """
    from nbgrader.api import Gradebook
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    directory = config.CourseDirectory
    db_url = directory.get("db_url") or f"sqlite:///{Path(course).resolve() / 'gradebook.db'}"
    maxima, grades = {}, {}
    with Gradebook(db_url, directory.get("course_id", "")) as gradebook:
        for assignment in gradebook.assignments:
            if assignment.max_score == 0:
                continue
            maxima[assignment.name] = float(assignment.max_score)
            for submission in assignment.submissions:
                grades[(submission.student_id, assignment.name)] = float(submission.score)
    return maxima, grades


def _score(grades: Grades, student: str, assignment: str) -> str:
    score = grades.get((student, assignment))
    return "" if score is None else f"{score:g}"


def canvas_csv(roster: Roster, maxima: dict[str, float], grades: Grades) -> str:
    """Return Canvas's gradebook-import CSV for the roster's students."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_COLUMNS, *maxima])
    writer.writerow(["    Points Possible", "", "", "", "", *(f"{m:g}" for m in maxima.values())])
    for person in roster.students:
        writer.writerow(
            [
                person.name or person.username,
                "",
                person.lms_id,
                "",
                "",
                *(_score(grades, person.username, a) for a in maxima),
            ]
        )
    return out.getvalue()


def moodle_csv(
    roster: Roster, maxima: dict[str, float], grades: Grades, field: str = "ID number"
) -> str:
    """Return Moodle's grade-import CSV, the identity column headed ``field``."""
    if field not in MOODLE_FIELDS:
        raise ValueError(f"Moodle identity field {field!r}; choose one of {MOODLE_FIELDS}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([field, *maxima])
    for person in roster.students:
        writer.writerow([person.lms_id, *(_score(grades, person.username, a) for a in maxima)])
    return out.getvalue()


def main(argv=None) -> int:
    """Write the CSV for ``--to canvas`` or ``--to moodle``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=Path, required=True)
    parser.add_argument("--to", choices=("canvas", "moodle"), required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--moodle-field", choices=MOODLE_FIELDS, default="ID number")
    args = parser.parse_args(argv)
    try:
        roster = read_roster(args.roster)
    except RosterError as error:
        print(error, file=sys.stderr)
        return 2
    maxima, grades = read_grades(args.course)
    if args.to == "canvas":
        text = canvas_csv(roster, maxima, grades)
    else:
        text = moodle_csv(roster, maxima, grades, args.moodle_field)
    args.output.write_text(text)
    print(f"{args.output}: {len(roster.students)} students, {len(maxima)} assignments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
