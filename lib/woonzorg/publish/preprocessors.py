"""Notebook transforms of the publisher as nbconvert preprocessors, each with its own unit test.

:mod:`woonzorg.publish.export` registers them on its exporters, in the order its lists say. The tag
vocabulary lives here (the Jupyter Book words plus the two variants): the HTML guide is the handout —
code hidden, workbook-only cells dropped, and the cells that hand the facilitator guide's content to
the build (tag ``begeleider``) too; the workbook drops the handout's own cells and those.

What a page's preprocessors read from ``resources`` (:func:`woonzorg.publish.export.to_pages` sets it):
``wz_thema`` (the theme, which names the table downloads), ``wz_bijlagen_naam`` (the appendix page's
file name) and ``wz_gemeenten`` (the region's municipalities by name, with the address of each one's page). What they leave there: ``bijlagen`` (the appendix notebook, or None) and ``wz_toc`` (the
table of contents the template writes).
"""

from __future__ import annotations

import html
import re
from collections import Counter

import nbformat
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import default

from woonzorg.publish import downloads, htmltags

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
# the appendix notebook's mark (in its metadata.woonzorg): it is not split or linked again when exported
APPENDIX_PAGE = "bijlagenpagina"
# resources: what the caller gives a page's export, and what the preprocessors leave for the template
THEME = "wz_thema"
APPENDIX_NAME = "wz_bijlagen_naam"
MUNICIPALITIES = "wz_gemeenten"
APPENDIX = "bijlagen"
TOC = "wz_toc"
TOC_BEFORE = "wz_toc_voor"  # cell metadata: the table of contents goes before this cell
MISSING_ALT = "Afbeelding zonder beschrijving"


def is_appendix_page(nb: nbformat.NotebookNode) -> bool:
    return bool(nb.metadata.get("woonzorg", {}).get(APPENDIX_PAGE))


def _html_outputs(nb: nbformat.NotebookNode):
    """The data of every output that the page shows as HTML, in page order."""
    return [data for _index, kind, data, _text in _shown(nb) if kind == "html"]


class HandoutTags(TagRemovePreprocessor):
    """nbconvert's tag remover with the handout's tags: cells and inputs the guide does not show, and
    the outputs of cells tagged ``remove-output``."""

    @default("remove_cell_tags")
    def _remove_cell_tags(self):
        return set(HANDOUT_REMOVE_CELL)

    @default("remove_input_tags")
    def _remove_input_tags(self):
        return set(HANDOUT_REMOVE_INPUT)

    @default("remove_all_outputs_tags")
    def _remove_all_outputs_tags(self):
        return {"remove-output"}


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
    """A page does not show the workbook's widget state (often half the notebook): a shallow copy without it.
    Not registered on the exporter: it is what makes the exporter's own copy of the notebook cheap."""

    def preprocess(self, nb, resources):
        metadata = nbformat.NotebookNode({k: v for k, v in nb.metadata.items() if k != "widgets"})
        return nbformat.NotebookNode({**nb, "metadata": metadata}), resources


class WorkbookFilter(Preprocessor):
    """The learning-circle workbook: every cell but the handout's and the facilitator's own, and no
    facilitator record (the exercises' answers) in any output."""

    def preprocess(self, nb, resources):
        from woonzorg.present.record import without_begeleider

        nb.cells = [without_begeleider(c) for c in nb.cells if not WORKBOOK_REMOVE_CELL & set(c.metadata.get("tags", []))]
        return nb, resources


class WorkbookNote(Preprocessor):
    """The workbook's code folded and a Dutch note on top on how to run it, for the workbook's own region
    (:func:`woonzorg.leerkring.workbook.prepare`)."""

    def preprocess(self, nb, resources):
        from woonzorg.leerkring.workbook import prepare

        return prepare(nb), resources


class LinkTables(Preprocessor):
    """Each table the page shows followed by its download links (CSV, the Excel workbook), and each row
    header that names a municipality of the region linked to that municipality's page.

    Tables are numbered in notebook order, the appendix's included, as the downloads are
    (:func:`woonzorg.publish.downloads.collect_tables`); the files are named after ``resources["wz_thema"]``.
    The appendix page's notebook was linked as part of its guide's and is left as it is.
    """

    def preprocess(self, nb, resources):
        found = [] if is_appendix_page(nb) else list(downloads.shown_tables(nb))
        if not found:
            return nb, resources
        pages = resources.get(MUNICIPALITIES) or {}
        for number, (i, j, record) in enumerate(found, start=1):
            data = nb.cells[i].outputs[j].data
            data["text/html"] = (downloads.link_municipalities(data.get("text/html", ""), pages)
                                 + downloads.download_links(resources[THEME], number, str(record.get("caption", ""))))
        return nb, resources


