"""nbgrader's exchange for a class: nbgrader's modes, its root and inbound sticky."""

import os

import pytest

from coursekit.classroom.exchange import make_exchange


def test_exchange_modes(tmp_path):
    """Are the exchange's folders made with nbgrader's modes, root and inbound also sticky?"""
    if os.geteuid() != 0 and os.environ.get("CI", "").lower() != "true":
        pytest.skip("the exchange is owned by root: run as root (CI does)")
    course = make_exchange(tmp_path / "exchange", "c1")
    modes = {
        path.name: path.stat().st_mode & 0o7777
        for path in (tmp_path / "exchange", course, *course.iterdir())
    }
    assert modes == {
        "exchange": 0o1777,
        "c1": 0o755,
        "outbound": 0o755,
        "inbound": 0o3733,
        "feedback": 0o711,
    }
