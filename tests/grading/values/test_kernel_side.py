"""The wire between the student's kernel and the grading process: values, bounds, replies."""

import base64
import json
import tracemalloc
from types import SimpleNamespace

import numpy as np
import pytest

from coursekit.grading.settings import SandboxLimits
from coursekit.grading.values import kernel_side
from coursekit.grading.values.kernel_side import WIRE_DTYPES, Other, decode, encode

WIRE = SandboxLimits().wire_bytes


@pytest.mark.parametrize(
    "dtype",
    [np.bool_, np.int8, np.uint16, np.int32, np.uint64, np.float16, np.float32, np.float64,
     np.complex64, np.complex128, np.dtype(">f8"), np.dtype(">i4")],
)  # fmt: skip
def test_every_numeric_dtype_is_on_the_allow_list(dtype):
    """Does an array of each bool, int, uint, float and complex dtype cross back unchanged?"""
    value = np.arange(6).astype(dtype).reshape(2, 3)
    assert np.dtype(dtype).str in WIRE_DTYPES
    back = decode(json.loads(json.dumps(encode(value, WIRE))), WIRE)
    assert back.dtype == value.dtype
    np.testing.assert_array_equal(back, value)


@pytest.mark.parametrize(
    "dtype_str",
    ["|O", "|V8", "<M8[s]", "|S4", "<U2", "f8,f8", "[('a', '<f8')]", "float64", "<f8 "],
)
def test_dtypes_off_the_allow_list_are_refused(dtype_str):
    """Are object, record, time, text and unusually spelled dtypes refused unparsed?"""
    with pytest.raises(ValueError, match="dtype"):
        decode({"$array": [dtype_str, [1], "AAAAAAAAAAA="]}, WIRE)


def test_a_dtype_of_many_fields_is_refused_without_building_it():
    """Is a 4 MB dtype string of 1.3 million fields refused with almost no memory?"""
    record = {"$array": [",".join(["f8"] * 1_300_000), [1], ""]}
    tracemalloc.start()
    with pytest.raises(ValueError, match="dtype"):
        decode(record, WIRE)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100_000


@pytest.mark.parametrize(
    "shape, payload",
    [
        ([10**9], ""),  # far more than its bytes
        ([2**31, 2**31, 0], ""),  # each side within bounds, the product not
        ([3], base64.b64encode(bytes(16)).decode()),  # 16 bytes for 24
        ([1], base64.b64encode(bytes(16)).decode()),  # 16 bytes for 8
        ([2], 5),  # payload not text
        ([-1], ""),
        ([1.0], "AAAAAAAAAAA="),
    ],
)
def test_shapes_are_checked_against_the_bytes_before_allocating(shape, payload):
    """Is a shape that does not match its payload, or exceeds the bound, refused?"""
    with pytest.raises(ValueError):
        decode({"$array": ["<f8", shape, payload]}, WIRE)


def test_arrays_are_bounded_in_bytes_not_elements():
    """Is an array over max_bytes refused, and one at the bound accepted?"""
    value = encode(np.zeros(100), WIRE)
    assert decode(value, max_bytes=800).shape == (100,)
    with pytest.raises(ValueError, match="too large"):
        decode(value, max_bytes=799)


@pytest.mark.parametrize(
    "data",
    [2**63, -(2**63) - 1, 10**4000, {"$float": "1" * 40}, {"$float": "0." + "1" * 5000}],
    ids=["2**63", "-2**63-1", "10**4000", "float of 40 digits", "float of 5000 digits"],
)
def test_numbers_are_bounded_in_size(data):
    """Are whole numbers past 64 bits and overlong float texts refused?"""
    with pytest.raises(ValueError):
        decode(data, WIRE)


