"""Feedback that gives the answer away waits for the deadline (WithholdAnswers)."""

import nbformat

from coursekit.classroom.reveal import WithholdAnswers


def _graded_cell(text: str, grade: bool = True):
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": grade, "grade_id": "q1-answer", "points": 1}
    cell.outputs = [
        nbformat.v4.new_output("error", ename="AssertionError", evalue=text, traceback=[text]),
        nbformat.v4.new_output("stream", name="stdout", text=text),
    ]
    return cell


def test_answers_withheld_before_deadline_only():
    """Are quiz explanations and expected values cut from graded cells before the deadline?"""
    text = "wrong: the cost J is the mean of the losses\nrelu(x) is off; expected np.maximum(0, x)"
    withheld = WithholdAnswers(withhold=True, deadline="2026-12-12T23:59:00+00:00")
    cell, _ = withheld.preprocess_cell(_graded_cell(text), {}, 0)
    for shown in (cell.outputs[0].evalue, cell.outputs[0].traceback[0], cell.outputs[1].text):
        assert "mean of the losses" not in shown and "np.maximum" not in shown
        assert shown.startswith("wrong: (explained after the deadline, 2026-12-12T23:59:00")
        assert "relu(x) is off; expected value (explained after the deadline" in shown
    cell, _ = withheld.preprocess_cell(_graded_cell(text, grade=False), {}, 0)
    assert cell.outputs[1].text == text
    cell, _ = WithholdAnswers(withhold=False).preprocess_cell(_graded_cell(text), {}, 0)
    assert cell.outputs[1].text == text


def test_idea_withheld_after_an_unread_answer():
    """Is the idea after a quiz answer that could not be read withheld too?"""
    text = "not read as an answer (write one letter); the idea: dZ = A - Y holds each dL/dz"
    withheld = WithholdAnswers(withhold=True, deadline="2026-12-12")
    cell, _ = withheld.preprocess_cell(_graded_cell(text), {}, 0)
    assert cell.outputs[1].text == (
        "not read as an answer (write one letter); the idea: (explained after the deadline, "
        "2026-12-12)"
    )
