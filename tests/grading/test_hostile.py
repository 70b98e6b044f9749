"""Hostile submissions reach nothing but their own notebook and cost only their own points.

Plain nbgrader runs, side by side, grade every attacker of files/hostile beside honest
classmates graded before and after it; each case then checks the attacker's score, every
classmate's, the gradebook and the world outside the sandbox.
"""

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from harness import (
    ACCIDENT_EDITS,
    ASSIGNMENT,
    FULL,
    LINKS,
    WRONG,
    WRONG_SCORE,
    autograde,
    autograde_side_by_side,
    copy_course,
    feedback_text,
    gradebook_rows,
    hand_in,
    hand_in_accident,
    notebook,
    output_text,
    scores,
    snapshot,
    snippet,
    solution,
    spread,
    with_attack,
)

from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.intake.sanitize import NOTE_TITLE
from coursekit.grading.nbgrader_cli import run_nbgrader
from coursekit.grading.sandbox.bubblewrap import CourseFilesError, course_files
from coursekit.public_checks import CHECKERS, slice_checkers

# Attacks in an otherwise right submission (15 points) and the score each keeps.
ATTACKS = {
    "read_parent_folders": FULL,
    "read_other_students": FULL,
    "read_source": FULL,
    "read_gradebook": FULL,
    "sqlite_gradebook_write": FULL,
    "rewrite_gradebook_test_cells": FULL,
    "write_other_students": FULL,
    "edit_public_tests": FULL,
    "allocate_6gib": FULL,
    "open_socket": FULL,
    "processes_over_cap": FULL,
    "fill_disk": FULL,
    "read_env": FULL,
    "read_home_files": FULL,
    "write_outside": FULL,
    "signal_parent": FULL,
    "find_grader_processes": FULL,
    "background_process": FULL,
    "become_root": FULL,
    "modify_grading_code": FULL,
    "print_in_checks": FULL,
    # Streaming 200 MB may outlast the cell time limit: then that one cell (1 point) is lost.
    "print_200mb": (FULL - 1, FULL),
    # The last answer's cell dies: L2 is lost (1 point), nothing else.
    "exit_last_answer": FULL - 1,
    "segfault_last_answer": FULL - 1,
    # The softmax cell is ended: softmax's 3 points are lost, the later exercises kept.
    "endless_loop_ignoring_sigint": FULL - 3,
    # sigmoid and image2vector answer with values too large to cross: 2 + 2 points lost.
    "huge_return": FULL - 4,
    # sigmoid hangs when called: its 2 points are lost; sigmoid_derivative uses a stand-in.
    "slow_function_in_check": FULL - 2,
    # sigmoid's replies are swapped for 4 MB / 60 MB of Python literal, or for an array of a
    # 1.3-million-field dtype: refused unread, sigmoid's 2 points lost (before: 2.0 GB held).
    "literal_reply_4mb": FULL - 2,
    "literal_reply_60mb": FULL - 2,
    "many_field_dtype": FULL - 2,
    # sigmoid sleeps 8 s per call from the grader: its checks outlast their 20 s, are stopped.
    "sleep_when_graded": FULL - 2,
    # 10 MB of display metadata, of error message and traceback, and a display updated in 40
    # copies: all cut like printed text; the answers keep their points.
    "flood_error_and_metadata": FULL,
    # Three forked children of 1.2 GiB: the sandbox's cgroup kills one at its 2 GiB cap.
    "fork_children_memory": FULL,
    # memfds past the cap: the cgroup ends the kernel in the last answer (L2, 1 point).
    "memfd_flood": FULL - 1,
    # 24 busy children share one core and one share: the classmates keep their grades; the
    # attacker's own cell, which shares that core with them, may outlast its 10 s (1 point).
    "busy_children": (FULL - 1, FULL),
    # The mount table names no host folder (checked with the other printed output).
    "print_mount_table": FULL,
    # basic_sigmoid records the hidden inputs it is tried on and a later cell prints them on
    # the feedback page: they are this submission's own (test_hidden_inputs.py shows they help
    # no other one).
    "record_hidden_inputs": FULL,
}
# Files handed in next to a partly wrong notebook (2 points): they must not be imported.
EXTRA_FILES = {"shadow_numpy": "numpy.py", "shadow_public_tests": "public_tests.py"}
# Honest accidents keep every point; a submission bringing links or devices keeps what its
# notebook earns (a notebook that is itself a link earns 0, with a note).
ACCIDENTS = dict.fromkeys(ACCIDENT_EDITS, FULL) | {case: pts for case, (_, pts) in LINKS.items()}
# The attacks on the grading process and on the per-process limits, graded once more through
# `coursekit grade`'s workers: a bound that held only in plain nbgrader would not hold.
THROUGH_COURSEKIT = (
    "literal_reply_4mb",
    "literal_reply_60mb",
    "many_field_dtype",
    "sleep_when_graded",
    "flood_error_and_metadata",
    "fork_children_memory",
    "memfd_flood",
    "busy_children",
    "print_mount_table",
    "record_hidden_inputs",
)
# Words an attack prints only when it got through.
GOT_THROUGH = ("FOUND:", "ALLOCATED", "STARTED ALL", "FILLED")
HONEST = {"aaa_honest": FULL, "mmm_wrong": WRONG_SCORE, "zzz_honest": FULL}
SECRET = "COURSEKIT_HOSTILE_SECRET"
MARKERS = [Path("/tmp/coursekit-hostile-marker"), Path("/var/tmp/coursekit-hostile-marker")]
PORT = 47123


