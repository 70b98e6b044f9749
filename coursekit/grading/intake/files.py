"""Take in a student's submission before grading: only the notebook, never through a link.

Submissions reach ``submitted/`` from LMS zips, hand copies and exchanges students write to, and
nbgrader follows whatever it finds there with the grader's rights: a notebook that is a
symbolic link to the instructor's notebook is graded (solutions included in its feedback page),
an extra file linked to ``gradebook.db`` is copied into ``autograded/`` and ``feedback/``. It
also fails on a notebook it cannot read (bad JSON, an nbformat other than 4) or does not know
by name (``Notebook (1).ipynb``, as browsers save a second download). :meth:`Intake.take_in`,
nbgrader's ``Autograde.pre_convert_hook`` (``nbgrader_config.py``), runs before each
submission is graded, by plain ``nbgrader autograde`` and ``coursekit grade`` alike:

- :func:`refuse_links`: symbolic links, hard links to files outside the submission, devices,
  FIFOs and sockets, anywhere in the submission, are moved unopened into its
  ``.coursekit-set-aside/`` folder, which nbgrader ignores (``CourseDirectory.ignore``); so are
  files beside the notebooks that the assignment does not list (``Intake.extra_files``). The
  student gets a note in the feedback page (:mod:`~coursekit.grading.intake.sanitize` adds it), the
  instructor a log line. Collection from an exchange copies with :func:`collect`, which takes
  in the same way and never follows a link while it copies;
- an unreadable notebook (a refused link included) is set aside and replaced by an empty
  notebook holding a note that says why; the graded cells are put back and judged
  (:mod:`~coursekit.grading.intake.restore_cells`), so the student gets a feedback page with
  the note and 0 points, and the instructor a log line naming the student and the fix;
- a readable notebook under a near name of an expected one (the only one missing) is graded
  under the expected name (a copy), with a warning naming both files.
"""

import fnmatch
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook
from nbgrader.coursedir import CourseDirectory
from traitlets import Dict, List, Unicode
from traitlets.config import LoggingConfigurable
from traitlets.log import get_logger

# Where refused and unlisted entries go, and the notes for the student, inside the submission;
# nbgrader_config.py adds both to CourseDirectory.ignore, so nbgrader never copies them.
SET_ASIDE = ".coursekit-set-aside"
NOTES = ".coursekit-intake.json"
IGNORED = (SET_ASIDE, NOTES)
# The submission time nbgrader's collect writes (a fixed name in nbgrader's CourseDirectory).
TIMESTAMP = "timestamp.txt"
# What nbgrader's exchange writes into each submission it sends (fetch_feedback reads it back).
EXCHANGE_SECRET = "submission_secret.txt"
# Folders of editors' and Python's own leftovers, which nbgrader ignores too: never noted.
LEFTOVERS = frozenset({".ipynb_checkpoints", "__pycache__"})
LINK_NOTE = (
    "`{name}` was not taken in: it is {kind}, and the grader takes in only files you hand in "
    "themselves. Hand in the file itself (in Jupyter: File > Download, then upload it)."
)
EXTRA_NOTE = (
    "`{name}` was handed in beside the notebook but is not part of the assignment; only your "
    "notebook was graded."
)
UNREADABLE_NOTE = (
    "**Your notebook could not be read, so none of your answers could be graded.** "
    "The grader found: {reason}. Open the notebook in Jupyter, check that it loads, save it "
    "(File > Save) under its original name `{name}` and hand it in again."
)
# What a browser or file manager adds to a second copy: " (1)", "-1", " copy".
NEAR_NAME = re.compile(r"^(?P<stem>.+?)(?: ?\(\d+\)|-\d+| copy| - Copy)$")


