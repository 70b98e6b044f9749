"""The quiz: answer forms read alike, the key scored by its rules, and kept out of the release."""

import itertools
import math
import re
import types

import nbformat
import pytest

import public_tests as pt
from coursekit.accuracy.variants import catalogue
from coursekit.course import ROOT, get_assignment
from coursekit.grading.values.kernel_side import Other
from coursekit.hidden import quiz
from coursekit.submissions import answer_cells, solution_answers

QUIZ = get_assignment("quiz")
QUESTIONS = list(pt.QUIZ_KINDS)
MULTIPLE = [q for q, kind in pt.QUIZ_KINDS.items() if kind == "multiple"]
# A question of each kind: q1 chooses one of A-D, q3 all that apply of A-D, q11 is a number.
EXAMPLE = {"single": "q1", "multiple": "q3", "number": "q11"}

SAME = [
    ("single", ["B", "b", " b ", "B\n", ["b"], ("B",), {"B"}], "B"),
    (
        "multiple",
        [["a", "c"], ["c", "a"], ("A", "C"), ["C", "a", "c"], {"c", "a"}, frozenset("AC")],
        ("A", "C"),
    ),
    ("multiple", ["A, C", "c a", " a ; c ", "a,c"], ("A", "C")),
    ("multiple", [["D"], "d", ("d",), {"D"}], ("D",)),
    ("number", [0.25, 1 / 4, "1/4", "1 / 4", "0.25", " 1/4 ", "2/8", ".25", "2.5e-1"], 0.25),
    ("number", [30, 30.0, "30", "60/2", "3e1", " 60 / 2 ", "+30"], 30.0),
    ("number", [-1.5, "-3/2", "3/-2", "-1.5"], -1.5),
]
MALFORMED = [
    ("single", ["E", "AB", "", 2, None, True, ["A", "B"], [], "A or B"]),
    ("multiple", [[], "", set(), ["A", 3], ["E"], 3, None, ["AB"], "A and C"]),
    (
        "number",
        [
            "quarter",
            "1/0",
            "nan",
            "inf",
            "1_000",
            float("inf"),
            math.nan,
            None,
            True,
            [0.25],
            "0,25",
            "1e60000000",
            "1/1e-60000000",
            "1e31",
            "0.25" + " " * 40,
            "9" * 41,
            10**400,
        ],
    ),
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
        assert quiz.normalize(EXAMPLE[kind], raw) == canonical, raw


@pytest.mark.parametrize(("kind", "answers"), MALFORMED)
def test_malformed_answers_are_refused_by_both_the_key_and_the_public_check(kind, answers):
    """Is every malformed answer a ValueError for the grader and a failed form check?"""
    question = EXAMPLE[kind]
    for raw in answers:
        with pytest.raises(ValueError):
            quiz.normalize(question, raw)
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
        assert pt.QUIZ_RECORDED in text and "not whether it is right" in text
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
        for letter in set(pt.QUIZ_QUESTIONS[question][1]) - {quiz.KEY[question]}:
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


def test_partial_credit_with_three_right_options_among_five():
    """With k = 3 right of n = 5 (q7), does a right option earn 1/3 and a wrong one cost 1/2?"""
    assert quiz.KEY["q7"] == ("A", "C", "D") and pt.QUIZ_QUESTIONS["q7"][1] == "ABCDE"
    assert quiz.score("q7", ["A", "C"])[0] == pytest.approx(2 / 3)
    assert quiz.score("q7", ["A", "C", "D", "E"])[0] == pytest.approx(1 / 2)
    assert quiz.score("q7", ["A", "B", "C", "D"])[0] == pytest.approx(1 / 2)
    assert quiz.score("q7", ["A", "B"])[0] == 0  # 1/3 - 1/2, floored
    assert quiz.score("q7", ["A", "B", "C", "D", "E"])[0] == 0


@pytest.mark.parametrize("question", MULTIPLE)
def test_choosing_every_option_earns_nothing_and_the_right_ones_everything(question):
    """On every choose-all question, does "select all" earn exactly 0 and the key alone 1?"""
    offered = pt.QUIZ_QUESTIONS[question][1]
    assert 0 < len(quiz.KEY[question]) < len(offered)
    assert quiz.score(question, list(offered)) == (0.0, f"wrong: {quiz.IDEAS[question]}")
    assert quiz.score(question, list(quiz.KEY[question]))[0] == 1


@pytest.mark.parametrize("question", MULTIPLE)
def test_credit_rises_with_each_right_option_and_falls_with_each_wrong_one(question):
    """Over every choice of options, does a right option never lower and a wrong one never raise?"""
    offered = pt.QUIZ_QUESTIONS[question][1]
    key = set(quiz.KEY[question])
    subsets = [
        set(chosen) for size in range(1, len(offered) + 1)
        for chosen in itertools.combinations(offered, size)
    ]  # fmt: skip
    for chosen in subsets:
        credit = quiz.multiple_choice_credit(chosen, key, offered)
        assert 0 <= credit <= 1
        for letter in set(offered) - chosen:
            more = quiz.multiple_choice_credit(chosen | {letter}, key, offered)
            assert more >= credit if letter in key else more <= credit, (chosen, letter)
        if not chosen <= key:
            assert credit < 1, chosen


def test_malformed_answer_scores_zero_and_says_why():
    """Is an answer of the wrong form worth 0, with the reason and the idea?"""
    fraction, line = quiz.score("q1", ["C", "A"])
    assert fraction == 0 and line.startswith("not read as an answer") and quiz.IDEAS["q1"] in line


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("{'b', 'c'}", 1.0),
        ('{"C", "B"}', 1.0),
        ("frozenset({'B', 'C'})", 1.0),
        ("{'B'}", 0.5),
        ("{'A', 'B', 'C', 'D'}", 0.0),
    ],
)
def test_a_set_that_crosses_as_its_repr_is_read_as_its_letters(text, fraction):
    """Is a set, which reaches the grader as its type name and repr, scored as its letters?"""
    assert quiz.score("q3", Other("builtins.set", text))[0] == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("type_name", "text"),
    [
        ("builtins.set", "set()"),
        ("builtins.set", "{'B', 'C', 'no, this is not a letter at all'}"),
        ("builtins.set", "{1, 2}"),
        ("builtins.set", "{'B', 'C'} and more"),
        ("mymodule.Bag", "{'B', 'C'}"),
    ],
)
def test_other_values_are_not_read(type_name, text):
    """Is anything else that could not cross (or a set not of letters) worth 0, saying so?"""
    fraction, line = quiz.score("q3", Other(type_name, text))
    assert fraction == 0 and line.startswith("not read as an answer"), line


