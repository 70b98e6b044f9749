"""The grading engine's failures, one exception type each, and how a run treats them.

A submission that cannot be graded ends as one of these, never as a line of nbgrader's log to
be read back with patterns: the worker catches the exception nbgrader's converter raised for
that submission (:mod:`coursekit.grading.class_runner.worker`) and :func:`failure_of` types it.
Its class says whether grading it again may help (:attr:`GradingError.retry`) and whose fault
it is (:attr:`GradingError.kind`); its message is the reason the run's summary shows.

- :class:`KernelDidNotStart`: the machine's; nothing of the student's ran yet, so it is
  graded once more.
- :class:`WorkerLost`: the machine's; the process grading it died or vanished (a Dask worker
  gone, a local worker killed). Graded once more.
- :class:`KernelUnresponsive`: the student's; their code hung the kernel past interrupts
  (nbgrader's ``UnresponsiveKernelError``). Grading again would hang again.
- :class:`SubmissionFailed`: anything else nbgrader raised while grading the submission.
- :class:`SubmissionUnreadable`: the submission cannot be taken in (no notebook, a link).
- :class:`UsageError`: a wrong invocation of ``coursekit grade``; the message names the fix.
"""

import traceback

# nbclient's methods that start a kernel and wait for its first reply (jupyter_client's
# ``wait_for_ready`` raises ``RuntimeError`` inside them when a kernel dies as it starts, or
# does not answer in time). An exception raised below one of them came before any of the
# student's code ran.
KERNEL_START = frozenset(
    {
        "async_start_new_kernel",
        "start_new_kernel",
        "async_start_new_kernel_client",
        "start_new_kernel_client",
    }
)


class GradingError(Exception):
    """A submission, or a run, that could not be graded; the message says why.

    Attributes
    ----------
    kind : str
        ``"infrastructure"`` (the machine's fault) or ``"submission"`` (the submission's).
    retry : bool
        Whether grading the submission once more may succeed.
    """

    kind = "submission"
    retry = False

    @property
    def infrastructure(self) -> bool:
        """Return whether the failure was the machine's, not the submission's."""
        return self.kind == "infrastructure"


class KernelDidNotStart(GradingError):
    """The kernel did not start or never answered: nothing of the student's ran; retried."""

    kind = "infrastructure"
    retry = True


class WorkerLost(GradingError):
    """The process grading the submission died or vanished; retried."""

    kind = "infrastructure"
    retry = True


class KernelUnresponsive(GradingError):
    """The student's code hung the kernel past interrupts (nbgrader gives up on it)."""


class SubmissionFailed(GradingError):
    """nbgrader raised while grading the submission, for a reason of the submission's own."""


class SubmissionUnreadable(GradingError):
    """The submission cannot be taken in at all (no notebook, a link): the message has the fix."""


class UsageError(GradingError, ValueError):
    """A wrong invocation of ``coursekit grade``: the message names what to fix."""


def failure_of(error: BaseException) -> GradingError:
    """Return the typed failure for ``error``, raised by nbgrader while grading one submission.

    Parameters
    ----------
    error : BaseException
        What nbgrader's converter raised (with its traceback).

    Returns
    -------
    GradingError
        ``error`` itself if it is one already; :class:`KernelDidNotStart` if it was raised
        while a kernel started; :class:`KernelUnresponsive` for nbgrader's
        ``UnresponsiveKernelError``; :class:`SubmissionFailed` otherwise. Its message is
        ``"<type>: <message>"`` of ``error``, and its ``__cause__`` is ``error``.
    """
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    if isinstance(error, GradingError):
        return error
    reason = f"{type(error).__name__}: {error}"
    frames = {frame.name for frame in traceback.extract_tb(error.__traceback__)}
    if frames & KERNEL_START:
        failure = KernelDidNotStart(reason)
    elif isinstance(error, UnresponsiveKernelError):
        failure = KernelUnresponsive(reason)
    else:
        failure = SubmissionFailed(reason)
    failure.__cause__ = error
    return failure