def unreadable_reason(path: Path) -> str | None:
    """Return why the notebook at ``path`` cannot be graded, or None when it can be read."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as error:  # noqa: BLE001 -- any failure to parse is the answer
        return f"the file is not a valid notebook ({type(error).__name__}: {str(error)[:200]})"
    if nb.get("nbformat") != 4:
        return f"it is in notebook format {nb.get('nbformat')}, and only format 4 is graded"
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as error:
        # nbgrader would stop on it later ("Notebook is invalid after preprocessor").
        first = str(error).splitlines()[0][:200]
        return f"it does not follow the notebook format (ValidationError: {first})"
    return None


def _kind(mode: int) -> str | None:
    """Return what a refused entry is (for the note), or None for a file or folder."""
    kinds = {
        stat.S_ISLNK: "a link to another file or folder",
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
    }
    return next((kind for test, kind in kinds.items() if test(mode)), None)


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Return every entry under ``folder`` with its ``lstat``, links never followed.

    The intake's own folder and notes are left out; a student's entry under one of their names
    that is not what the intake makes (a link, say) is renamed first, so it is refused too.
    """
    for name, kind in ((SET_ASIDE, stat.S_ISDIR), (NOTES, stat.S_ISREG)):
        path = folder / name
        info = path.lstat() if os.path.lexists(path) else None
        if info and (not kind(info.st_mode) or (name == NOTES and info.st_nlink > 1)):
            os.rename(path, folder / f"{name}.{os.getpid()}.handed-in")
    found, pending = [], [folder]
    while pending:
        for entry in sorted(os.scandir(pending.pop()), key=lambda e: e.name):
            path = Path(entry.path)
            if path.parent == folder and entry.name in IGNORED:
                continue
            info = entry.stat(follow_symlinks=False)
            found.append((path, info))
            if stat.S_ISDIR(info.st_mode):
                pending.append(path)
    return found


def refuse_links(folder: Path, extra_files=(), log=None) -> list[str]:
    """Set aside what a submission must not bring in; return the notes for the student.

    Symbolic links, hard links to files outside ``folder`` (more links than ``folder`` holds),
    devices, FIFOs and sockets, at any depth, and files other than top-level notebooks that
    ``extra_files`` does not match, are moved (never opened or followed) into
    ``folder/.coursekit-set-aside/``. The notes, earlier ones included, are kept in
    ``folder/.coursekit-intake.json`` for the feedback page (:func:`read_notes`). Call it on
    every submission folder before anything reads it: grading does; collection from an
    exchange copies with :func:`collect` instead.

    Parameters
    ----------
    folder : Path
        One submission, ``submitted/<student>/<assignment>``.
    extra_files : sequence of str, default=()
        Globs (relative paths) of the extra files the assignment takes in.
    log : logging.Logger, optional
        Gets one line per entry set aside (default: the traitlets logger).

    Returns
    -------
    list of str
        Every note about ``folder`` so far (empty when nothing was set aside).

    Raises
    ------
    ValueError
        If ``folder`` itself is a link (nothing in it may be read or changed).
    """
    log = log or get_logger()
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        raise ValueError(f"submission {folder} is a link or not a folder; it is not taken in")
    entries = _entries(folder)
    inside = {}
    for _, info in entries:
        if stat.S_ISREG(info.st_mode):
            inside[info.st_ino] = inside.get(info.st_ino, 0) + 1
    notes = read_notes(folder)
    handed_out = released_files(folder)
    for path, info in entries:
        relative = path.relative_to(folder).as_posix()
        kind = _kind(info.st_mode)
        if kind is None and stat.S_ISREG(info.st_mode) and info.st_nlink > inside[info.st_ino]:
            kind = "a hard link to a file outside your submission"
        if kind is not None:
            note = LINK_NOTE.format(name=relative, kind=kind)
            log.error("Submission %s: %s is %s; set aside, not read", folder, relative, kind)
        elif stat.S_ISDIR(info.st_mode) or _taken_in(relative, (TIMESTAMP, *extra_files)):
            continue
        elif LEFTOVERS.intersection(path.relative_to(folder).parts):
            continue  # Jupyter's and Python's own files: nbgrader ignores them, no note
        elif relative in handed_out:
            # Submitting the fetched folder brings these along: grading uses the instructor's
            # copies, so they are set aside without telling an honest student off.
            log.debug("Submission %s: %s came with the release; set aside", folder, relative)
            _set_aside(folder, path)
            continue
        else:
            note = EXTRA_NOTE.format(name=relative)
            log.warning("Submission %s: %s is not listed for the assignment; set aside",
                        folder, relative)  # fmt: skip
        _set_aside(folder, path)
        notes.append(note)
    _write_notes(folder, notes)
    return notes


def released_files(folder: Path) -> frozenset[str]:
    """Return the files every student gets with the assignment, relative to its folder.

    ``folder`` is ``<course>/submitted/<student>/<assignment>``: the files are those of
    ``<course>/source/<assignment>/`` (what ``nbgrader generate_assignment`` releases and
    ``nbgrader autograde`` copies over each submission) and the exchange's own secret file.
    """
    folder = Path(folder)
    source = folder.parents[2] / "source" / folder.name if len(folder.parents) > 2 else None
    released = {EXCHANGE_SECRET}
    if source is not None and source.is_dir():
        released |= {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}
    return frozenset(released)


