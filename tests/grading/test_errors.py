"""The engine's typed failures: which are retried, what they report, what fix they name."""

import asyncio
import io
from concurrent.futures import Future

import pytest
from harness import demo_class_course
from jupyter_client.asynchronous.client import AsyncKernelClient
from nbclient import NotebookClient
from nbgrader.preprocessors.execute import UnresponsiveKernelError

from coursekit.course import get_assignment
from coursekit.grading.class_runner.runner import grade_class
from coursekit.grading.errors import (
    KernelDidNotStart,
    KernelUnresponsive,
    SubmissionFailed,
    UsageError,
    failure_of,
)

BASICS = get_assignment("python_basics")
DIED = "Kernel died before replying to kernel_info"


def raised(error: Exception, where):
    """Return ``error`` as raised from inside the coroutine function ``where``."""
    try:
        asyncio.run(where(error))
    except Exception as caught:  # noqa: BLE001 -- the exception under test, with its traceback
        return caught
    raise AssertionError("nothing was raised")


async def async_start_new_kernel_client(error):
    """Raise ``error`` as nbclient's method of that name does when a kernel dies as it starts."""
    raise error


async def async_execute_cell(error):
    """Raise ``error`` as a cell's run would."""
    raise error


def test_exceptions_are_typed_by_what_they_are_and_where_they_came_from():
    """Is a kernel start failure retried, a hung student kernel and anything else not?"""
    start = failure_of(raised(RuntimeError(DIED), async_start_new_kernel_client))
    assert type(start) is KernelDidNotStart and start.retry and start.infrastructure
    assert str(start) == f"RuntimeError: {DIED}"
    assert isinstance(start.__cause__, RuntimeError)
    later = failure_of(raised(RuntimeError(DIED), async_execute_cell))
    assert type(later) is SubmissionFailed and not later.retry and not later.infrastructure
    hung = failure_of(raised(UnresponsiveKernelError(), async_execute_cell))
    assert type(hung) is KernelUnresponsive and not hung.retry
    typed = KernelDidNotStart("no bwrap")
    assert failure_of(typed) is typed


class InProcess:
    """A backend grading in the test process, so that a monkeypatch reaches the kernel start."""

    description = "the test process"

    def share(self, obj):
        """Return ``obj`` as is."""
        return obj

    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` now and return its finished future."""
        future = Future()
        future.set_result(fn(*args))
        return future


@pytest.fixture(scope="module")
def demo_class(tmp_path_factory):
    """Return a scratch course holding the demo class's python_basics submissions."""
    return demo_class_course(tmp_path_factory.mktemp("errors-class"))


@pytest.mark.slow
def test_a_kernel_that_never_starts_is_retried_once_then_reported(demo_class, monkeypatch):
    """Is a submission whose kernel never starts tried twice, then failed with the reason?"""

    async def never(self, timeout=None):
        # What jupyter_client raises when a kernel process exits as it starts.
        raise RuntimeError(DIED)

    # Each kernel process starts; its first reply never comes (nbclient then shuts it down).
    monkeypatch.setattr(AsyncKernelClient, "wait_for_ready", never)
    summary = grade_class(
        demo_class, [BASICS.name], student_glob="demo_perfect",
        log=lambda line: None, stream=io.StringIO(), backend=InProcess(),
    )  # fmt: skip
    assert (summary.graded, summary.retried) == ([], 1)
    [failed] = summary.failed
    assert (failed.attempts, failed.infrastructure) == (2, True)
    assert isinstance(failed.failure, KernelDidNotStart)
    assert (
        f"FAILED python_basics/demo_perfect (infrastructure, 2 attempts): RuntimeError: {DIED}"
        in summary.text()
    )


def test_a_usage_error_names_the_fix(tmp_path, scratch):
    """Does a wrong call of grade_class raise a UsageError saying what to do instead?"""
    with pytest.raises(UsageError, match="is not a course folder .* or pass --root"):
        grade_class(tmp_path, log=lambda line: None)
    with pytest.raises(UsageError, match="did you mean 'python_basics'"):
        grade_class(scratch(BASICS.name), ["python_basic"], log=lambda line: None)


@pytest.mark.slow
def test_a_kernel_that_failed_to_start_is_retried_once_a_students_failure_never(
    tmp_path, monkeypatch
):
    """Is a kernel start failure graded again once, and a submission that fails by itself not?"""
    course = demo_class_course(tmp_path / "course")
    # A folder whose notebook is gone fails by itself (an unreadable one is graded, with a note).
    (course / "submitted" / "demo_mistakes" / BASICS.name / BASICS.notebook).unlink()

    failures = []

    def fail_once(client) -> None:
        if client.resources["nbgrader"]["student"] == "demo_perfect" and not failures:
            failures.append(client.resources["nbgrader"]["student"])
            # What jupyter_client raises when a kernel process exits as it starts.
            raise RuntimeError("Kernel died before replying to kernel_info")

    start, async_start = NotebookClient.start_new_kernel, NotebookClient.async_start_new_kernel

    def start_new_kernel(self, **kwargs):
        fail_once(self)
        return start(self, **kwargs)

    async def async_start_new_kernel(self, **kwargs):
        fail_once(self)
        return await async_start(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "start_new_kernel", start_new_kernel)
    monkeypatch.setattr(NotebookClient, "async_start_new_kernel", async_start_new_kernel)
    summary = grade_class(
        course, [BASICS.name], student_glob="demo_[mp]*",
        log=lambda line: None, stream=io.StringIO(), backend=InProcess(),
    )  # fmt: skip
    assert failures == ["demo_perfect"]
    assert summary.retried == 1
    assert [(r.task.student, r.attempts) for r in summary.graded] == [("demo_perfect", 2)]
    assert [(r.task.student, r.attempts, r.infrastructure) for r in summary.failed] == [
        ("demo_mistakes", 1, False)
    ]
    assert "FAILED python_basics/demo_mistakes (submission, 1 attempt)" in summary.text()
