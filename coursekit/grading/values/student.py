"""The student's notebook seen from the grading process: call its functions, read its values.

A hidden check calls ``student.sigmoid(x)`` as if the function were local. The call crosses to
the student's kernel as plain values (:mod:`coursekit.grading.values.kernel_side`), runs there, and
only the result, what it printed and the arguments as the call left them come back. While a
check holds ``student.standing_in(sigmoid=course_sigmoid)``, the student's ``sigmoid`` is
replaced for each call by a stand-in that asks this process for the course's result, so the
course's own code never enters the student's kernel.
"""

import base64
import binascii
import builtins
import contextlib
import copy
import json
import math
import numbers
import re
import sys
import time
import zlib
from pathlib import Path
from queue import Empty

import numpy as np
import zmq

from coursekit.grading.settings import SandboxLimits
from coursekit.grading.values import kernel_side
from coursekit.grading.verdicts.messages import describe_call, failure_message, student_raised

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


# The text of a reply (see :func:`read_reply`): base64 between single quotes, nothing else.
REPLY_TEXT = re.compile(r"'[A-Za-z0-9+/]*={0,2}'")


def read_reply(text, max_values: int):
    """Return the reply whose base64 text, quoted as its ``repr``, is ``text``.

    Memory stays linear in the text's length: the text must be one quoted run of base64
    characters (no Python literal is parsed), and JSON with more than ``max_values`` values
    (counted by their separators, an upper bound) is refused before it is parsed.

    Raises
    ------
    ValueError
        If the text is not such a reply.
    """
    if type(text) is not str or not REPLY_TEXT.fullmatch(text):
        raise ValueError("not a quoted base64 reply")
    # Decoded in place, with no copy of the text: the two quotes are the only characters
    # outside base64's alphabet, and the decoder skips them.
    raw = binascii.a2b_base64(text)
    return _bounded_json(raw, max_values)


def _bounded_json(raw: bytes | str, max_values: int):
    """Parse the JSON ``raw``, refused unparsed when its separators allow ``max_values`` values.

    Each value but the first follows a comma or an opening bracket, so their count bounds the
    values (from above: a string's own commas count too) and so the memory parsing takes.
    """
    marks = (",", "[", "{") if isinstance(raw, str) else (b",", b"[", b"{")
    if sum(raw.count(mark) for mark in marks) >= max_values:
        raise ValueError("too many values")
    return json.loads(raw)


def _work(values, max_depth: int = kernel_side.MAX_DEPTH) -> float:
    """Return a bound on the work a call with ``values`` as arguments may ask for.

    The bound is the largest array the arguments could make, times their largest count. The
    array is the largest of: all their numbers together; the broadcast of all their arrays'
    shapes, each side its longest among them (a bound on ``np.broadcast_shapes`` of any of
    them: (1, m) and (m, 1) make m * m); and the square of the longest side, a bound on any
    matrix product of two of them. A count is any real number of any type (``int``,
    ``np.int64``, ``3e6``, a 0-d array): a loop may run that many times.

    Raises
    ------
    ValueError
        If the arguments are nested deeper than ``max_depth``.
    """
    sides: list[int] = []  # the longest side of each rank, counted from the last
    counts, total = [1.0], 0
    stack = [(value, 0) for value in values]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise ValueError("arguments nested too deep")
        if isinstance(value, list | tuple):
            total += len(value)
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            total += len(value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, np.ndarray) and value.ndim > 0:
            total += value.size
            for k, n in enumerate(reversed(value.shape)):
                if k == len(sides):
                    sides.append(n)
                sides[k] = max(sides[k], n)
        elif (isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)) or (
            isinstance(value, np.ndarray) and value.dtype.kind in "iuf"
        ):
            count = abs(float(value))
            counts.append(math.ceil(count) if math.isfinite(count) else math.inf)
    largest = max(total, math.prod(sides), max(sides, default=0) ** 2, 1)
    return largest * max(counts)


class StudentError(Exception):
    """The student's code raised an exception that is not one of :data:`CROSSING_ERRORS`."""


class KernelLost(Exception):
    """The student's kernel died or stopped answering during a check."""