def collect(source: Path, dest: Path, extra_files=(), log=None) -> list[str]:
    """Copy one submission out of a folder students write to (an exchange) as grading takes it.

    Only regular files with a single link, at top level notebooks and ``timestamp.txt`` or
    files ``extra_files`` matches, are copied; each is opened relative to its folder's handle
    without following links, so a link swapped in during the copy is not followed either.
    Everything else is left where it is and named in the notes ``dest`` keeps for the
    feedback page. Grading then takes ``dest`` in again (:func:`refuse_links`).

    Parameters
    ----------
    source : Path
        The student's submission in the exchange (``inbound/<student>+<assignment>+<time>``).
    dest : Path
        The new submission folder, ``submitted/<student>/<assignment>`` (made; must not exist).
    extra_files : sequence of str, default=()
        Globs of the extra files the assignment takes in (``Intake.extra_files``).
    log : logging.Logger, optional
        Gets one line per entry left out (default: the traitlets logger).

    Returns
    -------
    list of str
        The notes for the student (empty when everything was copied).
    """
    log = log or get_logger()
    dest = Path(dest)
    dest.mkdir(parents=True)
    notes = []
    for folder, folders, names, folder_fd in os.fwalk(source):  # fwalk never enters links
        relative_folder = Path(folder).relative_to(source)
        for name in sorted([*folders, *names]):  # a link to a folder is listed as a folder
            relative = (relative_folder / name).as_posix()
            if LEFTOVERS.intersection(Path(relative).parts):
                continue
            note = _copy_one(folder_fd, name, dest / relative, relative, extra_files)
            if note:
                log.warning("Submission %s: %s", source, note)
                notes.append(note)
    _write_notes(dest, notes)
    return notes


def _copy_one(folder_fd: int, name: str, target: Path, relative: str, extra_files) -> str:
    """Copy one entry if it is a regular file with one link that is taken in; else a note."""
    info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    kind = _kind(info.st_mode)
    if kind is None and stat.S_ISDIR(info.st_mode):
        return ""  # entered by the walk
    if kind is None and stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        kind = "a hard link to another file"
    if kind is not None:
        return LINK_NOTE.format(name=relative, kind=kind)
    if not _taken_in(relative, (TIMESTAMP, *extra_files)):
        return EXTRA_NOTE.format(name=relative)
    handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder_fd)
    with os.fdopen(handle, "rb") as source:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # swapped since the first look
            return LINK_NOTE.format(name=relative, kind="not a regular file")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read())
    return ""


def replace_refused_notebooks(folder: Path, expected, log) -> None:
    """Put a notebook holding a note where the intake set aside one of ``expected`` (a link).

    So the student gets 0 points and a feedback page saying why, as for an unreadable one.
    """
    for name in expected:
        path = folder / name
        kept = folder / SET_ASIDE / name
        if not path.exists() and not path.is_symlink() and (kept.is_symlink() or kept.exists()):
            _write_note(path, "your notebook was a link to another file, not a file", log)


def _taken_in(relative: str, extra_files) -> bool:
    """Return whether the file ``relative`` is a top-level notebook or a listed extra file."""
    if "/" not in relative and relative.endswith(".ipynb"):
        return True
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in extra_files)


def _set_aside(folder: Path, path: Path) -> None:
    """Move the entry ``path`` (not what it points to) into ``folder``'s set-aside folder.

    Entries lie flat in it (``sub__name``), so no folder in it, which a student may have
    handed in, is ever entered.
    """
    aside = folder / SET_ASIDE
    aside.mkdir(exist_ok=True)
    flat = path.relative_to(folder).as_posix().replace("/", "__")
    target, count = aside / flat, 0
    while os.path.lexists(target):
        count += 1
        target = aside / f"{flat}.{count}"
    os.rename(path, target)


def read_notes(folder: Path) -> list[str]:
    """Return the intake's notes about the submission in ``folder`` (empty when none)."""
    path = Path(folder) / NOTES
    if path.is_symlink() or not path.is_file():
        return []
    try:
        notes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [note for note in notes if isinstance(note, str)] if isinstance(notes, list) else []


