"""The quiz: answer forms read alike, the key scored by its rules, and kept out of the release."""

import math
import re

import nbformat
import pytest

import public_tests as pt
from coursekit.course import ROOT, get_assignment
from coursekit.hidden import quiz
from coursekit.submissions import answer_cells, solution_answers
from coursekit.variants import catalogue

QUIZ = get_assignment("quiz")
QUESTIONS = list(pt.QUIZ_KINDS)

SAME = [
    ("single", ["B", "b", " b ", "B\n"], "B"),
    ("multiple", [["a", "c"], ["c", "a"], ("A", "C"), ["C", "a", "c"], "A, C", "c a"], ("A", "C")),
    ("multiple", [["D"], "d", ("d",)], ("D",)),
    ("number", [0.25, 1 / 4, "1/4", "0.25", " 1/4 ", "2/8"], 0.25),
    ("number", [30, 30.0, "30", "60/2"], 30.0),
    ("number", [-1.5, "-3/2"], -1.5),
]
MALFORMED = [
    ("single", ["E", "AB", "", 2, None, True, ["A"], "A or B"]),
    ("multiple", [[], "", ["A", 3], ["E"], {"A", "C"}, 3, None, ["AB"]]),
    ("number", ["quarter", "1/0", "nan", float("inf"), math.nan, None, True, [0.25], "0,25"]),
]


def _answer(code):
    """Return the value the answer cell ``code`` gives its question's variable."""
    namespace = {}
    exec(code, namespace)  # the instructor's own answer cells
    (name,) = [key for key in namespace if key.startswith("q")]
    return namespace[name]


@pytest.mark.parametrize(("kind", "spellings", "canonical"), SAME)
def test_every_accepted_spelling_reads_the_same(kind, spellings, canonical):
    """Do "B" and "b", ["a", "c"] and ["c", "a"], 0.25 and "1/4" read as one answer?"""
    for raw in spellings:
        assert quiz.normalize(kind, raw) == canonical, raw


@pytest.mark.parametrize(("kind", "answers"), MALFORMED)
def test_malformed_answers_are_refused_by_both_the_key_and_the_public_check(kind, answers):
    """Is every malformed answer a ValueError for the grader and a failed form check?"""
    question = next(q for q, k in pt.QUIZ_KINDS.items() if k == kind)
    for raw in answers:
        with pytest.raises(ValueError):
            quiz.normalize(kind, raw)
        with pytest.raises(AssertionError, match=re.escape(pt.QUIZ_FORMS[kind])):
            pt.quiz_answer_check(question, raw)


@pytest.mark.parametrize("question", QUESTIONS)
def test_public_check_says_well_formed_never_right_or_wrong(question, capsys):
    """Does the public check print the same line for the key and for a wrong answer?"""
    kind = pt.QUIZ_KINDS[question]
    wrong = {"single": "A" if quiz.KEY[question] != "A" else "B", "multiple": ["B"], "number": 7}
    printed = []
    for raw in (quiz.KEY[question], wrong[kind]):
        pt.quiz_answer_check(question, list(raw) if kind == "multiple" else raw)
        printed.append(capsys.readouterr().out)
    for text in printed:
        assert "Answer recorded: well-formed." in text
    # Apart from how the answer was read, the key and a wrong answer print the same words.
    same = [re.sub(r" is read as .*?\. ", " is read as ... ", text) for text in printed]
    assert same[0] == same[1], printed


@pytest.mark.parametrize("question", QUESTIONS)
def test_key_scores_full_marks_and_every_other_letter_or_number_none(question):
    """Does the key earn 1, and a wrong single letter or number 0, with a one-line explanation?"""
    kind = quiz.kind_of(question)
    assert kind == pt.QUIZ_KINDS[question]
    fraction, line = quiz.score(question, quiz.KEY[question])
    assert fraction == 1 and line.startswith("right: ") and "\n" not in line
    if kind == "single":
        for letter in set(pt.QUIZ_LETTERS) - {quiz.KEY[question]}:
            assert quiz.score(question, letter.lower()) == (0.0, f"wrong: {quiz.IDEAS[question]}")
    if kind == "number":
        key = quiz.KEY[question]
        assert quiz.score(question, key * (1 + 5e-5))[0] == 1, "within the stated tolerance"
        assert quiz.score(question, key * 1.01)[0] == 0
        assert quiz.score(question, -key)[0] == 0


@pytest.mark.parametrize(
    ("chosen", "fraction"),
    [
        (["B", "C"], 1.0),  # both right options
        (["c", "b"], 1.0),
        (["B"], 0.5),  # one of two right options: +1/2
        (["B", "C", "A"], 0.5),  # +1/2 +1/2 -1/2
        (["B", "A"], 0.0),  # +1/2 -1/2
        (["A", "B", "C", "D"], 0.0),  # everything: +1 -1
        (["A", "D"], 0.0),  # -1, floored at 0
        (["A"], 0.0),
    ],
)
def test_multiple_choice_partial_credit_rule(chosen, fraction):
    """Does each right option earn 1/k and each wrong one cost 1/k, never below 0 (q3, k = 2)?"""
    assert quiz.KEY["q3"] == ("B", "C")
    assert quiz.score("q3", chosen)[0] == pytest.approx(fraction)


def test_partial_credit_with_three_right_options():
    """With k = 3 right options (q7), does one wrong extra cost a third?"""
    assert quiz.score("q7", ["A", "C"])[0] == pytest.approx(2 / 3)
    assert quiz.score("q7", ["A", "B", "C", "D"])[0] == pytest.approx(2 / 3)
    assert quiz.score("q7", ["B"])[0] == 0


