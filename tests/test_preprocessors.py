"""Each nbconvert preprocessor of the publisher on a tiny notebook: what it keeps, drops and changes."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from woonzorg.present.record import BEGELEIDER_MIMETYPE
from woonzorg.publish.preprocessors import (
    MISSING_ALT,
    TOC_BEFORE,
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


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def test_stable_parameter_ids_names_the_injected_cell_the_same_in_every_build():
    nb = new_notebook(cells=[tagged(new_code_cell('regio = "parkstad"'), "injected-parameters"), new_code_cell("1")])
    other_id = nb.cells[1].id
    nb, _ = StableParameterIds().preprocess(nb, {})
    assert [c.id for c in nb.cells] == ["injected-parameters", other_id]


def test_drop_widget_state_leaves_the_workbook_its_widgets():
    nb = new_notebook(metadata={"widgets": {"state": {"x": 1}}, "woonzorg": {"regio": "parkstad"}})
    page, _ = DropWidgetState().preprocess(nb, {})
    assert "widgets" not in page.metadata and page.metadata["woonzorg"] == {"regio": "parkstad"}
    assert nb.metadata["widgets"] == {"state": {"x": 1}}  # a copy: the workbook keeps its state


def test_workbook_filter_drops_the_handouts_and_the_facilitators_cells_and_records():
    record = new_output("display_data", data={BEGELEIDER_MIMETYPE: {"antwoord": 42}, "text/plain": ""})
    shown = new_output("display_data", data={"text/plain": "tabel"})
    nb = new_notebook(cells=[tagged(new_markdown_cell("alleen in de handreiking"), "handout-only"),
                             tagged(new_code_cell("begeleider"), "begeleider"),
                             new_code_cell("x", outputs=[record, shown]), new_markdown_cell("voor iedereen")])
    workbook, _ = WorkbookFilter().preprocess(nb, {})
    assert [c.source for c in workbook.cells] == ["x", "voor iedereen"]
    assert workbook.cells[0].outputs == [shown]


def test_workbook_note_folds_the_code_and_says_on_top_how_to_run_the_workbook_of_its_region():
    nb = new_notebook(cells=[new_markdown_cell("# Titel"), new_code_cell("x = 1")],
                      metadata={"woonzorg": {"regio": "parkstad"}})
    workbook, _ = WorkbookNote().preprocess(nb, {})
    assert [c.cell_type for c in workbook.cells] == ["markdown", "markdown", "code"]
    assert "Zo werkt dit werkboek" in workbook.cells[0].source and "parkstad" in workbook.cells[0].source
    assert workbook.cells[2].metadata["jupyter"] == {"source_hidden": True}
    again, _ = WorkbookNote().preprocess(workbook, {})
    assert len(again.cells) == 3  # once


def test_handout_tags_drop_the_workbooks_cells_and_hide_code_and_removed_outputs():
    shown = new_output("display_data", data={"text/plain": "uit"})
    nb = new_notebook(cells=[tagged(new_markdown_cell("opdracht"), "werkboek-only"),
                             tagged(new_code_cell("geheim"), "begeleider"),
                             tagged(new_code_cell("x", outputs=[shown]), "remove-output"),
                             tagged(new_code_cell("y", outputs=[shown]), "remove-input"), new_markdown_cell("tekst")])
    page, _ = HandoutTags().preprocess(nb, {})
    assert [c.source for c in page.cells] == ["x", "y", "tekst"]
    assert page.cells[0].outputs == [] and page.cells[1].outputs == [shown]
    assert page.cells[1].metadata["transient"] == {"remove_source": True}


def test_appendix_split_moves_tagged_runs_to_numbered_appendices_and_links_them():
    nb = new_notebook(cells=[new_markdown_cell("## In het kort"),
                             tagged(new_markdown_cell("## Tabellen per gemeente\n\nuitleg"), "bijlage"),
                             tagged(new_code_cell("t"), "bijlage"), new_markdown_cell("## Verder"),
                             tagged(new_markdown_cell("## Concepttekst"), "bijlage")],
                      metadata={"woonzorg": {"titel": "Woonzorgvisie Parkstad", "thema": "woonzorgvisie"}})
    guide, resources = AppendixSplit().preprocess(nb, {"wz_bijlagen_naam": "woonzorgvisie-bijlagen.html"})
    appendix = resources["bijlagen"]
    assert [c.source for c in guide.cells][0] == "## In het kort" and guide.cells[2].source == "## Verder"
    assert 'href="woonzorgvisie-bijlagen.html#bijlage-1">Bijlage 1: Tabellen per gemeente</a>' in guide.cells[1].source
    assert "#bijlage-2" in guide.cells[3].source and len(guide.cells) == 4
    sources = [c.source for c in appendix.cells]
    assert '<h2 id="bijlage-1">Bijlage 1: Tabellen per gemeente</h2>' in sources
    assert "uitleg" in sources and "t" in sources and '<h2 id="bijlage-2">Bijlage 2: Concepttekst</h2>' in sources
    assert appendix.metadata["woonzorg"]["titel"] == "Bijlagen — Woonzorgvisie Parkstad"
    # exported in its turn, the appendix is one page: its cells are still tagged, but not split again
    again, resources = AppendixSplit().preprocess(appendix, {"wz_bijlagen_naam": "woonzorgvisie-bijlagen.html"})
    assert resources["bijlagen"] is None and again.cells == appendix.cells
    plain, resources = AppendixSplit().preprocess(new_notebook(cells=[new_markdown_cell("x")]), {"wz_bijlagen_naam": "b.html"})
    assert resources["bijlagen"] is None and [c.source for c in plain.cells] == ["x"]


def test_portable_notebook_drops_papermills_paths_the_execution_times_and_default_reprs():
    injected = tagged(new_code_cell('# Parameters\nregio = "parkstad"\ndata_dir = "/tmp/bouw/data"\n'),
                      "injected-parameters")
    injected.metadata["papermill"] = {"start_time": "2026-12-08T00:51:36"}
    injected.metadata["execution"] = {"iopub.status.busy": "2026-12-08T00:51:36.916578Z"}
    markdown = new_output("display_data", data={"text/markdown": "**tekst**",
                                                "text/plain": "<woonzorg.visie.concept.Markdown at 0x7f3a2b>"})
    obj = new_output("display_data", data={"text/html": "<p>x</p>",
                                           "text/plain": "<woonzorg.x.Y object at 0x7f00aa>"})
    plain_only = new_output("execute_result", data={"text/plain": "<object object at 0x7f00bb>"}, execution_count=1)
    meaningful = new_output("display_data", data={"text/html": "<b>1</b>", "text/plain": "1"})
    nb = new_notebook(cells=[injected, new_code_cell("x", outputs=[markdown, obj, plain_only, meaningful])],
                      metadata={"papermill": {"input_path": "/work/notebooks/1.ipynb", "duration": 1.2}})
    nb, _ = PortableNotebook().preprocess(nb, {})
    assert "papermill" not in nb.metadata
    # the data folder stays: the workbook reads the data it was built from (the learning-circle app)
    assert 'data_dir = "/tmp/bouw/data"' in nb.cells[0].source and nb.cells[0].metadata == {
        "tags": ["injected-parameters"]}
    datas = [o["data"] for o in nb.cells[1].outputs]
    assert datas == [{"text/markdown": "**tekst**"}, {"text/html": "<p>x</p>"},
                     {"text/plain": "<object object at 0x7f00bb>"}, {"text/html": "<b>1</b>", "text/plain": "1"}]
    nbformat.validate(nb)


def html_cell(*markups: str):
    return new_code_cell("x", outputs=[new_output("display_data", data={"text/html": m, "text/plain": ""})
                                       for m in markups])


def html_of(nb) -> list[str]:
    return [o.data["text/html"] for c in nb.cells for o in c.get("outputs", [])]


def test_link_tables_follows_each_shown_table_with_its_downloads_numbered_as_the_downloads_are():
    from woonzorg.present.tables import TABLE_MIMETYPE

    def table(caption):
        markup = f'<table><caption>{caption}</caption><tr><th scope="row">Heerlen</th><td>1</td></tr></table>'
        return new_output("display_data", data={"text/html": markup, TABLE_MIMETYPE: {"caption": caption}})

    nb = new_notebook(cells=[new_code_cell("a", outputs=[table("Vraag & aanbod")]),
                             tagged(new_code_cell("w", outputs=[table("Werkboek")]), "werkboek-only"),
                             tagged(new_code_cell("b", outputs=[table("Per gemeente")]), "bijlage")],
                      metadata={"woonzorg": {"parameters": {"regio": "parkstad"}}})
    linked, _ = LinkTables().preprocess(nb, {"wz_thema": "woonzorganalyse",
                                             "wz_gemeenten": {"Heerlen": "gemeente/heerlen.html"}})
    first, hidden, second = html_of(linked)
    assert first.endswith('<p class="wz-download">Download deze tabel: <a href="woonzorganalyse-tabel-1.csv" download '
                          'aria-label="CSV van tabel 1: Vraag &amp; aanbod">CSV</a> · <a href="woonzorganalyse-tabellen.xlsx" '
                          'download aria-label="Excel met alle tabellen van deze handreiking">Excel (alle tabellen)</a></p>')
    assert '<th scope="row"><a href="gemeente/heerlen.html">Heerlen</a></th>' in first  # a municipality of Parkstad
    assert "wz-download" not in hidden and 'href="woonzorganalyse-tabel-2.csv"' in second
    # the appendix page's notebook was linked as part of its guide's
    appendix = new_notebook(cells=[new_code_cell("b", outputs=[table("Per gemeente")])],
                            metadata={"woonzorg": {"bijlagenpagina": True}})
    assert "wz-download" not in html_of(LinkTables().preprocess(appendix, {"wz_thema": "x"})[0])[0]


def test_unique_region_labels_numbers_a_name_that_was_used_before_on_the_page():
    chart = '<figure><div class="wz-figuur" role="region" tabindex="0" aria-label="Grafiek: Opgave &amp; vraag"><img alt="x"></div></figure>'
    other = '<div role="region" aria-label="Opgave per gemeente"><table></table></div><div aria-label="Grafiek: Opgave &amp; vraag"></div>'
    nb = new_notebook(cells=[html_cell(chart, other), new_markdown_cell("tekst"), html_cell(chart, chart)])
    page, _ = UniqueRegionLabels().preprocess(nb, {})
    first, second, third, fourth = html_of(page)
    assert first == chart and second == other  # the first of each name, and a box that is no region, stay
    assert third == chart.replace('Opgave &amp; vraag"', 'Opgave &amp; vraag (2)"')
    assert fourth == chart.replace('Opgave &amp; vraag"', 'Opgave &amp; vraag (3)"')


def test_image_alt_text_gives_an_image_without_alt_a_dutch_one_and_keeps_the_others():
    markup = '<p>Logo</p><img src="data:,"><img src="data:," alt=""><IMG SRC="data:," /><img src="x.png" alt="Kaart">'
    page, _ = ImageAltText().preprocess(new_notebook(cells=[html_cell(markup)]), {})
    assert html_of(page) == [f'<p>Logo</p><img alt="{MISSING_ALT}" src="data:,"><img src="data:," alt="">'
                             f'<img alt="{MISSING_ALT}" src="data:," /><img src="x.png" alt="Kaart">']
    png = new_output("display_data", data={"image/png": "AA=="}, metadata={"image/png": {"alt": "Staafdiagram"}})
    assert image_alt(png, "image/png") == "Staafdiagram"
    assert image_alt(new_output("display_data", data={"image/png": "AA=="}), "image/png") == MISSING_ALT


def toc(nb):
    page, resources = TableOfContents().preprocess(nb, {})
    return page, resources["wz_toc"], [i for i, c in enumerate(page.cells) if c.metadata.get(TOC_BEFORE)]


def test_table_of_contents_lists_the_h2_of_cells_and_outputs_and_marks_the_cell_after_the_first_section():
    nb = new_notebook(cells=[
        new_markdown_cell("# Titel\n\nInleiding."), new_markdown_cell("## In het kort\n\nKort."),
        html_cell('<section><h2 id="oefen">Oefenen &amp; leren</h2></section>'),
        new_code_cell("m", outputs=[new_output("display_data", data={"text/markdown": "## Uit Markdown", "text/plain": ""})]),
        html_cell("<h2>Zonder id</h2><h2>Zonder id</h2>", '<h2 id="wz-eigen">Van het sjabloon</h2>'),
        new_markdown_cell("### Geen h2\n\n<h2>Ruwe kop</h2>"), new_markdown_cell("Onderstreept\n---")])
    page, entries, marked = toc(nb)
    assert entries == [("In-het-kort", "In het kort"), ("oefen", "Oefenen & leren"), ("Uit-Markdown", "Uit Markdown"),
                       ("Zonder-id", "Zonder id"), ("Zonder-id-2", "Zonder id"), ("Onderstreept", "Onderstreept")]
    assert marked == [2] and len(page.cells) == 7  # before the second heading's cell
    # an HTML output's heading without an id gets one, nothing else of the output changes
    assert page.cells[4].outputs[0].data["text/html"] == '<h2 id="Zonder-id">Zonder id</h2><h2 id="Zonder-id-2">Zonder id</h2>'


def test_table_of_contents_splits_a_markdown_cell_at_the_second_heading_when_content_comes_first():
    nb = new_notebook(cells=[new_markdown_cell("# Titel\n\n## In het kort\n\n- kort\n\n```\n## code\n```\n\n"
                                               "## Vraag en aanbod\n\nTekst.\n\n## Slot")])
    page, entries, marked = toc(nb)
    assert [text for _, text in entries] == ["In het kort", "Vraag en aanbod", "Slot"]
    assert [c.source for c in page.cells] == ["# Titel\n\n## In het kort\n\n- kort\n\n```\n## code\n```\n\n",
                                              "## Vraag en aanbod\n\nTekst.\n\n## Slot"]
    assert marked == [1] and page.cells[1].id == f"{nb.cells[0].id}-toc" and TOC_BEFORE not in page.cells[0].metadata


def test_table_of_contents_with_one_heading_marks_no_cell():
    page, entries, marked = toc(new_notebook(cells=[new_markdown_cell("# Titel\n\n## Enige kop")]))
    assert entries == [("Enige-kop", "Enige kop")] and marked == [] and len(page.cells) == 1
