"""The exporters (house template, registered preprocessors) on notebooks with ready-made outputs (no kernel)."""

from __future__ import annotations

import copy
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from woonzorg.publish import export
from woonzorg.publish.preprocessors import MISSING_ALT


def html_output(markup: str):
    return new_output("display_data", data={"text/html": markup, "text/plain": "tekst"})


def cell(source: str, *outputs, tags=()):
    c = new_code_cell(source, outputs=list(outputs))
    c.metadata["tags"] = ["remove-input", *tags]
    return c


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["woonzorg"] = {"titel": "Proef — Regio Test", "thema": "proef", "regio": "test"}
    return nb


def page(nb) -> str:
    guide, _appendix = export.to_pages(nb, "proef-bijlagen.html", "proef")
    return guide


def test_cells_are_lean_and_hide_output_folds_the_outputs():
    shown = page(notebook(
        new_markdown_cell("## Eerste kop\n\nUitleg."),
        cell("x", html_output("<p>ZICHTBAAR</p>")),
        cell("y", html_output("<p>UITGEKLAPT</p>"), tags=["hide-output"]),
    ))
    assert "jp-Cell" not in shown and "jp-OutputArea" not in shown  # no JupyterLab wrappers
    assert shown.count('<div class="wz-cell') == 2
    folded = re.search(r'<details class="wz-uitvoer"><summary>Toon de uitkomst</summary>(.*?)</details>', shown, re.S)
    assert folded and "UITGEKLAPT" in folded.group(1) and "ZICHTBAAR" not in folded.group(1)
    assert re.search(r'<h2 id="Eerste-kop"', shown)


def test_cells_tagged_bijlage_move_to_a_numbered_appendix_with_a_link_in_their_place():
    nb = notebook(
        new_markdown_cell("## Opgave\n\nDe opgave per gemeente."),
        cell("t", html_output("<table><caption>Opgave &amp; per jaar</caption><tr><td>1</td></tr></table>"),
             tags=["bijlage"]),
        new_markdown_cell("## Tussenkop\n\nBLIJFT-IN-GIDS"),
        new_markdown_cell("## Bronnen en verantwoording\n\nBRONTEKST", metadata={"tags": ["bijlage"]}),
        cell("b", html_output("<ul><li>BRON-A</li></ul>"), tags=["bijlage"]),
    )
    before = copy.deepcopy(nb)
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html", "proef")
    assert nb == before  # the exporter works on its own copy: the workbook is exported from the same notebook
    links = re.findall(r'<p class="wz-naar-bijlage">In de bijlage: <a href="([^"]+)">([^<]+)</a></p>', guide)
    assert links == [("proef-bijlagen.html#bijlage-1", "Bijlage 1: Opgave &amp; per jaar"),
                     ("proef-bijlagen.html#bijlage-2", "Bijlage 2: Bronnen en verantwoording")]
    assert "BLIJFT-IN-GIDS" in guide and "BRONTEKST" not in guide and "<caption>" not in guide
    # the guide's table of contents no longer lists what moved
    assert "Bronnen en verantwoording</a></li>" not in guide
    assert '<h2 id="bijlage-1">Bijlage 1: Opgave &amp; per jaar</h2>' in appendix
    assert '<h2 id="bijlage-2">Bijlage 2: Bronnen en verantwoording</h2>' in appendix
    # the heading that named the appendix is not repeated under it; the rest of the cell is there
    assert appendix.count("Bronnen en verantwoording</h2>") == 1 and "BRONTEKST" in appendix and "BRON-A" in appendix
    assert "BLIJFT-IN-GIDS" not in appendix and "wz-naar-bijlage" not in appendix  # not split again
    assert '<a href="proef.html">Terug naar de handreiking</a>' in appendix
    assert '<a href="#bijlage-1">' in appendix  # its own table of contents
    assert "<title>Bijlagen — Proef — Regio Test</title>" in appendix


def test_a_notebook_without_bijlage_cells_has_no_appendix():
    nb = notebook(new_markdown_cell("## Kop\n\nTekst."), cell("x", html_output("<p>UIT</p>")))
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html", "proef")
    assert appendix is None and "<p>UIT</p>" in guide and "bijlage" not in guide


def test_a_workbook_only_cell_never_goes_to_the_appendix():
    nb = notebook(cell("x", html_output("<p>OPDRACHT</p>"), tags=["bijlage", "werkboek-only"]))
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html", "proef")
    assert appendix is None and "OPDRACHT" not in guide