def _listen(port: int, accepted: list) -> socket.socket:
    """Listen on 127.0.0.1:``port`` and record every connection made to it."""
    server = socket.create_server(("127.0.0.1", port))
    server.settimeout(0.5)

    def serve():
        while server.fileno() != -1:
            try:
                accepted.append(server.accept())
            except OSError:
                continue

    threading.Thread(target=serve, daemon=True).start()
    return server


def _stray_sleepers() -> list[str]:
    """Return the command lines of leftover ``sleep 987`` processes."""
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip() == "sleep 987"]


CASES = [*ATTACKS, *EXTRA_FILES, *ACCIDENTS]


def _hand_in_class(course: Path, cases: list[str]) -> None:
    """Hand in the honest classmates and the attackers ``cases`` to ``course``."""
    right = solution(course)
    hand_in(course, "aaa_honest", notebook(course, right))
    hand_in(course, "mmm_wrong", notebook(course, WRONG))
    hand_in(course, "zzz_honest", notebook(course, right))
    for case in cases:
        if case in ATTACKS:
            code = with_attack(right, snippet("hostile", case))
            hand_in(course, case, notebook(course, code))
        elif case in ACCIDENTS:
            hand_in_accident(course, case)
        else:
            folder = hand_in(course, case, notebook(course, WRONG)).parent
            (folder / EXTRA_FILES[case]).write_text(snippet("hostile", case), encoding="utf-8")


@pytest.fixture(scope="module")
def graded(scratch, tmp_path_factory):
    """Grade the attackers among honest classmates; return, by attacker, what its run left.

    The attackers are spread over side-by-side nbgrader runs (one per core), each in its own
    copy of the course with its own gradebook and honest classmates.
    """
    folder = tmp_path_factory.mktemp("hostile")
    groups = spread(CASES)
    courses = [copy_course(scratch("python_basics"), folder / f"c{k}") for k in range(len(groups))]
    for course, group in zip(courses, groups, strict=True):
        _hand_in_class(course, group)
    for marker in MARKERS:
        marker.unlink(missing_ok=True)
    # The intake sets aside what extra files and links a submission brings, in its own folder.
    skips = [
        ("autograded", "gradebook.db", *(f"submitted/{c}/" for c in group if c not in ATTACKS))
        for group in groups
    ]
    before = [snapshot(course, skip=skip) for course, skip in zip(courses, skips, strict=True)]
    rows_before = [gradebook_rows(course) for course in courses]
    accepted: list = []
    server = _listen(PORT, accepted)
    os.environ[SECRET] = "do-not-leak-/work/secret"
    try:
        results = autograde_side_by_side(courses, "--Execute.timeout=10")
    finally:
        os.environ.pop(SECRET)
        server.close()
    sleepers = _stray_sleepers()
    runs = {}
    for k, (course, group) in enumerate(zip(courses, groups, strict=True)):
        run = {
            "course": course,
            "cases": group,
            "result": results[k],
            "scores": scores(course),
            "rows": gradebook_rows(course),
            "rows_before": rows_before[k],
            "before": before[k],
            "after": snapshot(course, skip=skips[k]),
            "accepted": accepted,
            "sleepers": sleepers,
        }
        runs |= {case: run for case in group}
    yield runs
    subprocess.run(["pkill", "-x", "-f", "sleep 987"], check=False)


