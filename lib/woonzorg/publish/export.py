"""Export executed notebooks to HTML with the house template (with a compact table of contents), print PDFs, share the stylesheet."""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from woonzorg import paths
from woonzorg.publish import upstream
from woonzorg.publish.preprocessors import (
    HANDOUT_REMOVE_CELL,
    HANDOUT_REMOVE_INPUT,
    AppendixSplit,
    DropWidgetState,
)
from woonzorg.storage import write_atomically

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
TOC_MARKER = "<!-- wz-toc -->"


class PdfError(RuntimeError):
    """Printing a PDF failed or Chromium is missing; the message is in Dutch."""


MISSING_ALT = "Afbeelding zonder beschrijving"
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)


class HouseHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final BeautifulSoup pass.

    nbconvert 7 parses and re-serialises every finished page to give images without alt text a
    fallback and to put ``tabindex`` on JupyterLab's wrapper divs, which the house template does not
    emit. On pages with inline SVG charts that pass took two thirds of the export. The fallback alt
    text is added here with one regular expression (in Dutch); the rest is nbconvert's own method.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        page, resources = upstream.export_without_soup(self, nb, resources, **kw)
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{MISSING_ALT}"', page), resources


def html_exporter() -> HTMLExporter:
    exporter = HouseHTMLExporter(
        template_name="woonzorg",
        extra_template_basedirs=[str(paths.TEMPLATES_DIR / "nbconvert")],
        # validate the notebook once after all preprocessors rather than after each of them
        optimistic_validation=True,
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags=HANDOUT_REMOVE_CELL,
            remove_input_tags=HANDOUT_REMOVE_INPUT,
            remove_all_outputs_tags={"remove-output"},
        ),
        enabled=True,
    )
    return exporter


@functools.cache
def _exporter_for_this_process() -> HTMLExporter:
    # loading the template environment costs more than exporting a small notebook: once per worker
    return html_exporter()


_HEADING = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<inner>.*?)</h2>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def _slug(text: str) -> str:
    return re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-") or "sectie"


def add_table_of_contents(page: str) -> str:
    """Replace the template's marker with a compact "Op deze pagina" nav linking every ``<h2>``.

    Findings first: the nav goes after the page's first section (the notebook's own first ``h2``,
    *In het kort* in the handouts), right before the second ``h2``, never between the title and the
    content. Headings without an id get one; the template's own headings (ids ``wz-…``, such as the
    footer's) are not listed.
    """
    entries: list[tuple[str, str]] = []
    used: set[str] = set(_ID.findall(page))

    def visit(match: re.Match) -> str:
        attrs, inner = match["attrs"], match["inner"]
        text = html.unescape(_TAG.sub("", re.sub(r'<a class="anchor-link".*?</a>', "", inner))).strip()
        found = _ID.search(attrs)
        if found:
            ident = found.group(1)
        else:
            base = ident = _slug(text)
            n = 1
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
            used.add(ident)
            attrs = f'{attrs} id="{ident}"'
        if not ident.startswith("wz-"):
            entries.append((ident, text))
        return f"<h2{attrs}>{inner}</h2>"

    page = _HEADING.sub(visit, page).replace(TOC_MARKER, "", 1)
    if len(entries) < 2:
        return page
    items = "".join(f'<li><a href="#{html.escape(i, quote=True)}">{html.escape(t)}</a></li>' for i, t in entries)
    nav = (f'<nav class="wz-toc" aria-labelledby="wz-toc-kop"><p class="wz-toc-kop" id="wz-toc-kop">'
           f'Op deze pagina</p><ol>{items}</ol></nav>\n')
    second = re.search(rf'<h2[^>]*\bid="{re.escape(entries[1][0])}"', page)
    return page[:second.start()] + nav + page[second.start():] if second else page


_REGION_LABEL = re.compile(r'(<div\b[^>]*\brole="region"[^>]*\baria-label=")([^"]*)(")')


def unique_region_labels(page: str) -> str:
    """Give every scrolling box of a page (``role="region"``: a chart, a wide table) a name of its own.

    A screen reader lists these regions by name; a chart or table shown twice on one page (the
    woonzorgvisie shows its targets chart in the summary and in its section) would give two regions
    the same name. The second gets " (2)", the third " (3)".
    """
    seen: dict[str, int] = {}

    def visit(match: re.Match) -> str:
        label = match.group(2)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] == 1:
            return match.group(0)
        return f"{match.group(1)}{label} ({seen[label]}){match.group(3)}"

    return _REGION_LABEL.sub(visit, page)


def to_html(nb: nbformat.NotebookNode) -> str:
    """The handout HTML of an executed notebook (cells tagged ``bijlage`` included in place)."""
    body, _resources = _exporter_for_this_process().from_notebook_node(nb)
    return unique_region_labels(add_table_of_contents(body))


def to_pages(nb: nbformat.NotebookNode, appendix_name: str) -> tuple[str, str | None]:
    """The guide page and, when cells are tagged ``bijlage``, its appendix page ``appendix_name``.

    Each run of consecutive ``bijlage`` cells becomes one numbered appendix ("Bijlage 1: …", named
    after its first heading, table caption or figure caption); the guide links to it in its place.
    """
    # a page does not show the workbook's widget state (often half the notebook): without it the
    # exporter's copies and validation take half the time
    nb, _ = DropWidgetState().preprocess(nb, {})
    guide, resources = AppendixSplit(appendix_name=appendix_name).preprocess(nb, {})
    appendix = resources.get("bijlagen")
    return to_html(guide), (to_html(appendix) if appendix is not None else None)


def find_chromium() -> str | None:
    """Debian's Chromium (or ``$WOONZORG_CHROMIUM``), or None."""
    override = os.environ.get("WOONZORG_CHROMIUM")
    if override:
        return shutil.which(override)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    browser = find_chromium()
    if not browser:
        raise PdfError("voor --pdf is Chromium nodig, maar dat is niet gevonden. Installeer het "
                       "(Debian/Ubuntu: apt-get install chromium) of bouw zonder --pdf.")
    return browser


def print_pdf(page: Path, pdf: Path, browser: str | None = None) -> None:
    """Print a published page to PDF with headless Chromium; the old PDF stays until the new one exists."""
    browser = browser or require_chromium()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="woonzorg-pdf-") as tmp:
        target = Path(tmp) / "gids.pdf"
        # own profile folder per run: parallel workers must not share Chromium's profile lock
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   f"--user-data-dir={tmp}/profiel", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", page.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"Chromium kon {page.name} niet afdrukken: {exc}") from exc
        if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["geen foutmelding"])[-1]
            raise PdfError(f"Chromium kon {page.name} niet afdrukken (code {done.returncode}): {last}")
        write_atomically(pdf, target.read_bytes())
