"""Grading one submission in a worker: nbgrader's failures come back typed, never raised."""

import nbformat
import pytest
from class_runs import BASICS
from harness import copy_course
from jupyter_client.asynchronous.client import AsyncKernelClient

from coursekit.grading.class_runner.bundle import course_bundle, find_tasks
from coursekit.grading.class_runner.worker import grade_submission
from coursekit.grading.errors import KernelDidNotStart
from coursekit.grading.nbgrader_cli import autograde_app

DIED = "Kernel died before replying to kernel_info"


@pytest.mark.slow
def test_a_kernel_that_did_not_start_comes_back_typed(scratch, tmp_path, monkeypatch):
    """Does a kernel start failure come back as KernelDidNotStart, with no private paths?"""
    course = copy_course(scratch(BASICS.name), tmp_path / "course")
    folder = course / "submitted" / "ann" / BASICS.name
    folder.mkdir(parents=True)
    nbformat.write(nbformat.read(BASICS.release_notebook(course), 4), folder / BASICS.notebook)

    async def died(self, timeout=None):
        # What jupyter_client raises when a kernel process exits as it starts.
        raise RuntimeError(DIED)

    # The kernel process starts; its first reply never comes (nbclient then shuts it down).
    monkeypatch.setattr(AsyncKernelClient, "wait_for_ready", died)
    app = autograde_app(course)
    [task] = find_tasks(app, BASICS.name)
    result = grade_submission(course_bundle(app, BASICS.name), task)
    assert isinstance(result.failure, KernelDidNotStart)
    assert (result.ok, result.infrastructure, result.failure.retry) == (False, True, True)
    assert result.reason == f"RuntimeError: {DIED}"
    assert not result.files and not result.task.files and result.worker
    assert "coursekit-worker" not in result.log and DIED in result.log