@pytest.mark.slow
@pytest.mark.parametrize("attack", CASES)
def test_attack_costs_only_its_own_points(graded, attack):
    """The attacker keeps what its answers earn; classmates and the gradebook are untouched."""
    run = graded[attack]
    expected = ATTACKS.get(attack, ACCIDENTS.get(attack, WRONG_SCORE))
    got = run["scores"]
    assert got[attack] in (expected if isinstance(expected, tuple) else (expected,))
    for student, score in HONEST.items():
        assert got[student] == score
    assert run["rows"]["course"] == run["rows_before"]["course"]
    assert run["rows"]["students"] == sorted([*HONEST, *run["cases"]])
    for student, row in run["rows"].items():
        if student in ("course", "students"):
            continue
        grades, comments = row
        assert all(manual is None and extra is None for _, manual, extra in grades.values())
        assert all(comment is None for comment in comments.values())


@pytest.mark.slow
@pytest.mark.parametrize("attack", CASES)
def test_attack_changes_nothing_outside_the_sandbox(graded, attack):
    """Nothing the attacker aimed at outside its sandbox changed, and it saw nothing there."""
    run = graded[attack]
    course = run["course"]
    assert run["after"] == run["before"]
    for student in [*HONEST, *run["cases"]]:
        folder = course / "autograded" / student / ASSIGNMENT.name
        assert not (folder / "planted.txt").exists()
    assert not any(marker.exists() for marker in MARKERS)
    assert not run["accepted"], "a sandboxed kernel connected to the host's loopback"
    assert not run["sleepers"], "a student's process outlived grading"
    text = feedback_text(course, attack)
    assert text, f"{attack} has no autograded notebook"
    assert len(text) < 5_000_000, "output was not cut while it streamed"
    printed = output_text(course, attack)
    assert not any(word in printed for word in GOT_THROUGH), printed[:2000]
    assert SECRET not in printed and str(course) not in printed
    grading = Path(__file__).parents[2] / "coursekit" / "grading"
    assert all("# planted" not in p.read_text() for p in grading.glob("*.py"))


@pytest.mark.slow
def test_missing_instructor_copy_refuses_with_the_fix(scratch, tmp_path):
    """Without source/<assignment>/public_tests.py grading refuses and names `make release`."""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    (course / "source" / ASSIGNMENT.name / "public_tests.py").unlink()
    folder = hand_in(course, "cheater", notebook(course, WRONG)).parent
    (folder / "public_tests.py").write_text(snippet("hostile", "shadow_public_tests"))
    result = autograde(course)
    assert "make release" in result.stdout + result.stderr
    assert scores(course).get("cheater") in (None, 0.0)


@pytest.mark.slow
def test_stale_instructor_copy_refuses(scratch, tmp_path):
    """A top-level public_tests.py newer than the instructor's copy stops grading."""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    with open(course / "public_tests.py", "a", encoding="utf-8") as f:
        f.write("\n# changed after the release\n")
    hand_in(course, "student", notebook(course, WRONG))
    result = autograde(course)
    assert "stale" in result.stdout + result.stderr
    assert scores(course).get("student") in (None, 0.0)


UNREADABLE = {
    "bad_json": lambda nb: "{ this is not json",
    "nbformat_5": lambda nb: json.dumps({**json.loads(nbformat.writes(nb)), "nbformat": 5}),
}


@pytest.mark.slow
def test_unreadable_notebooks_get_a_note_not_a_silent_zero(scratch, tmp_path):
    """Bad JSON, nbformat 5, a misnamed file: a line for the instructor, a note for the student."""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    wrong = notebook(course, WRONG)
    for student, make in UNREADABLE.items():
        hand_in(course, student, make(wrong))
    hand_in(course, "misnamed", wrong, name=ASSIGNMENT.notebook.replace(".ipynb", " (1).ipynb"))
    hand_in(course, "honest", notebook(course, solution(course)))
    result = autograde(course)
    log = result.stdout + result.stderr
    got = scores(course)
    assert got["honest"] == FULL
    for student in UNREADABLE:
        assert f"submitted/{student}/" in log, f"no line for the instructor about {student}"
        assert got[student] == 0
        assert "could not be read" in output_text(course, student) + feedback_text(course, student)
    assert "submitted/misnamed/" in log and "is graded as" in log
    assert got["misnamed"] == WRONG_SCORE