def test_a_fraction_that_crosses_as_its_repr_is_read_as_its_value():
    """Is a fractions.Fraction, which the form check accepts, scored by its value too?"""
    assert quiz.score("q11", Other("fractions.Fraction", "Fraction(1, 4)"))[0] == 1
    assert quiz.score("q8", Other("fractions.Fraction", "Fraction(-30, 1)"))[0] == 0
    fraction, line = quiz.score("q11", Other("fractions.Fraction", "Fraction(1, 4) + 1"))
    assert fraction == 0 and line.startswith("not read as an answer")


def test_number_text_reaches_fraction_only_short_and_with_a_small_exponent(monkeypatch):
    """Does a number in text reach Fraction only when short, with an exponent of at most 30?"""
    seen = []
    real = pt.fractions.Fraction

    def recording(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(pt, "fractions", types.SimpleNamespace(Fraction=recording))
    hostile = ["1e60000000", "1e-60000000", "1/1e60000000", "1e0000000031", "1" * 10**6, "1" * 41]
    for raw in hostile:
        with pytest.raises(ValueError, match="exponent|characters"):
            pt.quiz_normalize("q8", raw)
    assert pt.quiz_normalize("q8", "3e1") == 30 and pt.quiz_normalize("q8", " 60 / 2 ") == 30
    assert seen == ["3e1", "60", "2"]


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
    assert len(quiz.KEY) >= 16
    assert set(graded) == {f"{q}-answer" for q in quiz.KEY} == set(quiz.checks.functions)
    for question in quiz.KEY:
        cell = graded[f"{question}-answer"]
        assert cell.metadata.nbgrader.points == 1
        lines = cell.source.splitlines()
        # The docstring's first line is the cell's title on the feedback page: what the cell
        # is graded on there; the rest says what it does when the student runs it.
        title = f"Is {question} right? Scored against the answer key after you submit."
        assert lines[0] == f'"""{title}'
        assert "only that" in cell.source and "well-formed" in cell.source
        assert lines[-1] == f'quiz_answer_check("{question}", {question})'


def _questions_text(nb):
    """Return ``{question: its markdown}`` for the quiz's question cells."""
    found = {}
    for cell in nb.cells:
        number = (
            re.match(r"## Question (\d+) - ", cell.source) if cell.cell_type == "markdown" else None
        )
        if number:
            found[f"q{number.group(1)}"] = cell.source
    return found


def test_each_question_offers_the_options_its_answers_are_read_against():
    """Does each question list exactly the letters public_tests reads for it, and say its kind?"""
    nb = nbformat.read(QUIZ.source_notebook(), as_version=4)
    texts = _questions_text(nb)
    assert set(texts) == set(pt.QUIZ_QUESTIONS)
    words = {
        "single": "(choose one)",
        "multiple": "(choose all that apply)",
        "number": "(a number)",
    }
    for question, (kind, letters) in pt.QUIZ_QUESTIONS.items():
        offered = "".join(re.findall(r"^- \*\*([A-Z])\.\*\*", texts[question], re.MULTILINE))
        assert offered == letters, question
        assert words[kind] in texts[question].splitlines()[0], question


def test_introduction_states_the_rule_the_key_applies_and_where_each_question_comes_from():
    """Does cell 0 give the credit formula, say select-all earns 0 and source every question?"""
    intro = nbformat.read(QUIZ.source_notebook(), as_version=4).cells[0].source
    assert (
        r"\frac{\text{right options chosen}}{k} - \frac{\text{wrong options chosen}}{n - k}"
        in intro
    )
    assert "Choosing every option earns nothing, on every" in intro
    assert f"{len(quiz.KEY)} questions" in intro.replace("Sixteen", "16")
    assert f"({len(quiz.KEY)} points)" in intro
    assert "Validate" in intro and "only that every answer is well-formed" in intro
    rows = re.findall(r"^\| (\d+) [^|]+\| ([^|]+) \|$", intro, re.MULTILINE)
    assert [int(number) for number, _ in rows] == list(range(1, len(quiz.KEY) + 1))
    for _, where in rows:
        assert re.search(r"Theory, section|Assignment [123], section", where), where


def test_instructor_solution_is_the_key():
    """Do the source notebook's answer cells hold exactly the key (the demo's perfect student)?"""
    for question, code in solution_answers(QUIZ.source_notebook()).items():
        assert quiz.normalize(question, _answer(code)) == quiz.KEY[question], question


class _Student:
    """Stands in for a graded notebook: hands out the values of its globals."""

    answer_cells: dict = {}  # no answer cell to re-run with the course's values

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
                read = quiz.normalize(question, _answer(f"{question} = {value}"))
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
    from coursekit.grading.values.student import Student

    student = Student(kernel)
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