def test_run_replies_in_base64_json(monkeypatch):
    """Does the kernel's reply come as base64 text of JSON, holding the call's result?"""
    shell = SimpleNamespace(user_ns={"double": lambda x: 2 * x})
    monkeypatch.setattr(kernel_side, "get_ipython", lambda: shell, raising=False)
    request = {
        "op": "call", "name": "double", "args": encode([21], WIRE), "kwargs": encode({}, WIRE),
        "stand_ins": [], "max_bytes": 1000, "max_stdout": 100,
    }  # fmt: skip
    text = kernel_side.run(json.dumps(request))
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    reply = json.loads(base64.b64decode(text))
    assert reply["ok"] and decode(reply["value"], WIRE) == 42


@pytest.mark.parametrize(("size", "ok"), [(100, True), (200, False)])
def test_run_decodes_arguments_within_the_requests_bound(monkeypatch, size, ok):
    """Does the kernel read an argument array only within the request's max_bytes?"""
    shell = SimpleNamespace(user_ns={"total": lambda x: float(x.sum())})
    monkeypatch.setattr(kernel_side, "get_ipython", lambda: shell, raising=False)
    request = {
        "op": "call", "name": "total", "args": encode([np.ones(size)], WIRE),
        "kwargs": encode({}, WIRE), "stand_ins": [], "max_bytes": 800, "max_stdout": 100,
    }  # fmt: skip
    reply = json.loads(base64.b64decode(kernel_side.run(json.dumps(request))))
    assert reply["ok"] is ok, reply


def _round_trip(value):
    """Encode ``value``, pass it through JSON text as the kernel does, decode it."""
    return decode(json.loads(json.dumps(encode(value, WIRE))), WIRE)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -2.5,
        float("inf"),
        "Hello World",
        [1, [2.0, "x"]],
        (1, 2),
        {"w": np.zeros((2, 1)), "b": 0.0},
        np.arange(12, dtype=np.int32).reshape(3, 4),
        np.array([[1.5, -2.0]]).T,
        np.float64(0.5),
        np.bool_(True),
    ],
)
def test_plain_values_cross_unchanged(value):
    """Do numbers, strings, containers, arrays and numpy scalars come back equal and same-typed?"""
    back = _round_trip(value)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, dict):
        assert back.keys() == value.keys()
    else:
        assert back == value


def test_transposed_and_sliced_arrays_keep_their_values():
    """Does a non-contiguous view cross with its own values, not its base's memory order?"""
    base = np.arange(24.0).reshape(4, 6)
    view = base[::2, 1::2].T
    np.testing.assert_array_equal(_round_trip(view), view)


def test_objects_that_cannot_cross_become_other_records():
    """Does a value with a rigged __eq__ cross only as its type name and repr?"""

    class Rigged:
        def __eq__(self, other):
            return True

        def __repr__(self):
            return "rigged"

    back = _round_trip(Rigged())
    assert isinstance(back, Other) and back.text == "rigged"
    assert back != 1


def test_array_subclasses_cross_as_plain_arrays():
    """Does an ndarray subclass come back as a plain ndarray holding its data?"""

    class Always(np.ndarray):
        def __eq__(self, other):
            return True

    value = np.array([1.0, 2.0]).view(Always)
    back = _round_trip(value)
    assert type(back) is np.ndarray
    np.testing.assert_array_equal(back, [1.0, 2.0])


@pytest.mark.parametrize(
    "data",
    [
        {"$array": ["<f8", [10**9], ""]},
        {"$array": ["|O", [1], "AA=="]},
        {"$array": ["<f8", [2], "AAAAAAAAAAA="]},
        {"$code": "import os"},
        {"$tuple": [1], "$dict": []},
        {"$float": 1.0},
    ],
)
def test_malformed_or_oversized_data_is_refused(data):
    """Does decoding refuse huge, object-typed, mis-sized or unknown records?"""
    with pytest.raises(ValueError):
        decode(data, WIRE)


def test_deep_nesting_is_refused():
    """Is a value nested deeper than the bound refused rather than recursed into?"""
    data = 1
    for _ in range(50):
        data = [data]
    with pytest.raises(ValueError):
        decode(data, WIRE)