class OutOfTime(StudentError):
    """The check in progress used up its time (see :meth:`Student.checking`)."""


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
                failure_message(
                    describe_call(self.__name__, args, kwargs),
                    f"changed the caller's argument {', '.join(changed)} in place",
                    hint="leave the inputs as they were: compute into a new array (for example "
                    "x = x - 1 rather than x -= 1, or start from x = x.copy())",
                )
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
    may_change_inputs : collection of str, default=()
        Functions allowed to change their arguments in place.
    limits : SandboxLimits, optional
        The sizes and times calls are held to (``wire_bytes``, ``wire_values``,
        ``stand_in_work``, ``output_bytes_per_cell`` for what a call prints, ``check_seconds``
        for a call outside :meth:`checking`, ``interrupt_seconds``); the table's defaults when
        not given.
    seed : tuple of int, default=()
        The submission's seed of hidden inputs (:mod:`coursekit.grading.verdicts.submission_seed`).
    """

    def __init__(
        self,
        client,
        may_change_inputs=(),
        limits: SandboxLimits | None = None,
        seed: tuple[int, ...] = (),
    ):
        self.client = client
        self.may_change_inputs = frozenset(may_change_inputs)
        self.limits = limits or SandboxLimits()
        self.max_bytes = self.limits.wire_bytes
        # The end, on time.monotonic(), of the check in progress (see :meth:`checking`);
        # None outside checks, where each call gets ``check_seconds`` of its own.
        self.deadline: float | None = None
        self.out_of_time = False
        self._stand_ins: dict[str, object] = {}
        # Exercises whose every check passed: their functions serve the later checks as they
        # are, with no stand-in (see :attr:`stand_ins`).
        self.trusted_exercises: frozenset[str] = frozenset()
        self.trust_was_used = False
        self.interrupt = None
        self.seed = tuple(seed)
        # The sources of each exercise's answer cells, by exercise, and while a check is judged
        # again with the course's values of earlier variables, the re-run that serves it.
        self.answer_cells: dict[str, list[str]] = {}
        self._scratch: dict | None = None

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

    def rng(self, stream: int) -> np.random.Generator:
        """Return a generator of hidden inputs, one ``stream`` per check, seeded per submission."""
        return np.random.default_rng([stream, *self.seed])

    @contextlib.contextmanager
    def rerunning(self, exercise: str, values: dict):
        """Within the block, names are read and called as ``exercise``'s answer cells leave them.

        Each request first re-runs those cells in the student's kernel, in a scratch copy of
        the notebook's namespace where the earlier exercises' variables hold ``values`` (the
        course's): a wrong ``m_train`` then costs its own exercise only.
        """
        saved = self._scratch
        self._scratch = {
            "cells": list(self.answer_cells.get(exercise, ())),
            "values": kernel_side.encode(dict(values), self.max_bytes),
        }
        try:
            yield self
        finally:
            self._scratch = saved

    @contextlib.contextmanager
    def checking(self, until: float):
        """Within the block, every call must end by ``until`` (a ``time.monotonic()`` time).

        A call still running then is interrupted, and it and every later call of the block
        raise :class:`OutOfTime`, with :attr:`out_of_time` set, so a check that catches the
        error still cannot go on calling.
        """
        self.deadline, self.out_of_time = until, False
        try:
            yield self
        finally:
            self.deadline = None

    def value(self, name: str, max_bytes: int | None = None):
        """Return the decoded value of the student's global ``name``.

        Parameters
        ----------
        name : str
            The global's name.
        max_bytes : int, optional
            Largest array accepted for this value, in bytes, when the check expects one larger
            than ``wire_bytes`` (a value the course's own answer makes that large); never less
            than ``wire_bytes``.

        Raises
        ------
        NameError
            If the notebook defines no such global.
        """
        saved = self.max_bytes
        self.max_bytes = max(saved, max_bytes or 0)
        try:
            return self.decode(self.request("value", name)["value"])
        finally:
            self.max_bytes = saved

    def decode(self, data):
        """Decode wire data from the kernel; malformed data becomes a :class:`StudentError`."""
        try:
            return kernel_side.decode(data, max_bytes=self.max_bytes)
        except (ValueError, TypeError, KeyError) as error:
            raise StudentError(f"an answer came back malformed ({error})") from None

    def request(self, op: str, name: str, args=(), kwargs=None, stand_ins=()) -> dict:
        """Run one request in the kernel and return its checked reply.

        Raises
        ------
        KernelLost
            If the kernel died, or did not answer in time (the check's end, or
            ``check_seconds`` outside a check) even when interrupted.
        """
        request = {
            "op": op,
            "name": name,
            "args": kernel_side.encode(copy.deepcopy(list(args)), self.max_bytes),
            "kwargs": kernel_side.encode(copy.deepcopy(dict(kwargs or {})), self.max_bytes),
            "stand_ins": list(stand_ins),
            "scratch": self._scratch,
            "max_bytes": self.max_bytes,
            "max_stdout": self.limits.output_bytes_per_cell,
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
            reply = read_reply(result["data"]["text/plain"], self.limits.wire_values)
        except (KeyError, TypeError, ValueError, RecursionError):
            raise StudentError(
                f"{name}: the answer came back unreadable (not in the grader's format, or "
                "larger than the grader reads)"
            ) from None
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
                raise NameError(
                    failure_message(name, "not defined", hint="run its cell, and keep its name")
                )
            call = describe_call(name, args, kwargs) if op == "call" else name
            raise student_raised(CROSSING_ERRORS.get(ename, StudentError), call, ename, evalue)
        reply["stdout"] = str(reply.get("stdout", ""))[: self.limits.output_bytes_per_cell]
        return reply

    def _execute(self, code: str) -> dict:
        """Run ``code``, answer stand-in prompts, return the reply with the call's result."""
        client = self.client
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.out_of_time = True
            raise OutOfTime("the check ran out of time before this call")
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
        deadline = self.deadline or time.monotonic() + self.limits.check_seconds
        interrupted = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if interrupted or self.interrupt is None:
                    raise KernelLost("the function did not finish and ignored the interrupt")
                self.interrupt()
                interrupted = True
                deadline = time.monotonic() + self.limits.interrupt_seconds
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
                    if interrupted and self.deadline is not None:
                        self.out_of_time = True
                        raise OutOfTime("the function was stopped when the check ran out of time")
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
            request = _bounded_json(text, self.limits.wire_values)
            function = self._stand_ins[request["name"]]
            args = kernel_side.decode(request["args"], max_bytes=self.max_bytes)
            kwargs = kernel_side.decode(request["kwargs"], max_bytes=self.max_bytes)
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise ValueError("malformed call")
            if _work([*args, *kwargs.values()]) > self.limits.stand_in_work:
                raise ValueError(
                    "the call asks for more work than the grader allows a stand-in "
                    f"({self.limits.stand_in_work:,} numbers times iterations): call it with the "
                    "sizes and counts the exercise asks for"
                )
            result = function(*args, **kwargs)
            return {"ok": True, "value": kernel_side.encode(result, self.max_bytes)}
        except Exception as error:  # noqa: BLE001 -- any failure is the stand-in's answer
            return {"ok": False, "error": f"the course's version could not run: {error}"[:500]}
