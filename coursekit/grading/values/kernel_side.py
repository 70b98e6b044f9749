"""The only code that runs inside a student's kernel while grading: call, encode, hand back.

The grading process sends this module's source text with every request and evaluates it in a
fresh dictionary, so nothing of it stays in the student's namespace between requests. A request
names a global of the student's notebook and, for a function, the arguments to call it with; the
reply carries the result, what the call printed and the arguments as they are after the call,
all as plain JSON (numbers, strings, lists and base64-encoded numeric arrays; no pickle, no code).
Nothing here decides anything: the grading process compares the values with the expected ones.

The same :func:`encode` and :func:`decode` are imported by the grading process, so the wire
format is written once. This module uses only the standard library and, when arrays are
involved, numpy, because the course package is not importable inside the sandbox.
"""

import base64
import builtins
import contextlib
import io
import json
import sys

# The prefix of the prompt a stand-in sends over the kernel's stdin channel: the grading
# process answers such prompts by running the course's own version of the function.
STAND_IN_PROMPT = "\x00coursekit-stand-in\x00"
MAX_DEPTH = 12
# dtype kinds that cross as raw bytes: bool, signed and unsigned ints, floats, complex.
NUMERIC_KINDS = "biufc"
# The only dtype strings decoded (the form ``dtype.str`` takes for those kinds): the string is
# looked up, never parsed, so no record or object dtype, however long, reaches numpy's parser.
WIRE_DTYPES = frozenset(
    ["|b1", "|i1", "|u1"]
    + [
        f"{order}{kind}{size}"
        for order in "<>"
        for kind, sizes in (("i", (2, 4, 8)), ("u", (2, 4, 8)), ("f", (2, 4, 8, 16)),
                            ("c", (8, 16, 32)))
        for size in sizes
    ]
)  # fmt: skip
# Longest text of a float accepted (repr of any float is at most 24 characters).
FLOAT_CHARS = 32


class Other:
    """A value that does not cross the wire: only its type name and a short repr do."""

    def __init__(self, type_name, text):
        self.type_name = type_name
        self.text = text

    def __repr__(self):
        return f"<{self.type_name}: {self.text}>"


def _short_repr(value):
    """Return ``repr(value)`` cut to 200 characters, or a placeholder when repr fails."""
    try:
        return repr(value)[:200]
    except Exception:  # noqa: BLE001 -- a student's __repr__ may raise anything
        return "<repr failed>"


def encode(value, max_bytes, depth=0):
    """Turn ``value`` into JSON-ready data; what cannot cross becomes an ``$other`` record.

    Parameters
    ----------
    value : object
        Numbers, strings, None, lists, tuples, dicts with str or int keys, numpy arrays of
        numeric dtype and numpy scalars cross as they are; anything else as type name and repr.
    max_bytes : int
        Largest array, in bytes, that crosses; a larger one becomes an ``$other`` record (the
        grading side's ``SandboxLimits.wire_bytes``, sent with each request).
    depth : int, default=0
        Nesting level (internal), bounded by ``MAX_DEPTH``.
    """
    if depth > MAX_DEPTH:
        return {"$other": ["nested too deep", ""]}
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value if abs(value) < 2**63 else {"$other": ["int", _short_repr(value)]}
    if kind is float:
        return {"$float": repr(value)}
    if kind is list:
        return [encode(item, max_bytes, depth + 1) for item in value]
    if kind is tuple:
        return {"$tuple": [encode(item, max_bytes, depth + 1) for item in value]}
    if kind is dict:
        if all(type(key) in (str, int) for key in value):
            return {
                "$dict": [[key, encode(item, max_bytes, depth + 1)] for key, item in value.items()]
            }
        return {"$other": ["dict", _short_repr(value)]}
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray | np.generic):
        dtype = value.dtype
        if dtype.kind not in NUMERIC_KINDS or dtype.itemsize * value.size > max_bytes:
            return {"$other": [f"numpy array of dtype {dtype}", f"shape {value.shape}"]}
        array = np.asarray(value).view(np.ndarray)
        # tobytes() writes C order whatever the layout; shape () stays () for scalars.
        record = [dtype.str, list(array.shape), base64.b64encode(array.tobytes()).decode()]
        return {"$scalar" if isinstance(value, np.generic) else "$array": record}
    return {"$other": [f"{kind.__module__}.{kind.__qualname__}", _short_repr(value)]}


