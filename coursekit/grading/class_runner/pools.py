"""Where submissions are graded: local worker processes, or the workers of a Dask cluster.

Both pools offer the same three things to :mod:`~coursekit.grading.class_runner.runner`:
``share(obj)`` (send a large object, such as an assignment's bundle, once per worker),
``submit(fn, *args)`` (returning a :class:`concurrent.futures.Future`) and a ``description``.
Their worker processes are long-lived: a worker grades many submissions, so nbgrader's
imports, its configuration and anything a preprocessor keeps warm are paid for once.

- No scheduler address: a :class:`~concurrent.futures.ProcessPoolExecutor` of ``workers``
  processes on this machine (default: one per CPU). No cluster to start or stop.
- A scheduler address (``tcp://10.0.0.1:8786``): a :class:`distributed.Client` connected to
  that Dask cluster; every worker process grades. Start workers with one thread each
  (``dask worker tcp://10.0.0.1:8786 --nworkers N --nthreads 1``): nbgrader grades one
  submission per process at a time.
"""

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

# Modules the local workers' parent (the fork server) imports once, so each worker starts
# with them loaded instead of importing nbgrader, nbconvert and SQLAlchemy itself.
PRELOAD = ["nbgrader.apps.autogradeapp", "nbgrader.converters.autograde", "nbgrader.api"]


class LocalPool:
    """Worker processes on this machine.

    Parameters
    ----------
    workers : int, optional
        Number of processes; default ``os.cpu_count()``.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.description = f"{self.workers} local worker process{'es' * (self.workers > 1)}"
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        """Start the processes from a fork server (safe with threads, cheap per worker)."""
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def share(self, obj):
        """Return ``obj``: local workers receive it with each task through a pipe."""
        return obj

    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` in a worker; a pool broken by a dead worker is started again."""
        try:
            return self._executor.submit(fn, *args)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(fn, *args)

    def close(self) -> None:
        """Stop the worker processes."""
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """The worker processes of a Dask distributed cluster.

    Parameters
    ----------
    scheduler : str
        The scheduler's address, e.g. ``tcp://10.0.0.1:8786``.
    """

    def __init__(self, scheduler: str):
        from distributed import Client

        self.client = Client(scheduler)
        count = len(self.client.scheduler_info(n_workers=-1)["workers"])
        self.description = f"Dask cluster {scheduler} ({count} worker processes)"
        # Tasks are not pure functions: the same submission graded twice is graded twice.
        self._executor = self.client.get_executor(pure=False)

    def share(self, obj):
        """Send ``obj`` to every worker once and return its handle for :meth:`submit`."""
        return self.client.scatter(obj, broadcast=True, hash=False)

    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` on some worker of the cluster."""
        return self._executor.submit(fn, *args)

    def close(self) -> None:
        """Disconnect from the cluster (which keeps running)."""
        self.client.close()


@contextmanager
def open_backend(scheduler: str | None = None, workers: int | None = None, backend=None):
    """Yield a backend: ``backend`` if given, else a Dask one for ``scheduler``, else local.

    Parameters
    ----------
    scheduler : str, optional
        Dask scheduler address; ``None`` grades on this machine.
    workers : int, optional
        Local worker processes (default one per CPU); ignored with ``scheduler``.
    backend : LocalPool or DaskPool, optional
        An open backend to use as is (and leave open).
    """
    if backend is not None:
        yield backend
        return
    pool = DaskPool(scheduler) if scheduler else LocalPool(workers)
    try:
        yield pool
    finally:
        pool.close()