@pytest.mark.slow
def test_regrade_replaces_a_deleted_test_cells_old_points(scratch, tmp_path):
    """A test cell deleted after a first grading is put back and judged, never keeps old points."""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    right = solution(course)
    hand_in(course, "student", notebook(course, right))
    assert autograde(course).returncode == 0
    assert scores(course)["student"] == FULL
    changed = notebook(course, {**right, "L2": WRONG["L2"]})
    changed.cells = [
        cell
        for cell in changed.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "L2-values"
    ]
    shutil.rmtree(course / "submitted" / "student")
    hand_in(course, "student", changed)
    result = autograde(course)
    assert result.returncode == 0, result.stderr[-2000:]
    assert scores(course)["student"] == FULL - 1
    assert "L2-values" in feedback_text(course, "student")


def _course_files_tree(root: Path) -> Path:
    """Lay out the course files Assignment 1 reads, top level and instructor's copy alike."""
    for name in ASSIGNMENT.shared:
        for base in (root, root / "source" / ASSIGNMENT.name):
            target = base / name
            if name.endswith(".py"):
                target.parent.mkdir(parents=True, exist_ok=True)
                text = f'PUBLIC = {{"{ASSIGNMENT.name}": ("checker",)}}\n\n\ndef checker(): ...\n'
                if name == CHECKERS and base != root:  # `make release` cuts the instructor's copy
                    text = slice_checkers(text, ASSIGNMENT.name)
                target.write_text(text, encoding="utf-8")
            else:
                target.mkdir(parents=True, exist_ok=True)
                (target / "figure.png").write_bytes(b"png")
    return root


def test_course_files_missing_copy_names_the_fix(tmp_path):
    """A missing instructor copy of public_tests.py stops grading with `make release` as fix."""
    root = _course_files_tree(tmp_path)
    (root / "source" / ASSIGNMENT.name / "public_tests.py").unlink()
    (root / "submitted").mkdir()
    with pytest.raises(CourseFilesError, match="make release"):
        course_files(root, ASSIGNMENT.name, ASSIGNMENT.shared)


def test_course_files_stale_copy_is_refused(tmp_path):
    """An instructor copy that differs from the course's own file is refused as stale."""
    root = _course_files_tree(tmp_path)
    (root / "public_tests.py").write_text("def checker():\n    return 1\n", encoding="utf-8")
    with pytest.raises(CourseFilesError, match="stale"):
        course_files(root, ASSIGNMENT.name, ASSIGNMENT.shared)


def test_course_files_come_only_from_the_instructors_copy(tmp_path):
    """Every file mounted into the sandbox lies under source/<assignment>/, none elsewhere."""
    root = _course_files_tree(tmp_path)
    files = course_files(root, ASSIGNMENT.name, ASSIGNMENT.shared)
    assert set(files) == set(ASSIGNMENT.shared)
    assert all(path.parent == root / "source" / ASSIGNMENT.name for path in files.values())


def _taken_in(folder: Path) -> list[str]:
    """Return the relative paths of everything in ``folder``, links included, unfollowed."""
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()
    )


def _check_accident(course: Path, case: str) -> None:
    """Check an accident's autograded copy: a note first, nothing but the notebook taken in."""
    text = feedback_text(course, case)
    nb = nbformat.reads(text, as_version=4)
    assert nb.cells[0].source.startswith(NOTE_TITLE), f"{case}: no note for the student"
    assert "### BEGIN SOLUTION" not in text and "BEGIN HIDDEN" not in text
    honest = course / "autograded" / "aaa_honest" / ASSIGNMENT.name
    assert _taken_in(course / "autograded" / case / ASSIGNMENT.name) == _taken_in(honest)


@pytest.mark.slow
@pytest.mark.parametrize("case", ACCIDENTS)
def test_accident_is_repaired_or_refused_with_a_note(graded, case):
    """Plain nbgrader: the student reads what was wrong; no link reached the autograded copy."""
    _check_accident(graded[case]["course"], case)


