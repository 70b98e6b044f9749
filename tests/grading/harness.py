"""Grade a class of crafted Assignment 1 submissions in one nbgrader run and read the results.

The forgery and hostile suites build a scratch course once per session, copy it per class
run, hand in one notebook per student, run ``nbgrader autograde`` and read scores and the
gradebook back. Snapshots of the course folder show what a run changed outside the sandbox.
"""

import contextlib
import copy
import hashlib
import os
import shutil
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from coursekit.course import ROOT, get_assignment
from coursekit.grading.nbgrader_cli import autograde_app, run_nbgrader
from coursekit.submissions import fill_answers, solution_answers

ASSIGNMENT = get_assignment("python_basics")
# The course id, as the course's nbgrader_config.py declares it (the one place it is set).
COURSE_ID = autograde_app(ROOT).coursedir.course_id
FILES = Path(__file__).parent / "files"
FULL = 15.0

# A partly wrong submission: `test` and L1 right (2 of 15 points), every other answer wrong
# in a way its checks catch.
WRONG = {
    "hello_world": 'test = "Hello World"',
    "basic_sigmoid": "def basic_sigmoid(x):\n    return 0.5",
    "sigmoid": "def sigmoid(x):\n    return np.asarray(x) * 0 + 0.5",
    "sigmoid_derivative": "def sigmoid_derivative(x):\n    return np.asarray(x) * 0.0",
    "image2vector": "def image2vector(image):\n    return image.reshape(-1, 1) * 0",
    "normalize_rows": "def normalize_rows(x):\n    return x / x.sum()",
    "softmax": "def softmax(x):\n    return np.exp(x) / np.exp(x).sum()",
    "L1": "def L1(yhat, y):\n    return np.sum(np.abs(y - yhat))",
    "L2": "def L2(yhat, y):\n    return np.sum(np.abs(y - yhat))",
}
WRONG_SCORE = 2.0


def release_notebook(course: Path) -> Path:
    """Return the path of Assignment 1's release notebook in ``course``."""
    return ASSIGNMENT.release_notebook(course)


def solution(course: Path) -> dict[str, str]:
    """Return the instructor's answers, by answer cell."""
    return solution_answers(ASSIGNMENT.source_notebook(course))


def snippet(kind: str, name: str) -> str:
    """Return the text of the fixture ``files/<kind>/<name>.py``."""
    return (FILES / kind / f"{name}.py").read_text(encoding="utf-8")


def with_attack(answers: dict[str, str], code: str) -> dict[str, str]:
    """Return ``answers`` with the attack ``code`` added to answer cells.

    A ``# cell: <grade id>`` line starts a section that is added after that cell's answer, so
    it runs before that exercise's checks and can replace its functions; code before the first
    such line goes before the first answer (it runs before everything else).
    """
    changed = dict(answers)
    cell, lines = "hello_world", []
    sections: list[tuple[str, list[str]]] = [(cell, lines)]
    for line in code.splitlines():
        if line.startswith("# cell:"):
            cell, lines = line.split(":", 1)[1].strip(), []
            sections.append((cell, lines))
        else:
            lines.append(line)
    first, *rest = sections
    if any(line.strip() for line in first[1]):
        changed["hello_world"] = "\n".join(first[1]) + "\n" + changed["hello_world"]
    for cell, lines in rest:
        changed[cell] = changed[cell] + "\n" + "\n".join(lines)
    return changed


def notebook(course: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """Return the release notebook of ``course`` with ``answers`` filled in."""
    return fill_answers(release_notebook(course), answers)


def hand_in(course: Path, student: str, nb, name: str | None = None) -> Path:
    """Write ``nb`` (a notebook or raw text) as ``student``'s submission; return its path."""
    folder = course / "submitted" / student / ASSIGNMENT.name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or ASSIGNMENT.notebook)
    if isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, path)
    return path


def _cells(nb, grade_id: str) -> list[int]:
    """Return the positions of the cells of ``nb`` whose grade id is ``grade_id``."""
    return [
        k
        for k, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    ]


def _retyped(cell, cell_type: str):
    """Return a copy of ``cell`` as a ``cell_type`` cell, metadata included (as Jupyter does)."""
    twin = copy.deepcopy(cell)
    twin.cell_type = cell_type
    if cell_type == "markdown":
        twin.pop("outputs", None)
        twin.pop("execution_count", None)
    else:
        twin.outputs, twin.execution_count = [], None
    return twin


