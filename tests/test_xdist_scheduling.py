"""How `make test` spreads test files over pytest processes (tests/conftest.py)."""

from conftest import WHOLE_MACHINE, WholeMachineFilesTogether

from coursekit.course import ROOT


def test_every_whole_machine_file_exists():
    """Does each whole-machine file exist (one renamed would run beside the others)?"""
    missing = [path for path in sorted(WHOLE_MACHINE) if not (ROOT / path).is_file()]
    assert not missing


def test_whole_machine_files_are_one_unit_and_others_one_unit_each():
    """Are the whole-machine files scheduled as one unit, every other file as its own?"""
    scheduler = object.__new__(WholeMachineFilesTogether)  # _split_scope reads no state
    units = {scheduler._split_scope(f"{path}::test_x[1]") for path in WHOLE_MACHINE}
    assert len(units) == 1
    others = ["tests/test_dataset.py::test_a", "tests/test_lr_utils.py::test_b"]
    assert [scheduler._split_scope(n) for n in others] == [n.split("::")[0] for n in others]
    assert units.isdisjoint(scheduler._split_scope(n) for n in others)