def _write_notes(folder: Path, notes: list[str]) -> None:
    """Keep ``notes`` in the submission (removed when there are none)."""
    path = folder / NOTES
    unique = list(dict.fromkeys(notes))
    if unique:
        # A new file put in place: never written through whatever stood there before.
        handle, partial = tempfile.mkstemp(prefix=NOTES, dir=folder)  # O_EXCL: a new file
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(unique, indent=1) + "\n")
        os.replace(partial, path)
    elif os.path.lexists(path):
        path.unlink()


class Intake(LoggingConfigurable):
    """The course's intake of submissions (nbgrader's pre-convert hook is :meth:`take_in`)."""

    extra_files = Dict(
        value_trait=List(Unicode()),
        default_value={},
        help="Per assignment id, globs of the files students may hand in beside the "
        "notebooks (paths relative to the submission, e.g. {'project': ['data/*.csv']}); "
        "only these reach autograded/ and feedback/. Default: none, only the notebooks.",
    ).tag(config=True)

    def expected_names(self, assignment: str) -> list[str]:
        """Return the notebook names of ``assignment``, from the course's source folder."""
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))
        return sorted(path.name for path in source.glob("*.ipynb"))

    @property
    def coursedir(self) -> CourseDirectory:
        """Return the course's folders, as nbgrader's configuration sets them."""
        return CourseDirectory(parent=self)

    def take_in(self, assignment=None, student=None, notebooks=None, **kwargs) -> None:
        """Make one submission safe and gradable (nbgrader's pre-convert hook).

        Parameters
        ----------
        assignment, student : str
            nbgrader's ids as given on its command line (maybe globs; unused).
        notebooks : list of str
            The submission's notebook paths; changed in place to the paths nbgrader should
            grade (emptied when the submission folder is a link: nbgrader then skips it).
        """
        if not notebooks:
            return
        try:
            self._take_in(Path(notebooks[0]).parent, notebooks)
        except Exception:
            # nbgrader only logs a failing hook and grades on: this submission must then not
            # be graded at all, or its links would be followed.
            self.log.exception("Submission %s could not be taken in; it is not graded", notebooks)
            notebooks.clear()

    def _take_in(self, folder: Path, notebooks: list[str]) -> None:
        """Set aside what ``folder`` must not bring in, then make ``notebooks`` gradable."""
        try:
            refuse_links(folder, self.extra_files.get(folder.name, ()), self.log)
        except ValueError as error:
            self.log.error("%s", error)
            notebooks.clear()
            return
        expected = self.expected_names(folder.name)
        replace_refused_notebooks(folder, expected, self.log)
        for name in list(notebooks):
            path = Path(name)
            if path.name not in expected:
                renamed = _rename(path, expected, folder, self.log)
                if renamed is None:
                    continue
                notebooks[notebooks.index(name)] = str(renamed)
                path = renamed
            reason = unreadable_reason(path)
            if reason is not None:
                _replace_with_note(folder, path, reason, self.log)
        notebooks.sort()


def _rename(path: Path, expected: list[str], folder: Path, log) -> Path | None:
    """Grade ``path`` under the expected name it is a near copy of, if that one is missing."""
    match = NEAR_NAME.match(path.stem)
    target = f"{match['stem']}.ipynb" if match else None
    if target not in expected or (folder / target).exists() or not path.exists():
        return None
    log.warning(
        "Submission %s: notebook %r is graded as %r (the expected name was missing)",
        folder, path.name, target,
    )  # fmt: skip
    shutil.copy2(path, folder / target)
    return folder / target


def _replace_with_note(folder: Path, path: Path, reason: str, log) -> None:
    """Set the unreadable ``path`` aside and put a notebook with a note in its place."""
    kept = folder / SET_ASIDE / (path.name + ".unreadable")
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, kept)
    log.error(
        "Submission %s cannot be read: %s. It is kept as %s; the student gets 0 and a note. "
        "Fix the file (or ask the student to hand it in again) and regrade.",
        path, reason, kept.relative_to(folder),
    )  # fmt: skip
    _write_note(path, reason, log=None)


def _write_note(path: Path, reason: str, log) -> None:
    """Write at ``path`` an empty notebook holding the unreadable-notebook note."""
    if log is not None:
        log.error("Submission %s: %s; the student gets 0 and a note", path, reason)
    note = UNREADABLE_NOTE.format(reason=reason, name=path.name)
    nb = new_notebook(cells=[new_markdown_cell(note)])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
