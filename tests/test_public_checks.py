"""Each release's public_tests.py holds its own checkers only, cut fresh from the top level.

The top-level ``public_tests.py`` is the one source; ``make release`` slices it per assignment
(:mod:`coursekit.public_checks`). These tests hold the slices to their promise: the star import
gives exactly ``__all__`` and no module, no other assignment's checker and no dead code ships,
and the committed copies are what slicing gives now.
"""

import ast
import importlib.util
import json
import re
import sys
import types

import pytest

import public_tests
from coursekit.course import ASSIGNMENTS, RELEASE, ROOT
from coursekit.public_checks import (
    CHECKERS,
    definitions,
    is_fresh,
    reached,
    slice_checkers,
    surfaces,
)

TEXT = (ROOT / CHECKERS).read_text(encoding="utf-8")
PUBLIC = surfaces(TEXT)
WITH_CHECKERS = [a for a in ASSIGNMENTS if CHECKERS in a.shared]
NAMES = [a.name for a in WITH_CHECKERS]
# A checker call in a notebook's code: sigmoid_test(...), quiz_answer_check(...).
CHECKER_CALL = re.compile(r"(?:_test(?:_\d+)?|^quiz_\w+)$")

SMALL = '''"""A small checkers' module."""

import math
import os

import numpy as np

PUBLIC = {"a": ("a_test",), "b": ("b_test",)}
__all__ = sorted({n for names in PUBLIC.values() for n in names})

LIMIT = 3


# Used by a_test only.
def _helper(x):
    return np.asarray(x) * LIMIT


def a_test(f):
    return _helper(f(1))


def b_test(f):
    return math.isclose(f(2), 2.0)


def _unused():
    return os.getcwd()
'''


def _release_copy(assignment):
    """Return the path of ``assignment``'s released public_tests.py."""
    return ROOT / RELEASE / assignment.name / CHECKERS


def _star_import(path, module_name):
    """Run ``from <module> import *`` for the file at ``path``; return the names it gave."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
        namespace = {}
        exec(f"from {module_name} import *", namespace)  # noqa: S102 -- the notebooks' own line
    finally:
        del sys.modules[module_name]
    namespace.pop("__builtins__", None)
    return module, namespace


def _top_level_names(text):
    """Return the names a module's top-level statements define."""
    names = set()
    for definition in definitions(text)[1]:
        names |= definition.binds
    return names


def _notebook_calls(path):
    """Return the names of the checkers the notebook's code cells call."""
    called = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        # Lines IPython reads as magics or shell commands are not Python.
        source = "\n".join("" if line.lstrip()[:1] in "%!" else line for line in source.split("\n"))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if CHECKER_CALL.search(node.func.id):
                    called.add(node.func.id)
    return called


@pytest.mark.parametrize("assignment", WITH_CHECKERS, ids=NAMES)
def test_star_import_gives_exactly_the_assignments_surface(assignment):
    """Does the release's star import give exactly its __all__, the PUBLIC names, no module?"""
    module, namespace = _star_import(_release_copy(assignment), f"_release_{assignment.name}")
    assert list(module.__all__) == list(PUBLIC[assignment.name])
    assert set(namespace) == set(PUBLIC[assignment.name])
    modules = sorted(
        name for name, value in namespace.items() if isinstance(value, types.ModuleType)
    )
    assert not modules, f"the star import hands the notebook modules: {modules}"


@pytest.mark.parametrize("assignment", WITH_CHECKERS, ids=NAMES)
def test_release_holds_no_other_assignments_checkers(assignment):
    """Is no checker of another assignment defined in this assignment's public_tests.py?"""
    defined = _top_level_names(_release_copy(assignment).read_text(encoding="utf-8"))
    own = set(PUBLIC[assignment.name])
    others = {name for names in PUBLIC.values() for name in names} - own
    assert not defined & others, sorted(defined & others)


