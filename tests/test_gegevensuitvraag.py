"""The data request: the template asks exactly what a region lacks, a filled-in copy is read back into
waarnemingen.csv once, and broken input is refused with blad, regel and kolom and nothing written."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from woonzorg import cli, gegevensuitvraag, regions
from woonzorg import data as wd
from woonzorg.waarnemingen import figures_for_region

PARKSTAD = ("GM1954", "GM0899", "GM0917", "GM0928", "GM0882", "GM0965", "GM0986")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def template(data_copy, tmp_path, capsys) -> Path:
    out = tmp_path / "uitvraag"
    assert cli.main(["gegevens", "sjabloon", "--regio", "parkstad", "--uit", str(out), "--data", str(data_copy)]) == 0
    assert "ontbrekende cijfers" in capsys.readouterr().out
    return out / "gegevensuitvraag-parkstad.xlsx"


def sheet_rows(book, blad: str) -> list[dict]:
    rows = list(book[blad].iter_rows(values_only=True))
    return [dict(zip(rows[0], r), regel=i) for i, r in enumerate(rows[1:], start=2)]


def fill(path: Path, blad: str, indicator: str, gebiedscode: str, /, **values) -> int:
    """Fill the input cells of one template row; return its regel."""
    book = load_workbook(path)
    sheet = book[blad]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator")].value == indicator and row[header.index("gebiedscode")].value == gebiedscode:
            for name, value in values.items():
                row[header.index(name)].value = value
            book.save(path)
            return row[0].row
    raise AssertionError(f"{indicator} {gebiedscode} not in blad {blad}")


def test_template_asks_every_municipality_and_the_centrumregio_once(template, data_copy):
    book = load_workbook(template)
    assert book.sheetnames[0] == "Toelichting" and {"statushouders", "dakthuisloos", "algemeen"} <= set(book.sheetnames)
    status = sheet_rows(book, "statushouders")
    asked = [r["gebiedscode"] for r in status if r["indicator"] == "taakstelling_vergunninghouders"]
    assert sorted(asked) == sorted(PARKSTAD)
    assert all(r["waarde"] is None and r["houder"] == "gemeente" for r in status)
    dak = sheet_rows(book, "dakthuisloos")
    assert {(r["niveau"], r["gebiedscode"]) for r in dak} == {("centrumregio", "GM0917")}  # Heerlen, not per municipality
    assert "Parkstad" in dak[0]["gebied"]
    toelichting = " ".join(str(c.value) for c in book["Toelichting"]["A"] if c.value)
    assert "woonzorg gegevens inlezen" in toelichting and "bron" in toelichting
    csv_rows = list(csv.DictReader((template.parent / "gegevensuitvraag-parkstad.csv").open(encoding="utf-8")))
    xlsx_count = sum(len(sheet_rows(book, s)) for s in book.sheetnames if s != "Toelichting")
    assert len(csv_rows) == xlsx_count == len(gegevensuitvraag.missing_figures(wd.load_dataset(data_copy), "parkstad"))


def test_a_figure_that_is_already_there_is_not_asked_again(data_copy):
    dataset = wd.load_dataset(data_copy)
    before = gegevensuitvraag.missing_figures(dataset, "parkstad")
    assert ("taakstelling_vergunninghouders", "GM0917") in set(zip(before["indicator"], before["gebiedscode"]))
    path = data_copy / "waarnemingen.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["taakstelling_vergunninghouders", "statushouders", "gemeente", "GM0917", "Heerlen", "GM0917", "40", "",
             "personen", "2025-H1", "2025-H1", "2025", "test", ""])
    after = gegevensuitvraag.missing_figures(wd.load_dataset(data_copy), "parkstad")
    pairs = set(zip(after["indicator"], after["gebiedscode"]))
    assert ("taakstelling_vergunninghouders", "GM0917") not in pairs
    assert ("taakstelling_vergunninghouders", "GM0928") in pairs and len(after) == len(before) - 1
    # the MRA is not asked for Purmerend's housed statushouders, which are observed
    mra = gegevensuitvraag.missing_figures(dataset, "mra")
    asked = set(mra.loc[mra["indicator"] == "gehuisvest_vergunninghouders", "gebiedscode"])
    assert "GM0439" not in asked and "GM0362" in asked


def test_filled_template_is_read_back_once(template, data_copy, capsys):
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917",
         waarde=52, periode="2025-H2", tijdvak="2025-H2", jaar=2025, bron="Gemeente Heerlen, COA-overzicht")
    fill(template, "statushouders", "gehuisvest_vergunninghouders", "GM0928",
         waarde="31", periode="2025-H2", jaar=2025, bron="Gemeente Kerkrade")
    fill(template, "dakthuisloos", "daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang", "GM0917",
         waarde=180, waarde_tot=210, periode="2025", jaar=2025, bron="Centrumgemeente Heerlen, LOBW",
         opmerking="alleen met BSN")
    target = data_copy / "waarnemingen.csv"
    old = target.read_bytes()

    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 0
    assert "3 nieuwe cijfers" in capsys.readouterr().out
    assert target.read_bytes().startswith(old)  # earlier rows byte for byte
    dataset = wd.load_dataset(data_copy)  # still valid
    w = dataset["waarnemingen"]
    new = w.iloc[len(w) - 3:].set_index("indicator")
    assert new.at["taakstelling_vergunninghouders", "waarde"] == 52
    assert new.at["taakstelling_vergunninghouders", "gemeentecode"] == "GM0917"
    assert new.at["taakstelling_vergunninghouders", "tijdvak"] == "2025-H2"
    assert new.at["gehuisvest_vergunninghouders", "tijdvak"] is wd.pd.NA  # left empty: the period stays unknown
    assert new.at["gehuisvest_vergunninghouders", "gebied"] == "Kerkrade"
    homeless = new.loc["daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang"]
    assert (homeless["niveau"], homeless["gebiedscode"], homeless["waarde_tot"]) == ("centrumregio", "GM0917", 210)
    assert homeless["bron"] == "Centrumgemeente Heerlen, LOBW" and "ingelezen" in homeless["opmerking"]
    f = figures_for_region(dataset, "parkstad")
    assert 180 in set(f.loc[(f["niveau"] == "centrumregio") & (f["toegekend_aan"] == "GM0917"), "waarde"])
    asked = gegevensuitvraag.missing_figures(dataset, "parkstad")
    assert ("taakstelling_vergunninghouders", "GM0917") not in set(zip(asked["indicator"], asked["gebiedscode"]))

    after = digest(target)
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 0
    assert "0 nieuwe cijfers" in capsys.readouterr().out
    assert digest(target) == after


def test_the_csv_template_can_be_filled_in_too(template, data_copy):
    path = template.parent / "gegevensuitvraag-parkstad.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    row = next(r for r in rows if r["indicator"] == "aandeel_verhuringen_voorrang" and r["gebiedscode"] == "GM0882")
    row.update(waarde="18%", periode="2025", bron="Woningcorporatie, jaarverslag")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = gegevensuitvraag.import_filled(path, "parkstad", data_copy)
    assert result.nieuw == 1
    w = wd.load_dataset(data_copy)["waarnemingen"]
    assert w.iloc[-1]["waarde"] == pytest.approx(0.18) and w.iloc[-1]["gebiedscode"] == "GM0882"


@pytest.mark.parametrize("blad, indicator, code, values, kolom, fragment", [
    ("statushouders", "taakstelling_vergunninghouders", "GM0899", {"waarde": "veertig"}, "waarde", "geen getal"),
    ("statushouders", "gehuisvest_vergunninghouders", "GM0899", {"waarde": -3}, "waarde", "negatief"),
    ("statushouders", "achterstand_vergunninghouders", "GM0899", {"waarde": 4, "bron": None}, "bron", "ontbreekt"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0965", {"indicator": "verzonnen", "waarde": 4}, "indicator",
     "onbekende indicator"),
    ("algemeen", "aandeel_verhuringen_voorrang", "GM0917", {"waarde": 1.5}, "waarde", "buiten 0–1"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0986", {"waarde": "=1+1"}, "waarde", "formules"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0882", {"waarde": 3, "opmerking": "@SUM(A1)"}, "opmerking",
     "mag niet beginnen"),
    ("statushouders", "taakstelling_vergunninghouders", "GM1954", {"waarde": 3, "gebiedscode": "GM0153"}, "gebiedscode",
     "geen gemeente van regio parkstad"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0899", {"waarde": 4, "tijdvak": "tweede helft 2025"},
     "tijdvak", "geen tijdvak"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0899", {"waarde": 4, "tijdvak": "2025-H3"},
     "tijdvak", "geen tijdvak"),
    ("statushouders", "taakstelling_vergunninghouders", "GM0899", {"waarde": 4, "tijdvak": "2025-H2", "jaar": 2024},
     "tijdvak", "jaar 2024 past niet bij tijdvak 2025-H2"),
])
def test_broken_input_is_refused_and_nothing_is_written(template, data_copy, capsys, blad, indicator, code, values,
                                                        kolom, fragment):
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917", waarde=52, periode="2025-H2",
         bron="Gemeente Heerlen")  # a good row next to the bad one: that is not written either
    base = {"periode": "2025", "bron": "Gemeente"}
    regel = fill(template, blad, indicator, code, **{**base, **values})
    target = data_copy / "waarnemingen.csv"
    before = digest(target)
    code_ = cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code_ == 2, err
    assert f"gegevensuitvraag-parkstad.xlsx, blad {blad}, regel {regel}, kolom {kolom}:" in err
    assert fragment in err and "niets veranderd" in err
    assert digest(target) == before
    assert not list(data_copy.glob(".*.tmp"))


def test_template_asks_for_a_tijdvak_and_an_older_copy_without_one_still_reads(template, data_copy, capsys):
    book = load_workbook(template)
    header = [c.value for c in book["statushouders"][1]]
    assert header.index("tijdvak") == header.index("periode") + 1
    yellow = book["statushouders"].cell(row=2, column=header.index("tijdvak") + 1).fill.fgColor.rgb
    assert yellow.endswith("FFF2CC")
    examples = {r["indicator"]: r["periode_voorbeeld"] for r in sheet_rows(book, "statushouders")}
    assert "tijdvak 2025-H2" in examples["taakstelling_vergunninghouders"]
    assert "tijdvak 2026-01-01" in examples["achterstand_vergunninghouders"]
    toelichting = " ".join(str(c.value) for c in book["Toelichting"]["A"] if c.value)
    assert "tijdvak: dezelfde periode in een vaste vorm" in toelichting
    # a filled-in copy of an older template (no column tijdvak) is read, the row gets no tijdvak
    for sheet in book.worksheets[1:]:
        sheet.delete_cols(header.index("tijdvak") + 1)
    book.save(template)
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917", waarde=52, periode="2025-H2",
         jaar=2025, bron="Gemeente Heerlen")
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 0
    capsys.readouterr()
    last = wd.load_dataset(data_copy)["waarnemingen"].iloc[-1]
    assert (last["waarde"], last["tijdvak"]) == (52, wd.pd.NA)


def test_an_older_data_file_without_tijdvak_gets_rows_in_its_own_columns(template, data_copy, capsys):
    target = data_copy / "waarnemingen.csv"
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [c for c in rows[0] if c != "tijdvak"], lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    old = target.read_bytes()
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917", waarde=52, periode="2025-H2",
         tijdvak="2025-H2", jaar=2025, bron="Gemeente Heerlen")
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 2
    assert "nog geen kolom tijdvak" in capsys.readouterr().err and target.read_bytes() == old
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917", tijdvak=None)
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 0
    capsys.readouterr()
    assert target.read_bytes().startswith(old)
    last = target.read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("taakstelling_vergunninghouders,statushouders,gemeente,GM0917,Heerlen,GM0917,52,,personen,"
                           "2025-H2,2025,Gemeente Heerlen,")


def test_unknown_region_and_missing_file_give_exit_2(data_copy, tmp_path, capsys):
    assert cli.main(["gegevens", "sjabloon", "--regio", "atlantis", "--uit", str(tmp_path), "--data", str(data_copy)]) == 2
    assert "onbekende regio 'atlantis'" in capsys.readouterr().err
    assert cli.main(["gegevens", "inlezen", str(tmp_path / "weg.xlsx"), "--regio", "parkstad", "--data", str(data_copy)]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_a_new_region_gets_a_template_for_its_own_municipalities(data_copy, tmp_path):
    regions.add_region(data_copy, "rijnmond", "Regio Rijnmond (test)", ["GM0599", "GM0502"])
    dataset = wd.load_dataset(data_copy)
    asked = gegevensuitvraag.missing_figures(dataset, "rijnmond")
    assert set(asked.loc[asked["niveau"] == "gemeente", "gebiedscode"]) == {"GM0599", "GM0502"}
    # Rotterdam's centrumregio homeless count is observed, so it is not asked; the other centrumregio figures are
    centrum = asked[asked["niveau"] == "centrumregio"]
    assert set(centrum["gebiedscode"]) <= {"GM0599"}
    assert "daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang" not in set(centrum["indicator"])


@pytest.mark.notebook
def test_figures_a_region_brings_become_observed_in_cijfers_and_on_the_page(template, data_copy, tmp_path, capsys):
    """Issue 14: a Parkstad template filled in for two groups turns those rows from schatting or
    onbekend into waargenomen, in `woonzorg cijfers` and on the built woonzorganalyse page."""
    import io

    import pandas as pd

    def cijfers() -> pd.DataFrame:
        assert cli.main(["cijfers", "--regio", "parkstad", "--data", str(data_copy)]) == 0
        return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"gemeentecode": str})

    before = cijfers()
    heerlen = before[(before["gemeentecode"] == "GM0917") & (before["groep"] == "statushouders")
                     & (before["grootheid"] == "instroom")]
    assert list(heerlen["status"]) == ["schatting"]
    homeless = before[(before["groep"] == "dakthuisloos") & (before["grootheid"] == "achterstand")]
    assert set(homeless["status"]) == {"onbekend"}

    # the statushouders task of the half-year the rule uses (the newest national one), and a current count
    fill(template, "statushouders", "taakstelling_vergunninghouders", "GM0917",
         waarde=88, periode="eerste helft 2026", tijdvak="2026-H1", jaar=2026,
         bron="Gemeente Heerlen, taakstellingsbrief")
    fill(template, "dakthuisloos", "daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang", "GM0917",
         waarde=180, periode="2025", tijdvak="2025", jaar=2025, bron="Centrumgemeente Heerlen, registratie opvang")
    assert cli.main(["gegevens", "inlezen", str(template), "--regio", "parkstad", "--data", str(data_copy)]) == 0
    capsys.readouterr()

    after = cijfers()
    heerlen = after[(after["gemeentecode"] == "GM0917") & (after["groep"] == "statushouders")
                    & (after["grootheid"] == "instroom")]
    assert "waargenomen" in set(heerlen["status"])
    assert "Gemeente Heerlen, taakstellingsbrief" in " ".join(heerlen["bron"].astype(str))
    homeless = after[(after["groep"] == "dakthuisloos") & (after["grootheid"] == "achterstand")]
    observed = homeless[(homeless["status"] == "waargenomen") & ~homeless["gemeente"].str.startswith("Totaal")]
    assert list(observed["niveau"]) == ["centrumregio"] and float(observed["waarde"].iloc[0]) == 180
    total = homeless[homeless["gemeente"].str.startswith("Totaal")]  # the region's total says what it holds
    assert len(total) == 1 and total["volledigheid"].iloc[0].startswith("volledig")

    from woonzorg.publish import build

    report = build(regios=["parkstad"], themas=["woonzorganalyse"], data_dir=data_copy, out_dir=tmp_path / "uit",
                   workers=1)
    assert report.ok, report.summary()
    import html
    import re

    page = (tmp_path / "uit" / "parkstad" / "woonzorganalyse.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    # the inventory: the homeless row is now observed at the centrumregio's level, with the figure brought
    row = re.search(r"Dak- en thuislozen (.{0,160})", text).group(1)
    assert "waargenomen (centrumregio)" in row and "180 personen (waargenomen)" in row
    assert "in dat cijfer: 2 van de 8 groepen" in text
