"""Downloads beside each guide (woonzorg.publish.downloads): CSV and Excel equal the page's table, the vision as .docx."""

from __future__ import annotations

import csv
import io
import re

import nbformat
import openpyxl
import pandas as pd
from nbformat.v4 import new_code_cell, new_notebook, new_output

from woonzorg import safetext
from woonzorg.present import privacy
from woonzorg.present.tables import Table
from woonzorg.publish import downloads


def table() -> Table:
    frame = pd.DataFrame({"Gemeente": ["Heerlen", "Simpelveld", "Kerkrade"],
                          "Statushouders": [76, 4, 39], "Aandeel": [0.341, 0.04, 0.1752]})
    shown = privacy.suppress_small(frame, ["Statushouders"])
    return Table(shown, caption="Vraag per gemeente", bron="CBS, proefbron", persons=["Statushouders"],
                 formats={"Aandeel": lambda v: f"{round(v * 100, 1)}".replace(".", ",") + "%"},
                 totals={"Gemeente": "Totaal", "Statushouders": "119"}, peildatum="2024-01-01")


def notebook(*tables: Table, hidden: Table | None = None) -> nbformat.NotebookNode:
    cells = []
    for t in tables:
        cell = new_code_cell("t")
        cell.outputs = [new_output("display_data", data=t._repr_mimebundle_())]
        cells.append(cell)
    if hidden is not None:  # a workbook-only table is not on the page: no download either
        cell = new_code_cell("h")
        cell.metadata["tags"] = ["werkboek-only"]
        cell.outputs = [new_output("display_data", data=hidden._repr_mimebundle_())]
        cells.append(cell)
    return new_notebook(cells=cells)


