"""The grading side of a call: replies read in linear memory, stand-ins and checks bounded."""

import base64
import json
import time
import tracemalloc

import numpy as np
import pytest

from coursekit.grading.settings import SandboxLimits
from coursekit.grading.values.kernel_side import encode
from coursekit.grading.values.student import OutOfTime, Student, StudentError, _work, read_reply
from coursekit.hidden import reference

WIRE = SandboxLimits().wire_bytes


def _quoted(raw: bytes) -> str:
    """Return the user expression's text for a reply of JSON bytes ``raw``: its base64, quoted."""
    return repr(base64.b64encode(raw).decode())


def _peak(function, *args) -> tuple[int, object]:
    """Return the peak of traced memory while ``function(*args)`` runs, and what it gave."""
    tracemalloc.start()
    try:
        try:
            result = function(*args)
        except ValueError as error:
            result = error
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_a_reply_is_read_back():
    """Does a base64 reply of JSON come back as the dict it encodes?"""
    reply = {"ok": True, "value": encode([1.5, np.arange(3)], WIRE), "stdout": "hi\n"}
    assert read_reply(_quoted(json.dumps(reply).encode()), 1000) == reply


@pytest.mark.parametrize(
    "text",
    [
        "[" + "0," * 2_000_000 + "]",  # 4 MB of Python literal: ast.literal_eval took 1.96 GB
        "'" + "\\x41" * 1_000_000 + "'",  # a quoted literal with escapes
        "'" + "{}" * 2_000_000 + "'",  # quoted, but not base64
    ],
    ids=["list literal", "escaped string", "quoted non-base64"],
)
def test_a_literal_reply_is_refused_without_parsing(text):
    """Is reply text that is not quoted base64 refused, in memory at most twice its size?"""
    peak, result = _peak(read_reply, text, 1_000_000)
    assert isinstance(result, ValueError)
    assert peak < 2 * len(text)


def test_a_reply_of_too_many_values_is_refused_before_parsing():
    """Is 4 MB of tiny JSON values refused unparsed, in memory about its own size?"""
    text = _quoted(b"[" + b"[]," * 1_400_000 + b"[]]")
    peak, result = _peak(read_reply, text, 1_000_000)
    assert isinstance(result, ValueError) and "too many" in str(result)
    assert peak < 2 * len(text)


@pytest.mark.parametrize("megabytes", [4, pytest.param(64, marks=pytest.mark.slow)])
def test_reading_a_reply_takes_memory_linear_in_its_size(megabytes):
    """Does a large reply within the value bound take at most three times its text's size?"""
    raw = json.dumps({"ok": True, "stdout": "x" * (megabytes * 1_000_000)}).encode()
    text = _quoted(raw)
    peak, result = _peak(read_reply, text, 1_000_000)
    assert result["ok"] is True
    assert peak < 3 * len(text)


HONEST_CALLS = {
    "propagate": (np.zeros((6, 1)), 0.5, np.zeros((6, 40)), np.zeros((1, 40))),
    "optimize": (np.zeros((5, 1)), 0.0, np.zeros((5, 25)), np.zeros((1, 25)), 330, 0.07),
    "layer_output": ([1.0, 2.0, 3.0], [[0.1, 0.2, 0.3]] * 4, [0.0] * 4),
}


@pytest.mark.parametrize("name", HONEST_CALLS)
def test_the_checks_own_calls_are_within_the_stand_in_budget(name):
    """Do calls the size the hidden checks make stay well within the default budget?"""
    assert _work(HONEST_CALLS[name]) * 100 < SandboxLimits().stand_in_work


@pytest.mark.parametrize(
    "count", [3_000_000, np.int64(3_000_000), np.uint32(3_000_000), 3e6, np.float32(3e6),
              np.array(3_000_000), -3_000_000, float("inf")],
    ids=["int", "np.int64", "np.uint32", "float", "np.float32", "0-d array", "negative", "inf"],
)  # fmt: skip
def test_a_count_of_any_number_type_counts_as_work(count):
    """Is a count of iterations weighed whatever its number type?"""
    w, X, Y = np.zeros((3, 1)), np.zeros((3, 10)), np.zeros((1, 10))
    assert _work((w, 0.0, X, Y, count, 0.1)) >= 30 * 3_000_000


@pytest.mark.parametrize(
    "shapes, least",
    [
        ([(1, 10000), (10000, 1)], 10000 * 10000),  # the broadcast of A - Y
        ([(10000,), (10000, 1)], 10000 * 10000),
        ([(20000, 1)], 20000 * 20000),  # w @ w.T
        ([(1, 20000), (1, 20000)], 20000 * 20000),  # w.T @ X
        ([(50, 1, 1), (1, 50, 1), (1, 1, 50)], 50**3),
    ],
)
def test_the_arrays_a_call_could_make_count_as_work(shapes, least):
    """Are broadcasts and products of small arguments weighed by the arrays they make?"""
    assert _work([np.zeros(shape) for shape in shapes]) >= least