@pytest.mark.parametrize("assignment", WITH_CHECKERS, ids=NAMES)
def test_release_copy_is_what_slicing_gives_now(assignment):
    """Is the committed release copy exactly the slice of today's top-level public_tests.py?"""
    copy = _release_copy(assignment)
    assert copy.read_text(encoding="utf-8") == slice_checkers(TEXT, assignment.name), (
        f"{copy} is stale; run `make release`"
    )


@pytest.mark.parametrize("assignment", WITH_CHECKERS, ids=NAMES)
def test_notebook_checkers_are_in_the_surface(assignment):
    """Does every checker the released notebook calls come with its assignment's __all__?"""
    called = _notebook_calls(assignment.release_notebook())
    assert called, "no checker call found: the pattern no longer matches the notebook"
    assert called <= set(PUBLIC[assignment.name]), sorted(called - set(PUBLIC[assignment.name]))


def test_every_assignment_with_checkers_has_a_surface():
    """Does PUBLIC name exactly the assignments that receive public_tests.py?"""
    assert set(PUBLIC) == set(NAMES)


def test_top_level_all_is_the_union_of_the_surfaces():
    """Is the top-level __all__ every assignment's public names, and each of them defined?"""
    union = {name for names in PUBLIC.values() for name in names}
    assert set(public_tests.__all__) == union
    assert all(callable(getattr(public_tests, name)) for name in union)


def test_no_dead_code_in_the_top_level_file():
    """Is every top-level definition of public_tests.py reached from some assignment's surface?"""
    found = definitions(TEXT)[1]
    used = set()
    for names in PUBLIC.values():
        used |= {name for definition in reached(found, names) for name in definition.binds}
    dead = sorted(name for definition in found for name in definition.binds if name not in used)
    assert not dead, f"defined in public_tests.py but reached by no checker: {dead}"


def test_slice_follows_references_and_drops_the_rest():
    """Does a slice keep what its checkers reach (with comments and imports) and nothing else?"""
    text = slice_checkers(SMALL, "a")
    assert "def a_test" in text and "def _helper" in text and "LIMIT = 3" in text
    assert "# Used by a_test only." in text and "import numpy as np" in text
    assert "b_test(" not in text and "_unused" not in text
    assert "import math" not in text and "import os" not in text and "PUBLIC" not in text
    namespace = {}
    exec(compile(text, "a.py", "exec"), namespace)  # noqa: S102 -- the slice must run alone
    assert namespace["__all__"] == ["a_test"]
    assert namespace["a_test"](lambda x: x) == 3
    assert text.startswith("# The checkers of a, generated by `make release`")


def test_slice_refuses_what_it_cannot_cut():
    """Does slicing name the problem: unknown assignment or name, a statement naming nothing?"""
    with pytest.raises(KeyError, match="'c'"):
        slice_checkers(SMALL, "c")
    with pytest.raises(ValueError, match="missing_test"):
        slice_checkers(SMALL.replace('"b_test",', '"missing_test",'), "b")
    with pytest.raises(ValueError, match="PUBLIC"):
        slice_checkers(SMALL.replace("PUBLIC = ", "TABLE = "), "a")
    with pytest.raises(ValueError, match="line 29: a top-level Expr statement defines no name"):
        slice_checkers(SMALL + "np.seterr(all='raise')\n", "a")


def test_freshness_sees_an_edited_copy_and_a_changed_original(tmp_path):
    """Is a copy stale once edited, or once the original changes, even by a comment?"""
    original, copy = tmp_path / "public_tests.py", tmp_path / "copy.py"
    original.write_text(SMALL, encoding="utf-8")
    copy.write_text(slice_checkers(SMALL, "b"), encoding="utf-8")
    assert is_fresh(original, copy, "b")
    original.write_text(SMALL + "# changed after the release\n", encoding="utf-8")
    assert not is_fresh(original, copy, "b")
    original.write_text(SMALL, encoding="utf-8")
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not is_fresh(original, copy, "b")
    copy.write_text(slice_checkers(SMALL, "a"), encoding="utf-8")
    assert not is_fresh(original, copy, "b"), "another assignment's slice"
    original.write_text("def checker(:\n", encoding="utf-8")
    assert not is_fresh(original, copy, "b")
