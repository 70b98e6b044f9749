"""nbgrader's exchange for a class, and the course folder locked away from students.

nbgrader's own permission model (``release_assignment``'s) is kept: the course's exchange
folder and ``outbound/`` readable by all, ``inbound/`` writable but not listable, ``feedback/``
traversable but not listable. Two things are tightened, because its submissions (mode 0777)
and released feedback (0644) are protected only by hard-to-guess names (nbgrader issues #978,
#1202):

- ``inbound/`` is also sticky, so nobody renames or deletes an entry they do not own, and the
  grading service moves each submission out of it, into the course folder, as soon as it is
  complete;
- each released feedback page is handed to its student (owner) with mode 0600.

The exchange root is sticky too (as ``/tmp``): nbgrader wants it writable by all, and
without it anyone could rename the course's folder away and put their own in its place.

The course folder (sources, hidden checks, gradebook, submissions) is closed to everyone but
root and the instructor's group: its top folder has no rights for others, and the folders
formgrader writes are the instructor group's, set-group-id so new files stay so.
"""

import grp
import os
import pwd
from pathlib import Path

# Exchange folder modes: nbgrader's (its commands refuse an exchange root others cannot write),
# the root and inbound made sticky as well, so nobody renames what they do not own.
ROOT_MODE = 0o1777
COURSE_MODE = 0o755
OUTBOUND_MODE = 0o755
INBOUND_MODE = 0o3733
FEEDBACK_MODE = 0o711
# The course folder: root and the instructor's group only; the folders formgrader writes.
COURSE_ROOT_MODE = 0o2770
INSTRUCTOR_FOLDERS = ("source", "release", "submitted", "autograded", "feedback")
# Owner only. Writable by its owner: nbgrader's fetch_feedback copies the mode to the student's
# own copy, and a read-only copy made the next fetch (after a resubmission) fail on it.
FEEDBACK_PAGE_MODE = 0o600


def make_exchange(root: Path, course_id: str) -> Path:
    """Create (or repair) the exchange of ``course_id`` under ``root``, owned by root.

    Returns
    -------
    Path
        The course's exchange folder, ``root/course_id``.
    """
    root = Path(root)
    course = root / course_id
    for folder, mode in [
        (root, ROOT_MODE),
        (course, COURSE_MODE),
        (course / "outbound", OUTBOUND_MODE),
        (course / "inbound", INBOUND_MODE),
        (course / "feedback", FEEDBACK_MODE),
    ]:
        folder.mkdir(parents=True, exist_ok=True)
        os.chown(folder, 0, 0)
        # mkdir applies the umask and drops the sticky and set-group-id bits: set them after.
        folder.chmod(mode)
    return course


def hand_feedback_to(page: Path, username: str) -> None:
    """Make a released feedback ``page`` readable by ``username`` only."""
    account = pwd.getpwnam(username)
    os.chown(page, account.pw_uid, account.pw_gid)
    Path(page).chmod(FEEDBACK_PAGE_MODE)


def lock_course(course: Path, instructor: str) -> None:
    """Close the course folder to all but root and the ``instructor``'s group.

    The top folder gets mode 2770 (no rights for others: nothing under it can be reached by a
    student, whatever its own mode); the folders formgrader writes and the gradebook get the
    instructor's group with group write, set-group-id on folders.
    """
    course = Path(course)
    gid = grp.getgrnam(pwd.getpwnam(instructor).pw_name).gr_gid
    os.chown(course, -1, gid)
    course.chmod(COURSE_ROOT_MODE)
    for name in INSTRUCTOR_FOLDERS:
        (course / name).mkdir(exist_ok=True)
        for folder, _, files in os.walk(course / name):
            os.chown(folder, -1, gid)
            Path(folder).chmod(Path(folder).stat().st_mode & 0o7777 | 0o2770)
            for file in files:
                path = Path(folder) / file
                if not path.is_symlink():
                    os.chown(path, -1, gid)
                    path.chmod(path.stat().st_mode & 0o7777 | 0o660)
    gradebook = course / "gradebook.db"
    if gradebook.exists():
        os.chown(gradebook, -1, gid)
        gradebook.chmod(0o660)
