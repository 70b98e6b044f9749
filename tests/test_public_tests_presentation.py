"""How a check's result reaches the student: message first, no checker internals, a pass line."""

import inspect
import traceback

import numpy as np
import pytest

import public_tests as pt


def _stub(*args):
    raise NotImplementedError("replace this line with your code")


def test_failed_check_renders_as_its_message_only():
    """Does IPython get the failure's message, problem line first, and no traceback?"""
    with pytest.raises(pt.CheckFailed) as failure:
        pt.softmax_test(lambda x: np.exp(x) / np.sum(np.exp(x)))
    shown = failure.value._render_traceback_()
    assert "softmax(np.array(" in shown[0] and "wrong values" in shown[0], shown
    assert "hint:" in shown[1], shown
    assert not [line for line in shown if "public_tests" in line or "File " in line], shown


def test_failed_check_is_still_an_assertion_error():
    """Do pytest and nbgrader still see a failed check as an AssertionError?"""
    assert issubclass(pt.CheckFailed, AssertionError)


def test_student_error_keeps_only_the_students_frames():
    """Does an error raised by the student's code reach them without the checker's frames?"""
    with pytest.raises(NotImplementedError, match="replace this line with your code") as raised:
        pt.sigmoid_test(_stub)
    files = [frame.filename for frame in traceback.extract_tb(raised.value.__traceback__)]
    assert pt.__file__ not in files, files
    assert __file__ in files, files


def test_checkers_keep_their_names_and_signatures():
    """Are the checkers still found under their own names, with their own parameters?"""
    assert pt.propagate_test.__name__ == "propagate_test"
    assert list(inspect.signature(pt.propagate_test).parameters) == ["target", "part"]


def test_softmax_over_the_whole_matrix_gets_a_hint():
    """Does softmax summed over the whole matrix get a hint naming that mistake?"""
    with pytest.raises(AssertionError, match="over the whole matrix.*axis=1"):
        pt.softmax_test(lambda x: np.exp(x) / np.sum(np.exp(x)))


@pytest.mark.parametrize(
    "value, words",
    [("hello world", "mind the capitals"), (42, "wrong type"), ("Hello", "wrong value")],
)
def test_hello_world_check_names_the_mistake(value, words):
    """Does the hello_world check say what is wrong with the variable test?"""
    with pytest.raises(AssertionError, match=words):
        pt.hello_world_test(value)


def _pictures(m, px=4, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (m, px, px, 3), dtype=np.uint8)


def test_dataset_sizes_and_flatten_checks_pass_and_fail(capsys):
    """Do the dataset_sizes and flatten checks pass right values and name wrong ones?"""
    train, test = _pictures(5), _pictures(3, seed=1)
    pt.dataset_sizes_test(5, 3, 4, train, test)
    with pytest.raises(AssertionError, match="(?s)num_px: wrong value.*shape\\[1\\]"):
        pt.dataset_sizes_test(5, 3, 3, train, test)
    flat, flat_test = train.reshape(5, -1).T, test.reshape(3, -1).T
    pt.flatten_test(train, test, flat, flat_test, flat / 255, flat_test / 255)
    assert capsys.readouterr().out.splitlines() == [pt.PASSED, pt.PASSED]  # sizes, flatten
    with pytest.raises(AssertionError, match="(?s)wrong shape.*transpose"):
        pt.flatten_test(train, test, flat.T, flat_test, flat / 255, flat_test / 255)
    with pytest.raises(AssertionError, match="divide"):
        pt.flatten_test(train, test, flat, flat_test, flat, flat_test / 255)


def test_ipython_shows_the_message_first():
    """Does a real IPython shell show a failed check as its message, first line first?"""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.user_ns.update(pt=pt, np=np)
    shown = []
    shell._showtraceback = lambda etype, evalue, stb: shown.extend(stb)
    shell.run_cell("pt.softmax_test(lambda x: np.exp(x) / np.sum(np.exp(x)))")
    assert "wrong values" in shown[0] and "hint:" in shown[1], shown