def test_every_image_has_alt_text_in_dutch_unless_it_has_its_own():
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
    shown = page(notebook(
        cell("plot", new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})),
        cell("chart", html_output('<figure><img src="data:," alt="Staafdiagram van de vraag"><img src="data:,"></figure>')),
        cell("jpeg", new_output("display_data", data={"image/jpeg": png}, metadata={"image/jpeg": {"alt": "Een foto"}})),
        cell("svg", new_output("display_data", data={"image/svg+xml": svg})),
    ))
    images = re.findall(r"<img\b[^>]*>", shown)
    assert len(images) == 5
    assert f'alt="{MISSING_ALT}"' in images[0] and png in images[0]
    assert 'alt="Staafdiagram van de vraag"' in images[1] and MISSING_ALT not in images[1]
    assert f'alt="{MISSING_ALT}"' in images[2]
    assert 'alt="Een foto"' in images[3] and "data:image/jpeg;base64," in images[3]
    assert f'alt="{MISSING_ALT}"' in images[4] and "data:image/svg+xml;base64," in images[4]


def test_a_chart_or_table_shown_twice_gets_a_region_name_of_its_own():
    import pandas as pd

    from woonzorg.present import canvas, charts, tables

    with charts.house_style():
        fig = canvas.new_figure((4, 3))
        fig.subplots().bar(["a", "b"], [1, 2])
    chart = charts.Chart.from_figure(fig, alt="Twee staven.", bron="proef", title="Opgave per gemeente")
    table = tables.Table(pd.DataFrame({"gemeente": ["A"], "opgave": [1]}), caption="Opgave per gemeente", bron="proef")
    shown = [cell(f"c{i}", new_output("display_data", data=thing._repr_mimebundle_()))
             for i, thing in enumerate([chart, table, chart, table, chart])]
    markdown = [new_markdown_cell("| a |\n|---|\n| 1 |\n\ntekst\n\n| b |\n|---|\n| 2 |"),
                new_markdown_cell("| c |\n|---|\n| 3 |")]
    labels = re.findall(r'role="region"[^>]*aria-label="([^"]*)"',
                        page(notebook(new_markdown_cell("## Opgave"), *shown, *markdown)))
    assert labels == ["Grafiek: Opgave per gemeente", "Opgave per gemeente", "Grafiek: Opgave per gemeente (2)",
                      "Opgave per gemeente (2)", "Grafiek: Opgave per gemeente (3)",
                      "Tabel in de tekst", "Tabel in de tekst (2)", "Tabel in de tekst (3)"]


def test_the_table_of_contents_follows_the_first_section_also_inside_one_markdown_cell():
    shown = page(notebook(new_markdown_cell("# Titel\n\n## In het kort\n\nKORT\n\n## Vraag & aanbod\n\nTekst."),
                          cell("k", html_output("<h2>Kop uit een uitvoer</h2>"))))
    [toc] = re.findall(r'<nav class="wz-toc".*?</nav>', shown, re.DOTALL)
    assert toc == ('<nav class="wz-toc" aria-labelledby="wz-toc-kop"><p class="wz-toc-kop" id="wz-toc-kop">Op deze pagina</p>'
                   '<ol><li><a href="#In-het-kort">In het kort</a></li><li><a href="#Vraag-&amp;-aanbod">Vraag &amp; aanbod</a>'
                   '</li><li><a href="#Kop-uit-een-uitvoer">Kop uit een uitvoer</a></li></ol></nav>')
    assert shown.index("KORT") < shown.index(toc) < shown.index('<h2 id="Vraag-&amp;-aanbod">')
    assert '<h2 id="Kop-uit-een-uitvoer">Kop uit een uitvoer</h2>' in shown
    assert "wz-toc" not in page(notebook(new_markdown_cell("## Enige kop")))


def test_the_workbook_is_the_notebook_without_the_handouts_cells_with_its_code_folded():
    injected = cell('regio = "test"', tags=["injected-parameters"])
    injected.metadata["papermill"] = {"duration": 1.0}
    prints = new_code_cell("print()", outputs=[new_output("stream", name="stdout", text="een\n"),
                                               new_output("stream", name="stdout", text="twee\n")])
    nb = notebook(injected, new_markdown_cell("## Kop"), cell("h", html_output("<p>HANDOUT</p>"), tags=["handout-only"]),
                  prints)
    nb.metadata["papermill"] = {"input_path": "/ergens/1.ipynb"}
    before = copy.deepcopy(nb)
    workbook = nbformat.reads(export.to_workbook(nb), as_version=4)
    assert nb == before
    assert "papermill" not in workbook.metadata and "HANDOUT" not in nbformat.writes(workbook)
    sources = [c.source for c in workbook.cells]
    assert "Zo werkt dit werkboek" in sources[0] and sources[1:] == ['regio = "test"', "## Kop", "print()"]
    assert workbook.cells[1].id == "injected-parameters" and "papermill" not in workbook.cells[1].metadata
    assert workbook.cells[3].outputs == [new_output("stream", name="stdout", text="een\ntwee\n")]
    assert workbook.cells[3].metadata.jupyter == {"source_hidden": True}