@pytest.fixture(scope="module")
def graded_by_coursekit(scratch, tmp_path_factory):
    """Grade the accidents and :data:`THROUGH_COURSEKIT` with `coursekit grade`; print times."""
    course = copy_course(scratch("python_basics"), tmp_path_factory.mktemp("accidents") / "c")
    _hand_in_class(course, [*ACCIDENTS, *THROUGH_COURSEKIT])
    summary = grade_class(
        course,
        [ASSIGNMENT.name],
        force=True,
        nbgrader_args=("--Execute.timeout=10",),
        log=lambda line: None,
        stream=io.StringIO(),
    )
    for result in sorted(summary.graded + summary.failed, key=lambda r: r.task.student):
        seconds = sum(result.seconds.values())
        print(f"coursekit grade\t{result.task.student}\t{seconds:.1f} s")
    return course, summary


@pytest.mark.slow
@pytest.mark.parametrize("case", ACCIDENTS)
def test_accident_through_coursekit_grade(graded_by_coursekit, case):
    """`coursekit grade` takes in and repairs as plain nbgrader does; classmates keep grades."""
    course, summary = graded_by_coursekit
    assert not summary.failed, summary.text()
    got = scores(course)
    assert got[case] == ACCIDENTS[case]
    assert all(got[student] == score for student, score in HONEST.items())
    _check_accident(course, case)


@pytest.mark.slow
@pytest.mark.parametrize("attack", THROUGH_COURSEKIT)
def test_attack_through_coursekit_grade(graded_by_coursekit, attack):
    """`coursekit grade` bounds each attack as plain nbgrader does; classmates keep grades."""
    course, summary = graded_by_coursekit
    assert not summary.failed, summary.text()
    got = scores(course)
    expected = ATTACKS[attack]
    assert got[attack] in (expected if isinstance(expected, tuple) else (expected,))
    assert all(got[student] == score for student, score in HONEST.items())
    printed = output_text(course, attack)
    assert not any(word in printed for word in GOT_THROUGH), printed[:2000]
    # No host folder in what the student saw: the course, the venv, the Python it was made from.
    assert not any(str(host) in printed for host in (course, sys.prefix, sys.base_prefix))


# A grading step that cannot be loaded: grading of the resubmission fails whatever it holds.
FAILING_STEP = "--Autograde.autograde_preprocessors=coursekit.grading.no_such_step"


def _grade(how: str, course: Path, *extra: str, student: str | None = None) -> None:
    """Grade ``course`` (one ``student``, or all) with plain nbgrader or `coursekit grade`."""
    if how == "plain":
        autograde(course, *extra, *([f"--student={student}"] if student else []))
        return
    grade_class(
        course,
        [ASSIGNMENT.name],
        students=[student] if student else None,
        force=True,
        nbgrader_args=extra,
        log=lambda line: None,
        stream=io.StringIO(),
    )


@pytest.mark.slow
@pytest.mark.parametrize("how", ["plain", "coursekit"])
def test_a_failed_regrade_leaves_no_stale_grade(scratch, tmp_path, how):
    """A resubmission that cannot be graded shows as not graded, never the earlier 15 points."""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    right = solution(course)
    hand_in(course, "student", notebook(course, right))
    hand_in(course, "honest", notebook(course, right))
    _grade(how, course)
    assert scores(course) == {"honest": FULL, "student": FULL}
    feedback = run_nbgrader("generate_feedback", ASSIGNMENT.name, "--force", root=course)
    assert feedback.returncode == 0, feedback.stderr[-2000:]
    hand_in(course, "student", notebook(course, WRONG))
    _grade(how, course, FAILING_STEP, student="student")
    assert scores(course) == {"honest": FULL, "student": 0.0}
    grades = gradebook_rows(course)["student"][0]
    assert all(auto is None for auto, _, _ in grades.values())
    page = course / "feedback" / "student" / ASSIGNMENT.name / ASSIGNMENT.notebook
    text = page.with_suffix(".html").read_text(encoding="utf-8")
    assert "not graded" in text and "softmax" not in text
    assert not (course / "autograded" / "student" / ASSIGNMENT.name).exists()
