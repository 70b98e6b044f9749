"""A student's and an instructor's day in JupyterLab, in a real browser (Debian's Chromium).

The student opens every release notebook as ``make student`` serves it, writes one exercise
wrong and then right in each graded one, reads the check cell's answer and presses Validate;
the instructor, as ``make instructor`` serves the course, finds nbgrader's tools, the course in
the formgrader and a student's feedback page. Screenshots go to ``reports/browser/``.
"""

import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from harness import autograde_students
from lab_session import CHROMIUM, CHROMIUM_ARGS, NotebookPage, running_lab

from coursekit.course import ASSIGNMENTS, ROOT, get_assignment
from coursekit.grading.gradebook.publish import generate_feedback
from coursekit.submissions import fill_answers, solution_answers, submit

pytestmark = pytest.mark.slow
SHOTS = ROOT / "reports" / "browser"
PASSED = "All tests passed."
STUB = "NotImplementedError: replace this line with your code"

# Per graded notebook: the cells to run first, the exercise's answer and check cells (by a line
# only they have), a right and a wrong answer, and words of the hint the wrong one must get.
EXERCISES = {
    "python_basics": {
        "setup": ["from public_tests import *"],
        "answer": "# GRADED FUNCTION: softmax",
        "check": 'print("softmax(x) = "',
        "right": "def softmax(x):\n    e = np.exp(x)\n    return e / e.sum(1, keepdims=True)\n",
        "wrong": "def softmax(x):\n    e = np.exp(x)\n    return e / np.sum(e)\n",
        "hint": "summed exp(x) over the whole matrix",
    },
    "logistic_regression": {
        "setup": ["from lr_utils import load_dataset"],
        "answer": "# GRADED FUNCTION: sigmoid",
        "check": 'print("sigmoid([0, 2]) = "',
        "right": "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
        "wrong": "def sigmoid(z):\n    return 1 / (1 + np.exp(z))\n",
        "hint": "the exponent's sign is flipped",
    },
    "neurons_and_layers": {
        "setup": ["from public_tests import *"],
        "answer": "# GRADED FUNCTION: relu",
        "check": 'print("relu(x):"',
        "right": "def relu(x):\n    return np.maximum(0, x)\n",
        "wrong": "def relu(x):\n    return np.abs(x)\n",
        "hint": "negative entries must become 0, not change sign",
    },
}
# The hint must show this near the top of the check cell's output, not under a traceback.
FIRST_LINES = 8


