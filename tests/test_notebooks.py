"""The source notebooks: outputs stripped, one typed parameters cell whose defaults run as-is."""

from __future__ import annotations

import ast

import nbformat
import pytest

from woonzorg import paths

NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_typed_and_commented_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    source = cells[0].source
    tree = ast.parse(source)
    assert tree.body and all(isinstance(node, ast.AnnAssign) for node in tree.body), \
        "every parameter has a type annotation"
    for line in source.splitlines():
        if line.strip():
            assert "#" in line, f"parameter line without a comment: {line!r}"
    names = {node.target.id for node in tree.body}
    assert {"regio", "data_dir"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_only_the_known_cell_tags(path):
    known = {"parameters", "remove-input", "remove-cell", "hide-output", "remove-output",
             "werkboek-only", "handout-only", "bijlage", "begeleider"}
    nb = nbformat.read(path, as_version=4)
    used = {t for c in nb.cells for t in c.metadata.get("tags", [])}
    assert used <= known, used - known