def page_cells(markup: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", markup, re.DOTALL)
    return [[re.sub(r"<[^>]+>", "", c).replace("&lt;", "<") for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
            for r in rows]


def test_do_the_csv_and_the_workbook_hold_the_numbers_of_the_page_with_suppressed_cells_suppressed():
    t = table()
    nb = notebook(t, t, hidden=t)
    tables = downloads.collect_tables(nb)
    assert len(tables) == 2
    files = downloads.table_files("woonzorganalyse", tables)
    assert set(files) == {"woonzorganalyse-tabel-1.csv", "woonzorganalyse-tabel-2.csv", "woonzorganalyse-tabellen.xlsx"}

    on_page = page_cells(t.to_html())  # header, rows, totals as the page shows them
    rows = list(csv.reader(io.StringIO(files["woonzorganalyse-tabel-1.csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows == on_page
    assert rows[2] == ["Simpelveld", "<10", "4,0%"]  # 4 persons stay hidden

    workbook = openpyxl.load_workbook(io.BytesIO(files["woonzorganalyse-tabellen.xlsx"]))
    assert workbook.sheetnames == ["1. Vraag per gemeente", "2. Vraag per gemeente"]  # says what it holds
    sheet = workbook["1. Vraag per gemeente"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Vraag per gemeente"
    assert values[1][0] == "Bron: CBS, proefbron" and values[2][0] == "Peildatum: 2024-01-01"
    assert values[4] == ["Gemeente", "Statushouders", "Aandeel"]
    assert values[5] == ["Heerlen", 76, 0.341] and values[6] == ["Simpelveld", "<10", 0.04]
    assert values[8][:2] == ["Totaal", 119]
    assert sheet.cell(row=6, column=3).number_format == "0.0%"


def test_does_a_row_header_that_names_a_municipality_link_to_its_page_and_nothing_else_change():
    markup = ('<table><tr><th scope="col">Heerlen</th></tr><tr><th scope="row">Heerlen</th><td>Heerlen</td></tr>'
              '<tr><th scope="row" class="wz-nw">&#x27;s-Gravenhage (centrumgemeente)</th></tr>'
              '<tr><th scope="row">Heerlen-Noord</th></tr><tr><th scope="row"><a href="x.html">Kerkrade</a></th></tr></table>')
    pages = {"Heerlen": "gemeente/heerlen.html", "'s-Gravenhage": "gemeente/s-gravenhage.html", "Kerkrade": "k.html"}
    assert downloads.link_municipalities(markup, pages) == markup.replace(
        '<th scope="row">Heerlen</th>', '<th scope="row"><a href="gemeente/heerlen.html">Heerlen</a></th>').replace(
        "&#x27;s-Gravenhage (", '<a href="gemeente/s-gravenhage.html">&#x27;s-Gravenhage</a> (')
    assert downloads.link_municipalities(markup, {}) == markup


def test_are_the_municipality_links_those_of_the_data_folder_the_build_reads(data_copy):
    """A region that only a --data folder has still links its municipalities: the build hands each task
    the pages of its region's municipalities from the data it read (the notebook's parameters do not
    carry that folder into the page's metadata)."""
    from woonzorg import regions
    from woonzorg.data import load_dataset

    regions.add_region(data_copy, "wadden", "Waddeneilanden Fryslân", ["GM0060", "GM0088", "GM0093", "GM0096"])
    pages = downloads.municipality_pages(load_dataset(data_copy), "wadden")
    assert len(pages) == 4 and pages["Ameland"] == "gemeente/ameland.html"


def test_are_downloads_of_tables_no_longer_shown_removed(tmp_path):
    (tmp_path / "regioprofiel-tabel-3.csv").write_text("oud")
    (tmp_path / "regioprofiel-tabelletje.txt").write_text("blijft")
    downloads.write_table_files(tmp_path, "regioprofiel", downloads.table_files("regioprofiel", [table().shown()]))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "regioprofiel-tabel-1.csv", "regioprofiel-tabellen.xlsx", "regioprofiel-tabelletje.txt"]
    downloads.write_table_files(tmp_path, "regioprofiel", {})
    assert [p.name for p in tmp_path.iterdir()] == ["regioprofiel-tabelletje.txt"]


def test_does_the_draft_vision_open_as_a_word_document_with_its_headings_lists_and_table():
    import docx

    md = ("# Concept-woonzorgvisie Parkstad\n\n> **Concept.** Automatisch opgesteld.\n\n## 1. Waarom\n\n"
          "Iedereen een **thuis**.\n\n- Statushouders: 222 woningen per jaar;\n- Urgenten: 466\n\n"
          "1. Ambitie\n2. Eerlijk delen\n\n| Gemeente | Opgave |\n|---|---|\n| Heerlen | 1.234 |\n")
    files = downloads.with_word_versions({"woonzorgvisie-concept.md": md})
    assert files["woonzorgvisie-concept.md"] == md
    document = docx.Document(io.BytesIO(files["woonzorgvisie-concept.docx"]))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Concept-woonzorgvisie Parkstad") in paragraphs
    assert ("Heading 2", "1. Waarom") in paragraphs
    assert ("List Bullet", "Statushouders: 222 woningen per jaar;") in paragraphs
    assert ("List Number", "Eerlijk delen") in paragraphs
    assert ("Quote", "Concept. Automatisch opgesteld.") in paragraphs
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "thuis" in bold
    [grid] = document.tables
    assert [[c.text for c in row.cells] for row in grid.rows] == [["Gemeente", "Opgave"], ["Heerlen", "1.234"]]


def test_does_the_word_draft_read_back_as_a4_dutch_titled_by_the_project_with_page_numbers():
    """Issue 32: the draft was US Letter, en-US (every word marked wrong), by "python-docx", untitled,
    without page numbers."""
    import zipfile

    import docx

    data = downloads.markdown_to_docx("# Concept-woonzorgvisie Parkstad\n\n## 1. Waarom\n\nTekst.")
    document = docx.Document(io.BytesIO(data))
    [section] = document.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 (in twips)
    assert document.core_properties.title == "Concept-woonzorgvisie Parkstad"
    assert document.core_properties.author == downloads.DOCUMENT_AUTHOR != "python-docx"
    assert document.core_properties.language == "nl-NL"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        footers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")]
    languages = re.findall(r'<w:lang w:val="([^"]+)"', styles)
    assert languages and set(languages) == {"nl-NL"}  # the default every style inherits, and no other
    assert any(re.search(r'<w:instrText[^>]*> PAGE </w:instrText>', footer) and "Pagina" in footer
               and 'w:fldCharType="begin"' in footer and 'w:fldCharType="end"' in footer for footer in footers)
    assert [p.style.name for p in document.paragraphs][:2] == ["Heading 1", "Heading 2"]


def test_are_excel_and_word_files_dated_at_source_date_epoch_and_the_same_bytes_each_time(monkeypatch):
    import zipfile

    import docx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    records = downloads.collect_tables(notebook(table()))
    made = [(downloads.tables_workbook(records), downloads.markdown_to_docx("# Kop\n\nTekst."))]
    made.append((downloads.tables_workbook(records), downloads.markdown_to_docx("# Kop\n\nTekst.")))
    for data in made[0]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2026-01-01T00:00:00Z"] * 2
    assert made[0] == made[1]  # the same bytes, whenever they are written
    workbook = openpyxl.load_workbook(io.BytesIO(made[0][0]))
    assert workbook["1. Vraag per gemeente"]["A1"].value == "Vraag per gemeente"  # still a workbook that opens
    assert workbook.properties.modified.year == 2026
    assert docx.Document(io.BytesIO(made[0][1])).paragraphs[0].text == "Kop"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with zipfile.ZipFile(io.BytesIO(downloads.tables_workbook(records))) as archive:  # unset: as the library wrote it
        assert {info.date_time for info in archive.infolist()} != {(2026, 1, 1, 0, 0, 0)}


HOSTILE = ["=cmd|'/C calc'!A0", '=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1)",
           "\tTAB", "\rCR", " =ruimte", "a;=b", "-3.611 woningen verwacht"]


def formulas_in(xlsx: bytes) -> list[str]:
    """Every formula element in the workbook's sheet XML."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [f for name in archive.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f[ >].*?</f>", archive.read(name).decode("utf-8"))]


def test_is_no_hostile_cell_a_formula_in_csv_or_excel_while_numbers_stay_numbers():
    """Issue 33 item 2: openpyxl wrote a caption or cell starting with = as a formula, and CSV cells such as
    "-3.611 woningen verwacht…" were not defused."""
    frame = pd.DataFrame({"Gemeente": HOSTILE, "Vraag": ["-3", "1.234", "12,5%", "-7,5", "2024", "<10", "0",
                                                         "3", "4", "5"]})
    record = Table(frame, caption=HOSTILE[0], bron=HOSTILE[1], peildatum="2024-01-01").shown()
    record["columns"] = ["=kolom", "Vraag"]
    files = downloads.table_files("t", [record])
    assert formulas_in(files["t-tabellen.xlsx"]) == []
    rows = list(csv.reader(io.StringIO(files["t-tabel-1.csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["'=kolom", "Vraag"]
    for (name, vraag), typed in zip(rows[1:], HOSTILE):
        assert name == safetext.defuse_cell(typed) and name.startswith(("'", " \"'", " '", "a;'"))
        assert safetext.restore_cell(name) == typed  # the text as it was, behind the apostrophe
    assert [r[1] for r in rows[1:5]] == ["-3", "1.234", "12,5%", "-7,5"]  # numbers are no formulas

    sheet = openpyxl.load_workbook(io.BytesIO(files["t-tabellen.xlsx"])).worksheets[0]
    assert sheet["A1"].value == HOSTILE[0] and sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    names = [sheet.cell(row=r, column=1) for r in range(6, 6 + len(HOSTILE))]
    assert [c.value for c in names] == HOSTILE and all(c.data_type == "s" for c in names)
    assert all(c.quotePrefix == safetext.reads_as_formula(c.value) for c in names)
    assert [sheet.cell(row=r, column=2).value for r in range(6, 10)] == [-3, 1234, 0.125, -7.5]


def test_is_a_year_a_plain_integer_in_excel_and_a_count_grouped():
    """Issue 32: 171 year cells had the format #,##0, so Excel showed "2.024"."""
    assert downloads.cell_value("2024") == (2024, "0")
    assert downloads.cell_value("2.024") == (2024, "#,##0")
    assert downloads.cell_value("999") == (999, "#,##0")
    assert downloads.cell_value("12,5") == (12.5, "#,##0.0")


def test_does_each_sheet_name_say_what_it_holds_within_excels_limit():
    title = downloads.sheet_title(1, "Eerlijk aandeel per gemeente van de bekende vraag onder drie "
                                      "verdeelsleutels, Regio Haaglanden (woningen per jaar)")
    assert title == "1. Eerlijk aandeel per gemeente" and len(title) == 31
    assert len(downloads.sheet_title(11, "Eerlijk aandeel per gemeente van de vraag")) <= 31
    assert downloads.sheet_title(2, "Wie doet wat: rollen [RACI]/taken?") == "2. Wie doet wat"
    assert downloads.sheet_title(3, "") == "Tabel 3"
