"""Every download of a region with hostile names holds no formula (issue 33, item 2): CSV and Excel alike."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile

import openpyxl
import pytest

from woonzorg import paths, regions, safetext
from woonzorg.publish import build
from woonzorg.publish.downloads import csv_cell

pytestmark = pytest.mark.notebook

REGION_NAME = "=cmd|'/C calc'!A0"
# what an edited data file may hold (a line break is refused by the data checks, a tab is allowed)
FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+1+1 plus", "-2+3 min", "@SUM(A1)", "\t=tab"]


def _append_rows(path, change: dict) -> None:
    """Append a copy of the file's first row with ``change`` applied."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, list(rows[0]), lineterminator="\n").writerow(dict(rows[0], **change))


@pytest.fixture(scope="module")
def hostile_downloads(tmp_path_factory):
    root = tmp_path_factory.mktemp("formules")
    data_dir = root / "data"
    shutil.copytree(paths.PROJECT_ROOT / "data", data_dir)
    regions.add_region(data_dir, "formule", REGION_NAME, ["GM0141", "GM0183", "GM1700"], bron=FORMULAS[0])
    for k, text in enumerate(FORMULAS):
        _append_rows(data_dir / "proces-actoren.csv", {"regio": "formule", "actor": f"actor-{k}", "organisatie": text,
                                                       "rol": FORMULAS[(k + 1) % len(FORMULAS)], "toelichting": text})
    _append_rows(data_dir / "visie-status.csv", {"regio": "formule", "toelichting": FORMULAS[1]})
    out = root / "site"
    report = build(regios=["formule"], data_dir=data_dir, out_dir=out, workers=1)
    assert report.ok, report.summary()
    return out / "formule"


def test_does_no_workbook_of_the_region_hold_a_formula(hostile_downloads):
    workbooks = sorted(hostile_downloads.glob("*.xlsx"))
    assert len(workbooks) >= 3  # every theme with tables
    shown = []
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert not re.search(r"<f[ >]", archive.read(name).decode("utf-8")), (path.name, name)
        for sheet in openpyxl.load_workbook(path).worksheets:
            shown += [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    # the hostile texts are there, as text (the region's name in captions, the organisations in the tables)
    assert any(REGION_NAME in text for text in shown)
    assert {text for text in shown if text in FORMULAS} >= {FORMULAS[0]}


def test_is_every_csv_cell_of_the_region_defused_by_the_one_rule(hostile_downloads):
    files = sorted(hostile_downloads.glob("*.csv"))
    assert len(files) >= 10
    starts, seen = 0, set()
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"):
            for cell in row:
                seen.add(safetext.restore_cell(cell))
                # defused already: the rule changes nothing more, and no cell a spreadsheet splits on , or ;
                # starts a formula unless it is a number as the page writes it
                assert csv_cell(cell) == cell, (path.name, cell)
                for part in re.split(r"[,;]", cell):
                    if safetext.reads_as_formula(part):
                        starts += 1
                        assert re.fullmatch(r"[+\-\u2212]?[\d.,]+%?", part.strip()), (path.name, cell)
    assert any(REGION_NAME in text for text in seen)  # the hostile texts were written, behind an apostrophe
    assert FORMULAS[0] in seen