def test_nesting_past_the_bound_is_refused():
    """Are arguments nested deeper than the wire allows refused?"""
    value = [1]
    for _ in range(50):
        value = [value]
    with pytest.raises(ValueError):
        _work([value])


def _ask(student: Student, name: str, *args) -> dict:
    """Return the answer to a stand-in's request to run the course's ``name`` on ``args``."""
    return student._run_stand_in(
        json.dumps({"name": name, "args": encode(list(args), WIRE), "kwargs": encode({}, WIRE)})
    )


@pytest.fixture
def offline():
    """Return a Student with the course's propagate and optimize standing in, and no kernel."""
    student = Student(None)
    with student.standing_in(propagate=reference.propagate, optimize=reference.optimize):
        yield student


SMALL = (np.zeros((3, 1)), 0.0, np.ones((3, 5)), np.ones((1, 5)))


def test_an_honest_stand_in_call_is_served(offline):
    """Does a stand-in call the size the checks use get the course's result?"""
    answer = _ask(offline, "optimize", *SMALL, 150)
    assert answer["ok"], answer


@pytest.mark.parametrize(
    "name, args",
    [
        ("optimize", (*SMALL, np.int64(3_000_000))),
        ("optimize", (*SMALL, 3e6)),
        ("propagate", (np.zeros((1, 1)), 0.0, np.ones((1, 10000)), np.ones((10000, 1)))),
    ],
    ids=["np.int64 iterations", "float iterations", "broadcast to 10000 x 10000"],
)
def test_a_stand_in_call_asking_too_much_is_refused_unrun(offline, name, args):
    """Is a call whose counts or broadcasts exceed the budget refused, with the reason?"""
    peak, answer = _peak(_ask, offline, name, *args)
    assert not answer["ok"] and "more work than the grader allows" in answer["error"]
    assert peak < 5_000_000


def test_a_stand_in_request_of_too_many_values_is_refused_unparsed(offline):
    """Is a 4 MB stand-in request of tiny JSON values refused before it is parsed?"""
    text = '{"name": "propagate", "args": [' + "[]," * 1_400_000 + '[]], "kwargs": {"$dict": []}}'
    peak, answer = _peak(offline._run_stand_in, text)
    assert not answer["ok"] and "too many values" in answer["error"]
    assert peak < 1_000_000


@pytest.fixture(scope="module")
def kernel():
    """Yield a Student on a plain local kernel, interruptible, with a sleeper and a flooder."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    client.execute_interactive(KERNEL_CODE, timeout=30)
    student = Student(client)
    student.interrupt = manager.interrupt_kernel
    yield student
    client.stop_channels()
    manager.shutdown_kernel(now=True)


KERNEL_CODE = """
import builtins, time

def nap(seconds):
    time.sleep(seconds)
    return seconds

class Literal:
    def __repr__(self):
        return "[" + "0," * 2_000_000 + "]"

flood = []

def globals():
    # The user expression that reads each reply calls globals(): a notebook may define it.
    if flood:
        return {"__coursekit_reply__": Literal()}
    return builtins.globals()
"""


@pytest.mark.slow
def test_a_check_past_its_deadline_is_stopped_and_calls_no_more(kernel):
    """Is a call past the check's end interrupted, and every later call refused at once?"""
    with kernel.checking(time.monotonic() + 1):
        with pytest.raises(OutOfTime):
            kernel.nap(30)
        assert kernel.out_of_time
        with pytest.raises(OutOfTime):
            kernel.nap(0)
    assert kernel.nap(0) == 0


@pytest.mark.slow
def test_a_call_outside_a_check_has_check_seconds_only(kernel):
    """Is a call outside any check stopped after check_seconds, whatever the cell timeout?"""
    student = Student(kernel.client, limits=SandboxLimits(check_seconds=1))
    student.interrupt = kernel.interrupt
    start = time.monotonic()
    with pytest.raises(StudentError, match="did not finish within the time limit"):
        student.nap(30)
    assert time.monotonic() - start < 10
    assert student.nap(0) == 0


@pytest.mark.slow
def test_a_flooded_reply_costs_the_call_not_the_graders_memory(kernel):
    """Does a 4 MB literal swapped in for a reply fail the call in little memory?"""
    kernel.client.execute_interactive("flood.append(1)", timeout=30)
    try:
        peak, _ = _peak(lambda: pytest.raises(StudentError, kernel.nap, 0))
    finally:
        kernel.client.execute_interactive("flood.clear()", timeout=30)
    # The 4 MB text arrives inside a message of about that size, read once by jupyter_client.
    assert peak < 40_000_000
    assert kernel.nap(0) == 0
