"""Building a release: syncing the shared files into an assignment, comparing generated trees.

``tests/test_pipeline.py`` checks that the committed ``release/`` is what the build makes now;
these tests check the two helpers it rests on, on a small made-up course tree.
"""

import json

import pytest

from coursekit.course import Assignment
from coursekit.public_checks import slice_checkers
from coursekit.release import sync_shared, tree_differences

TOY = Assignment("toy", "toy.ipynb", ("public_tests.py", "helpers.py", "images"))

CHECKERS = '''\
"""Checkers."""

import math

PUBLIC = {"toy": ("toy_test",), "other": ("other_test",)}


def toy_test(target):
    """Check the toy exercise."""
    assert target(0) == math.floor(0)


def other_test(target):
    """Check another assignment's exercise."""
    assert target(1) == 1
'''


@pytest.fixture
def course(tmp_path):
    """Return a course tree with the toy assignment's shared files and its source folder."""
    (tmp_path / "public_tests.py").write_text(CHECKERS, encoding="utf-8")
    (tmp_path / "helpers.py").write_bytes(b"VALUE = 1\n")
    images = tmp_path / "images"
    images.mkdir()
    (images / "cat.png").write_bytes(b"\x89PNG fake")
    (images / ".hidden").write_text("editor state")
    (images / "__pycache__").mkdir()
    (images / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tmp_path / "source" / "toy").mkdir(parents=True)
    return tmp_path


def test_sync_writes_each_shared_file_and_slices_the_checkers(course):
    """Are the checkers cut to the assignment's slice and the other shared files byte-equal?"""
    target = course / "source" / "toy"
    written = sync_shared(TOY, course)
    assert written == [target / "public_tests.py", target / "helpers.py", target / "images"]
    checkers = (target / "public_tests.py").read_text(encoding="utf-8")
    assert checkers == slice_checkers(CHECKERS, "toy")
    assert "def toy_test" in checkers and "def other_test" not in checkers
    assert (target / "helpers.py").read_bytes() == b"VALUE = 1\n"
    copied = sorted(p.relative_to(target / "images").as_posix() for p in target.rglob("images/*"))
    assert copied == ["cat.png"], "dotfiles and __pycache__ must not be released"
    assert (target / "images" / "cat.png").read_bytes() == b"\x89PNG fake"


def test_sync_replaces_stale_copies(course):
    """Does a sync overwrite an old file and drop files a shared folder no longer has?"""
    target = course / "source" / "toy"
    (target / "helpers.py").write_text("VALUE = 0  # stale\n")
    (target / "public_tests.py").write_text("# stale checkers\n")
    (target / "images").mkdir()
    (target / "images" / "removed.png").write_bytes(b"old")
    sync_shared(TOY, course)
    assert (target / "helpers.py").read_bytes() == b"VALUE = 1\n"
    assert "stale" not in (target / "public_tests.py").read_text(encoding="utf-8")
    assert sorted(p.name for p in (target / "images").iterdir()) == ["cat.png"]


def test_sync_names_the_assignment_when_a_listed_file_is_missing(course):
    """Does a missing shared file raise FileNotFoundError naming the file and the assignment?"""
    (course / "helpers.py").unlink()
    with pytest.raises(FileNotFoundError, match=r"assignment 'toy' lists 'helpers.py'"):
        sync_shared(TOY, course)
    assert not (course / "source" / "toy" / "public_tests.py").exists(), "nothing half synced"


def test_sync_replaces_a_copy_whose_kind_changed(course):
    """Is a file where the shared folder goes (or a folder where a file goes) replaced?"""
    target = course / "source" / "toy"
    (target / "images").write_text("a file where the folder goes")
    (target / "helpers.py").mkdir()
    sync_shared(TOY, course)
    assert (target / "images" / "cat.png").is_file()
    assert (target / "helpers.py").read_bytes() == b"VALUE = 1\n"


def _notebook(path, cell_id, source):
    """Write a one-cell notebook whose cell has ``cell_id`` and ``source``."""
    cell = {"cell_type": "code", "id": cell_id, "metadata": {}, "outputs": [], "source": source}
    cell["execution_count"] = None
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_tree_differences_reports_missing_unexpected_and_differing_files(tmp_path):
    """Does the comparison name each missing, unexpected and differing file, and nothing else?"""
    expected, actual = tmp_path / "expected", tmp_path / "actual"
    for root in (expected, actual):
        (root / "sub").mkdir(parents=True)
        (root / "same.txt").write_text("same")
    (expected / "sub" / "gone.txt").write_text("x")
    (actual / "extra.txt").write_text("x")
    (expected / "data.bin").write_bytes(b"\x00\x01")
    (actual / "data.bin").write_bytes(b"\x00\x02")
    _notebook(expected / "a.ipynb", "aaaa", "x = 1")
    _notebook(actual / "a.ipynb", "aaaa", "x = 2")
    assert tree_differences(expected, actual) == [
        "missing: sub/gone.txt",
        "unexpected: extra.txt",
        "differs: a.ipynb",
        "differs: data.bin",
    ]


def test_tree_differences_ignores_notebook_cell_ids(tmp_path):
    """Are two notebooks that differ only in their random cell ids reported equal?"""
    expected, actual = tmp_path / "expected", tmp_path / "actual"
    expected.mkdir()
    actual.mkdir()
    _notebook(expected / "a.ipynb", "1f2e3d4c", "x = 1")
    _notebook(actual / "a.ipynb", "9a8b7c6d", "x = 1")
    assert tree_differences(expected, actual) == []
