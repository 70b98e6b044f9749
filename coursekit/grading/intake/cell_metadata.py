"""nbgrader's cell-metadata check, with its JSON schema read and checked once per process.

nbgrader's ``CheckCellMetadata`` runs twice on every submission (before and after execution),
and for each cell ``jsonschema.validate`` first checks the schema itself against JSON Schema's
meta-schema: profiling ten Assignment 1 submissions, 660 such checks took 2.6 s of the grading
process's 16 s. :class:`CheckCellMetadataOnce` gives the same verdicts on the same notebooks
(nbgrader's version checks, the schema, then nbgrader's own rules on grade ids, points and cell
types) with a validator built once.
"""

import functools
import traceback

import jsonschema
from nbgrader.nbgraderformat import MetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.common import BaseMetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata


class _SchemaCheckedOnce(BaseMetadataValidator):
    """Validate a cell's metadata against the schema with a validator built once."""

    def __init__(self) -> None:
        super().__init__()
        cls = jsonschema.validators.validator_for(self.schema)
        cls.check_schema(self.schema)
        self._schema_validator = cls(self.schema)

    def validate_cell(self, cell) -> None:
        """Check the cell's schema version and its metadata against nbgrader's schema."""
        if "nbgrader" not in cell.metadata:
            return
        version = cell.metadata["nbgrader"].get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(
                f"Outdated schema version: {version} (expected {self.schema_version})",
                version,
                self.schema_version,
            )
        if version > self.schema_version:
            raise SchemaTooNewError(
                f"Schema version is too new: {version} (expected {self.schema_version})",
                version,
                self.schema_version,
            )
        error = jsonschema.exceptions.best_match(
            self._schema_validator.iter_errors(cell.metadata["nbgrader"])
        )
        if error is not None:
            raise error


class MetadataValidatorOnce(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's current metadata validator, its schema step replaced by the cached one.

    In the method order nbgrader's validator calls ``super().validate_cell`` and reaches
    :class:`_SchemaCheckedOnce` instead of nbgrader's base, which would re-check the schema.
    """


@functools.cache
def _validator() -> MetadataValidatorOnce:
    """Return this process's validator (nbgrader's reads the schema file on every creation)."""
    return MetadataValidatorOnce()


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata``, with the schema checked once per process."""

    def preprocess(self, nb, resources):
        """Validate every cell's nbgrader metadata; fail as nbgrader does on a corrupted one."""
        try:
            _validator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources
