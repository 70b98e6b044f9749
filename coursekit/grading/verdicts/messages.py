"""Every message a student reads from a hidden check, in the public checks' layout.

A failure names the call, the problem, then a hint, the expected and what came back: the
lines ``public_tests._fail`` prints in the notebook, so a check reads alike there and on the
feedback page::

    softmax on a random array of shape (4, 6): wrong values
      hint: each row must sum to 1 over its own exponentials
      expected: ...
      got:      ...

A check fails with :func:`fail` (the ``AssertionError`` that
:class:`~coursekit.grading.verdicts.checks.Checks` turns into a verdict of 0), or with one of
the ``expect_*`` helpers, which check a value's type, shape and entries. When the student's own
function raised, the call comes back as :func:`student_raised` made it, and :func:`explain`
says which call raised what, with a hint.
"""

import numbers
from typing import NoReturn

import numpy as np

__all__ = [
    "FLOATS",
    "RAISED_HINT",
    "REAL",
    "REAL_OR_BOOL",
    "STUB_HINT",
    "describe",
    "describe_call",
    "expect_array",
    "expect_close",
    "expect_number",
    "explain",
    "fail",
    "failure_message",
    "student_raised",
]

RAISED_HINT = "run the exercise's check cell in your notebook to see the traceback"
STUB_HINT = 'replace the stub\'s `raise NotImplementedError("...")` line with your code'

# The entries an array may hold, as NumPy's dtype kinds (``dtype.kind``), and their words.
REAL = "iuf"
REAL_OR_BOOL = "biuf"
FLOATS = "f"
_KIND_WORDS = {REAL: "real numbers", REAL_OR_BOOL: "real numbers", FLOATS: "floats"}
# Where a call's text is cut: an argument's repr or the whole call.
_ARGUMENT_CHARS = 40
_CALL_CHARS = 200


def failure_message(call: str, problem: str, expected=None, got=None, hint=None) -> str:
    """Return the lines of a failure, laid out as ``public_tests._fail`` lays them out.

    Parameters
    ----------
    call : str
        What was called or read, as the student would recognise it: ``"sigmoid(2.0)"``,
        ``"softmax on a random array of shape (4, 6)"``, ``"train_set_x"``.
    problem : str
        What is wrong, in a few words: ``"wrong shape"``, ``"raised TypeError: ..."``.
    expected, got : object, optional
        What the answer should be and what it is (shown with ``str``); left out when ``None``.
    hint : str, optional
        The likely mistake and its fix, shown right after the problem.

    Returns
    -------
    str
        ``"<call>: <problem>"``, then indented ``hint:``, ``expected:`` and ``got:`` lines.

    Examples
    --------
    >>> print(failure_message("f(1)", "wrong value", 2, 3, "add, do not multiply"))
    f(1): wrong value
      hint: add, do not multiply
      expected: 2
      got:      3
    """
    lines = [f"{call}: {problem}"]
    if hint:
        lines.append(f"  hint: {hint}")
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    return "\n".join(lines)


def fail(call: str, problem: str, expected=None, got=None, hint=None) -> NoReturn:
    """Fail the check with :func:`failure_message`'s lines (the same parameters).

    Raises
    ------
    AssertionError
        Always: the check's verdict is 0 and the student reads the message.
    """
    raise AssertionError(failure_message(call, problem, expected, got, hint))


def describe(value) -> str:
    """Return a short description of ``value``'s type (and shape and dtype for arrays).

    The words of ``public_tests._describe``: ``"numpy.ndarray of shape (3,) and dtype
    float64"``, ``"list"``.
    """
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of shape {value.shape} and dtype {value.dtype}"
    return type(value).__name__