def test_malformed_answer_scores_zero_and_says_why():
    """Is an answer of the wrong form worth 0, with the reason and the idea?"""
    fraction, line = quiz.score("q1", ["C"])
    assert fraction == 0 and line.startswith("not read as an answer") and quiz.IDEAS["q1"] in line


def test_explanations_give_away_no_other_questions_number_answer():
    """Does no explanation hold the numeric key of another question, in any spelling?"""
    for question, key in quiz.KEY.items():
        if not isinstance(key, float):
            continue
        spellings = {f"{key:g}", str(key)}
        spellings |= {"1/4", "= 1/4"} if key == 0.25 else set()
        for other, idea in quiz.IDEAS.items():
            if other != question:
                found = [s for s in spellings if re.search(rf"(?<![\w.]){re.escape(s)}\b", idea)]
                assert not found, f"{other}'s explanation shows {question}'s answer {found}"


def test_one_check_per_graded_cell_and_one_answer_cell_per_question():
    """Has each question an answer cell and a 1-point graded cell with a registered check?"""
    nb = nbformat.read(QUIZ.source_notebook(), as_version=4)
    graded = {
        cell.metadata.nbgrader.grade_id: cell
        for cell in nb.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    }
    assert set(answer_cells(nb)) == set(quiz.KEY) == set(pt.QUIZ_KINDS)
    assert len(quiz.KEY) >= 10
    assert set(graded) == {f"{q}-answer" for q in quiz.KEY} == set(quiz.checks.functions)
    for question in quiz.KEY:
        cell = graded[f"{question}-answer"]
        assert cell.metadata.nbgrader.points == 1
        docstring, call = cell.source.splitlines()
        assert docstring.startswith('"""') and docstring.endswith('"""')
        assert call == f'quiz_answer_check("{question}", {question})'


def test_instructor_solution_is_the_key():
    """Do the source notebook's answer cells hold exactly the key (the demo's perfect student)?"""
    for question, code in solution_answers(QUIZ.source_notebook()).items():
        kind = pt.QUIZ_KINDS[question]
        assert quiz.normalize(kind, _answer(code)) == quiz.KEY[question], question


class _Student:
    """Stands in for a graded notebook: hands out the values of its globals."""

    def __init__(self, **values):
        self.values = values

    def value(self, name):
        if name not in self.values:
            raise NameError(f"name {name!r} is not defined")
        return self.values[name]


def test_registered_checks_turn_scores_into_verdicts():
    """Do the checks give full, partial and zero verdicts with the explanation on a miss?"""
    right = quiz.checks.run("q3-answer", _Student(q3=["c", "b"]), pt)
    partial = quiz.checks.run("q3-answer", _Student(q3=("B",)), pt)
    wrong = quiz.checks.run("q11-answer", _Student(q11="1/5"), pt)
    missing = quiz.checks.run("q1-answer", _Student(), pt)
    assert right.fraction == 1 and partial.fraction == 0.5
    assert wrong.fraction == 0 and wrong.message == f"wrong: {quiz.IDEAS['q11']}"
    assert missing.fraction == 0 and "q1" in missing.message


def test_key_is_nowhere_students_can_read():
    """Do public_tests.py and the committed release hold no key, and no answer cell equal to it?"""
    assert "KEY" not in vars(pt) and "IDEAS" not in vars(pt)
    public_text = (ROOT / "public_tests.py").read_text(encoding="utf-8")
    for idea in quiz.IDEAS.values():
        assert idea not in public_text
    release = ROOT / "release" / QUIZ.name
    assert QUIZ.release_notebook().is_file(), "no quiz release; run `make release`"
    assert not (release / "coursekit").exists()
    checked = 0
    for path in release.rglob("*"):
        if path.suffix not in (".ipynb", ".py", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # read the cells as written, not JSON-escaped
            text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
        assert "BEGIN SOLUTION" not in text, path
        for idea in quiz.IDEAS.values():
            assert idea not in text, path
        for question, value in re.findall(r"\b(q\d+)\s*=\s*([^\n#`]+)", text):
            if question not in quiz.KEY or value.strip() == "None":
                continue
            try:
                read = quiz.normalize(quiz.kind_of(question), _answer(f"{question} = {value}"))
            except (SyntaxError, NameError, ValueError):
                continue
            checked += 1
            assert read != quiz.KEY[question], f"{path} shows {question}'s answer: {value}"
    assert checked >= 3, "the notebook's examples of answers were not found"


def test_catalogue_variants_score_as_labelled():
    """Does the key give every right variant 1, every caught wrong one 0, partial ones a part?"""
    for item in catalogue("quiz"):
        fraction, _ = quiz.score(item.exercise, _answer(item.code.split("\n", 1)[1]))
        if item.correct:
            assert fraction == 1, item.label
        elif item.expect_caught:
            assert fraction == 0, item.label
        else:
            assert 0 < fraction < 1, item.label


@pytest.fixture(scope="module")
def kernel():
    """Return a client of a plain local kernel (the engine's sandbox is not needed for values)."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


@pytest.mark.slow
def test_answers_cross_from_a_kernel_and_score_as_labelled(kernel):
    """Do the catalogue's answers, read from a live kernel by the engine, score as labelled?"""
    from coursekit.grading.student import Student

    student = Student(kernel, timeout=30)
    for item in catalogue("quiz"):
        kernel.execute_interactive(f"{item.exercise} = None\n{item.code}", timeout=30)
        verdict = quiz.checks.run(f"{item.exercise}-answer", student, pt)
        if item.correct:
            assert verdict.fraction == 1, (item.label, verdict)
        elif item.expect_caught:
            assert verdict.fraction == 0, (item.label, verdict)
            assert quiz.IDEAS[item.exercise] in verdict.message, (item.label, verdict)
        else:
            assert 0 < verdict.fraction < 1, (item.label, verdict)
