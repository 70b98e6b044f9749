"""The hidden checks give every catalogue variant the same verdict whatever a submission's seed.

Hidden inputs are drawn per submission, so no verdict may hang on where the inputs fall. The
variants' functions run here in-process, on a stand-in of the student's kernel that calls them
directly and, like the wire, fails a call that changes an argument the assignment protects.
"""

import contextlib
import copy
import io

import numpy as np
import pytest

from coursekit.accuracy.variants import catalogue
from coursekit.course import ROOT, get_assignment
from coursekit.grading.values.student import InputChanged
from coursekit.grading.verdicts.checks import exercise_of, load_checks, load_public_tests
from coursekit.submissions import solution_answers

SEEDS = 20
# Assignments whose answers are functions only (Assignment 2 reads the dataset in its cells).
ASSIGNMENTS = ["python_basics", "neurons_and_layers"]


def _same(a, b) -> bool:
    """Return whether an argument ``b`` after a call is ``a``, as it was before."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


class LocalStudent:
    """The namespace ``ns`` of answers run here, seen as the checks see a student's kernel."""

    def __init__(self, ns: dict, seed: tuple[int, ...], may_change_inputs):
        self.ns, self.seed, self.may_change_inputs = ns, seed, may_change_inputs
        self.trusted_exercises, self.trust_was_used, self.answer_cells = frozenset(), False, {}

    def rng(self, stream: int) -> np.random.Generator:
        """Return the generator the grading engine would hand a check (same seeding)."""
        return np.random.default_rng([stream, *self.seed])

    @contextlib.contextmanager
    def standing_in(self, **functions):
        """Within the block, the answers call the course's ``functions``."""
        saved = {name: self.ns.get(name) for name in functions}
        self.ns.update(functions)
        try:
            yield self
        finally:
            self.ns.update(saved)

    def value(self, name: str):
        """Return a copy of the global ``name``."""
        if name not in self.ns:
            raise NameError(f"{name} is not defined")
        return copy.deepcopy(self.ns[name])

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        function = self.value(name)

        def call(*args, **kwargs):
            before = copy.deepcopy(args)
            result = function(*args, **kwargs)
            changed = not all(_same(a, b) for a, b in zip(before, args, strict=True))
            if changed and name not in self.may_change_inputs:
                raise InputChanged(f"{name} changed its argument")
            return copy.deepcopy(result)

        call.__name__ = name
        return call


def _cases():
    """Yield ``(assignment, variant)`` for every variant of the function-only assignments."""
    for name in ASSIGNMENTS:
        for item in catalogue(name):
            if item.exercise != "hello_world":
                yield pytest.param(name, item, id=item.label)


@pytest.mark.slow
@pytest.mark.parametrize(("assignment", "item"), list(_cases()))
def test_verdict_is_the_same_for_every_seed(assignment, item):
    """A right variant passes and a caught wrong one fails its exercise for each of 20 seeds."""
    checks = load_checks(assignment)
    public = load_public_tests(ROOT)
    ns: dict = {}
    exec("import math\nimport numpy as np\n", ns)
    answers = solution_answers(get_assignment(assignment).source_notebook(ROOT))
    for exercise, code in answers.items():
        exec(item.code if exercise == item.exercise else code, ns)
    grade_ids = [g for g in checks.functions if exercise_of(g) == item.exercise]
    passed = []
    for seed in range(SEEDS):
        student = LocalStudent(ns, (seed, 2026), checks.may_change_inputs)
        with contextlib.redirect_stdout(io.StringIO()):
            verdicts = [checks.run(g, student, public) for g in grade_ids]
        passed.append(all(v.passed for v in verdicts))
    if item.correct:
        assert all(passed), (
            f"{item.label} fails on seeds {[s for s, ok in enumerate(passed) if not ok]}"
        )
    elif item.expect_caught:
        assert not any(passed), (
            f"{item.label} passes on seeds {[s for s, ok in enumerate(passed) if ok]}"
        )