class UniqueRegionLabels(Preprocessor):
    """Every scrolling box of a page (``role="region"``: a chart, a wide table) with a name of its own.

    A screen reader lists these regions by name; a chart or table shown twice on one page (the
    woonzorgvisie shows its targets chart in the summary and in its section) would give two regions the
    same name. The second gets " (2)", the third " (3)". The template numbers the boxes it puts around
    Markdown tables itself.
    """

    def preprocess(self, nb, resources):
        seen: Counter = Counter()

        def rename(tag: htmltags.Event) -> dict | None:
            label = tag.attrs.get("aria-label")
            if tag.attrs.get("role") != "region" or label is None:
                return None
            seen[label] += 1
            return None if seen[label] == 1 else {**tag.attrs, "aria-label": f"{label} ({seen[label]})"}

        for data in _html_outputs(nb):
            if "region" in data["text/html"]:
                data["text/html"] = htmltags.rewrite_start_tags(data["text/html"], rename)
        return nb, resources


def image_alt(output, mimetype: str) -> str:
    """The alt text of an image output (the template's filter ``image_alt``): its metadata's ``alt``, for the
    mimetype or for the output, else :data:`MISSING_ALT`."""
    from nbconvert.filters import get_metadata

    return get_metadata(output, "alt", mimetype) or MISSING_ALT


class ImageAltText(Preprocessor):
    """An image in an HTML output without alt text gets a Dutch one, :data:`MISSING_ALT`.

    nbconvert's own export writes an English fallback, in a pass the house export skips
    (:func:`woonzorg.publish.upstream.export_without_soup`); images of PNG, JPEG and SVG outputs get
    their alt text from the template (:func:`image_alt`).
    """

    def preprocess(self, nb, resources):
        def add_alt(tag: htmltags.Event) -> dict | None:
            return {"alt": MISSING_ALT, **tag.attrs} if tag.tag == "img" and "alt" not in tag.attrs else None

        for data in _html_outputs(nb):
            if "<img" in data["text/html"].lower():
                data["text/html"] = htmltags.rewrite_start_tags(data["text/html"], add_alt)
        return nb, resources


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
    """The guide without its ``bijlage`` cells (a numbered link in their place, to the page named
    ``resources["wz_bijlagen_naam"]``); the appendix notebook goes to ``resources["bijlagen"]`` (None when
    no cell is tagged so).

    Each run of consecutive ``bijlage`` cells becomes one numbered appendix ("Bijlage 1: …", named
    after its first heading, table caption or figure caption). The appendix notebook is marked
    (:data:`APPENDIX_PAGE`): exported in its turn, it is not split again.
    """

    def preprocess(self, nb, resources):
        if is_appendix_page(nb):
            resources[APPENDIX] = None
            return nb, resources
        guide, resources[APPENDIX] = split_appendix(nb, resources[APPENDIX_NAME])
        return guide, resources


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

    # shallow copies of the exporter's own copy: the guide and the appendix share no cell
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
            **meta, "titel": f"Bijlagen — {titel}" if titel else "Bijlagen", APPENDIX_PAGE: True}}),
    })
    return guide, appendix


# --------------------------------------------------------------------------------------------
# The page's table of contents


