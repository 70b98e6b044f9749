"""The cell-metadata check: nbgrader's verdicts, with the schema checked once per process."""

import copy

import jsonschema
import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator, ValidationError

from coursekit.course import ASSIGNMENTS, get_assignment
from coursekit.grading.intake import cell_metadata
from coursekit.grading.intake.cell_metadata import CheckCellMetadataOnce, MetadataValidatorOnce


def _source(name: str):
    """Return the source notebook of assignment ``name``."""
    return nbformat.read(get_assignment(name).source_notebook(), as_version=4)


def _graded(nb):
    """Return the first graded test cell's nbgrader metadata of ``nb``."""
    return next(
        c.metadata.nbgrader
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    )


def _markdown(nb):
    """Return the first plain markdown cell of ``nb`` (no nbgrader metadata)."""
    return next(c for c in nb.cells if c.cell_type == "markdown" and "nbgrader" not in c.metadata)


def _solution(nb):
    """Return the first answer cell's nbgrader metadata of ``nb``."""
    return next(
        c.metadata.nbgrader for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
    )


CORRUPTIONS = {
    "points_as_text": lambda nb: _graded(nb).update(points="two"),
    "points_missing": lambda nb: _graded(nb).pop("points"),
    "grade_id_missing": lambda nb: _solution(nb).pop("grade_id"),
    "grade_id_empty": lambda nb: _solution(nb).update(grade_id=""),
    "grade_id_duplicated": lambda nb: _solution(nb).update(grade_id=_graded(nb)["grade_id"]),
    "schema_too_new": lambda nb: _graded(nb).update(schema_version=9),
    "schema_too_old": lambda nb: _graded(nb).update(schema_version=1),
    "unknown_key_type": lambda nb: _graded(nb).update(locked="yes"),
    "graded_markdown_not_solution": lambda nb: _markdown(nb).metadata.update(
        nbgrader={
            "grade": True,
            "solution": False,
            "locked": False,
            "grade_id": "essay",
            "points": 1,
            "schema_version": 3,
        }  # fmt: skip
    ),
}


def _verdict(validator, nb) -> str:
    """Return what ``validator`` says of ``nb``: "valid", or the error's type and message."""
    try:
        validator.validate_nb(nb)
    except Exception as error:  # noqa: BLE001 -- the verdict being compared
        return f"{type(error).__name__}: {error}"
    return "valid"


@pytest.mark.parametrize("name", [a.name for a in ASSIGNMENTS])
def test_source_notebooks_are_valid_for_both(name):
    """Does every source notebook pass both nbgrader's check and the cached one?"""
    nb = _source(name)
    assert _verdict(MetadataValidator(), nb) == "valid"
    assert _verdict(MetadataValidatorOnce(), nb) == "valid"


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupted_metadata_gets_nbgraders_own_verdict(corruption):
    """Is each corrupted notebook refused with the same error and message as nbgrader's check?"""
    nb = copy.deepcopy(_source("logistic_regression"))
    CORRUPTIONS[corruption](nb)
    expected = _verdict(MetadataValidator(), nb)
    assert expected != "valid"
    assert _verdict(MetadataValidatorOnce(), nb) == expected


def test_preprocessor_refuses_a_corrupted_notebook_as_nbgrader_does():
    """Does the preprocessor raise nbgrader's "may be corrupted" error on bad metadata?"""
    nb = copy.deepcopy(_source("python_basics"))
    CORRUPTIONS["points_as_text"](nb)
    with pytest.raises(ValidationError, match="nbgrader metadata may be corrupted"):
        CheckCellMetadataOnce().preprocess(nb, {})


def test_schema_is_checked_once_however_many_notebooks(monkeypatch):
    """Does validating notebooks check the schema against the meta-schema at most once?"""
    calls = []
    cls = jsonschema.validators.validator_for(MetadataValidator().schema)
    real = cls.check_schema
    monkeypatch.setattr(cls, "check_schema", lambda schema, **kw: calls.append(1) or real(schema))
    cell_metadata._validator.cache_clear()
    nb = _source("python_basics")
    for _ in range(3):
        CheckCellMetadataOnce().preprocess(nb, {})
    assert len(calls) == 1
    calls.clear()
    MetadataValidator().validate_nb(nb)
    # nbgrader's own check does it for every cell with metadata (what this module avoids).
    assert len(calls) > 10
