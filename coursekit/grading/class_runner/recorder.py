"""The command's side of a run: the only writer of the course gradebook, and the ledger.

Workers never touch the course's gradebook. They send back the autograded files and the
autograder's fields (:func:`read_record`); :class:`Recorder` writes them into the course
gradebook (SQLite or PostgreSQL, ``db_url``), one transaction per submission, which keeps SQLite
consistent. The ledger (``autograded/.coursekit-ledger.json``) remembers which submission and
assignment each grade came from, so a rerun grades only what is missing or changed.
"""

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

from coursekit.grading.class_runner.bundle import CourseBundle, Result, Task, remove_tree

LEDGER = ".coursekit-ledger.json"


def read_record(db_url: str, course_id: str, assignment: str, student: str) -> dict:
    """Return the autograder's fields of one submission in the gradebook at ``db_url``."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {
            "timestamp": submission.timestamp,
            "notebooks": {
                notebook.name: {
                    "late_penalty": notebook.late_submission_penalty,
                    "grades": {
                        g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades
                    },
                    "comments": {c.name: c.auto_comment for c in notebook.comments},
                }
                for notebook in submission.notebooks
            },
        }


class Recorder:
    """Records workers' results in the course: gradebook, autograded files and the ledger.

    The only writer of the course gradebook during a run, so SQLite stays consistent.

    Parameters
    ----------
    app : AutogradeApp
        The course's nbgrader configuration (folders, ``db_url``, course id).
    """

    def __init__(self, app):
        from nbgrader.api import Gradebook

        self.coursedir = app.coursedir
        self.gradebook = Gradebook(self.coursedir.db_url, self.coursedir.course_id)
        self.ledger_path = Path(self.coursedir.format_path(
            self.coursedir.autograded_directory, ".", ".")) / LEDGER  # fmt: skip
        self.ledger = read_ledger(self.ledger_path)

    def close(self) -> None:
        """Close the gradebook connection."""
        self.gradebook.close()

    def folder(self, task: Task) -> Path:
        """Return the course's autograded folder of ``task``."""
        step = self.coursedir.autograded_directory
        return Path(self.coursedir.format_path(step, task.student, task.assignment))

    def is_current(self, task: Task, bundle: CourseBundle) -> bool:
        """Return whether ``task`` was graded before, unchanged, with the same assignment."""
        from nbgrader.api import MissingEntry

        entry = self.ledger.get(task.key, {})
        if entry.get("submission") != task.digest or entry.get("assignment") != bundle.digest:
            return False
        if not self.folder(task).is_dir():
            return False
        try:
            self.gradebook.find_submission(task.assignment, task.student)
        except MissingEntry:
            return False
        return True

    def record(self, result: Result, bundle: CourseBundle) -> None:
        """Write a graded submission's files and fields; take back a failed one's old results.

        A submission that could not be graded loses its earlier automatic grades (flagged for
        a look in the formgrader) and feedback page, and is forgotten in the ledger.
        """
        from coursekit.grading.gradebook.stale import clear_grades, replace_feedback

        task = result.task
        folder = self.folder(task)
        remove_tree(folder)
        if not result.ok:
            self.ledger.pop(task.key, None)
            write_ledger(self.ledger_path, self.ledger)
            notebooks = clear_grades(self.gradebook, task.assignment, task.student)
            step = self.coursedir.feedback_directory
            feedback = self.coursedir.format_path(step, task.student, task.assignment)
            replace_feedback(Path(feedback), task.assignment, notebooks)
            return
        for name, (mode, content) in result.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            path.chmod(mode)
        self._record_fields(task, result.record)
        self.ledger[task.key] = {
            "submission": task.digest,
            "assignment": bundle.digest,
            "graded": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_ledger(self.ledger_path, self.ledger)

    def _record_fields(self, task: Task, record: dict) -> None:
        """Copy the autograder's fields into the course gradebook, in one transaction."""
        from sqlalchemy.exc import SAWarning

        gb = self.gradebook
        with warnings.catch_warnings():
            # nbgrader builds a new submission's rows before adding them to its session, which
            # SQLAlchemy warns about (harmlessly) when it autoflushes in between.
            warnings.simplefilter("ignore", SAWarning)
            gb.update_or_create_student(task.student)
            extra = {"timestamp": record["timestamp"]} if record["timestamp"] else {}
            gb.update_or_create_submission(task.assignment, task.student, **extra)
        try:
            for name, fields in record["notebooks"].items():
                notebook = gb.find_submission_notebook(name, task.assignment, task.student)
                notebook.late_submission_penalty = fields["late_penalty"]
                for grade in notebook.grades:
                    auto, needs_manual = fields["grades"][grade.name]
                    grade.auto_score = auto
                    # As nbgrader's SaveAutoGrades: a grade a person set must be looked at again.
                    grade.needs_manual_grade = bool(needs_manual or grade.manual_score is not None)
                for comment in notebook.comments:
                    comment.auto_comment = fields["comments"][comment.name]
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise


def read_ledger(path: Path) -> dict:
    """Return the ledger of graded submissions, ``{}`` when there is none (or it is damaged)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_ledger(path: Path, ledger: dict) -> None:
    """Replace the ledger atomically, so an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)