def _duplicate(nb, grade_id: str):
    """Paste a copy of the cell ``grade_id`` (metadata included) right after it."""
    k = _cells(nb, grade_id)[0]
    nb.cells.insert(k + 1, copy.deepcopy(nb.cells[k]))
    return nb


def _empty_metadata(nb):
    """Give the softmax answer cell and the first markdown cell ``"nbgrader": {}``."""
    nb.cells[_cells(nb, "softmax")[0]].metadata["nbgrader"] = {}
    first_markdown = next(c for c in nb.cells if c.cell_type == "markdown")
    first_markdown.metadata["nbgrader"] = {}
    return nb


def _schema_4(nb):
    """Mark L1's answer and test cells with nbgrader metadata version 4."""
    for grade_id in ("L1", "L1-values"):
        nb.cells[_cells(nb, grade_id)[0]].metadata.nbgrader["schema_version"] = 4
    return nb


def _markdown_twins(nb):
    """Put a markdown twin (same metadata) of every test cell before it."""
    tests = [
        c.metadata.nbgrader.grade_id
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    for grade_id in tests:
        k = _cells(nb, grade_id)[0]
        nb.cells.insert(k, _retyped(nb.cells[k], "markdown"))
    return nb


def _moved_and_retyped(nb):
    """Move sigmoid's values test above its answer; turn L2's test into a markdown cell."""
    test = nb.cells.pop(_cells(nb, "sigmoid-values")[0])
    nb.cells.insert(_cells(nb, "sigmoid")[0], test)
    k = _cells(nb, "L2-values")[0]
    nb.cells[k] = _retyped(nb.cells[k], "markdown")
    return nb


# Honest accidents on a right submission: each changes the notebook as an editor would.
ACCIDENT_EDITS = {
    "duplicated_answer_cell": lambda nb: _duplicate(nb, "sigmoid"),
    "duplicated_test_cell": lambda nb: _duplicate(nb, "softmax-values"),
    "empty_nbgrader_metadata": _empty_metadata,
    "schema_version_4": _schema_4,
    "markdown_twins": _markdown_twins,
    "moved_and_retyped": _moved_and_retyped,
}
# The course's secret a link may aim at (never a copy: a link must not reach it).
HIDDEN_QUIZ = Path(__file__).parents[2] / "coursekit" / "hidden" / "quiz.py"


def _notebook_linked_to_source(course: Path, folder: Path) -> None:
    """Hand in a symbolic link to the instructor's notebook instead of a notebook."""
    (folder / ASSIGNMENT.notebook).symlink_to(ASSIGNMENT.source_notebook(course))


def _extras_linked_to_secrets(course: Path, folder: Path) -> None:
    """Hand in a partly wrong notebook with links to the gradebook, a hidden check, a folder."""
    nbformat.write(notebook(course, WRONG), folder / ASSIGNMENT.notebook)
    (folder / "gradebook.db").symlink_to(course / "gradebook.db")
    (folder / "quiz.py").symlink_to(HIDDEN_QUIZ)
    (folder / "hidden").symlink_to(HIDDEN_QUIZ.parent, target_is_directory=True)


def _hard_link_to_gradebook(course: Path, folder: Path) -> None:
    """Hand in a partly wrong notebook with a hard link to the course's gradebook."""
    nbformat.write(notebook(course, WRONG), folder / ASSIGNMENT.notebook)
    (folder / "data").mkdir()
    os.link(course / "gradebook.db", folder / "data" / "notes.db")


def _fifo_and_socket(course: Path, folder: Path) -> None:
    """Hand in a partly wrong notebook with a named pipe and a Unix socket beside it."""
    nbformat.write(notebook(course, WRONG), folder / ASSIGNMENT.notebook)
    os.mkfifo(folder / "pipe")
    # A socket file made directly: binding one needs a path under 108 bytes, and pytest's
    # folders under xdist are longer.
    os.mknod(folder / "sock", 0o600 | stat.S_IFSOCK)


# Submissions that bring in more than a notebook, and the score each must get.
LINKS = {
    "notebook_linked_to_source": (_notebook_linked_to_source, 0.0),
    "extras_linked_to_secrets": (_extras_linked_to_secrets, WRONG_SCORE),
    "hard_link_to_gradebook": (_hard_link_to_gradebook, WRONG_SCORE),
    "fifo_and_socket": (_fifo_and_socket, WRONG_SCORE),
}


def hand_in_accident(course: Path, case: str) -> None:
    """Hand in the accident or link ``case`` as the student of that name."""
    if case in ACCIDENT_EDITS:
        hand_in(course, case, ACCIDENT_EDITS[case](notebook(course, solution(course))))
        return
    folder = course / "submitted" / case / ASSIGNMENT.name
    folder.mkdir(parents=True, exist_ok=True)
    LINKS[case][0](course, folder)


def copy_course(template: Path, dest: Path) -> Path:
    """Copy the built scratch course ``template`` to ``dest`` and return ``dest``."""
    shutil.copytree(template, dest, symlinks=True)
    return dest


def autograde(course: Path, *extra: str):
    """Run ``nbgrader autograde`` on every submission of Assignment 1 in ``course``."""
    return run_nbgrader("autograde", ASSIGNMENT.name, "--force", *extra, root=course)


def autograde_students(root: Path, assignment, students=None, log=print) -> None:
    """Autograde ``students``' submissions of ``assignment`` with ``coursekit grade``, every core.

    Re-grading replaces earlier results (``force``); ``students`` defaults to every student
    with a submission and ``log`` receives the run's summary. Raises ``RuntimeError`` if
    nbgrader cannot grade a submission (not when a student's code fails: that costs points).
    """
    import io

    from coursekit.grading.class_runner.runner import grade_class

    summary = grade_class(
        root, [assignment.name], students=students, force=True, log=log, stream=io.StringIO()
    )
    if summary.failed:
        raise RuntimeError(f"nbgrader autograde {assignment.name} failed:\n{summary.text()}")


# Side-by-side plain nbgrader runs: one per core, up to 4.
RUNS = max(1, min(4, os.cpu_count() or 1))


def spread(names: list[str], runs: int = RUNS) -> list[list[str]]:
    """Deal ``names`` round-robin into ``runs`` groups (fewer when there are fewer names)."""
    return [group for group in (names[k::runs] for k in range(runs)) if group]


def autograde_side_by_side(courses: list[Path], *extra: str) -> list:
    """Run plain ``nbgrader autograde`` in every course at once; return their results.

    Each course has its own gradebook, so no SQLite file ever sees two writers; the runs
    only share the machine's cores.
    """
    with ThreadPoolExecutor(max_workers=len(courses)) as pool:
        return list(pool.map(lambda course: autograde(course, *extra), courses))


def scores(course: Path) -> dict[str, float | None]:
    """Return each student's total automatic score (None when nothing was graded)."""
    out = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db", COURSE_ID) as gb:
        for student in gb.students:
            try:
                out[student.id] = gb.find_submission(ASSIGNMENT.name, student.id).score
            except Exception:  # noqa: BLE001 -- MissingEntry: never graded
                out[student.id] = None
    return out


def gradebook_rows(course: Path) -> dict:
    """Return the gradebook's content by owner: the course's records and each student's grades.

    The ``"course"`` entry holds the notebooks' source cells (with checksums) and grade cells,
    ``"students"`` the student ids; each student's entry maps grade ids to (auto, manual, extra)
    scores and comments.
    """
    rows = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db", COURSE_ID) as gb:
        rows["students"] = sorted(student.id for student in gb.students)
        course_rows = []
        for assignment in gb.assignments:
            for nb in assignment.notebooks:
                for cell in nb.source_cells:
                    course_rows.append(("source", nb.name, cell.name, cell.source, cell.checksum))
                for cell in nb.grade_cells:
                    course_rows.append(("grade", nb.name, cell.name, cell.max_score))
        rows["course"] = sorted(map(repr, course_rows))
        for student in gb.students:
            try:
                submission = gb.find_submission(ASSIGNMENT.name, student.id)
            except Exception:  # noqa: BLE001 -- never graded
                rows[student.id] = None
                continue
            grades = {
                g.name: (g.auto_score, g.manual_score, g.extra_credit)
                for nb in submission.notebooks
                for g in nb.grades
            }
            comments = {
                c.name: c.manual_comment for nb in submission.notebooks for c in nb.comments
            }
            rows[student.id] = (grades, comments)
    return rows


def snapshot(root: Path, skip=()) -> dict[str, str]:
    """Return a hash of every file under ``root`` except the paths starting with ``skip``."""
    found = {}
    for path in sorted(Path(root).rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(relative.startswith(prefix) for prefix in skip) or "__pycache__" in relative:
            continue
        if path.is_file() and not path.is_symlink():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[relative] = "dir"
    return found


def feedback_text(course: Path, student: str) -> str:
    """Return ``student``'s autograded notebook as text ('' when there is none)."""
    path = course / "autograded" / student / ASSIGNMENT.name / ASSIGNMENT.notebook
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def forged(course: Path, attack: str) -> nbformat.NotebookNode:
    """Return the partly wrong submission carrying the forgery fixture ``attack``.

    A fixture with a ``# target: test_cells`` line replaces every graded test cell's code with
    its remaining lines; ``# target: outputs`` stores them as each test cell's output; any
    other fixture is answer-cell code (see :func:`with_attack`).
    """
    code = snippet("forgery", attack)
    first, _, rest = code.partition("\n")
    if not first.startswith("# target:"):
        return notebook(course, with_attack(WRONG, code))
    nb = notebook(course, WRONG)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        if first.endswith("test_cells"):
            cell.source = rest
        else:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=rest)]
            cell.execution_count = 1
    return nb


