"""Key figures that a notebook records for the site index: a custom output, read back from the executed notebook."""

from __future__ import annotations

import json
from collections.abc import Mapping

import nbformat

MIMETYPE = "application/vnd.woonzorg.kerncijfers+json"


class Kerncijfers:
    """Displaying this records figures in the executed notebook; HTML export ignores the mimetype."""

    def __init__(self, figures: Mapping[str, object]):
        self.figures = json.loads(json.dumps(dict(figures), default=float))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIMETYPE: self.figures, "text/plain": ""}


def read_kerncijfers(notebook: nbformat.NotebookNode) -> dict[str, object]:
    """All key figures recorded in an executed notebook (later records win)."""
    figures: dict[str, object] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIMETYPE in data:
                figures.update(data[MIMETYPE])
    return figures
