"""matplotlib's font list: built once per Python in the user's cache, for kernels to borrow."""

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.font_manager import FontManager, json_load

from coursekit.grading.sandbox import font_cache
from coursekit.grading.sandbox.font_cache import _cache_root, font_lists


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """Return an empty cache folder set as XDG_CACHE_HOME, with font_lists' memory cleared."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font_lists.cache_clear()
    yield tmp_path / "cache"
    # Other tests (the sandbox's) must see the real lists, not this test's deleted folder.
    font_lists.cache_clear()


def _fail(*args, **kwargs):
    """Stand in for subprocess.run as a build that fails."""
    raise subprocess.CalledProcessError(1, args[0] if args else "python")


def test_the_list_is_the_file_this_matplotlib_reads(cache):
    """Is the one file built the fontlist-v<version>.json this matplotlib loads, with fonts?"""
    (path,) = font_lists()
    assert path.name == f"fontlist-v{FontManager.__version__}.json"
    manager = json_load(path)
    assert isinstance(manager, FontManager) and manager.ttflist, "no font in the list"


def test_the_list_is_built_in_the_users_cache_per_python(cache):
    """Is the list kept under XDG_CACHE_HOME/coursekit/matplotlib in a folder for this Python?"""
    (path,) = font_lists()
    assert path.parent.parent == cache / "coursekit" / "matplotlib"
    assert path.parent.name.endswith(Path(sys.prefix).resolve().name)
    # Only the list is left: the build's scratch folder is gone.
    assert list(path.parent.iterdir()) == [path]


def test_the_list_is_readable_by_everyone_and_writable_by_its_owner_only(cache):
    """Is the list mode 0644, so a sandboxed kernel can read it and never change it?"""
    (path,) = font_lists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_built_list_is_reused_without_building_again(cache, monkeypatch):
    """Once built, is the list returned again by a new process without running matplotlib?"""
    built = font_lists()
    font_lists.cache_clear()
    monkeypatch.setattr(font_cache.subprocess, "run", _fail)
    assert font_lists() == built


def test_a_failed_build_leaves_nothing_and_kernels_build_their_own(cache, monkeypatch):
    """When matplotlib cannot build the list, is nothing returned and no scratch left behind?"""
    monkeypatch.setattr(font_cache.subprocess, "run", _fail)
    assert font_lists() == ()
    (folder,) = (cache / "coursekit" / "matplotlib").iterdir()
    assert list(folder.iterdir()) == []


def test_an_unwritable_cache_gives_no_list(tmp_path, monkeypatch):
    """If the cache folder cannot be made, is nothing returned instead of an error?"""
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    font_lists.cache_clear()
    try:
        assert font_lists() == ()
    finally:
        font_lists.cache_clear()


@pytest.mark.parametrize("xdg", [None, ""])
def test_without_xdg_cache_home_the_home_cache_is_used(tmp_path, monkeypatch, xdg):
    """Unset or empty XDG_CACHE_HOME: is the cache ~/.cache/coursekit/matplotlib, not /tmp?"""
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert _cache_root() == tmp_path / ".cache" / "coursekit" / "matplotlib"
