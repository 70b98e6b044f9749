"""The student's notebook seen from the grading process: call its functions, read its values.

A hidden check calls ``student.sigmoid(x)`` as if the function were local. The call crosses to
the student's kernel as plain values (:mod:`coursekit.grading.kernel_side`), runs there, and
only the result, what it printed and the arguments as the call left them come back. While a
check holds ``student.standing_in(sigmoid=course_sigmoid)``, the student's ``sigmoid`` is
replaced for each call by a stand-in that asks this process for the course's result, so the
course's own code never enters the student's kernel.
"""

import ast
import base64
import builtins
import contextlib
import copy
import json
import sys
import time
import zlib
from pathlib import Path
from queue import Empty

import numpy as np
import zmq

from coursekit.grading import kernel_side

KERNEL_SOURCE = Path(kernel_side.__file__).read_text(encoding="utf-8")
# Sent compressed: IPython reads a cell's text at about 0.35 ms per KB, and the plain source
# cost more than the call it serves.
KERNEL_PACKED = base64.b64encode(zlib.compress(KERNEL_SOURCE.encode(), 9)).decode()
# Exceptions that cross back under their own type, so a check can tell them apart (checkers
# give hints for, say, a TypeError from calling .T on a list); any other becomes StudentError.
CROSSING_ERRORS = {
    name: getattr(builtins, name)
    for name in (
        "ArithmeticError", "AssertionError", "AttributeError", "IndexError", "KeyError",
        "LookupError", "NameError", "NotImplementedError", "OverflowError", "RuntimeError",
        "TypeError", "ValueError", "ZeroDivisionError",
    )
}  # fmt: skip


def _unrepr(text: str) -> str:
    """Return the string whose ``repr`` is ``text`` (the user expression's plain-text value).

    A reply with no quote or backslash inside is taken as it stands: parsing a large array's
    reply as a Python literal took longer than sending it.
    """
    body = text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'" and not any(c in body for c in "'\\"):
        return body
    return ast.literal_eval(text)


class StudentError(Exception):
    """The student's code raised an exception that is not one of :data:`CROSSING_ERRORS`."""


class KernelLost(Exception):
    """The student's kernel died or stopped answering during a check."""


class InputChanged(AssertionError):
    """The student's function changed an argument the caller passed in."""


def _same(a, b) -> bool:
    """Return True when two decoded values are equal in type, shape and content."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if isinstance(a, list | tuple) and type(a) is type(b):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and (a == b or (a != a and b != b))


def _copy_back(local, after) -> None:
    """Make the caller's argument ``local`` hold ``after``, as an in-place change would."""
    if isinstance(local, np.ndarray) and isinstance(after, np.ndarray):
        if local.shape == after.shape and local.flags.writeable:
            np.copyto(local, after, casting="unsafe")
    elif isinstance(local, list) and isinstance(after, list):
        local[:] = after
    elif isinstance(local, dict) and isinstance(after, dict):
        local.clear()
        local.update(after)


class RemoteFunction:
    """A function of the student's notebook, called from the grading process."""

    def __init__(self, student: "Student", name: str):
        self.student = student
        self.__name__ = name

    def __repr__(self):
        return f"<the student's {self.__name__}>"

    def __call__(self, *args, **kwargs):
        """Call the student's function on copies of ``args``; return its decoded result.

        Raises
        ------
        InputChanged
            If the call changed an argument and the assignment does not allow it.
        StudentError, or the builtin exception the student's code raised
            If the call raised.
        """
        student = self.student
        reply = student.request(
            "call", self.__name__, args=list(args), kwargs=kwargs, stand_ins=student.stand_ins
        )
        if reply["stdout"]:
            sys.stdout.write(reply["stdout"])
        args_after = student.decode(reply["args"])
        kwargs_after = student.decode(reply["kwargs"])
        if not isinstance(args_after, list) or len(args_after) != len(args):
            raise StudentError(f"{self.__name__}: the arguments came back garbled")
        changed = [
            str(i + 1)
            for i, (a, b) in enumerate(zip(args, args_after, strict=True))
            if not _same(a, b)
        ]
        if isinstance(kwargs_after, dict):
            changed += [k for k in kwargs if not _same(kwargs[k], kwargs_after.get(k))]
        if changed and self.__name__ not in student.may_change_inputs:
            raise InputChanged(
                f"{self.__name__} changed the caller's argument {', '.join(changed)} in place; "
                "it must leave its inputs as they were: compute into a new array (for example "
                "x = x - 1 rather than x -= 1, or start from x = x.copy())"
            )
        for local, after in zip(args, args_after, strict=True):
            _copy_back(local, after)
        return student.decode(reply["value"])


