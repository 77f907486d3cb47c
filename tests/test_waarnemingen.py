"""The observed figures, their catalogue and the centrumregio's: the import is complete, the levels are
right, the cross-table rules catch what they should, and a region (also a new one) gets its figures."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from woonzorg import cli, regions
from woonzorg import data as wd
from woonzorg.waarnemingen import figures_for_region, unit_kind

REFERENCE = Path("/work/shared/reference/aandachtsgroepen-cijfers.csv")


@pytest.fixture(scope="module")
def dataset():
    return wd.load_dataset()


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_dicts(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference material not on this machine")
def test_every_reference_figure_is_imported_once_with_its_value(dataset):
    w = dataset["waarnemingen"]
    reference = rows_of(REFERENCE)
    assert len(reference) == 306 and len(w) >= 306
    imported = {(r.indicator, r.gebied, r.periode, r.bron): r for r in w.itertuples(index=False)}
    for ref in reference:
        row = imported[(ref["indicator"], ref["gebied"], ref["peildatum_of_periode"], ref["bron"])]
        low = float(ref["waarde"].split("-")[0])
        if ref["eenheid"].startswith("%") and not ref["eenheid"].startswith("% t.o.v."):
            assert row.waarde == pytest.approx(low / 100) and unit_kind(row.eenheid) == "aandeel"
        elif row.afgeschermd:  # a loaded dataset holds no small count of persons: only that it was one
            assert row.persoonsaantal and low < 10 and math.isnan(row.waarde)
        else:
            assert row.waarde == low
        assert (row.gemeentecode if row.niveau == "gemeente" else "") == ref["gemeentecode"]


def test_levels_codes_and_years_of_known_rows(dataset):
    w = dataset["waarnemingen"].set_index(["indicator", "gebied", "periode"])
    almere = w.loc[("daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang", "Centrumregio Almere (Flevoland)", "2023")]
    assert (almere["niveau"], almere["gebiedscode"], almere["waarde"], almere["jaar"]) == ("centrumregio", "GM0034", 1200, 2023)
    assert w.loc[("woonwagenstandplaatsen", "Provincie Friesland", "peildatum 2018-01-01"), "gebiedscode"] == "Fryslân"
    entree = w.loc[("verhuringen_sociale_huur", "Regio Arnhem-Nijmegen (Entree)", "2022")]
    assert (entree["niveau"], entree["gebiedscode"], entree["waarde"]) == ("regio", "arnhem-nijmegen", 5662)
    assert "Montferland" in entree["opmerking"]
    nl = w.loc[("gehuisvest_vergunninghouders", "Nederland", "2023 (heel jaar)")]
    assert (nl["niveau"], nl["gebiedscode"]) == ("land", "NL") and nl["gemeentecode"] is wd.pd.NA
    rng = w.loc[("opvang_uitstroomklaar", "'s-Gravenhage", "begin 2020")]
    assert (rng["waarde"], rng["waarde_tot"]) == (300, 400)
    assert w.loc[("taakstelling_vergunninghouders", "Westerkwartier",
                  "eerste helft van het jaar van publicatie (waarschijnlijk 2025-H1)"), "jaar"] is wd.pd.NA


def test_every_indicator_is_catalogued_and_every_group_asks_something(dataset):
    ind = dataset["indicatoren"].set_index("indicator")
    assert set(dataset["waarnemingen"]["indicator"]) <= set(ind.index)
    asked = ind[ind["gevraagd"]]
    assert set(dataset["aandachtsgroepen"]["groep"]) <= set(asked["groep"].dropna())
    assert ind.at["gehuisvest_vergunninghouders", "grootheid"] == "toewijzing"
    assert ind.at["aandeel_verhuringen_voorrang", "grootheid"] == "toewijzing"
    assert ind.at["daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang", "niveau"] == "centrumregio"


def test_centrumgemeenten_of_the_koploper_regions(dataset):
    c = dataset["centrumregios"].set_index("gemeentecode")["centrumgemeente_code"]
    parkstad = regions.get_region(dataset, "parkstad")
    assert {c[code] for code in parkstad.gemeentecodes} == {"GM0917"}  # Heerlen
    assert c["GM0274"] == "GM0202" and c["GM0202"] == "GM0202"  # Renkum -> Arnhem
    assert c["GM0296"] == "GM0268"  # Wijchen -> Nijmegen
    assert c["GM0995"] == "GM0034" and c["GM0362"] == "GM0363"  # Lelystad -> Almere, Amstelveen -> Amsterdam
    assert "GM0392" not in c.index  # Haarlem: no source found, no row
    for regio, expected in {"parkstad": {"GM0917"}, "arnhem-nijmegen": {"GM0202", "GM0268"},
                            "mra": {"GM0034", "GM0363"}, "haaglanden": {"GM0518"}}.items():
        assert set(regions.get_region(dataset, regio).centrumgemeenten) == expected
    assert dataset["centrumregios"]["bron"].str.contains("http").all()


def test_mra_gets_both_centrumregio_figures_attached_to_their_own_centrumgemeente(dataset):
    f = figures_for_region(dataset, "mra")
    homeless = f[f["indicator"] == "daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang"].set_index("toegekend_aan")
    assert homeless.loc["GM0034", "waarde"] == 1200 and homeless.loc["GM0363", "waarde"] == 2700
    assert "centrumregio" in homeless.loc["GM0034", "label"] and "Almere" in homeless.loc["GM0034", "label"]
    assert set(f["niveau"]) == {"gemeente", "centrumregio", "provincie"}  # no national rows
    assert set(f.loc[f["niveau"] == "provincie", "gebiedscode"]) == {"Noord-Holland", "Flevoland"}
    assert set(f.loc[f["niveau"] == "gemeente", "gemeentecode"]) <= set(regions.get_region(dataset, "mra").gemeentecodes)


def test_parkstad_gets_its_municipal_and_provincial_figures(dataset):
    f = figures_for_region(dataset, "parkstad")
    assert "instroom_inwoners_10_jaar" in set(f.loc[f["toegekend_aan"] == "GM0917", "indicator"])
    limburg = f[f["niveau"] == "provincie"]
    assert set(limburg["gebiedscode"]) == {"Limburg"} and 928 in set(limburg["waarde"])
    an = figures_for_region(dataset, "arnhem-nijmegen")
    assert 5662 in set(an.loc[an["niveau"] == "regio", "waarde"])
    nijmegen = an[(an["niveau"] == "centrumregio") & (an["toegekend_aan"] == "GM0268")]
    assert len(nijmegen) == 3 and nijmegen["label"].str.contains("andere kunnen erbij horen").all()
    haaglanden = figures_for_region(dataset, "haaglanden")
    assert haaglanden.loc[haaglanden["niveau"] == "centrumregio", "toegekend_aan"].eq("GM0518").all()


def test_a_new_region_picks_up_its_municipal_centrumregio_and_provincial_figures(data_copy):
    regions.add_region(data_copy, "rijnmond", "Regio Rijnmond (test)", ["GM0599", "GM0502"])
    dataset = wd.load_dataset(data_copy)  # still valid
    assert regions.get_region(dataset, "rijnmond").centrumgemeenten == ()  # Rotterdam has no sourced member list
    f = figures_for_region(dataset, "rijnmond")
    centrum = f[f["niveau"] == "centrumregio"]
    assert set(centrum["waarde"]) == {2500, 3.3} and set(centrum["toegekend_aan"]) == {"GM0599"}
    assert centrum["label"].str.contains("niet bekend").all()
    assert 80000 in set(f.loc[f["toegekend_aan"] == "GM0599", "waarde"])  # arbeidsmigranten Rotterdam
    assert "Zuid-Holland" in set(f["gebiedscode"])


def test_a_new_region_with_a_sourced_centrumgemeente_marks_it(data_copy):
    centra = data_copy / "centrumregios.csv"
    rows = rows_of(centra)
    rows.append({"gemeentecode": "GM0599", "gemeente": "Rotterdam", "centrumgemeente_code": "GM0599",
                 "centrumregio": "Centrumregio Rotterdam (test)", "bron": "testbron"})
    write_dicts(centra, rows)
    regions.add_region(data_copy, "rijnmond", "Regio Rijnmond (test)", ["GM0599", "GM0502"])
    dataset = wd.load_dataset(data_copy)  # the indeling agrees with centrumregios.csv
    assert regions.get_region(dataset, "rijnmond").centrumgemeenten == ("GM0599",)
    f = figures_for_region(dataset, "rijnmond")
    assert f.loc[f["niveau"] == "centrumregio", "label"].str.contains("Centrumregio Rotterdam \\(test\\)").all()


@pytest.mark.parametrize("kolom, value, fragment", [
    ("indicator", "verzonnen_cijfer", "onbekende indicator"),
    ("groep", "dakloos", "onbekende aandachtsgroep"),
    ("niveau", "wijk", "onbekend niveau"),
    ("waarde", "-5", "negatief"),
    ("gebiedscode", "GM0014", "niet gelijk aan gemeentecode"),
    ("jaar", "23", "minimum voor een kalenderjaar"),
])
def test_broken_observation_is_refused_with_regel_and_kolom(data_copy, capsys, kolom, value, fragment):
    path = data_copy / "waarnemingen.csv"
    rows = rows_of(path)
    rows[9][kolom] = value  # regel 11: Amsterdam, achterstand statushouders, 1360 personen
    write_dicts(path, rows)
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert any(line.strip().startswith(f"data/waarnemingen.csv, regel 11, kolom {kolom}:") and fragment in line
               for line in err.splitlines()), err


@pytest.mark.parametrize("regel, changes, kolom, fragment", [
    (12, {"gemeentecode": "GM0363"}, "gemeentecode", "alleen invullen als niveau = gemeente"),  # Nederland
    (31, {"gebiedscode": "amsterdam"}, "gebiedscode", "geen bekende gemeentecode"),  # centrumregio
    (168, {"waarde": "27"}, "waarde", "ten hoogste 1 voor een aandeel"),  # share of lettings
    (10, {"waarde": "2"}, "waarde", "geen 0 (nee) of 1 (ja)"),
    (8, {"gebiedscode": "Holland"}, "gebiedscode", "onbekende provincie"),
])
def test_level_and_unit_rules(data_copy, capsys, regel, changes, kolom, fragment):
    path = data_copy / "waarnemingen.csv"
    rows = rows_of(path)
    rows[regel - 2].update(changes)
    write_dicts(path, rows)
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert any(f"data/waarnemingen.csv, regel {regel}, kolom {kolom}:" in line and fragment in line
               for line in err.splitlines()), err


def test_centrumregio_and_indeling_must_agree(data_copy, capsys):
    indeling = data_copy / "regio-indeling.csv"
    rows = rows_of(indeling)
    heerlen = next(i for i, r in enumerate(rows) if r["gemeentecode"] == "GM0917")
    rows[heerlen]["centrumgemeente"] = "nee"
    write_dicts(indeling, rows)
    centra = data_copy / "centrumregios.csv"
    crow = rows_of(centra)
    crow[0]["centrumgemeente_code"] = "GM9999"
    write_dicts(centra, crow)
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"data/regio-indeling.csv, regel {heerlen + 2}, kolom centrumgemeente: GM0917 is centrumgemeente" in err
    assert "data/centrumregios.csv, regel 2, kolom centrumgemeente_code: onbekende centrumgemeente GM9999" in err
