"""Export an executed notebook as nbconvert intends: exporters with registered preprocessors and the house
template give the guide, its appendix page and the learning-circle workbook. Also: print PDFs."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, NotebookExporter
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from woonzorg import paths
from woonzorg.publish import upstream
from woonzorg.publish.preprocessors import (
    APPENDIX,
    APPENDIX_NAME,
    MUNICIPALITIES,
    THEME,
    AppendixSplit,
    DropWidgetState,
    HandoutTags,
    ImageAltText,
    LinkTables,
    PortableNotebook,
    StableParameterIds,
    TableOfContents,
    UniqueRegionLabels,
    WorkbookFilter,
    WorkbookNote,
    image_alt,
)
from woonzorg.storage import write_atomically

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# The executed notebook as it is wherever and whenever it was built (both exporters start with these):
# no machine-bound metadata, the injected parameters' cell under a fixed id, and a print that the kernel
# sent in several stream messages as one output, so the same notebook always gives the same files.
NORMALISERS = [PortableNotebook, StableParameterIds, CoalesceStreamsPreprocessor]
# The guide's page, in this order: the cells and inputs the handout does not show go first; the tables
# are linked and numbered before the appendix takes its cells (the numbers are the downloads', appendix
# included); then what concerns the one page: its scrolling boxes' names, images' alt texts, headings.
PAGE_PREPROCESSORS = [*NORMALISERS, HandoutTags, LinkTables, AppendixSplit, UniqueRegionLabels, ImageAltText,
                      TableOfContents]
# The learning-circle workbook: every cell but the handout's and the facilitator's own, the code folded.
WORKBOOK_PREPROCESSORS = [*NORMALISERS, WorkbookFilter, WorkbookNote]


class PdfError(RuntimeError):
    """Printing a PDF failed or Chromium is missing; the message is in Dutch."""


class HouseHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final BeautifulSoup pass (:func:`upstream.export_without_soup`).

    nbconvert 7 parses and re-serialises every finished page to give images without alt text an English
    fallback and to put ``tabindex`` on JupyterLab's wrapper divs, which the house template does not
    emit. On pages with inline SVG charts that pass took two thirds of the export. Alt texts are the
    preprocessor :class:`~woonzorg.publish.preprocessors.ImageAltText`'s and the template's (filter
    ``image_alt``), in Dutch.
    """

    def default_filters(self):
        yield from super().default_filters()
        yield ("image_alt", image_alt)

    def from_notebook_node(self, nb, resources=None, **kw):
        return upstream.export_without_soup(self, nb, resources, **kw)


def _register(exporter, preprocessors: list):
    for preprocessor in preprocessors:
        exporter.register_preprocessor(preprocessor, enabled=True)
    return exporter


def html_exporter() -> HTMLExporter:
    """The guide's exporter: the house template, code hidden, :data:`PAGE_PREPROCESSORS` in their order."""
    exporter = HouseHTMLExporter(
        template_name="woonzorg",
        extra_template_basedirs=[str(paths.TEMPLATES_DIR / "nbconvert")],
        # validate the notebook once after all preprocessors rather than after each of them
        optimistic_validation=True,
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return _register(exporter, PAGE_PREPROCESSORS)


def workbook_exporter() -> NotebookExporter:
    """The workbook's exporter: the notebook's own format, :data:`WORKBOOK_PREPROCESSORS` in their order."""
    return _register(NotebookExporter(optimistic_validation=True), WORKBOOK_PREPROCESSORS)


@functools.cache
def _exporters_for_this_process() -> tuple[HTMLExporter, NotebookExporter]:
    # loading the template environment costs more than exporting a small notebook: once per worker
    return html_exporter(), workbook_exporter()


def to_pages(nb: nbformat.NotebookNode, appendix_name: str, thema: str,
             gemeenten: dict[str, str] | None = None) -> tuple[str, str | None]:
    """The guide page of an executed notebook and, when cells are tagged ``bijlage``, its appendix page
    ``appendix_name``; ``thema`` names the table downloads the page links to, ``gemeenten`` the pages of
    the region's municipalities that tables link to (name → address). ``nb`` stays as it is.

    Each run of consecutive ``bijlage`` cells becomes one numbered appendix ("Bijlage 1: …", named
    after its first heading, table caption or figure caption); the guide links to it in its place.
    """
    exporter = _exporters_for_this_process()[0]
    # a page does not show the workbook's widget state (often half the notebook): without it the
    # exporter's copies and validation take half the time (so it goes before the exporter copies)
    nb, _ = DropWidgetState().preprocess(nb, {})
    given = {THEME: thema, APPENDIX_NAME: appendix_name, MUNICIPALITIES: gemeenten or {}}
    guide, resources = exporter.from_notebook_node(nb, dict(given))
    appendix = resources[APPENDIX]
    return guide, (exporter.from_notebook_node(appendix, dict(given))[0] if appendix is not None else None)


def to_workbook(nb: nbformat.NotebookNode) -> str:
    """The learning-circle workbook of an executed notebook, as the text of its ``.ipynb`` (``nb`` stays as it is)."""
    return _exporters_for_this_process()[1].from_notebook_node(nb)[0]


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