def _shown(nb: nbformat.NotebookNode):
    """(cell index, what it is, the output's data, its text) of each Markdown cell ("cell", data None) and
    each output that shows HTML ("html") or Markdown ("markdown"), in page order."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            yield index, "cell", None, cell.source
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                yield index, "html", data, data["text/html"]
            elif "text/markdown" in data:
                yield index, "markdown", data, data["text/markdown"]


def _as_shown(kind: str, text: str) -> str:
    """The HTML the page shows: Markdown rendered as the template renders it (nbconvert's ``markdown2html``)."""
    from nbconvert.filters import markdown2html

    return text if kind == "html" else markdown2html(text)


def _may_hold_h2(kind: str, text: str) -> bool:
    """Can the text show an h2: a tag ``<h2``, or in Markdown a ``##`` heading or a line of ``-`` under a
    heading (rendering Markdown is what costs; most cells have no h2)."""
    if kind == "html":
        return "<h2" in text or "<H2" in text
    return "##" in text or "<h2" in text.lower() or any(set(line.strip()) == {"-"} for line in text.splitlines())


def _ids(shown: list) -> set:
    """Every id of the page's cells and outputs (of :func:`_shown`)."""
    return {tag.attrs["id"] for _, kind, _, text in shown for tag in htmltags.scan(_as_shown(kind, text))
            if tag.kind == "start" and tag.attrs.get("id")}


def _unused(text: str, used: set) -> str:
    """An id made of a heading's text that no element of the page has yet (now taken)."""
    base = ident = re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-") or "sectie"
    n = 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    used.add(ident)
    return ident


def _h2s(events: list[htmltags.Event]) -> list[tuple[htmltags.Event, str]]:
    """Each h2 of a fragment: its start tag and its text (without the anchor link nbconvert puts in a heading)."""
    return htmltags.texts(events, lambda tag: tag.tag == "h2",
                          lambda tag: tag.tag == "a" and "anchor-link" in (tag.attrs.get("class") or "").split())


def _atx_h2_lines(source: str) -> list[int]:
    """Where each line of a Markdown text that is an ATX h2 (``## …``), outside fenced code, starts."""
    starts, fence, at = [], None, 0
    for line in source.splitlines(keepends=True):
        text = line.lstrip(" ")
        if len(line) - len(text) <= 3:
            if fence is None and text.startswith(("```", "~~~")):
                fence = text[:3]
            elif fence is not None and text.startswith(fence):
                fence = None
            elif fence is None and (text.startswith(("## ", "##\t")) or text.rstrip("\r\n") == "##"):
                starts.append(at)
        at += len(line)
    return starts


class TableOfContents(Preprocessor):
    """The page's "Op deze pagina": its h2 headings, ``(id, text)`` in ``resources["wz_toc"]``, for the
    template to list (with two or more) before the cell marked :data:`TOC_BEFORE`.

    Findings first: the list goes before the second heading listed, after the page's first section
    (*In het kort* in the handouts), never between the title and the content. When that heading is in a
    Markdown cell after other content, the cell is split at the heading's line so that the list can go
    between the two. Headings come from Markdown cells and from the outputs' HTML and Markdown; a heading
    of an HTML output without an id gets one (its text); the template's own ids (``wz-…``) are not listed.
    """

    def preprocess(self, nb, resources):
        shown = list(_shown(nb))
        used = None  # every id of the page's cells and outputs, when a heading needs one of its own
        entries, places = [], []
        for index, kind, data, text in shown:
            markup = _as_shown(kind, text) if _may_hold_h2(kind, text) else ""
            events = htmltags.scan(markup) if markup else []
            headings, given = _h2s(events), {}
            for number, (tag, title) in enumerate(headings):
                ident = tag.attrs.get("id")
                if not ident and kind == "html":  # an HTML output's heading without an id gets one
                    used = _ids(shown) if used is None else used
                    ident = given[tag.start] = _unused(title, used)
                if ident and not ident.startswith("wz-"):
                    entries.append((ident, title))
                    places.append((index, kind == "cell" and bool(markup[:tag.start].strip()), number, len(headings)))
            if given:
                data["text/html"] = htmltags.rewrite_start_tags(
                    markup, lambda e, g=given: {**e.attrs, "id": g[e.start]} if e.start in g else None, events)
        resources[TOC] = entries
        if len(entries) > 1:
            self._mark(nb, *places[1])
        return nb, resources

    @staticmethod
    def _mark(nb, index: int, after_content: bool, number: int, count: int) -> None:
        """Mark the cell the list goes before: the heading's, or the second half of its Markdown cell."""
        cell = nb.cells[index]
        starts = _atx_h2_lines(cell.source) if after_content else []
        if len(starts) == count:  # the Markdown's own ## lines are the cell's h2s: split at this one
            rest = nbformat.from_dict({**cell, "source": cell.source[starts[number]:],
                                       "metadata": {**cell.metadata, TOC_BEFORE: True}})
            if "id" in cell:
                rest.id = f"{cell.id[:60]}-toc"
            cell.source = cell.source[:starts[number]]
            nb.cells.insert(index + 1, rest)
        else:
            cell.metadata[TOC_BEFORE] = True
