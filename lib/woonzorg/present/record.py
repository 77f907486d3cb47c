"""What a notebook records for the site: key figures and sources, as custom outputs read back from the executed notebook."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing nbformat costs about a second (jsonschema compiles its URI grammars)
    import nbformat

MIMETYPE = "application/vnd.woonzorg.kerncijfers+json"
BRONNEN_MIMETYPE = "application/vnd.woonzorg.bronnen+json"
BIJLAGE_MIMETYPE = "application/vnd.woonzorg.bijlage+json"
BEGELEIDER_MIMETYPE = "application/vnd.woonzorg.begeleider+json"
BIJLAGE_NAAM = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9]+)+$")


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


class Bijlage:
    """Displaying this hands a file to the build, which writes it beside the guide: ``OUT/<regio>/<bestand>``.

    The file name is a plain name without folder (lower case, e.g. ``woonzorgvisie-concept.md``);
    the content also shows in a notebook as Markdown.
    """

    def __init__(self, bestand: str, inhoud: str):
        if not BIJLAGE_NAAM.match(bestand):
            raise ValueError(f"'{bestand}' is geen geldige bestandsnaam voor een bijlage "
                             "(kleine letters, cijfers, - en _, met extensie, zonder map)")
        self.bestand = bestand
        self.inhoud = inhoud

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {BIJLAGE_MIMETYPE: {"bestand": self.bestand, "inhoud": self.inhoud}, "text/markdown": self.inhoud}


def read_bijlagen(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The attachments recorded in an executed notebook, by file name (invalid names are refused)."""
    found: dict[str, str] = {}
    for record in _records(notebook, BIJLAGE_MIMETYPE):
        name = str(record.get("bestand", ""))
        if not BIJLAGE_NAAM.match(name):
            raise ValueError(f"bijlage met ongeldige bestandsnaam '{name}'")
        found[name] = str(record.get("inhoud", ""))
    return found


class Begeleider:
    """Displaying this hands the facilitator guide's content (with the exercises' answers) to the build.

    The kernel has computed the exercises already; the build renders the guide from this record
    instead of computing them again. A cell showing it is tagged ``begeleider``: it is in neither
    the handout nor the workbook, and the build removes the record from any other cell of the
    workbook as well, so that the answers never reach the participants.
    """

    def __init__(self, inhoud: Mapping[str, object]):
        self.inhoud = json.loads(json.dumps(inhoud))  # what the notebook will hold: JSON only

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {BEGELEIDER_MIMETYPE: self.inhoud, "text/plain": ""}


def read_begeleider(notebook: nbformat.NotebookNode) -> dict[str, object] | None:
    """The facilitator guide's content recorded in an executed notebook (the last record), or None."""
    found = None
    for record in _records(notebook, BEGELEIDER_MIMETYPE):
        found = dict(record)
    return found


def without_begeleider(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The cell without outputs that carry a facilitator record (the cell itself is changed)."""
    if "outputs" in cell:
        cell.outputs = [o for o in cell.outputs if BEGELEIDER_MIMETYPE not in o.get("data", {})]
    return cell