class Student:
    """The namespace of a student's running notebook, reached through a kernel client.

    Parameters
    ----------
    client : jupyter_client.BlockingKernelClient
        A client of the student's kernel with its channels started.
    timeout : float
        Seconds one call may run before the kernel is interrupted.
    may_change_inputs : collection of str, default=()
        Functions allowed to change their arguments in place.
    max_bytes : int, default=16_000_000
        Largest array, in bytes, that crosses in either direction.
    stand_in_budget : int, default=50_000_000
        Most work one stand-in call may ask of this process: the numbers in its array
        arguments times its largest whole-number argument.
    """

    def __init__(
        self,
        client,
        timeout: float,
        may_change_inputs=(),
        max_bytes: int = 16_000_000,
        stand_in_budget: int = 50_000_000,
    ):
        self.client = client
        self.timeout = timeout
        self.may_change_inputs = frozenset(may_change_inputs)
        self.max_bytes = max_bytes
        self.stand_in_budget = stand_in_budget
        self._stand_ins: dict[str, object] = {}
        # Exercises whose every check passed: their functions serve the later checks as they
        # are, with no stand-in (see :attr:`stand_ins`).
        self.trusted_exercises: frozenset[str] = frozenset()
        self.trust_was_used = False
        self.interrupt = None

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self, name)

    @property
    def stand_ins(self) -> list[str]:
        """Names of the student's functions replaced by the course's for the calls in progress.

        A function named like an exercise in :attr:`trusted_exercises` is left as the student
        wrote it, and :attr:`trust_was_used` is set: each stand-in call is a round trip between
        the kernel and this process, and a loop of them made a third of an assignment's grading
        time. The checks' runner judges a failure again with every stand-in in place.
        """
        names = sorted(self._stand_ins)
        kept = [name for name in names if name not in self.trusted_exercises]
        self.trust_was_used = self.trust_was_used or len(kept) < len(names)
        return kept

    @contextlib.contextmanager
    def standing_in(self, **functions):
        """Within the block, calls see the course's ``functions`` in place of the student's."""
        saved = dict(self._stand_ins)
        self._stand_ins.update(functions)
        try:
            yield self
        finally:
            self._stand_ins = saved

    def value(self, name: str):
        """Return the decoded value of the student's global ``name``.

        Raises
        ------
        NameError
            If the notebook defines no such global.
        """
        return self.decode(self.request("value", name)["value"])

    def decode(self, data):
        """Decode wire data from the kernel; malformed data becomes a :class:`StudentError`."""
        try:
            return kernel_side.decode(data, max_elements=self.max_bytes)
        except (ValueError, TypeError, KeyError) as error:
            raise StudentError(f"an answer came back malformed ({error})") from None

    def request(self, op: str, name: str, args=(), kwargs=None, stand_ins=()) -> dict:
        """Run one request in the kernel and return its checked reply.

        Raises
        ------
        KernelLost
            If the kernel died, or did not answer within the timeout even when interrupted.
        """
        request = {
            "op": op,
            "name": name,
            "args": kernel_side.encode(copy.deepcopy(list(args)), self.max_bytes),
            "kwargs": kernel_side.encode(copy.deepcopy(dict(kwargs or {})), self.max_bytes),
            "stand_ins": list(stand_ins),
            "max_bytes": self.max_bytes,
            "max_stdout": 100_000,
        }
        # The call runs as cell code (user expressions cannot read stdin, which stand-ins use);
        # the reply is picked up, and removed from the namespace, by a user expression.
        code = (
            "__coursekit_reply__ = (lambda ns: (exec(compile(__import__('zlib').decompress("
            f"__import__('base64').b64decode({KERNEL_PACKED!r})).decode(), '<grader>', 'exec'), "
            "ns), ns['run'](ns['req']))[1])"
            f"({{'req': {json.dumps(request)!r}, "
            "'get_ipython': __import__('IPython').get_ipython})"
        )
        content = self._execute(code)
        result = content.get("user_expressions", {}).get("reply", {})
        if result.get("status") != "ok":
            raise StudentError(
                f"{name}: the grader could not reach your function "
                f"({result.get('ename', 'error')}: {str(result.get('evalue', ''))[:300]})"
            )
        try:
            text = _unrepr(result["data"]["text/plain"])
            reply = json.loads(text)
        except (KeyError, TypeError, ValueError, SyntaxError, MemoryError):
            raise StudentError(f"{name}: the answer came back unreadable") from None
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise StudentError(f"{name}: the answer came back unreadable")
        if not reply["ok"]:
            ename = str(reply.get("ename", "Error"))[:100]
            evalue = str(reply.get("evalue", ""))[:1000]
            if (
                ename == "NameError"
                and op == "value"
                or ename == "NameError"
                and evalue.endswith(f"'{name}' is not defined")
            ):
                raise NameError(f"{name} is not defined: run its cell, and keep its name")
            error_type = CROSSING_ERRORS.get(ename, StudentError)
            raise error_type(f"{name} raised {ename}: {evalue}")
        reply["stdout"] = str(reply.get("stdout", ""))[:100_000]
        return reply

    def _execute(self, code: str) -> dict:
        """Run ``code``, answer stand-in prompts, return the reply with the call's result."""
        client = self.client
        msg_id = client.execute(
            code,
            silent=False,
            store_history=False,
            user_expressions={"reply": "globals().pop('__coursekit_reply__', None)"},
            allow_stdin=True,
            stop_on_error=False,
        )
        poller = zmq.Poller()
        for channel in (client.shell_channel, client.stdin_channel, client.iopub_channel):
            poller.register(channel.socket, zmq.POLLIN)
        deadline = time.monotonic() + self.timeout
        interrupted = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if interrupted or self.interrupt is None:
                    raise KernelLost("the function did not finish and ignored the interrupt")
                # Give an interrupted call a few seconds to stop before giving up on the kernel.
                self.interrupt()
                interrupted = True
                deadline = time.monotonic() + 5
                continue
            ready = dict(poller.poll(min(remaining, 1.0) * 1000))
            if not ready and not self._alive():
                raise KernelLost("the kernel died")
            self._drain(client.iopub_channel)
            if client.stdin_channel.socket in ready:
                self._answer_stdin(client)
            if client.shell_channel.socket in ready:
                try:
                    message = client.shell_channel.get_msg(timeout=0)
                except Empty:
                    continue
                if message["parent_header"].get("msg_id") == msg_id:
                    if interrupted:
                        raise StudentError("the function did not finish within the time limit")
                    return message["content"]

    def _alive(self) -> bool:
        """Return whether the kernel still answers its heartbeat."""
        return self.client.is_alive()

    @staticmethod
    def _drain(channel) -> None:
        """Discard the kernel's broadcast messages: checks read only their own replies.

        They are dropped unread: parsing them (each header's dates included) cost more than
        the call they came with.
        """
        while True:
            try:
                channel.socket.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                return

    def _answer_stdin(self, client) -> None:
        """Answer an input request: run a stand-in here, or give the student's input() ''."""
        try:
            message = client.stdin_channel.get_msg(timeout=0)
        except Empty:
            return
        prompt = str(message["content"].get("prompt", ""))
        if not prompt.startswith(kernel_side.STAND_IN_PROMPT):
            client.input("")
            return
        client.input(json.dumps(self._run_stand_in(prompt[len(kernel_side.STAND_IN_PROMPT) :])))

    def _run_stand_in(self, text: str) -> dict:
        """Run the course's function a stand-in asks for; return the reply for the kernel."""
        try:
            request = json.loads(text)
            function = self._stand_ins[request["name"]]
            args = kernel_side.decode(request["args"], max_elements=self.max_bytes)
            kwargs = kernel_side.decode(request["kwargs"], max_elements=self.max_bytes)
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise ValueError("malformed call")
            values = [*args, *kwargs.values()]
            numbers = sum(np.size(v) for v in values if isinstance(v, np.ndarray | list))
            counts = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            if max(numbers, 1) * max([1, *counts]) > self.stand_in_budget:
                raise ValueError("the call asks for too much work")
            result = function(*args, **kwargs)
            return {"ok": True, "value": kernel_side.encode(result, self.max_bytes)}
        except Exception as error:  # noqa: BLE001 -- any failure is the stand-in's answer
            return {"ok": False, "error": f"the course's version could not run: {error}"[:500]}
