"""Provinces as regions: `regio toevoegen --provincie`, the indeling column, membership per indeling."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from woonzorg import cli, data, regions
from woonzorg.names import page_name


def rows_of(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def province_codes(data_dir, provincie: str) -> list[str]:
    """The province's municipalities, read straight from gemeenten.csv (not through the library)."""
    return [r["gemeentecode"] for r in rows_of(data_dir / "gemeenten.csv") if r["provincie"] == provincie]


def test_regio_toevoegen_provincie_adds_exactly_its_municipalities_also_those_of_a_koploper(data_copy, capsys):
    utrecht = province_codes(data_copy, "Utrecht")
    assert len(utrecht) == 26
    # no koploper region lies in Utrecht: make one, so that the province overlaps it
    regions.add_region(data_copy, "utrecht-oost", "Regio Utrecht-Oost", utrecht[:3])
    before = rows_of(data_copy / "regio-indeling.csv")
    assert "indeling" not in before[0]  # the project's file has no column yet: all koploper

    code = cli.main(["regio", "toevoegen", "utrecht", "--naam", "Provincie Utrecht", "--provincie", "utrecht",
                     "--data", str(data_copy)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Regio utrecht (Provincie Utrecht) toegevoegd met 26 gemeenten." in out

    after = rows_of(data_copy / "regio-indeling.csv")
    assert [r["gemeentecode"] for r in after if r["regio"] == "utrecht"] == utrecht
    assert {r["indeling"] for r in after if r["regio"] == "utrecht"} == {"provincie"}
    # the earlier rows are kept, now with their indeling written out
    assert [{k: v for k, v in r.items() if k != "indeling"} for r in after[:len(before)]] == before
    assert {r["indeling"] for r in after[:len(before)]} == {"koploper"}

    loaded = regions.load_regions(data.load_dataset(data_copy))
    assert loaded["utrecht"].indeling == "provincie" and loaded["utrecht-oost"].indeling == "koploper"
    assert set(loaded["utrecht-oost"].gemeentecodes) < set(loaded["utrecht"].gemeentecodes)

    assert cli.main(["check", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "7 regio's met samen 84 gemeenten" in out
    assert "1 regio met samen 26 gemeenten (indeling provincie)" in out

    assert cli.main(["regios", "--data", str(data_copy)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("utrecht "))
    inwoners = sum(int(r["inwoners"]) for r in rows_of(data_copy / "gemeenten.csv") if r["provincie"] == "Utrecht")
    assert re.search(rf"Provincie Utrecht\s+provincie\s+26\s+{inwoners:,}$".replace(",", r"\."), line), line

    # the province's regioprofiel builds
    out = data_copy.parent / "out"
    assert cli.main(["build", "--regio", "utrecht", "--thema", "regioprofiel", "--data", str(data_copy),
                     "--out", str(out), "--workers", "1"]) == 0
    assert "1 gebouwd, 0 overgeslagen, 0 mislukt" in capsys.readouterr().out
    page = (out / "utrecht" / "regioprofiel.html").read_text(encoding="utf-8")
    assert f"Provincie Utrecht telt 26 gemeenten met samen {inwoners:,} inwoners".replace(",", ".") in page
    names = {r["gemeentecode"]: r["gemeente"] for r in rows_of(data_copy / "gemeenten.csv")}
    for code in utrecht:
        assert re.search(rf"<td[^>]*>{code}</td>", page) and names[code] in page
        # a page per municipality in the national build too, linked from the province's table (issue 32)
        own = (out / "utrecht" / "gemeente" / f"{page_name(names[code])}.html").read_text(encoding="utf-8")
        assert code in own and f'href="gemeente/{page_name(names[code])}.html"' in page


def test_a_province_with_a_koploper_in_it_takes_the_centrumgemeente_of_centrumregios(data_copy):
    region = regions.add_province(data_copy, "limburg", "Provincie Limburg", "LIMBURG")
    limburg = province_codes(data_copy, "Limburg")
    assert region.gemeentecodes == tuple(limburg) and len(limburg) == 31
    parkstad = regions.get_region(data.load_dataset(data_copy), "parkstad")
    assert set(parkstad.gemeentecodes) < set(limburg)
    # Heerlen is a centrumgemeente (centrumregios.csv) in parkstad and in the province
    assert region.centrumgemeenten == ("GM0917",)
    assert regions.load_regions(data.load_dataset(data_copy))["limburg"].centrumgemeenten == ("GM0917",)


def test_an_unknown_province_exits_2_in_dutch_and_changes_nothing(data_copy, capsys):
    before = (data_copy / "regio-indeling.csv").read_bytes()
    code = cli.main(["regio", "toevoegen", "atlantis", "--naam", "Atlantis", "--provincie", "Atlantis",
                     "--data", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 2
    assert ("woonzorg: regio niet toegevoegd: onbekende provincie 'Atlantis'; bekend zijn: Drenthe, Flevoland, "
            "Fryslân, Gelderland, Groningen, Limburg, Noord-Brabant, Noord-Holland, Overijssel, Utrecht, "
            "Zeeland, Zuid-Holland") in err
    assert "Traceback" not in err
    assert (data_copy / "regio-indeling.csv").read_bytes() == before


def test_provincie_and_codes_together_or_neither_are_refused_in_dutch(data_copy, capsys):
    before = (data_copy / "regio-indeling.csv").read_bytes()
    assert cli.main(["regio", "toevoegen", "x", "--naam", "X", "--provincie", "Utrecht", "GM0344",
                     "--data", str(data_copy)]) == 2
    assert "geef óf --provincie óf gemeentecodes op" in capsys.readouterr().err
    assert cli.main(["regio", "toevoegen", "x", "--naam", "X", "--provincie", "Utrecht", "--centrumgemeente", "GM0344",
                     "--data", str(data_copy)]) == 2
    assert "--centrumgemeente kan niet samen met --provincie" in capsys.readouterr().err
    assert cli.main(["regio", "toevoegen", "x", "--naam", "X", "--data", str(data_copy)]) == 2
    assert "geef minstens één gemeentecode op (of --provincie NAAM)" in capsys.readouterr().err
    assert (data_copy / "regio-indeling.csv").read_bytes() == before


def test_codes_may_follow_the_options(data_copy, capsys):
    assert cli.main(["regio", "toevoegen", "twente-west", "GM0141", "--naam", "Twente-West", "GM0183",
                     "--data", str(data_copy)]) == 0
    loaded = regions.load_regions(data.load_dataset(data_copy))
    assert loaded["twente-west"].gemeentecodes == ("GM0141", "GM0183")


def test_within_one_indeling_a_municipality_is_in_one_region_only(data_copy):
    regions.add_province(data_copy, "zeeland", "Zeeland", "Zeeland")
    before = (data_copy / "regio-indeling.csv").read_bytes()
    with pytest.raises(regions.RegionDefinitionError, match="hoort al bij regio zeeland"):
        regions.add_province(data_copy, "zeeland-2", "Zeeland twee", "zeeland")
    assert (data_copy / "regio-indeling.csv").read_bytes() == before
    # a koploper region may take a Zeeland municipality: another indeling
    zeeland = province_codes(data_copy, "Zeeland")
    regions.add_region(data_copy, "walcheren", "Walcheren", zeeland[:2])

    # written by hand: the same municipality twice in the provincie indeling is an error naming regel and kolom
    path = data_copy / "regio-indeling.csv"
    rows = rows_of(path)
    extra = dict(rows[-1], regio="zeeuws-vlaanderen", regio_naam="Zeeuws-Vlaanderen", indeling="provincie")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(rows[0])).writerow(extra)
    with pytest.raises(data.DataValidationError) as info:
        data.load_dataset(data_copy)
    [error] = info.value.errors
    assert (error.file, error.regel, error.kolom) == ("data/regio-indeling.csv", len(rows) + 2, "gemeentecode")
    assert f"gemeente {extra['gemeentecode']} staat ook in regio zeeland" in error.message
    assert "per indeling bij ten hoogste één regio (indeling provincie)" in error.message


def test_an_unknown_indeling_or_a_region_in_two_indelingen_is_refused(data_copy):
    regions.add_province(data_copy, "drenthe", "Drenthe", "Drenthe")
    path = data_copy / "regio-indeling.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(",provincie\n", ",gewest\n", 1), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as info:
        data.load_dataset(data_copy)
    [error] = info.value.errors
    assert error.kolom == "indeling" and "onbekende waarde 'gewest'; kies uit koploper, provincie" in error.message

    path.write_text(original.replace(",provincie\n", ",koploper\n", 1), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as info:
        data.load_dataset(data_copy)
    assert any(e.kolom == "indeling" and "een regio heeft één indeling" in e.message for e in info.value.errors)


def test_a_row_keyed_by_regio_and_gemeentecode_may_name_any_region_of_the_municipality(data_copy):
    regions.add_province(data_copy, "limburg", "Limburg", "Limburg")
    indeling = data.load_dataset(data_copy)["regio-indeling"]
    frame = pd.DataFrame({"regio": ["parkstad", "limburg", "enschede"], "gemeentecode": ["GM0917"] * 3})
    frame.attrs["regels"] = (2, 3, 4)
    [error] = data.check_region_membership(frame, "data/x.csv", indeling)
    assert (error.regel, error.kolom) == (4, "gemeentecode")
    assert error.message == "gemeente GM0917 hoort bij regio limburg, parkstad, niet bij enschede"


def test_an_empty_indeling_cell_reads_as_koploper(data_copy):
    path = data_copy / "regio-indeling.csv"
    rows = rows_of(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], "indeling"])
        writer.writeheader()
        writer.writerows({**row, "indeling": "koploper" if i % 2 else ""} for i, row in enumerate(rows))
    loaded = regions.load_regions(data.load_dataset(data_copy))
    assert {r.indeling for r in loaded.values()} == {"koploper"} and len(loaded) == 6
    # a province added to a file that has the column keeps the file's bytes and appends its rows
    before = path.read_bytes()
    regions.add_province(data_copy, "flevoland", "Flevoland", "flevoland")
    assert path.read_bytes().startswith(before)
    assert regions.load_regions(data.load_dataset(data_copy))["flevoland"].indeling == "provincie"
