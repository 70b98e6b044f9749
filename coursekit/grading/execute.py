"""The story of grading one notebook: run the student's cells in the sandbox, judge each check.

:class:`SandboxedExecute` takes the place of nbgrader's ``Execute`` in the autograde pipeline
(``nbgrader_config.py``). It runs the notebook's cells in order in a sandboxed kernel. At each
graded test cell it does not run the cell's code in the student's kernel: it runs the hidden
check of that cell's grade id in this process (:mod:`coursekit.grading.verdicts.checks`), and
writes the verdict as the cell's output, which nbgrader's ``SaveAutoGrades`` then scores (an error
output scores 0, a number partial credit, anything else full points).

An accident or an attack costs only the student's own points: output of every kind (text,
data, errors, tracebacks, display metadata and updates, widget state) is capped while it
streams; each cell has nbgrader's ``Execute.timeout``, each check a deadline
(``check_seconds``, the only limit of its calls) and the notebook, cells and checks together, a
budget (``notebook_seconds``); while it reads a cell's output or runs a check this
process may add only ``grader_memory_mb`` to its memory (all in :mod:`~coursekit.grading.settings`).
A kernel that dies, or a cell that will not stop, ends that cell with a plain-words note, and a
fresh kernel replays the cells that had run so the later exercises are still graded.
"""

import contextlib
import copy
import io
import math
import os
import resource
import sys
import tempfile
import time
from multiprocessing.util import Finalize
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Unicode, default

from coursekit.grading.sandbox.bubblewrap import SandboxedKernelManager
from coursekit.grading.settings import SandboxLimits
from coursekit.grading.values.student import KernelLost, Student
from coursekit.grading.verdicts.checks import Verdict, exercise_of, load_checks, load_public_tests
from coursekit.grading.verdicts.submission_seed import course_secret, submission_seed

CHECK_FAILED = "CheckFailed"
# Set while this engine grades; public_tests refuses to run under autograding without it.
GRADER_ENV = "COURSEKIT_GRADER"


def is_test_cell(cell) -> bool:
    """Return whether ``cell`` is a graded test cell (graded, code, not an answer)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def is_graded(cell) -> bool:
    """Return whether ``cell`` earns points: a test cell, or an answer graded by hand."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade", False))


def grade_id_of(cell) -> str:
    """Return the nbgrader grade id of ``cell``."""
    return cell.metadata.nbgrader.grade_id


def verdict_outputs(verdict: Verdict, points: float) -> list:
    """Return the outputs that make nbgrader give ``verdict``'s share of ``points``."""
    earned = round(verdict.fraction * points, 6)
    if verdict.passed:
        note = f"{verdict.message}\n" if verdict.message else ""
        text = f"{note}All tests passed. ({points:g} of {points:g} points)\n"
        return [new_output("stream", name="stdout", text=text)]
    if verdict.fraction > 0:
        text = f"{verdict.message}\n({earned:g} of {points:g} points)\n"
        return [
            new_output("stream", name="stdout", text=text),
            new_output("execute_result", data={"text/plain": f"{earned:g}"}, execution_count=None),
        ]
    message = verdict.message or "the answer is wrong"
    return [
        new_output(
            "error",
            ename=CHECK_FAILED,
            evalue=message,
            traceback=[f"{CHECK_FAILED} (0 of {points:g} points): {message}"],
        )
    ]


# Kernels started ahead for the next submission, by (course folder, assignment).
_SPARES: dict[tuple[str, str], SandboxedKernelManager] = {}


def _shut_down_spares() -> None:
    """End the kernels started ahead that no submission took, and remove their sockets."""
    while _SPARES:
        _, spare = _SPARES.popitem()
        with contextlib.suppress(Exception):
            run_sync(spare.shutdown_kernel)(now=True)


# At the end of the process: `nbgrader autograde` and pool workers alike (multiprocessing runs
# these finalizers in both, where a worker would skip plain atexit handlers).
Finalize(None, _shut_down_spares, exitpriority=20)