def shot(page, name):
    """Save a screenshot of ``page`` as ``reports/browser/<name>.png``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture(scope="module")
def browser():
    """Return Chromium driven by Playwright; fail in CI if either is missing, else skip."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install -r requirements.txt)"
    if missing is None and not CHROMIUM.exists():
        missing = f"{CHROMIUM} not found (apt-get install chromium)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser):
    """Return a browser tab that may reach 127.0.0.1 and local files only."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    outside = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "file://", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    tab.route("**/*", only_local)
    yield tab
    context.close()
    assert not outside, f"the pages asked for addresses outside this machine: {outside[:5]}"


@pytest.fixture(scope="module")
def student_lab(scratch, tmp_path_factory):
    """Serve the release of every assignment as ``make student`` does; yield base and token."""
    folder = tmp_path_factory.mktemp("student") / "release"
    for assignment in ASSIGNMENTS:
        release = scratch(assignment.name) / "release" / assignment.name
        shutil.copytree(release, folder / assignment.name)
    with running_lab("student", folder, tmp_path_factory.mktemp("student-home")) as lab:
        yield lab


def test_student_sees_no_instructor_tools(student_lab, page):
    """Does the student's JupyterLab show Validate but no Nbgrader menu or instructor tools?"""
    base, token = student_lab
    notebook = NotebookPage(page, base, token, "python_basics/Python_Basics_with_Numpy.ipynb")
    shot(page, "student_notebook")
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Kernel" in menus and "Nbgrader" not in menus, menus
    sidebars = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => t.title || t.textContent)"
    )
    assert not [tab for tab in sidebars if "Create Assignment" in tab], sidebars
    assert notebook.page.locator(".jp-Toolbar-item", has_text="Validate").count() == 1
    text = page.locator("body").inner_text()
    assert "Error fetching" not in text and "does not exist" not in text
    for url in ("formgrader", "assignments", "courses"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/{url}?token={token}", timeout=10)
        assert refused.value.code == 404, url


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_release_notebook_opens_unmodified(student_lab, page, assignment):
    """Does each release notebook open, start its kernel and stay unmodified?"""
    base, token = student_lab
    notebook = NotebookPage(page, base, token, f"{assignment.name}/{assignment.notebook}")
    page.wait_for_timeout(1500)  # JupyterLab writes the kernel's metadata shortly after
    assert page.locator(".jp-Notebook .jp-Cell").count() > 0
    assert not notebook.is_modified(), "opening the notebook marked it modified"


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_student_checks_an_exercise(student_lab, page, name):
    """Does a check cell say what to do for a stub, hint a wrong answer, pass a right one?"""
    base, token = student_lab
    exercise, assignment = EXERCISES[name], get_assignment(name)
    notebook = NotebookPage(page, base, token, f"{name}/{assignment.notebook}")
    for line in exercise["setup"]:
        notebook.run(notebook.cell(line))
    answer, check = notebook.cell(exercise["answer"]), notebook.cell(exercise["check"])

    notebook.run(answer)
    notebook.run(check)
    lines = notebook.output_lines(check)
    check.scroll_into_view_if_needed()
    shot(page, f"{name}_stub")
    assert STUB in lines, lines

    notebook.fill(answer, exercise["wrong"])
    notebook.run(answer)
    notebook.run(check)
    lines = notebook.output_lines(check)
    check.scroll_into_view_if_needed()
    shot(page, f"{name}_wrong_answer")
    top = "\n".join(lines[:FIRST_LINES])
    assert "Check failed:" in top and exercise["hint"] in top, lines
    assert not [line for line in lines if "public_tests.py" in line or "Traceback" in line]

    notebook.fill(answer, exercise["right"])
    notebook.run(answer)
    notebook.run(check)
    lines = notebook.output_lines(check)
    check.scroll_into_view_if_needed()
    shot(page, f"{name}_right_answer")
    assert lines[-1] == PASSED, lines

    result = notebook.validate()
    shot(page, f"{name}_validate")
    notebook.close_dialog()
    # The other answers are still stubs: Validate names their failures.
    assert "NotImplementedError" in result or "failed" in result.lower(), result


@pytest.fixture(scope="module")
def graded_course(scratch, tmp_path_factory):
    """Return a course with one submission of Assignment 3 graded and its feedback written."""
    assignment = get_assignment("neurons_and_layers")
    course = tmp_path_factory.mktemp("instructor") / "course"
    shutil.copytree(scratch(assignment.name), course)
    answers = solution_answers(assignment.source_notebook(course))
    answers["relu"] = EXERCISES["neurons_and_layers"]["wrong"]
    submit(
        course,
        "browser_student",
        assignment,
        fill_answers(assignment.release_notebook(course), answers),
    )
    autograde_students(course, assignment, ["browser_student"], log=lambda line: None)
    generate_feedback(course, assignment.name, "browser_student")
    return course


@pytest.fixture(scope="module")
def instructor_lab(graded_course, tmp_path_factory):
    """Serve the graded course as ``make instructor`` does; yield base and token."""
    home = tmp_path_factory.mktemp("instructor-home")
    with running_lab("instructor", graded_course, home) as lab:
        yield lab


def test_instructor_has_nbgrader_tools(instructor_lab, page):
    """Does the instructor's JupyterLab have the Nbgrader menu, the formgrader and the lists?"""
    base, token = instructor_lab
    page.goto(f"{base}/lab?token={token}")
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    assert {"Assignment List", "Formgrader", "Course List"} <= set(items), items
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    listing = page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden)")
    page.wait_for_timeout(3000)
    shot(page, "instructor_assignment_list")
    assert "error" not in listing.inner_text().lower(), listing.inner_text()
    assert "does not exist" not in page.locator("body").inner_text()

    page.goto(f"{base}/formgrader?token={token}")
    # The assignment's row of the formgrader's table (the page's hidden configuration dump
    # names the assignments too, in nbgrader_config.py's settings).
    page.locator("table td.name", has_text="neurons_and_layers").first.wait_for(timeout=60000)
    shot(page, "instructor_formgrader")


def test_feedback_page_reads_well(graded_course, page):
    """Does the feedback page name exercises, draw formulas offline and hide grader paths?"""
    assignment = get_assignment("neurons_and_layers")
    html = next((graded_course / "feedback" / "browser_student" / assignment.name).glob("*.html"))
    page.goto(html.as_uri())
    shot(page, "feedback_top")
    toc = page.locator("#toc li").all_inner_texts()
    assert toc and not [item for item in toc if "Test cell" in item], toc
    assert any(item.startswith("relu: values") for item in toc), toc
    assert page.locator("math").count() > 0, "no formula drawn as MathML"
    assert page.locator("script[src]").count() == 0
    text = page.locator("body").inner_text()
    assert str(graded_course) not in text and str(Path.home()) + "/" not in text
    assert page.locator("img:not([alt])").count() == 0
    page.locator("#relu-values").scroll_into_view_if_needed()
    shot(page, "feedback_failed_check")