def decode(data, max_bytes, depth=0):
    """Rebuild a value from :func:`encode`'s data, checking every size and shape on the way.

    Memory stays linear in the data's size: dtypes come from :data:`WIRE_DTYPES` only, an
    array's shape is checked against its byte count and ``max_bytes`` before anything is
    allocated, and whole numbers and floats are bounded in size.

    Parameters
    ----------
    data : object
        Parsed JSON.
    max_bytes : int
        Largest array accepted, in bytes.
    depth : int, default=0
        Nesting level (internal), bounded by ``MAX_DEPTH``.

    Raises
    ------
    ValueError
        If the data is not of the wire format or breaks a bound.
    """
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deep")
    if type(data) is int and not -(2**63) <= data < 2**63:
        raise ValueError("whole number too large")
    if data is None or type(data) in (bool, int, str):
        return data
    if type(data) is list:
        return [decode(item, max_bytes, depth + 1) for item in data]
    if type(data) is not dict or len(data) != 1:
        raise ValueError(f"not a wire value: {type(data).__name__}")
    ((tag, body),) = data.items()
    if tag == "$float" and type(body) is str and len(body) <= FLOAT_CHARS:
        return float(body)
    if tag == "$tuple" and type(body) is list:
        return tuple(decode(item, max_bytes, depth + 1) for item in body)
    if tag == "$dict" and type(body) is list:
        pairs = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise ValueError("malformed dict entry")
            pairs[pair[0]] = decode(pair[1], max_bytes, depth + 1)
        return pairs
    if tag in ("$array", "$scalar") and type(body) is list and len(body) == 3:
        return _decode_array(tag, *body, max_bytes)
    if tag == "$other" and type(body) is list and len(body) == 2:
        return Other(str(body[0])[:200], str(body[1])[:200])
    raise ValueError(f"unknown wire tag {tag!r}")


def _decode_array(tag, dtype_str, shape, payload, max_bytes):
    """Rebuild an ``$array`` or ``$scalar`` record; check it against its bytes first."""
    import numpy as np

    if type(dtype_str) is not str or dtype_str not in WIRE_DTYPES:
        raise ValueError("unsupported array dtype")
    if type(shape) is not list or len(shape) > 32 or type(payload) is not str:
        raise ValueError("unsupported array")
    if not all(type(n) is int and 0 <= n <= max_bytes for n in shape):
        raise ValueError("bad array shape")
    dtype = np.dtype(dtype_str)
    size = 1
    for n in shape:
        # Stop as soon as the array is too large: the product of 32 sizes need not be made.
        size *= n
        if size * dtype.itemsize > max_bytes:
            raise ValueError("array too large")
    if len(payload) != 4 * ((size * dtype.itemsize + 2) // 3):
        raise ValueError("array data does not match its shape")
    raw = base64.b64decode(payload, validate=True)
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return array[()] if tag == "$scalar" else array


def _stand_in(name, max_bytes):
    """Return a function that asks the grading process to run the course's ``name``."""

    def stand_in(*args, **kwargs):
        request = {"name": name, "args": encode(list(args), max_bytes)}
        request["kwargs"] = encode(kwargs, max_bytes)
        answer = json.loads(builtins.input(STAND_IN_PROMPT + json.dumps(request)))
        if not answer.get("ok"):
            raise RuntimeError(answer.get("error", f"the course's {name} failed"))
        return decode(answer["value"], max_bytes)

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def run(request_text):
    """Serve one request of the grading process; return the reply as base64 of its JSON text.

    The request names a global (``name``); ``op`` is ``"value"`` to read it or ``"call"`` to
    call it with ``args`` and ``kwargs``. ``stand_ins`` names globals replaced, for this call
    only, by functions that ask the grading process for the course's own result. With
    ``scratch``, the request is served from a copy of the namespace where ``scratch["values"]``
    replace the student's globals and the answer cells ``scratch["cells"]`` are run again.
    """
    request = json.loads(request_text)
    shell = get_ipython()  # noqa: F821 -- run inside IPython, where it exists
    namespace = shell.user_ns
    max_bytes = request["max_bytes"]
    scratch = request.get("scratch")
    if scratch:
        # A copy: the re-run and the stand-ins below never touch the notebook's own globals.
        namespace = {**namespace, **decode(scratch["values"], max_bytes)}
    saved = {}
    for name in request["stand_ins"]:
        saved[name] = namespace.get(name, saved)
        namespace[name] = _stand_in(name, max_bytes)
    printed = io.StringIO()
    reply = {"ok": True}
    try:
        for source in scratch["cells"] if scratch else ():
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(shell.transform_cell(source), "<answer>", "exec"), namespace)
        if request["name"] not in namespace:
            raise NameError(f"name '{request['name']}' is not defined")
        target = namespace[request["name"]]
        if request["op"] == "value":
            reply["value"] = encode(target, max_bytes)
        else:
            args = decode(request["args"], max_bytes)
            kwargs = decode(request["kwargs"], max_bytes)
            with contextlib.redirect_stdout(printed):
                result = target(*args, **kwargs)
            reply["value"] = encode(result, max_bytes)
            reply["args"] = encode(args, max_bytes)
            reply["kwargs"] = encode(kwargs, max_bytes)
    except BaseException as error:  # noqa: BLE001 -- the student's error is the answer
        reply = {"ok": False, "ename": type(error).__name__, "evalue": str(error)[:1000]}
    finally:
        for name, value in saved.items():
            if value is saved:
                namespace.pop(name, None)
            else:
                namespace[name] = value
    reply["stdout"] = printed.getvalue()[: request["max_stdout"]]
    # As base64: the grading process reads the reply's text (its repr) without parsing Python.
    return base64.b64encode(json.dumps(reply).encode()).decode()
