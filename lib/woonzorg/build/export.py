"""Export executed notebooks to HTML with the house template, and write the site's shared files."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from woonzorg import paths, regions
from woonzorg.data import Dataset
from woonzorg.storage import write_atomically

STYLESHEET = paths.PACKAGE_DIR / "static" / "woonzorg.css"

# One tag vocabulary (Jupyter Book words plus the two variants). The HTML guide is the handout:
# code is hidden, workbook-only cells are dropped.
HANDOUT_REMOVE_CELL = {"remove-cell", "werkboek-only"}
HANDOUT_REMOVE_INPUT = {"remove-input", "parameters", "injected-parameters"}


def html_exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="woonzorg",
        extra_template_basedirs=[str(paths.TEMPLATES_DIR / "nbconvert")],
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


def to_html(nb: nbformat.NotebookNode) -> str:
    """The handout HTML of an executed notebook."""
    body, _resources = html_exporter().from_notebook_node(nb)
    return body


def publish_assets(out: Path) -> None:
    """Copy the shared stylesheet to ``OUT/assets/`` (pages link it instead of inlining CSS)."""
    write_atomically(out / "assets" / "woonzorg.css", STYLESHEET.read_bytes())


def write_index(out: Path, dataset: Dataset) -> None:
    """A plain index of every guide present in the output folder."""
    items = []
    for region in regions.load_regions(dataset).values():
        guides = sorted((out / region.id).glob("*.html")) if (out / region.id).is_dir() else []
        if not guides:
            continue
        links = "".join(
            f'<li><a href="{html.escape(region.id)}/{html.escape(g.name)}">{html.escape(g.stem.capitalize())}</a></li>'
            for g in guides
        )
        items.append(f"<section><h2>{html.escape(region.naam)}</h2><ul>{links}</ul></section>")
    page = (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'none'; base-uri 'none'; form-action 'none'\">"
        '<title>Een thuis voor iedereen — handreikingen</title>'
        '<link rel="stylesheet" href="assets/woonzorg.css"></head>'
        '<body class="wz-page"><header class="wz-header"></header><main id="inhoud">'
        "<h1>Een thuis voor iedereen — handreikingen per regio</h1>"
        + "".join(items)
        + "</main></body></html>\n"
    )
    write_atomically(out / "index.html", page)
