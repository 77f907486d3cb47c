"""The house template and the appendix split, on notebooks with ready-made outputs (no kernel)."""

from __future__ import annotations

import re

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from woonzorg.publish import export


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


def test_cells_are_lean_and_hide_output_folds_the_outputs():
    page = export.to_html(notebook(
        new_markdown_cell("## Eerste kop\n\nUitleg."),
        cell("x", html_output("<p>ZICHTBAAR</p>")),
        cell("y", html_output("<p>UITGEKLAPT</p>"), tags=["hide-output"]),
    ))
    assert "jp-Cell" not in page and "jp-OutputArea" not in page  # no JupyterLab wrappers
    assert page.count('<div class="wz-cell') == 2
    folded = re.search(r'<details class="wz-uitvoer"><summary>Toon de uitkomst</summary>(.*?)</details>', page, re.S)
    assert folded and "UITGEKLAPT" in folded.group(1) and "ZICHTBAAR" not in folded.group(1)
    assert re.search(r'<h2 id="Eerste-kop"', page)


def test_cells_tagged_bijlage_move_to_a_numbered_appendix_with_a_link_in_their_place():
    nb = notebook(
        new_markdown_cell("## Opgave\n\nDe opgave per gemeente."),
        cell("t", html_output("<table><caption>Opgave &amp; per jaar</caption><tr><td>1</td></tr></table>"),
             tags=["bijlage"]),
        new_markdown_cell("## Tussenkop\n\nBLIJFT-IN-GIDS"),
        new_markdown_cell("## Bronnen en verantwoording\n\nBRONTEKST", metadata={"tags": ["bijlage"]}),
        cell("b", html_output("<ul><li>BRON-A</li></ul>"), tags=["bijlage"]),
    )
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html")
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
    assert "BLIJFT-IN-GIDS" not in appendix
    assert '<a href="proef.html">Terug naar de handreiking</a>' in appendix
    assert '<a href="#bijlage-1">' in appendix  # its own table of contents
    assert "<title>Bijlagen — Proef — Regio Test</title>" in appendix


def test_a_notebook_without_bijlage_cells_has_no_appendix_and_is_unchanged():
    nb = notebook(new_markdown_cell("## Kop\n\nTekst."), cell("x", html_output("<p>UIT</p>")))
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html")
    assert appendix is None and guide == export.to_html(nb)


def test_a_workbook_only_cell_never_goes_to_the_appendix():
    nb = notebook(cell("x", html_output("<p>OPDRACHT</p>"), tags=["bijlage", "werkboek-only"]))
    guide, appendix = export.to_pages(nb, "proef-bijlagen.html")
    assert appendix is None and "OPDRACHT" not in guide


def test_an_image_without_alt_text_gets_a_dutch_fallback_and_alt_text_that_is_there_stays():
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    page = export.to_html(notebook(
        cell("plot", new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})),
        cell("chart", html_output('<figure><img src="data:," alt="Staafdiagram van de vraag"></figure>')),
    ))
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) == 2
    assert f'alt="{export.MISSING_ALT}"' in images[0] and png in images[0]
    assert 'alt="Staafdiagram van de vraag"' in images[1] and export.MISSING_ALT not in images[1]


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
    page = export.to_html(notebook(new_markdown_cell("## Opgave"), *shown))
    labels = re.findall(r'role="region"[^>]*aria-label="([^"]*)"', page)
    assert labels == ["Grafiek: Opgave per gemeente", "Opgave per gemeente", "Grafiek: Opgave per gemeente (2)",
                      "Opgave per gemeente (2)", "Grafiek: Opgave per gemeente (3)"]
    assert export.unique_region_labels(page) == page  # names already unique stay as they are
