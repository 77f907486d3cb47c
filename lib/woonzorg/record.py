"""What a notebook records for the site: key figures and sources, as custom outputs read back from the executed notebook."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import nbformat

MIMETYPE = "application/vnd.woonzorg.kerncijfers+json"
BRONNEN_MIMETYPE = "application/vnd.woonzorg.bronnen+json"


class Kerncijfers:
    """Displaying this records figures in the executed notebook; HTML export ignores the mimetype."""

    def __init__(self, figures: Mapping[str, object]):
        self.figures = json.loads(json.dumps(dict(figures), default=float))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIMETYPE: self.figures, "text/plain": ""}


class Bronnen:
    """Displaying this records the sources a notebook used, for the page's metadata block.

    Each source is a text (``"CBS, Kerncijfers wijken en buurten 2024"``) or a mapping with
    ``bron`` and optionally ``peildatum`` and ``tabel``. Without a record the build lists the
    sources of the region's rows in every data table.
    """

    def __init__(self, sources: Iterable[str | Mapping[str, object]]):
        self.sources = [
            {"bron": s} if isinstance(s, str) else {k: str(v) for k, v in dict(s).items() if v is not None}
            for s in sources
        ]

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {BRONNEN_MIMETYPE: {"bronnen": self.sources}, "text/plain": ""}


def _records(notebook: nbformat.NotebookNode, mimetype: str):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mimetype in data:
                yield data[mimetype]


def read_kerncijfers(notebook: nbformat.NotebookNode) -> dict[str, object]:
    """All key figures recorded in an executed notebook (later records win)."""
    figures: dict[str, object] = {}
    for record in _records(notebook, MIMETYPE):
        figures.update(record)
    return figures


def read_bronnen(notebook: nbformat.NotebookNode) -> list[dict[str, str]]:
    """All sources recorded in an executed notebook, in order, without duplicates."""
    seen: list[dict[str, str]] = []
    for record in _records(notebook, BRONNEN_MIMETYPE):
        for source in record.get("bronnen", []):
            if source not in seen:
                seen.append(dict(source))
    return seen