class SandboxedExecute(Execute):
    """nbgrader's Execute, run in the sandbox, with graded cells judged outside the kernel."""

    run_cells_after_last_graded = Bool(
        False,
        help=(
            "Also run the cells below the notebook's last graded cell. They cannot change a "
            "score (every verdict is given at its cell, before them), so by default they are "
            "left unrun, with a note: in Assignment 2 they train the model on the whole "
            "dataset, a third of the notebook's time."
        ),
    ).tag(config=True)
    start_spare_kernel = Bool(
        True,
        help="Start the next submission's kernel while grading this one (in the same process).",
    ).tag(config=True)
    secret_file = Unicode(
        help=(
            "File of the secret that seeds each submission's hidden inputs, made on first use "
            "(coursekit.grading.verdicts.submission_seed). Keep it outside the course folder and "
            "every folder mounted into the sandbox; by default it is in the grading user's Jupyter "
            "data folder."
        ),
    ).tag(config=True)

    @default("secret_file")
    def _secret_file_default(self) -> str:
        return str(Path(jupyter_data_dir()) / "coursekit" / "grading_secret")

    @default("shutdown_kernel")
    def _shutdown_kernel_default(self) -> str:
        # A grading kernel holds nothing to save: end it at once (a graceful shutdown took
        # 0.4 s a notebook), and run none of the student's exit hooks.
        return "immediate"

    @default("error_on_timeout")
    def _error_on_timeout_default(self) -> dict:
        # Shown under the interrupted cell's traceback, which points at the line it was stuck
        # on: nbgrader's own text ("No reply from kernel") tells a student nothing.
        text = STOPPED_CELL.format(timeout=self.timeout)
        return {"ename": "CellTimeoutError", "evalue": text, "traceback": [text]}

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        """Run the notebook and judge its graded cells; return it with outputs and verdicts."""
        self.limits = SandboxLimits(parent=self)
        os.environ[GRADER_ENV] = "1"
        self.course_root = Path(self.config.get("CourseDirectory", {}).get("root", os.getcwd()))
        self.assignment = resources["nbgrader"]["assignment"]
        graded = any(is_test_cell(cell) for cell in nb.cells)
        checks = self._checks = load_checks(self.assignment) if graded else None
        public = load_public_tests(self.course_root) if graded else None
        self._seed = submission_seed(
            # Never in a folder the sandbox mounts: the Python folders, the course's source/.
            course_secret(
                Path(self.secret_file),
                [sys.prefix, sys.base_prefix, self.course_root / "source"],
            ),
            self.assignment,
            str(resources["nbgrader"].get("student", "")),
            nb.cells,
        )
        # The answer cells as handed in, by exercise: a check may re-run them with the
        # course's values of earlier variables (Checks.course_values).
        self._answer_cells: dict[str, list[str]] = {}
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
                self._answer_cells.setdefault(exercise_of(meta.get("grade_id", "")), []).append(
                    cell.source
                )
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._kept = {"cell": 0, "notebook": 0}
        # The notebook's whole time, its cells and its checks together, ends here.
        self._ends = time.monotonic() + self.limits.notebook_seconds
        self.restarts = 0
        self._ran: list[int] = []
        verdicts: dict[str, Verdict] = {}
        self._exercises: dict[str, set[str]] = {}
        for cell in nb.cells:
            if is_test_cell(cell):
                self._exercises.setdefault(exercise_of(grade_id_of(cell)), set()).add(
                    grade_id_of(cell)
                )
        graded_cells = {}
        last = max((i for i, c in enumerate(nb.cells) if is_graded(c)), default=len(nb.cells))
        if self.run_cells_after_last_graded:
            last = len(nb.cells)
        self._start()
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if index > last:
                    cell.outputs = [_note(AFTER_LAST_GRADED)]
                elif is_test_cell(cell):
                    graded_cells[grade_id_of(cell)] = cell
                    verdicts[grade_id_of(cell)] = self._judge(checks, public, cell, verdicts)
                elif self.kc is None:
                    cell.outputs = [_note("this cell was not run: " + self._gave_up)]
                elif self._run_cell(cell, index):
                    self._ran.append(index)
        finally:
            self._stop()
        for grade_id, verdict in (checks.apply_rules(verdicts) if graded else {}).items():
            cell = graded_cells[grade_id]
            cell.outputs = verdict_outputs(verdict, float(cell.metadata.nbgrader.get("points", 0)))
        return self.nb, self.resources

    # -- the kernel --------------------------------------------------------------------------

    def create_kernel_manager(self):
        """Make a sandboxed kernel manager for this course and assignment; it becomes ``km``."""
        self.km = self._new_manager()
        return self.km

    def _new_manager(self):
        """Return a new sandboxed kernel manager for this course and assignment."""
        return self.kernel_manager_class(
            kernel_name="python3",
            config=self.config,
            course_root=str(self.course_root),
            assignment=self.assignment,
            limits=self.limits,
        )

    def _start(self) -> None:
        """Take a fresh kernel (a spare started ahead, or a new one) and the checks' client."""
        key = (str(self.course_root), self.assignment)
        for other in [k for k in _SPARES if k != key]:
            # At most one spare per process: one started for another course copy or
            # assignment would only wait, holding memory, until the process ends.
            run_sync(_SPARES.pop(other).shutdown_kernel)(now=True)
        spare = _SPARES.pop(key, None)
        if spare is not None and run_sync(spare.is_alive)():
            self.km = spare
        else:
            self.km = self.create_kernel_manager()
            self.start_new_kernel()
        self.start_new_kernel_client()
        self.km.seal()
        if self.start_spare_kernel:
            # Boot the next submission's kernel while this one runs: a grading process that
            # grades several submissions then never waits for a kernel to start.
            _SPARES[key] = self._new_manager()
            run_sync(_SPARES[key].start_kernel)(
                extra_arguments=self.extra_arguments, cwd=tempfile.gettempdir()
            )
        client = self.km.blocking_client()
        client.start_channels()
        self.student = Student(
            client,
            limits=self.limits,
            may_change_inputs=self._checks.may_change_inputs if self._checks else (),
            seed=self._seed,
        )
        self.student.answer_cells = self._answer_cells
        self.student.interrupt = self._interrupt
        self._gave_up = ""

    def _interrupt(self) -> None:
        """Interrupt the kernel (from the checks' side)."""
        run_sync(self.km.interrupt_kernel)()

    def _stop(self) -> None:
        """Shut the kernel down and forget it."""
        if getattr(self, "student", None) is not None:
            self.student.client.stop_channels()
            self.student = None
        if self.km is not None:
            self._cleanup_kernel()
        self.km = self.kc = None

    def _restart(self, reason: str) -> None:
        """Replace a dead or hung kernel and replay the cells that had run, if restarts remain."""
        self._stop()
        if self.restarts >= self.limits.kernel_restarts:
            self._gave_up = f"{reason}, and the kernel was restarted the most times allowed"
            return
        self.restarts += 1
        self._start()
        for index in self._ran:
            replay = copy.deepcopy(self.nb.cells[index])
            try:
                self.execute_cell(replay, index, store_history=False)
            except (
                DeadKernelError,
                CellTimeoutError,
                RuntimeError,
                KeyError,
                ValueError,
                TypeError,
            ):
                self._stop()
                self._gave_up = f"{reason}, and replaying the earlier cells failed"
                return

    # -- cells ---------------------------------------------------------------------------------

    def _get_timeout(self, cell) -> int | None:
        """Return the seconds ``cell`` may run: Execute.timeout, or what the notebook has left."""
        timeout = super()._get_timeout(cell)
        left = max(1, math.ceil(self._ends - time.monotonic()))
        return left if timeout is None else min(timeout, left)

    def _run_cell(self, cell, index: int) -> bool:
        """Run one of the student's cells; return whether the kernel came through it."""
        self._kept["cell"] = 0
        if time.monotonic() >= self._ends:
            cell.outputs = [_note(NOTEBOOK_TIME.format(seconds=self.limits.notebook_seconds))]
            return False
        timeout, configured = self._get_timeout(cell), self.error_on_timeout
        if self.timeout is None or self.timeout <= 0 or timeout < self.timeout:
            # The notebook's time, not the cell's, ends this cell: say which.
            text = NOTEBOOK_TIME.format(seconds=self.limits.notebook_seconds)
            self.error_on_timeout = {
                "ename": "CellTimeoutError",
                "evalue": text,
                "traceback": [text],
            }
        try:
            with self._memory_cap():
                self.preprocess_cell(cell, self.resources, index)
        except DeadKernelError:
            cell.outputs.append(_note(KILLED_KERNEL))
            self._restart("the kernel died")
            return False
        except CellTimeoutError:
            cell.outputs.append(_note(HUNG_CELL.format(timeout=timeout)))
            self._restart("a cell did not stop")
            return False
        except MemoryError:
            cell.outputs.append(_note(GRADER_MEMORY.format(mb=self.limits.grader_memory_mb)))
            self._restart("the cell's output was too large to read")
            return False
        except (KeyError, ValueError, TypeError):
            # jupyter_client could not decode the kernel's reply: the student's code broke the
            # kernel's own messaging (e.g. by replacing json.dumps). Only this kernel is lost.
            cell.outputs.append(_note(GARBLED_KERNEL))
            self._restart("the kernel's messages were garbled")
            return False
        finally:
            self.error_on_timeout = configured
        return True

    def _judge(self, checks, public, cell, verdicts: dict[str, Verdict]) -> Verdict:
        """Run the hidden check of ``cell`` against the student's kernel; return its verdict.

        ``verdicts`` holds the cells judged so far: an exercise all of whose checks passed is
        trusted to serve later checks as the student wrote it.
        """
        cell.outputs = []
        if self.kc is None:
            return Verdict(0.0, "not checked: " + self._gave_up)
        grade_id = grade_id_of(cell)
        self.student.trusted_exercises = frozenset(
            exercise
            for exercise, ids in self._exercises.items()
            if all(i in verdicts and verdicts[i].passed for i in ids)
        )
        now, limits = time.monotonic(), self.limits
        if now >= self._ends:
            return Verdict(0.0, NOTEBOOK_TIME.format(seconds=limits.notebook_seconds))
        until = min(now + limits.check_seconds, self._ends)
        try:
            with contextlib.redirect_stdout(io.StringIO()), self.student.checking(until):
                with self._memory_cap():
                    verdict = checks.run(grade_id, self.student, public)
        except KernelLost as error:
            self._restart("the kernel stopped during a check")
            return Verdict(0.0, f"your code stopped the kernel while it was checked: {error}")
        if self.student.out_of_time:
            if until < now + limits.check_seconds:
                return Verdict(0.0, NOTEBOOK_TIME.format(seconds=limits.notebook_seconds))
            return Verdict(0.0, CHECK_TIME.format(seconds=limits.check_seconds))
        return verdict

    @contextlib.contextmanager
    def _memory_cap(self):
        """Within the block, this process may add at most ``grader_memory_mb`` to its data.

        The soft RLIMIT_DATA is lowered for the block only: nbgrader's own work, and the
        kernels started outside it, keep the process's limit. Where /proc does not tell the
        data already held (not Linux), no cap is set.
        """
        try:
            status = Path("/proc/self/status").read_text(encoding="ascii")
            held = next(int(line.split()[1]) for line in status.splitlines() if "VmData" in line)
        except (OSError, StopIteration, ValueError):
            yield
            return
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = (held + self.limits.grader_memory_mb * 1024) * 1024
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output only up to the limits, counting bytes as they stream in."""
        if self._keep(msg.get("content", {}), outs):
            return super().output(outs, msg, display_id, cell_index)
        return None

    def on_cell_executed(self, **kwargs):
        """Record a cell's error reply as nbgrader does, within the output limits.

        nbgrader adds the reply's error to the cell when no output shows it, so an error
        whose output was cut would come back whole that way: past the limits only its name,
        cut short, is kept.
        """
        cell, content = kwargs["cell"], kwargs["execute_reply"]["content"]
        if content.get("status") == "error" and not any(
            output.output_type == "error" and output.get("ename") == content.get("ename")
            for output in cell.outputs
        ):
            error = {key: content.get(key) for key in ("ename", "evalue", "traceback")}
            if not self._keep(error, cell.outputs):
                ename = str(content.get("ename"))[:100]
                content.update(ename=ename, evalue=ERROR_CUT, traceback=[f"{ename}: {ERROR_CUT}"])
        super().on_cell_executed(**kwargs)

    def _update_display_id(self, display_id, msg):
        """Update a shown display only within the limits: its data lands in each copy of it."""
        copies = sum(map(len, self._display_id_map.get(display_id, {}).values()))
        if self._keep(msg.get("content", {}), None, copies):
            super()._update_display_id(display_id, msg)

    def handle_comm_msg(self, outs, msg, cell_index):
        """Keep a widget's message only within the limits: its state is saved in the notebook."""
        if self._keep(msg.get("content", {}), outs):
            super().handle_comm_msg(outs, msg, cell_index)

    def _keep(self, content: dict, outs, copies: int = 1) -> bool:
        """Count ``content`` (``copies`` times) against the output limits; return if it fits.

        Every field counts (text, data, error names, messages, tracebacks, metadata), so no
        field can carry what the limits refuse. When the limits are first passed, a note goes
        to ``outs``.
        """
        cell_cap = self.limits.output_bytes_per_cell
        notebook_cap = self.limits.output_bytes_per_notebook
        fits_before = self._kept["cell"] <= cell_cap and self._kept["notebook"] <= notebook_cap
        size = _size(content, notebook_cap + 1) * copies
        self._kept["cell"] += size
        self._kept["notebook"] += size
        if self._kept["cell"] <= cell_cap and self._kept["notebook"] <= notebook_cap:
            return True
        if fits_before and outs is not None:
            outs.append(_note(OUTPUT_CUT.format(cell=cell_cap, notebook=notebook_cap)))
        return False


