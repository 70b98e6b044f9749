"""The grading service's ledger: outcomes kept across restarts, attempts counted."""

import pytest

from coursekit.classroom.ledger import Ledger, Outcome


def test_ledger_survives_reopening_and_counts_attempts(tmp_path):
    """Is every outcome kept across a reopen, and are only graded ones counted as attempts?"""
    ledger = Ledger(tmp_path / "ledger.json")
    ledger.record("ann+quiz+t1+r", Outcome("ann", "quiz", "t1", "graded", 3, 12, releases=1))
    ledger.record("ann+quiz+t2+r", Outcome("ann", "quiz", "t2", "superseded"))
    ledger.record("ann+quiz+t3+r", Outcome("ann", "quiz", "t3", "graded", 5, 12, releases=1))
    ledger.record("ann+quiz+t4+r", Outcome("ann", "quiz", "t4", "over_limit"))
    reopened = Ledger(tmp_path / "ledger.json")
    assert "ann+quiz+t2+r" in reopened and "bob+quiz+t1+r" not in reopened
    assert reopened.attempts("ann", "quiz") == 2 and reopened.attempts("bob", "quiz") == 0
    assert reopened.latest_graded("ann", "quiz") == Outcome(
        "ann", "quiz", "t3", "graded", 5, 12, releases=1
    )
    assert reopened.latest_graded("bob", "quiz") is None
    with pytest.raises(ValueError, match="unknown status"):
        reopened.record("x+quiz+t+r", Outcome("x", "quiz", "t", "pending"))
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]
