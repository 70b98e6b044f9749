"""Cleaning source notebooks: outputs cleared, metadata normalised, ids stable, idempotent."""

import copy

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coursekit.notebooks import (
    KERNELSPEC,
    LANGUAGE_INFO,
    cell_id,
    cleaned,
    is_clean,
    main,
    notebook_paths,
)


def _dirty():
    """Return a notebook as JupyterLab saves it after a run: outputs, timings, editor state."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title", metadata={"collapsed": True}),
            new_code_cell(
                "print(1)",
                execution_count=7,
                outputs=[new_output("stream", name="stdout", text="1\n")],
                metadata={
                    "nbgrader": {"grade_id": "ex1", "solution": True},
                    "tags": ["exercise"],
                    "deletable": False,
                    "editable": True,
                    "scrolled": True,
                    "execution": {"iopub.execute_input": "2026-12-05T10:00:00Z"},
                },
            ),
            new_markdown_cell("![cat](attachment:cat.png)"),
        ],
        metadata={"kernelspec": {"name": "conda-env-x", "display_name": "x"}, "widgets": {}},
    )
    nb.cells[0].attachments = {}
    nb.cells[2].attachments = {"cat.png": {"image/png": "AAAA"}}
    return nb


def test_cleaning_clears_outputs_and_execution_counts():
    """Does a cleaned code cell have no outputs and no execution count?"""
    cell = cleaned(_dirty()).cells[1]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.source == "print(1)"


def test_cleaning_keeps_only_grading_metadata_and_sets_the_course_kernel():
    """Are cell metadata cut to nbgrader/tags/deletable/editable and the kernel set to python3?"""
    nb = cleaned(_dirty())
    assert dict(nb.metadata) == {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    assert set(nb.cells[1].metadata) == {"nbgrader", "tags", "deletable", "editable"}
    assert nb.cells[0].metadata == {}
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)


def test_cell_ids_are_grade_ids_or_positions():
    """Is each cell's id its nbgrader grade id, else cell-<index> padded to three digits?"""
    assert [cell.id for cell in cleaned(_dirty()).cells] == ["cell-000", "ex1", "cell-002"]
    assert cell_id(new_code_cell("x", metadata={"nbgrader": {"grade_id": ""}}), 12) == "cell-012"


def test_cleaning_drops_empty_attachments_and_keeps_real_ones():
    """Is an empty attachments field removed while a cell's attached image stays?"""
    nb = cleaned(_dirty())
    assert "attachments" not in nb.cells[0]
    assert nb.cells[2].attachments == {"cat.png": {"image/png": "AAAA"}}


def test_cleaning_is_idempotent_and_leaves_its_input_alone():
    """Does cleaning a cleaned notebook change nothing, and the original stay as it was?"""
    dirty = _dirty()
    before = copy.deepcopy(dirty)
    once = cleaned(dirty)
    assert cleaned(once) == once
    assert dirty == before
    nbformat.validate(once)


def test_is_clean_tells_a_cleaned_file_from_a_dirty_one(tmp_path):
    """Is a saved dirty notebook reported not clean, and its cleaned form clean?"""
    dirty, clean = tmp_path / "dirty.ipynb", tmp_path / "clean.ipynb"
    nbformat.write(_dirty(), dirty)
    nbformat.write(cleaned(_dirty()), clean)
    assert not is_clean(dirty)
    assert is_clean(clean)


def test_notebook_paths_expand_folders_but_skip_checkpoints(tmp_path):
    """Are folders searched recursively for notebooks, checkpoints skipped, the result sorted?"""
    for name in ("b/two.ipynb", "a/one.ipynb", "a/.ipynb_checkpoints/one-checkpoint.ipynb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("", encoding="utf-8")
    single = tmp_path / "z.ipynb"
    assert notebook_paths([str(single), str(tmp_path / "b"), str(tmp_path / "a")]) == [
        tmp_path / "a" / "one.ipynb",
        tmp_path / "b" / "two.ipynb",
        single,
    ]


def test_check_reports_dirty_notebooks_without_rewriting_them(tmp_path, capsys):
    """Does --check exit 1, name each dirty notebook on stderr and leave the files unchanged?"""
    path = tmp_path / "dirty.ipynb"
    nbformat.write(_dirty(), path)
    before = path.read_bytes()
    assert main(["--check", str(tmp_path)]) == 1
    assert f"not clean: {path}" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_cleaning_rewrites_dirty_notebooks_in_place(tmp_path, capsys):
    """Does a run without --check clean the file, say so, and then pass --check?"""
    path = tmp_path / "dirty.ipynb"
    nbformat.write(_dirty(), path)
    assert main([str(path)]) == 0
    assert capsys.readouterr().out == f"cleaned {path}\n"
    assert nbformat.read(path, as_version=4) == cleaned(_dirty())
    assert main(["--check", str(path)]) == 0
