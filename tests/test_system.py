"""Tests for coursekit.system: a missing system package is named with its apt-get command."""

import pytest

from coursekit.system import MissingSystemPackage, install_command, require_system_package


def test_present_file_is_returned(tmp_path):
    """Does an existing file come back as its path?"""
    path = tmp_path / "font.ttf"
    path.write_bytes(b"")
    assert require_system_package("fonts-example", path) == path


def test_present_program_is_found_on_path():
    """Is a program name looked up on PATH (sh is on every test machine)?"""
    assert require_system_package("dash", "sh").name == "sh"


@pytest.mark.parametrize("what", ["/no/such/NotoColorEmoji.ttf", "no-such-program-xyz"])
def test_missing_file_or_program_names_the_apt_command(what):
    """Does a missing file or program raise naming `apt-get install <package>`?"""
    with pytest.raises(MissingSystemPackage) as caught:
        require_system_package("fonts-noto-color-emoji", what)
    message = str(caught.value)
    assert what in message
    assert install_command("fonts-noto-color-emoji") in message
    assert "apt-get install -y --no-install-recommends fonts-noto-color-emoji" in message