def forgery_names() -> list[str]:
    """Return the names of the forgery fixtures."""
    return sorted(path.stem for path in (FILES / "forgery").glob("*.py"))


def grade_forgeries(courses: list[Path]) -> dict[str, float | None]:
    """Grade the honest controls and every forgery; return the scores by student.

    Every course gets the controls; the forgeries are spread over the courses, which are
    graded side by side. The controls must score alike in every course.
    """
    groups = spread(forgery_names(), len(courses))
    for course, group in zip(courses, groups, strict=False):
        hand_in(course, "control", notebook(course, WRONG))
        hand_in(course, "solution", notebook(course, solution(course)))
        for attack in group:
            hand_in(course, attack, forged(course, attack))
    graded = courses[: len(groups)]
    merged: dict[str, float | None] = {}
    # 10 s a cell (not the configured 60): a forgery that breaks its kernel costs a timeout.
    results = autograde_side_by_side(graded, "--Execute.timeout=10")
    for course, result in zip(graded, results, strict=True):
        assert result.returncode == 0, result.stderr[-3000:]
        got = scores(course)
        for control in ("control", "solution"):
            assert merged.get(control, got[control]) == got[control], (control, course)
        merged |= got
    return merged


if __name__ == "__main__":
    # Grade the forgeries with whichever coursekit is importable (used to measure old code).
    import sys
    import tempfile

    from coursekit.workspace import scratch_course

    where = Path(tempfile.mkdtemp()) / "course"
    built = scratch_course(where, [ASSIGNMENT])
    for student, score in sorted(grade_forgeries([built]).items()):
        print(f"{student}\t{score}")
    print(built, file=sys.stderr)


def output_text(course: Path, student: str) -> str:
    """Return the outputs of ``student``'s autograded notebook as one text ('' when none)."""
    path = course / "autograded" / student / ASSIGNMENT.name / ASSIGNMENT.notebook
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    return "\n".join(
        str(o.get("text", "")) + str(o.get("evalue", "")) + str(o.get("data", "")) for o in outputs
    )


@contextlib.contextmanager
def local_student(code: str):
    """Yield a :class:`Student` on a plain local kernel (no sandbox) that has run ``code``."""
    from jupyter_client.manager import start_new_kernel

    from coursekit.grading.settings import SandboxLimits
    from coursekit.grading.values.student import Student

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive(code, timeout=30)
        # Each call, outside a check's deadline, gets check_seconds: more than grading's here.
        yield Student(client, limits=SandboxLimits(check_seconds=30))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def demo_class_course(folder: Path) -> Path:
    """Return a scratch course at ``folder`` holding the demo class's python_basics submissions."""
    from coursekit.demo.run import hand_in as hand_in_demo_class
    from coursekit.workspace import scratch_course

    course = scratch_course(folder, [ASSIGNMENT])
    hand_in_demo_class(course, ASSIGNMENT, log=lambda line: None)
    return course