KILLED_KERNEL = (
    "The kernel stopped while running this cell (the code exited, crashed, or used more memory "
    "than allowed). The later cells ran in a fresh kernel that re-ran the cells above."
)
STOPPED_CELL = (
    "This cell ran longer than {timeout} s, the time one cell may take while grading, and was "
    "stopped where the traceback above shows."
)
HUNG_CELL = (
    "This cell did not finish within {timeout} s and did not stop when interrupted, so its "
    "kernel was ended. The later cells ran in a fresh kernel that re-ran the cells above."
)
GARBLED_KERNEL = (
    "The kernel stopped answering in a form the grader can read while running this cell (the "
    "code changed something the kernel itself uses, such as the json module). The later cells "
    "ran in a fresh kernel that re-ran the cells above."
)
AFTER_LAST_GRADED = (
    "not run while grading: no graded cell comes after this one, so it cannot change your "
    "score (run it yourself in JupyterLab to see its output)"
)
OUTPUT_CUT = (
    "[output cut: a cell may print {cell} bytes and a notebook {notebook}; the rest was dropped]"
)
ERROR_CUT = "[error message cut: it was larger than the output limits]"
NOTEBOOK_TIME = (
    "the notebook used up its {seconds} s, the time its cells and checks may take together "
    "while grading, so this was stopped or not run"
)
CHECK_TIME = (
    "this check did not finish within the time limit of {seconds} s that one check may take "
    "while grading, and was stopped: your functions must return quickly when called"
)
GRADER_MEMORY = (
    "This cell's output needed more than {mb} MiB of the grader's memory to read, so it was "
    "dropped and the kernel restarted. The later cells ran in a fresh kernel."
)


def _size(value, stop: int) -> int:
    """Return the characters of ``value``'s strings plus its entries, counting up to ``stop``."""
    total, stack = 0, [value]
    while stack and total < stop:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            total += len(item)
            stack.extend(item)
        else:
            total += 8
    return total


def _note(text: str):
    """Return a stderr output carrying a grading note."""
    return new_output("stream", name="stderr", text=f"[grader] {text}\n")
