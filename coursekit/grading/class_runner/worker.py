"""Grading one submission with nbgrader, in process: the function worker processes run.

A worker keeps a private copy of each assignment's course (:class:`PrivateCourse`) for its
whole life, so it pays nbgrader's imports and configuration once, and state a preprocessor
keeps at module level (a kernel started ahead of need, say) lives on between submissions.
It grades with nbgrader's own ``Autograde`` converter into a throwaway gradebook and sends
back the autograded files and the autograder's fields; it never touches the course's
gradebook. A submission nbgrader cannot grade comes back with the typed failure of
:mod:`coursekit.grading.errors` that its exception makes.
"""

import io
import logging
import os
import shutil
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from multiprocessing.util import Finalize
from pathlib import Path

from nbgrader.converters.autograde import Autograde

from coursekit.grading.class_runner.bundle import CourseBundle, Result, Task, remove_tree
from coursekit.grading.class_runner.recorder import read_record
from coursekit.grading.errors import GradingError, failure_of
from coursekit.grading.nbgrader_cli import autograde_app

# One private course per bundle per worker process, kept for the life of the process.
_COURSES: dict[str, "PrivateCourse"] = {}
# nbgrader's converter changes the working directory of the whole process while it grades,
# so a process grades one submission at a time, even on a Dask worker with several threads.
_GRADING = threading.Lock()


class PrivateCourse:
    """A worker's private copy of one assignment's course, with its own gradebook.

    Parameters
    ----------
    bundle : CourseBundle
        The assignment to grade.
    """

    def __init__(self, bundle: CourseBundle):
        self.bundle = bundle
        self.root = Path(tempfile.mkdtemp(prefix=f"coursekit-worker-{os.getpid()}-"))
        # Worker processes end through multiprocessing, which skips atexit but runs these.
        Finalize(None, shutil.rmtree, (self.root,), {"ignore_errors": True}, exitpriority=10)
        for name, content in bundle.files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        # A throwaway gradebook: in memory-backed /dev/shm where there is one, since each of
        # nbgrader's many commits per submission waits for the disk otherwise.
        shm = Path("/dev/shm")
        books = Path(tempfile.mkdtemp(dir=shm)) if os.access(shm, os.W_OK) else self.root
        Finalize(None, shutil.rmtree, (books,), {"ignore_errors": True}, exitpriority=10)
        (books / "gradebook.db").write_bytes(bundle.gradebook)
        self.db_url = f"sqlite:///{books / 'gradebook.db'}"
        self.app = autograde_app(
            self.root,
            [f"--CourseDirectory.db_url={self.db_url}", *bundle.nbgrader_args],
            config=bundle.config,
        )
        self.coursedir = self.app.coursedir
        # nbgrader's log goes to the result (see grade), not to the worker's stderr.
        self.app.log.handlers.clear()
        self.app.log.propagate = False

    def _folder(self, step: str, student: str) -> Path:
        """Return ``step``'s folder of ``student``'s submission in the private course."""
        return Path(self.coursedir.format_path(step, student, self.bundle.assignment))

    def grade(self, task: Task) -> Result:
        """Autograde ``task`` with nbgrader's ``Autograde`` converter and return its results."""
        from sqlalchemy.exc import SAWarning

        seconds = {}
        start = time.perf_counter()
        submitted = self._folder(self.coursedir.submitted_directory, task.student)
        autograded = self._folder(self.coursedir.autograded_directory, task.student)
        for folder in (submitted, autograded):
            remove_tree(folder)
        for name, content in task.files.items():
            (submitted / name).parent.mkdir(parents=True, exist_ok=True)
            (submitted / name).write_bytes(content)
        seconds["write"] = time.perf_counter() - start

        start = time.perf_counter()
        self.coursedir.assignment_id = task.assignment
        self.coursedir.student_id = task.student
        converter = _Autograde(coursedir=self.coursedir, parent=self.app)
        converter.force = True
        buffer = io.StringIO()
        handler = logging.StreamHandler(buffer)
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
        converter.log.addHandler(handler)
        failure = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SAWarning)  # see Recorder._record_fields
                converter.start()
        except Exception as error:  # noqa: BLE001 -- a worker must report, not die
            # nbgrader logs the exception that failed the submission and raises its own
            # NbGraderException after; the converter kept the first.
            failure = failure_of(converter.failure or error)
        finally:
            converter.log.removeHandler(handler)
        seconds["autograde"] = time.perf_counter() - start
        worker = f"{os.uname().nodename}:{os.getpid()}"
        if failure is not None:
            return Result(
                task.without_files(),
                failure=self._in_course_paths(failure),
                seconds=seconds,
                log=buffer.getvalue().replace(f"{self.root}/", ""),
                worker=worker,
            )

        start = time.perf_counter()
        files = {
            path.relative_to(autograded).as_posix(): (
                path.stat().st_mode & 0o777,
                path.read_bytes(),
            )
            for path in sorted(autograded.rglob("*"))
            if path.is_file()
        }
        record = read_record(self.db_url, self.bundle.course_id, task.assignment, task.student)
        remove_tree(submitted)
        remove_tree(autograded)
        seconds["collect"] = time.perf_counter() - start
        return Result(task.without_files(), seconds=seconds, files=files, record=record,
                      worker=worker)  # fmt: skip

    def _in_course_paths(self, failure: GradingError) -> GradingError:
        """Return ``failure`` with this private copy's paths as the course's own.

        The instructor knows the course's paths, not this worker's private copy.
        """
        return type(failure)(str(failure).replace(f"{self.root}/", ""))


def grade_submission(bundle: CourseBundle, task: Task) -> Result:
    """Grade ``task`` in this process (the function workers run); see :class:`PrivateCourse`."""
    with _GRADING:
        start = time.perf_counter()
        course = _COURSES.get(bundle.digest)
        if course is None:
            course = _COURSES[bundle.digest] = PrivateCourse(bundle)
        setup = time.perf_counter() - start
        result = course.grade(task)
        result.seconds["setup"] = setup
        return result


class _Autograde(Autograde):
    """nbgrader's ``Autograde`` converter, keeping the exception that failed a submission.

    nbgrader catches it per submission, logs its traceback and raises a plain
    ``NbGraderException`` at the end (``nbgrader.converters.base.convert_notebooks``); the
    exception itself tells what went wrong (:func:`coursekit.grading.errors.failure_of`).

    Attributes
    ----------
    failure : Exception or None
        The first exception raised while setting up or converting the submission.
    """

    failure = None

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        """Set up the submission's gradebook rows and files, keeping any exception."""
        with self._keep_failure():
            super().init_assignment(assignment_id, student_id)

    def convert_single_notebook(self, notebook_filename: str) -> None:
        """Grade one notebook (run and score it), keeping any exception."""
        with self._keep_failure():
            super().convert_single_notebook(notebook_filename)

    @contextmanager
    def _keep_failure(self):
        """Remember the first exception raised inside, and raise it on to nbgrader."""
        try:
            yield
        except Exception as error:
            self.failure = self.failure or error
            raise
