"""Downloads beside each guide (woonzorg.publish.downloads): CSV and Excel equal the page's table, the vision as .docx."""

from __future__ import annotations

import csv
import io
import re

import nbformat
import openpyxl
import pandas as pd
from nbformat.v4 import new_code_cell, new_notebook, new_output

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

    sheet = openpyxl.load_workbook(io.BytesIO(files["woonzorganalyse-tabellen.xlsx"]))["Tabel 1"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Vraag per gemeente"
    assert values[1][0] == "Bron: CBS, proefbron" and values[2][0] == "Peildatum: 2024-01-01"
    assert values[4] == ["Gemeente", "Statushouders", "Aandeel"]
    assert values[5] == ["Heerlen", 76, 0.341] and values[6] == ["Simpelveld", "<10", 0.04]
    assert values[8][:2] == ["Totaal", 119]
    assert sheet.cell(row=6, column=3).number_format == "0.0%"


def test_does_the_page_link_each_table_to_its_csv_and_the_workbook_without_changing_the_workbook():
    nb = notebook(table(), table())
    linked = downloads.link_tables(nb, "regioprofiel")
    first = linked.cells[0].outputs[0].data["text/html"]
    second = linked.cells[1].outputs[0].data["text/html"]
    assert 'href="regioprofiel-tabel-1.csv"' in first and 'href="regioprofiel-tabel-2.csv"' in second
    assert 'href="regioprofiel-tabellen.xlsx"' in first
    assert "wz-download" not in nb.cells[0].outputs[0].data["text/html"]  # the original stays as it was


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
    assert workbook["Tabel 1"]["A1"].value == "Vraag per gemeente"  # still a workbook that opens
    assert workbook.properties.modified.year == 2026
    assert docx.Document(io.BytesIO(made[0][1])).paragraphs[0].text == "Kop"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with zipfile.ZipFile(io.BytesIO(downloads.tables_workbook(records))) as archive:  # unset: as the library wrote it
        assert {info.date_time for info in archive.infolist()} != {(2026, 1, 1, 0, 0, 0)}
