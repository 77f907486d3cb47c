"""Bounded imports of a filled-in data request (issue 33, item 3): a dimension or zip bomb is refused before it is
read, with a Dutch message and exit 2, also under a 1 GB memory limit; a row after the declared dimension is read."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from woonzorg import cli, gegevensuitvraag, werkmap
from woonzorg import data as wd

MEMORY_LIMIT = 1024 ** 3  # the limit of the done-when: 1 GB of address space


@pytest.fixture
def template(data_copy, tmp_path, capsys) -> Path:
    out = tmp_path / "uitvraag"
    assert cli.main(["gegevens", "sjabloon", "--regio", "enschede", "--uit", str(out), "--data", str(data_copy)]) == 0
    capsys.readouterr()
    return out / "gegevensuitvraag-enschede.xlsx"


def rewrite_sheet(source: Path, target: Path, blad: str, change) -> None:
    """A copy of the workbook whose sheet ``blad`` has its XML passed through ``change``."""
    book = load_workbook(source, read_only=True)
    part = f"xl/worksheets/sheet{book.sheetnames.index(blad) + 1}.xml"
    book.close()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            content = original.read(name)
            copy.writestr(name, change(content.decode("utf-8")).encode("utf-8") if name == part else content)


def dimension_bomb(template: Path, target: Path) -> Path:
    """The issue's bomb: the whole grid declared, one cell at its far corner (about 20 KB)."""
    rewrite_sheet(template, target, "statushouders", lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_does_the_dimension_bomb_exit_2_under_a_1_gb_memory_limit(template, data_copy, tmp_path):
    bomb = dimension_bomb(template, tmp_path / "bom.xlsx")
    assert bomb.stat().st_size < 100_000
    before = digest(data_copy / "waarnemingen.csv")
    arguments = ["gegevens", "inlezen", str(bomb), "--regio", "enschede", "--data", str(data_copy)]
    script = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
              f"from woonzorg import cli\nraise SystemExit(cli.main({arguments!r}))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)  # a guard against a hang, no speed target
    assert run.returncode == 2, run.stderr
    assert "bom.xlsx: een blad zegt 1.048.576 regels en 16.384 kolommen te hebben" in run.stderr
    assert "Traceback" not in run.stderr and "niets veranderd" in run.stderr
    assert digest(data_copy / "waarnemingen.csv") == before


def test_is_a_sheet_that_hides_a_million_rows_behind_a_small_dimension_refused(template, data_copy, tmp_path, capsys):
    liar = tmp_path / "klein.xlsx"
    rewrite_sheet(template, liar, "statushouders", lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B2"/>', xml).replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    code = cli.main(["gegevens", "inlezen", str(liar), "--regio", "enschede", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 2 and "klein.xlsx, blad statushouders, regel 10001: het blad heeft meer dan 10.000 regels" in err


def test_is_a_zip_bomb_refused_before_it_is_unpacked(template, tmp_path):
    bomb = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            copy.writestr(name, original.read(name))
        copy.writestr("xl/media/leeg.bin", b"\0" * (werkmap.MAX_UNPACKED_BYTES + 1))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(gegevensuitvraag.GegevensuitvraagError, match="uitgepakt 50 MB .*hooguit 50 MB"):
        werkmap.check_workbook_size(bomb)


def test_is_a_filled_row_after_the_declared_dimension_read(template, data_copy, tmp_path):
    book = load_workbook(template)
    sheet = book["statushouders"]
    header = [c.value for c in sheet[1]]
    last = sheet.max_row
    for name, value in {"waarde": 31, "periode": "2025-H2", "bron": "Gemeente Dinkelland"}.items():
        sheet.cell(row=last, column=header.index(name) + 1, value=value)
    book.save(template)
    shrunk = tmp_path / "gekrompen.xlsx"  # declares only the header row and one more
    rewrite_sheet(template, shrunk, "statushouders",
                  lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:N2"/>', xml))
    assert last > 2
    result = gegevensuitvraag.import_filled(shrunk, "enschede", data_copy)
    assert result.nieuw == 1  # read-only mode used to stop at regel 2: "0 nieuwe cijfers"
    w = wd.load_dataset(data_copy)["waarnemingen"]
    assert (w.iloc[-1]["waarde"], w.iloc[-1]["periode"]) == (31, "2025-H2")


# --------------------------------------------------------------------------------------------
# Issue 33, item 12: every refusal names blad, regel and kolom of the request; values kept as written


def fill_first(path: Path, blad: str, indicator: str, /, **values) -> int:
    """Fill the input cells of the first row of ``indicator`` on ``blad``; return its regel."""
    book = load_workbook(path)
    sheet = book[blad]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator")].value == indicator:
            for name, value in values.items():
                row[header.index(name)].value = value
            book.save(path)
            return row[0].row
    raise AssertionError(f"{indicator} not in blad {blad}")


GOOD = {"periode": "2025", "bron": "Gemeente Dinkelland"}


@pytest.mark.parametrize("values, kolom, fragment", [
    ({"waarde": 1e21}, "waarde", "onwaarschijnlijk groot"),
    ({"waarde": 12, "opmerking": "lang " * 250}, "opmerking", "tekst is te lang"),
    ({"waarde": 12, "opmerking": "omgekeerd \u202e tekst"}, "opmerking", "stuurteken U+202E"),
    ({"waarde": 12, "bron": "Gemeente\u200b Dinkelland"}, "bron", "onzichtbaar teken U+200B"),
    ({"waarde": 12, "opmerking": "x\U000e0001"}, "opmerking", "onzichtbaar teken U+E0001"),
    ({"waarde": 2.5}, "waarde", "geen geheel getal"),
])
def test_is_a_refused_cell_named_by_blad_regel_and_kolom_of_the_request(template, data_copy, capsys, values, kolom,
                                                                       fragment):
    regel = fill_first(template, "dakthuisloos", "aanmeldingen_maatschappelijke_opvang", **(GOOD | values))
    before = digest(data_copy / "waarnemingen.csv")
    code = cli.main(["gegevens", "inlezen", str(template), "--regio", "enschede", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"gegevensuitvraag-enschede.xlsx, blad dakthuisloos, regel {regel}, kolom {kolom}: " in err, err
    assert fragment in err and "waarnemingen.csv, regel" not in err
    assert digest(data_copy / "waarnemingen.csv") == before


def test_is_a_date_in_periode_kept_as_written(template, data_copy):
    import datetime

    fill_first(template, "dakthuisloos", "aanmeldingen_maatschappelijke_opvang", waarde=40,
               periode=datetime.datetime(2025, 1, 1), bron="Gemeente Enschede")  # what Excel makes of 2025-01-01
    assert gegevensuitvraag.import_filled(template, "enschede", data_copy).nieuw == 1
    last = (data_copy / "waarnemingen.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert ",2025-01-01," in last and "00:00:00" not in last


def test_are_two_values_for_one_figure_in_one_request_refused(template, data_copy, capsys):
    book = load_workbook(template)
    sheet = book["dakthuisloos"]
    header = [c.value for c in sheet[1]]
    first = next(r for r in sheet.iter_rows(min_row=2)
                 if r[header.index("indicator")].value == "aanmeldingen_maatschappelijke_opvang")
    copy_row = sheet.max_row + 1
    for cell in first:
        sheet.cell(row=copy_row, column=cell.column, value=cell.value)
    for regel, (waarde, bron) in ((first[0].row, (50, "Gemeente A")), (copy_row, (5000, "Zorgaanbieder B"))):
        for name, value in {"waarde": waarde, "periode": "2025", "bron": bron}.items():
            sheet.cell(row=regel, column=header.index(name) + 1, value=value)
    book.save(template)
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "enschede", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"blad dakthuisloos, regel {copy_row}, kolom periode: hetzelfde cijfer" in err
    assert f"staat ook op blad dakthuisloos, regel {first[0].row}" in err


@pytest.mark.parametrize("char, name", [("\ufffe", "U+FFFE"), ("\U000e0001", "U+E0001"), ("\u200b", "U+200B")])
def test_is_an_invisible_character_in_the_csv_request_refused_at_its_place(template, data_copy, capsys, char, name):
    import csv

    path = template.with_suffix(".csv")  # lxml cannot even write U+FFFE into a workbook; a CSV can hold it
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    index = next(i for i, r in enumerate(rows) if r["indicator"] == "aanmeldingen_maatschappelijke_opvang")
    rows[index].update(waarde="12", periode="2025", bron="Gemeente", opmerking=f"x{char}y")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert cli.main(["gegevens", "inlezen", str(path), "--regio", "enschede", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"gegevensuitvraag-enschede.csv, regel {index + 2}, kolom opmerking: " in err, err
    assert f"onzichtbaar teken {name}" in err and "waarnemingen.csv, regel" not in err
