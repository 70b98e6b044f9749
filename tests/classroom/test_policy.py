"""Deadlines and attempts per assignment, read from classroom.toml; malformed files refused."""

import logging
from datetime import UTC, datetime

import pytest

from coursekit.classroom.policy import PolicyFile, read_policies


def test_policies_read_deadline_and_attempts(tmp_path):
    """Are deadlines (time zone required) and attempts read, and bad values named?"""
    (tmp_path / "classroom.toml").write_text(
        "[python_basics]\ndeadline = 2026-12-12T23:59:00Z\nattempts = 3\n[quiz]\nattempts = 1\n"
    )
    policies = read_policies(tmp_path)
    assert policies["python_basics"].attempts == 3
    assert policies["python_basics"].past_deadline(datetime(2026, 12, 13, tzinfo=UTC))
    assert not policies["python_basics"].past_deadline(datetime(2026, 12, 1, tzinfo=UTC))
    assert not policies["quiz"].past_deadline()
    (tmp_path / "classroom.toml").write_text("[quiz]\ndeadline = 2026-12-12T23:59:00\n")
    with pytest.raises(ValueError, match=r"\[quiz\] deadline has no time zone"):
        read_policies(tmp_path)
    (tmp_path / "classroom.toml").write_text("[quiz]\nattempts = 0\n")
    with pytest.raises(ValueError, match="attempts = 0"):
        read_policies(tmp_path)
    assert read_policies(tmp_path / "nowhere") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[quiz\nattempts = 1\n", r"classroom.toml: not valid TOML \(.*line 1.*\); fix that line"),
        ("attempts = 3\n", r"attempts = 3 is outside any assignment's table; put it under"),
        ("[quiz]\nattempts = true\n", r"\[quiz\] attempts = True; write a whole number"),
        ("[quiz]\ndeadline = 2026-12-12\n", r"\[quiz\] deadline = datetime.date\(2026, 12, 12\)"),
        ("[quiz]\ntries = 2\n", r"\[quiz\] unknown key tries; only deadline and attempts"),
        ("[quizz]\nattempts = 2\n", r"\[quizz\] is not an assignment of the course; use one of"),
    ],
)
def test_malformed_policy_named_in_one_line(tmp_path, text, message):
    """Is each malformed classroom.toml refused in one line naming file, field and fix?"""
    (tmp_path / "classroom.toml").write_text(text)
    with pytest.raises(ValueError, match=message) as refused:
        read_policies(tmp_path, {"quiz", "python_basics"})
    assert str(refused.value).startswith(str(tmp_path / "classroom.toml"))
    assert "\n" not in str(refused.value)


def test_policy_file_keeps_last_valid_policies(tmp_path, caplog):
    """Does a running service keep the last valid policies, logging the bad file once?"""
    log = logging.getLogger("test_policy")
    keep = tmp_path / "private" / "last.toml"
    keep.parent.mkdir()
    (tmp_path / "classroom.toml").write_text("[quiz]\nattempts = 2\n")
    watched = PolicyFile(tmp_path, keep, log)
    assert watched.current()["quiz"].attempts == 2
    (tmp_path / "classroom.toml").write_text("[quiz]\nattempts = 'three'\n")
    with caplog.at_level(logging.ERROR, logger="test_policy"):
        assert watched.current()["quiz"].attempts == 2
        assert watched.current()["quiz"].attempts == 2
    assert caplog.text.count("attempts = 'three'") == 1
    assert PolicyFile(tmp_path, keep, log).current()["quiz"].attempts == 2
    (tmp_path / "classroom.toml").write_text("[quiz]\nattempts = 4\n")
    assert watched.current()["quiz"].attempts == 4
    (tmp_path / "classroom.toml").unlink()
    assert watched.current() == {} and not keep.exists()
