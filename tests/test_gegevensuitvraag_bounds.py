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

from woonzorg import cli, gegevensuitvraag
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
        copy.writestr("xl/media/leeg.bin", b"\0" * (gegevensuitvraag.MAX_UNPACKED_BYTES + 1))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(gegevensuitvraag.GegevensuitvraagError, match="uitgepakt 50 MB .*hooguit 50 MB"):
        gegevensuitvraag.check_workbook_size(bomb)


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
