"""The class server in Chromium: a student's Assignment List and feedback, the formgrader.

A student logs in at the hub's login page (PAM, their account's password), opens the
Assignment List from the Nbgrader menu, fetches Assignment 1, hands in answers (two exercises
right, one wrong, written into the fetched notebook), submits, fetches the feedback and opens
it: the page shows the expected points. The instructor logs in and sees that grade in
formgrader. Screenshots go to ``reports/browser/class-*.png``.
"""

import os

import nbformat
import pytest
from class_server import running_class
from playwright.sync_api import expect, sync_playwright

from coursekit.course import ROOT, get_assignment
from coursekit.submissions import fill_answers, solution_answers

pytestmark = pytest.mark.slow
ASSIGNMENT = get_assignment("python_basics")
SHOTS = ROOT / "reports" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
RIGHT = ("hello_world", "basic_sigmoid")
WRONG = {"L1": "def L1(yhat, y):\n    return 0.0\n"}
WAIT_MS = 240_000


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"class-{name}.png"))


def _log_in(page, server, user: str) -> None:
    page.goto(f"{server.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", server.passwords[user])
    page.click("#login_submit")
    # The hub spawns their JupyterLab as them, then sends the browser there.
    page.wait_for_url(f"**/user/{user}/**", timeout=WAIT_MS)


def _answer(student: str) -> float:
    """Write right and wrong answers into the student's fetched notebook; return the points."""
    path = f"/home/{student}/python_basics/{ASSIGNMENT.notebook}"
    answers = {
        k: v for k, v in solution_answers(ASSIGNMENT.source_notebook()).items() if k in RIGHT
    } | WRONG
    notebook = fill_answers(path, answers)
    nbformat.write(notebook, path)
    owner = os.stat(f"/home/{student}")
    os.chown(path, owner.st_uid, owner.st_gid)
    return sum(
        float(c.metadata.nbgrader.points)
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("grade")
        and c.metadata.nbgrader.grade_id.split("-")[0] in RIGHT
    )


def test_student_submits_and_reads_feedback_instructor_sees_grade():
    """Does the student see their points in the browser, and the instructor the grade?"""
    with running_class(["python_basics"], students=3, workers=1) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        student = server.students[0]
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        _log_in(page, server, student)
        page.get_by_text("Nbgrader", exact=True).click(timeout=WAIT_MS)
        page.get_by_text("Assignment List", exact=True).click()
        released = page.locator("#released_assignments_list")
        released.get_by_role("button", name="Fetch").click(timeout=WAIT_MS)
        fetched = page.locator("#fetched_assignments_list")
        expect(fetched.get_by_text("python_basics").first).to_be_visible(timeout=WAIT_MS)
        points = _answer(student)
        _shot(page, "student-fetched")
        fetched.get_by_role("button", name="Submit").first.click()
        server.wait_for_outcomes(1)
        submitted = page.locator("#submitted_assignments_list")
        submitted.get_by_role("button", name="Fetch Feedback").first.click(timeout=WAIT_MS)
        expect(submitted.get_by_text("view feedback").first).to_be_visible(timeout=WAIT_MS)
        _shot(page, "student-assignment-list")
        [stamp] = os.listdir(f"/home/{student}/python_basics/feedback")
        page.goto(
            f"{server.url}/user/{student}/files/python_basics/feedback/{stamp}/"
            f"{ASSIGNMENT.notebook[:-6]}.html"
        )
        expect(page.get_by_text(f"{points:.1f} / 15.0", exact=False).first).to_be_visible()
        _shot(page, "student-feedback")
        instructor = browser.new_page(viewport={"width": 1400, "height": 900})
        _log_in(instructor, server, server.instructor)
        instructor.goto(f"{server.url}/user/{server.instructor}/formgrader/gradebook/python_basics")
        expect(instructor.get_by_text(ASSIGNMENT.notebook[:-6]).first).to_be_visible(
            timeout=WAIT_MS
        )
        # Manage Students lists each student by id with their overall score.
        instructor.goto(f"{server.url}/user/{server.instructor}/formgrader/manage_students")
        row = instructor.locator("tr", has_text=student)
        expect(row).to_contain_text(f"{points:g} / 15", timeout=WAIT_MS)
        _shot(instructor, "instructor-formgrader")
        browser.close()
