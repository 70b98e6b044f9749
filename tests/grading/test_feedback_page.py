"""Feedback pages: graded cells named by exercise, formulas as MathML, no grader paths, alt text."""

import re

import nbformat
from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

from coursekit.course import ASSIGNMENTS
from coursekit.grading.feedback_page import (
    FeedbackPresentation,
    configure,
    graded_cell_title,
    markdown2html,
)


def _graded(source, grade_id, score, points):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.nbgrader = {
        "grade": True,
        "solution": False,
        "grade_id": grade_id,
        "points": points,
        "score": score,
    }
    return cell


def _page(cells):
    """Render ``cells`` with the course's feedback template as nbgrader would configure it."""
    c = Config()
    configure(c)
    c.HTMLExporter.template_name = "feedback"
    exporter = HTMLExporter(config=c)
    nb = nbformat.v4.new_notebook(cells=cells)
    grades = {"notebook": "demo", "score": 1.0, "max_score": 3.0, "late_penalty": 0}
    html, _ = exporter.from_notebook_node(nb, resources={"nbgrader": grades})
    return html


def test_graded_cell_title_names_exercise_aspect_and_question():
    """Is a test cell named by its exercise, aspect and docstring question?"""
    cell = _graded(
        '"""Does softmax sum each row to 1?"""\nsoftmax_test(softmax)', "softmax-row_sums", 0, 1
    )
    assert graded_cell_title(cell) == "softmax: row sums (Does softmax sum each row to 1?)"


def test_title_takes_a_long_docstrings_summary_line():
    """Is a test cell with a multi-line docstring named by that docstring's first line?"""
    source = '"""Is q1 right? Scored after you submit.\n\nRun here, it checks the form.\n"""\nf(q1)'
    assert graded_cell_title(_graded(source, "q1-answer", 1, 1)) == (
        "q1: answer (Is q1 right? Scored after you submit)"
    )
    assert graded_cell_title(_graded('"""\n"""\nf()', "relu-values", 1, 1)) == "relu: values"


def test_quiz_cells_are_titled_by_what_they_are_graded_on():
    """Does every quiz check cell's title ask whether the answer is right, not only well-formed?"""
    quiz = next(a for a in ASSIGNMENTS if a.name == "quiz")
    nb = nbformat.read(quiz.source_notebook(), as_version=4)
    titles = [
        graded_cell_title(cell)
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    ]
    assert len(titles) >= 16
    for title in titles:
        question = title.split(":")[0]
        asked = f"Is {question} right? Scored against the answer key after you submit"
        assert title == f"{question}: answer ({asked})", title
        assert "well-formed" not in title


def _partly_right_cell():
    """Return a graded test cell as the grader leaves it after giving half its point."""
    cell = _graded('quiz_answer_check("q3", q3)', "q3-answer", 0.5, 1)
    cell.outputs = [
        nbformat.v4.new_output(
            "stream", name="stdout", text="partly right: ...\n(0.5 of 1 points)\n"
        ),
        nbformat.v4.new_output("execute_result", data={"text/plain": "0.5"}, execution_count=None),
    ]
    return cell


def test_partial_credit_marker_is_dropped_from_graded_cells_only():
    """Is the bare score a partly right cell carries dropped, and any other cell's result kept?"""
    cell, _ = FeedbackPresentation().preprocess_cell(_partly_right_cell(), {}, 3)
    assert [o.output_type for o in cell.outputs] == ["stream"]
    assert "(0.5 of 1 points)" in cell.outputs[0].text
    plain = nbformat.v4.new_code_cell("0.5")
    plain.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)
    ]
    figure = _partly_right_cell()
    figure.outputs[1].data["text/plain"] = "a plot"
    assert len(FeedbackPresentation().preprocess_cell(plain, {}, 1)[0].outputs) == 1
    assert len(FeedbackPresentation().preprocess_cell(figure, {}, 1)[0].outputs) == 2


def test_partly_right_cell_shows_no_stray_output_on_the_page():
    """Does a partly right cell's page show its points line but no Out[ ] prompt with the score?"""
    cell, _ = FeedbackPresentation().preprocess_cell(_partly_right_cell(), {}, 3)
    html = _page([cell])
    assert "(0.5 of 1 points)" in html and "Out[" not in html


def test_markdown_formulas_become_mathml():
    """Are inline and display formulas turned into MathML, with no TeX left for a script?"""
    html = markdown2html(
        {}, "The sigmoid $\\sigma(z)$ is\n\n$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n"
    )
    assert html.count("<math") == 2 and 'display="block"' in html
    assert "$" not in html


def test_page_names_cells_and_loads_nothing_from_the_network():
    """Does the page list cells by exercise, draw formulas, and load no script or CDN?"""
    text = nbformat.v4.new_markdown_cell("Loss $J = -\\frac{1}{m}\\sum_i L_i$")
    html = _page(
        [text, _graded("relu_test(relu)", "relu-values", 1, 1), _graded("x", "relu-shape", 0, 2)]
    )
    assert "Test cell" not in html and "relu: values" in html and "relu: shape" in html
    assert "<math" in html
    assert not re.search(r"<script[^>]+src=", html) and "cdn" not in html.lower()


def test_outputs_lose_grader_paths_and_figures_get_alt_text():
    """Are absolute paths cut to file names and figures given alt text?"""
    cell = nbformat.v4.new_code_cell("f()")
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ValueError",
            evalue="bad",
            traceback=[
                "File \x1b[32m/srv/course/autograded/ann/a1/public_tests.py:12\x1b[0m, in f"
            ],
        ),
        nbformat.v4.new_output("stream", name="stdout", text="read ~/course/data/x.h5\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
    ]
    cell, _ = FeedbackPresentation().preprocess_cell(cell, {}, 4)
    assert (
        "/srv" not in cell.outputs[0].traceback[0]
        and "public_tests.py:12" in cell.outputs[0].traceback[0]
    )
    assert cell.outputs[1].text == "read x.h5\n"
    assert "Figure" in cell.outputs[2].metadata["image/png"]["alt"]


def test_notebook_images_have_alt_text():
    """Does every image in the source notebooks' text carry alt text?"""
    missing = []
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(assignment.source_notebook(), as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            missing += [m for m in re.findall(r"<img[^>]*>", cell.source) if "alt=" not in m]
            missing += re.findall(r"!\[\s*\]\([^)]*\)", cell.source)
    assert not missing, missing