def _argument(value) -> str:
    """Return ``value`` as a call's text shows it: short reprs whole, others by type and shape."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    if isinstance(value, list | tuple) and len(repr(value)) > _ARGUMENT_CHARS:
        return f"{type(value).__name__} of {len(value)}"
    shown = value is None or isinstance(value, numbers.Number | str | list | tuple)
    text = repr(value) if shown else ""
    return text if 0 < len(text) <= _ARGUMENT_CHARS else type(value).__name__


def describe_call(name: str, args=(), kwargs=None) -> str:
    """Return the text of the call ``name(*args, **kwargs)`` for a message, arrays by shape.

    Examples
    --------
    >>> describe_call("layer_output", [np.zeros(3), np.ones((2, 3)), [0.5, -1]])
    'layer_output(array of shape (3,), array of shape (2, 3), [0.5, -1])'
    """
    parts = [_argument(value) for value in args]
    parts += [f"{key}={_argument(value)}" for key, value in (kwargs or {}).items()]
    text = f"{name}({', '.join(parts)})"
    return text if len(text) <= _CALL_CHARS else f"{name}(...)"


def student_raised(error_type: type[Exception], call: str, exception: str, text: str) -> Exception:
    """Return the error to raise where the student's ``call`` raised ``exception: text``.

    Its own text is the student's message alone, as their notebook shows it, so a public
    checker that quotes it (``"raised TypeError: <message>"``) reads the same in both places;
    :func:`explain` finds the call and the exception's name on it.

    Parameters
    ----------
    error_type : type
        The exception class a check may catch (the builtin of the same name, or the engine's
        ``StudentError`` for others).
    call : str
        The call that raised, from :func:`describe_call` (or the name read).
    exception, text : str
        The name and message of the exception the student's code raised.

    Returns
    -------
    Exception
        An ``error_type`` whose text is ``text``.
    """
    error = error_type(text)
    error.student_call, error.student_exception = call, exception
    return error


def explain(error: BaseException, plain=(AssertionError, NameError)) -> str:
    """Return what the student reads when a check stopped with ``error``.

    Parameters
    ----------
    error : BaseException
        What the check raised.
    plain : tuple of type, default=(AssertionError, NameError)
        Errors whose text is written for students (a failed check, a name not defined): shown
        as they are.

    Returns
    -------
    str
        For an error of the student's own code (:func:`student_raised`): the call, ``raised
        <type>: <message>`` and a hint. For a ``plain`` error, its text (``"the answer is
        wrong"`` if it has none). For any other, ``"<type>: <message>"``.
    """
    call = getattr(error, "student_call", None)
    if call is not None:
        exception = error.student_exception
        # The text as given: str() of a KeyError would quote it a second time.
        text = str(error.args[0] if error.args else "").strip()
        hint = STUB_HINT if exception == "NotImplementedError" else RAISED_HINT
        return failure_message(call, f"raised {exception}: {text}", hint=hint)
    if isinstance(error, plain):
        return str(error) or "the answer is wrong"
    return f"{type(error).__name__}: {error}"


def expect_array(call: str, got, shape, hint=None, *, kinds: str | None = REAL) -> np.ndarray:
    """Check that ``got`` is an ndarray of ``shape`` holding entries of ``kinds``; return it.

    Parameters
    ----------
    call : str
        The call that gave ``got``, for the message.
    got : object
        What the student's code gave.
    shape : tuple of int
        The shape it must have.
    hint : str, optional
        Shown when the type or the shape is wrong, in place of the hint for a list, a rank-1
        array or a transposed result.
    kinds : str or None, default=REAL
        The dtype kinds its entries may have: :data:`REAL` (integers and floats),
        :data:`REAL_OR_BOOL`, :data:`FLOATS`; ``None`` accepts any.

    Returns
    -------
    ndarray
        ``got``.

    Raises
    ------
    AssertionError
        On the first of: not an ndarray, another shape, entries of another kind.
    """
    shape = tuple(shape)
    if not isinstance(got, np.ndarray):
        if hint is None and isinstance(got, list | tuple):
            hint = "return a NumPy array: NumPy functions give one (or wrap it with np.array)"
        fail(call, "wrong type", "numpy.ndarray", describe(got), hint)
    if got.shape != shape:
        if hint is None and got.ndim == 1 and got.size == int(np.prod(shape)):
            hint = f"this is a rank-1 array; reshape it to {shape}"
        elif hint is None and got.shape == shape[::-1]:
            hint = "the result is transposed"
        fail(call, "wrong shape", shape, got.shape, hint)
    if kinds is not None and got.dtype.kind not in kinds:
        fail(call, "wrong dtype", _KIND_WORDS.get(kinds, f"dtype kind {kinds}"), got.dtype)
    return got


def expect_close(call: str, got, expected, hint=None, *, rtol=1e-5, atol=1e-8) -> None:
    """Check that ``got`` holds ``expected`` (``np.allclose``, which broadcasts), values unshown.

    Parameters
    ----------
    call : str
        The call that gave ``got``, for the message.
    got, expected : array_like
        The answer and the right values.
    hint : str, optional
        The likely mistake, shown when the values differ.
    rtol, atol : float, default=1e-5, 1e-8
        Tolerances of ``np.allclose`` (its own defaults).

    Raises
    ------
    AssertionError
        If the values differ.
    """
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        fail(call, "wrong values", hint=hint)


def expect_number(call: str, got, hint=None) -> float:
    """Check that ``got`` is one real number (a 0-d array of one counts, a bool does not).

    Parameters
    ----------
    call : str
        The call that gave ``got``, for the message.
    got : object
        The answer.
    hint : str, optional
        Shown when ``got`` is not a number (in place of the hint for an array of one entry).

    Returns
    -------
    float
        ``got`` as a float.

    Raises
    ------
    AssertionError
        If ``got`` is not a real number.
    """
    scalar = isinstance(got, numbers.Real) and not isinstance(got, bool | np.bool_)
    if scalar or (isinstance(got, np.ndarray) and got.ndim == 0 and got.dtype.kind in REAL):
        return float(got)
    if hint is None and isinstance(got, np.ndarray) and got.size == 1:
        hint = "use np.squeeze() or float() to turn it into a number"
    fail(call, "wrong type", "one real number", describe(got), hint)
