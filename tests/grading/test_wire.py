"""The wire format between the student's kernel and the grading process."""

import json

import numpy as np
import pytest

from coursekit.grading.kernel_side import Other, decode, encode


def _round_trip(value):
    """Encode ``value``, pass it through JSON text as the kernel does, decode it."""
    return decode(json.loads(json.dumps(encode(value))))


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
        decode(data)


def test_deep_nesting_is_refused():
    """Is a value nested deeper than the bound refused rather than recursed into?"""
    data = 1
    for _ in range(50):
        data = [data]
    with pytest.raises(ValueError):
        decode(data)
