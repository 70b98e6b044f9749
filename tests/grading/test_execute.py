"""Limits the grading run holds each notebook to: output of every kind, time, and its own memory."""

import resource
import time

import nbformat
import numpy as np
import pytest
from harness import FULL, autograde, copy_course, hand_in, notebook, output_text, scores, solution
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from coursekit.grading.execute import (
    ERROR_CUT,
    NOTEBOOK_TIME,
    OUTPUT_CUT,
    SandboxedExecute,
    _size,
)
from coursekit.grading.settings import SandboxLimits

CELL_CAP, NOTEBOOK_CAP = 1_000, 3_000
NOTE = OUTPUT_CUT.format(cell=CELL_CAP, notebook=NOTEBOOK_CAP)


@pytest.fixture
def engine():
    """Return a SandboxedExecute ready to take outputs, with small output limits, no kernel."""
    engine = SandboxedExecute()
    NotebookClient.__init__(engine, nbformat.v4.new_notebook(cells=[new_code_cell("")]))
    engine.reset_execution_trackers()
    engine.limits = SandboxLimits(
        output_bytes_per_cell=CELL_CAP, output_bytes_per_notebook=NOTEBOOK_CAP
    )
    engine._kept = {"cell": 0, "notebook": 0}
    engine._ends = time.monotonic() + 60
    engine.clear_before_next_output = False
    return engine


def _message(msg_type: str, **content) -> dict:
    """Return an iopub message of ``msg_type`` with ``content``."""
    return {
        "msg_type": msg_type,
        "header": {"msg_type": msg_type},
        "parent_header": {"msg_id": "m"},
        "content": content,
    }


FLOODS = {
    "metadata": _message("display_data", data={"text/plain": "x"}, metadata={"junk": "m" * 5_000}),
    "error message": _message("error", ename="E", evalue="e" * 5_000, traceback=[]),
    "error name": _message("error", ename="E" * 5_000, evalue="", traceback=[]),
    "traceback": _message("error", ename="E", evalue="", traceback=["t"] * 2_000),
    "text": _message("stream", name="stdout", text="y" * 5_000),
}


@pytest.mark.parametrize("kind", FLOODS)
def test_every_field_counts_toward_the_output_limit(engine, kind):
    """Is an output too large in any field dropped, with one note in its place?"""
    outs = []
    engine.output(outs, FLOODS[kind], None, 0)
    assert (
        len(outs) == 1 and OUTPUT_CUT.format(cell=CELL_CAP, notebook=NOTEBOOK_CAP) in outs[0].text
    )


def test_small_outputs_are_kept_until_the_notebook_limit(engine):
    """Are small outputs kept until their sum passes the notebook's limit, and then cut?"""
    outs = []
    for _ in range(10):
        engine._kept["cell"] = 0
        engine.output(outs, _message("stream", name="stdout", text="z" * 500), None, 0)
    kept = [out for out in outs if out.text.startswith("z")]
    assert len(kept) == 5 and NOTE in outs[-1].text


def test_updating_copies_of_a_display_counts_each_copy(engine):
    """Is an update landing in many copies of a display weighed once per copy, and refused?"""
    outs = engine.nb.cells[0].outputs
    for _ in range(20):
        engine.output(outs, _message("display_data", data={"text/plain": "."}, metadata={},
                                     transient={"display_id": "d"}), "d", 0)  # fmt: skip
    update = _message("update_display_data", data={"text/plain": "u" * 200}, metadata={})
    engine._update_display_id("d", update)
    assert all(out.data["text/plain"] == "." for out in outs)


def test_an_error_reply_past_the_limits_keeps_only_its_name(engine):
    """Does nbgrader's copy of a cut error reply carry only the error's name, cut short?"""
    cell = engine.nb.cells[0]
    reply = {"content": {"status": "error", "ename": "E" * 500, "evalue": "v" * 5_000,
                         "traceback": ["t" * 5_000]}}  # fmt: skip
    engine.on_cell_executed(cell=cell, cell_index=0, execute_reply=reply)
    error = cell.outputs[-1]
    assert error.ename == "E" * 100 and error.evalue == ERROR_CUT
    assert sum(len(str(out)) for out in cell.outputs) < CELL_CAP


def test_size_counts_strings_and_entries():
    """Does the size count every string, key and entry, and stop past its bound?"""
    assert _size({"ab": ["cde", "f"]}, 100) == 1 + 2 + 2 + 3 + 1
    assert _size(["x" * 1_000] * 1_000, 5_000) < 10_000


def test_a_cell_may_run_only_as_long_as_the_notebook_has_left(engine):
    """Is a cell's timeout the notebook's time left when that is shorter than Execute.timeout?"""
    engine.timeout = 60
    engine._ends = time.monotonic() + 5
    assert 1 <= engine._get_timeout(engine.nb.cells[0]) <= 5
    engine._ends = time.monotonic() + 600
    assert engine._get_timeout(engine.nb.cells[0]) == 60


def test_the_grading_memory_cap_holds_inside_and_lifts_after(engine):
    """Does an allocation past grader_memory_mb fail inside the cap and succeed after it?"""
    engine.limits = SandboxLimits(grader_memory_mb=32)
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with pytest.raises(MemoryError), engine._memory_cap():
        np.empty(16_000_000)  # 128 MB
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert np.empty(16_000_000).size == 16_000_000


@pytest.mark.slow
def test_a_notebook_past_its_time_is_stopped_and_scores_what_it_earned(scratch, tmp_path):
    """Is a notebook that outlasts notebook_seconds stopped, its checks 0, a classmate kept?"""
    course = copy_course(scratch("python_basics"), tmp_path / "c")
    right = solution(course)
    slow = {**right, "hello_world": "import time\ntime.sleep(120)\n" + right["hello_world"]}
    hand_in(course, "slow", notebook(course, slow))
    hand_in(course, "honest", notebook(course, right))
    # 40 s: far more than an honest notebook takes, even on a busy machine.
    result = autograde(course, "--SandboxLimits.notebook_seconds=40")
    assert result.returncode == 0, result.stderr[-2000:]
    assert scores(course) == {"slow": 0.0, "honest": FULL}
    assert NOTEBOOK_TIME.format(seconds=40) in output_text(course, "slow")
