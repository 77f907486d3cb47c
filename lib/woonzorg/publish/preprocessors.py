"""Notebook transforms of the publisher as nbconvert preprocessors, each with its own unit test.

The tag vocabulary lives here (the Jupyter Book words plus the two variants): the HTML guide is the
handout — code hidden, workbook-only cells dropped, and the cells that hand the facilitator guide's
content to the build (tag ``begeleider``) too; the workbook drops the handout's own cells and those.
"""

from __future__ import annotations

import html
import re

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

from woonzorg.publish import htmltags

# One tag vocabulary (Jupyter Book words plus the two variants). The HTML guide is the handout:
# code is hidden, workbook-only cells are dropped, and so are the cells that hand the facilitator
# guide's content to the build (tag begeleider; they are not in the workbook either).
HANDOUT_REMOVE_CELL = {"remove-cell", "werkboek-only", "begeleider"}
# The workbook (the executed notebook for learning circles) drops the handout's own cells and those.
WORKBOOK_REMOVE_CELL = {"handout-only", "begeleider"}
HANDOUT_REMOVE_INPUT = {"remove-input", "parameters", "injected-parameters"}
# Cells tagged so go to the guide's appendix page (long tables per municipality, the draft text);
# the guide keeps a numbered link in their place. The workbook keeps them where they are.
APPENDIX_TAG = "bijlage"



class StableParameterIds(Preprocessor):
    """papermill gives its injected-parameters cell a random id: a rebuilt page would always differ."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        return nb, resources


_DEFAULT_REPR = re.compile(r"^<[\w.]+ (?:object )?at 0x[0-9a-f]+>$")
class PortableNotebook(Preprocessor):
    """The executed notebook without what belongs to the machine and moment of the build: papermill's
    metadata (the input path, times, durations) and the cells' execution times, and an object's default
    ``repr`` (``<woonzorg.x.Y object at 0x7f…>``) beside a richer representation. A build from another
    data folder (``--data``) keeps that folder in the workbook's parameters: run again, the workbook reads
    the data it was built from (the learning-circle app relies on it); a build of the project's own data
    passes no folder."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("papermill", None)
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if len(data) > 1 and _DEFAULT_REPR.match(str(data.get("text/plain", "")).strip()):
                    del data["text/plain"]
        return nb, resources


class DropWidgetState(Preprocessor):
    """A page does not show the workbook's widget state (often half the notebook): a shallow copy without it."""

    def preprocess(self, nb, resources):
        metadata = nbformat.NotebookNode({k: v for k, v in nb.metadata.items() if k != "widgets"})
        return nbformat.NotebookNode({**nb, "metadata": metadata}), resources


class WorkbookFilter(Preprocessor):
    """The learning-circle workbook: every cell but the handout's and the facilitator's own, and no
    facilitator record (the exercises' answers) in any output."""

    def preprocess(self, nb, resources):
        from woonzorg.present.record import without_begeleider

        workbook = nbformat.from_dict(nb)
        workbook.cells = [without_begeleider(c) for c in workbook.cells
                          if not WORKBOOK_REMOVE_CELL & set(c.metadata.get("tags", []))]
        return workbook, resources


_CAPTIONS = {"caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6"}
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _label(cells: list) -> tuple[str, int | None]:
    """What an appendix is called: its first heading or caption; and which Markdown cell gave a heading."""
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            found = _MD_HEADING.search(cell.source)
            if found:
                return found.group(1), i
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                found = _MD_HEADING.search(data["text/markdown"])
                if found:
                    return found.group(1), None
            if "text/html" in data:
                found = htmltags.texts(htmltags.scan(data["text/html"]), lambda tag: tag.tag in _CAPTIONS)
                if found:
                    return found[0][1], None
    return "", None


class AppendixSplit(Preprocessor):
    """The guide without its ``bijlage`` cells (a numbered link in their place); the appendix notebook
    goes to ``resources["bijlagen"]`` (None when no cell is tagged so).

    Each run of consecutive ``bijlage`` cells becomes one numbered appendix ("Bijlage 1: …", named
    after its first heading, table caption or figure caption).
    """

    appendix_name = Unicode("bijlagen.html", help="file name of the appendix page the links point to").tag(config=True)

    def preprocess(self, nb, resources):
        guide, appendix = split_appendix(nb, self.appendix_name)
        return guide, {**resources, "bijlagen": appendix}


def split_appendix(nb: nbformat.NotebookNode, appendix_name: str):
    """The guide without its ``bijlage`` cells (a link in their place) and the appendix notebook, or None."""
    guide_cells, sections, links = [], [], []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if APPENDIX_TAG not in tags or tags & HANDOUT_REMOVE_CELL:
            guide_cells.append(cell)
            continue
        if not links or guide_cells[-1] is not links[-1]:  # a new run of appendix cells
            links.append(nbformat.v4.new_markdown_cell(""))
            guide_cells.append(links[-1])
            sections.append([])
        sections[-1].append(cell)
    if not sections:
        return nb, None

    # shallow copies: the exporter copies what it changes, the outputs are shared
    guide = nbformat.NotebookNode({**nb, "cells": guide_cells})
    meta = nb.metadata.get("woonzorg", {})
    titel = meta.get("titel", "")
    guide_name = html.escape(f"{meta.get('thema', '')}.html" if meta.get("thema") else "", quote=True)
    back = f' <a href="{guide_name}">Terug naar de handreiking</a>.' if guide_name else ""
    cells = [nbformat.v4.new_markdown_cell(
        f"<h1>{html.escape(f'Bijlagen bij {titel}' if titel else 'Bijlagen')}</h1>\n\n"
        f"<p>Tabellen en teksten bij de handreiking, per onderdeel.{back}</p>")]
    for number, (section, link) in enumerate(zip(sections, links), start=1):
        label, heading_cell = _label(section)
        title = f"Bijlage {number}" + (f": {label}" if label else "")
        anchor = f"bijlage-{number}"
        if heading_cell is not None:  # that heading is now the appendix's own
            named = section[heading_cell]
            section = [*section]
            section[heading_cell] = nbformat.NotebookNode(
                {**named, "source": _MD_HEADING.sub("", named.source, count=1).strip()})
        cells.append(nbformat.v4.new_markdown_cell(f'<h2 id="{anchor}">{html.escape(title)}</h2>'))
        cells += section
        link.source = (f'<p class="wz-naar-bijlage">In de bijlage: <a href="{html.escape(appendix_name, quote=True)}'
                       f'#{anchor}">{html.escape(title)}</a></p>')
    appendix = nbformat.NotebookNode({
        **nb, "cells": cells,
        "metadata": nbformat.NotebookNode({**nb.metadata, "woonzorg": {
            **meta, "titel": f"Bijlagen — {titel}" if titel else "Bijlagen"}}),
    })
    return guide, appendix


