"""The observed figures, their catalogue and the centrumregio's: the import is complete, the levels are
right, the cross-table rules catch what they should, and a region (also a new one) gets its figures."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from woonzorg import cli, regions, tijdvak
from woonzorg import data as wd
from woonzorg.waarnemingen import figures_for_region, unit_kind

REFERENCE = Path("/work/shared/reference/aandachtsgroepen-cijfers.csv")
REFERENCE_2 = REFERENCE.with_name("aandachtsgroepen-cijfers-2.csv")
CENTRUMREGIOS_2025 = REFERENCE.with_name("centrumregios-2025.csv")


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


@pytest.mark.skipif(not REFERENCE_2.exists(), reason="reference material not on this machine")
def test_the_second_round_of_figures_is_imported_once_with_its_value(dataset):
    w = dataset["waarnemingen"]
    reference = rows_of(REFERENCE_2)
    first = rows_of(REFERENCE)
    assert len(reference) == 282 and len(w) == len(first) + len(reference)  # every row placed, none left out
    keys = list(zip(w["indicator"], w["gebied"], w["periode"], w["bron"], w["eenheid"]))  # eenheid: adults, youth
    assert len(keys) == len(set(keys))  # no row twice, none repeats a row of the first round
    second = w.iloc[len(first):]
    known = set(dataset["gemeenten"]["gemeentecode"])
    for ref, row in zip(reference, second.itertuples(index=False)):
        assert (row.indicator, row.gebied, row.periode, row.bron) == (
            ref["indicator"], ref["gebied"], ref["peildatum_of_periode"], ref["bron"])
        text = ref["waarde"].removeprefix(">=")
        low, _, high = text[1:].partition("-")
        low, high = float(text[0] + low), float(high) if high else None
        percent = ref["eenheid"].startswith("%")
        if getattr(row, "afgeschermd", False):  # a count of persons under 10: the data layer keeps no value
            assert low < 10 and wd.pd.isna(row.waarde)
            continue
        assert row.waarde == pytest.approx(low / 100 if percent else low)
        assert (row.waarde_tot is wd.pd.NA) == (high is None)
        if high is not None:
            assert row.waarde_tot == pytest.approx(high / 100 if percent else high)
        assert ref["opmerking"] in (row.opmerking or "")  # the source's caveats stay
        if ref["gemeentecode"]:
            assert ref["gemeentecode"] in known
        if row.niveau == "gemeente":
            assert row.gemeentecode == row.gebiedscode == ref["gemeentecode"]
        elif row.niveau == "centrumregio":
            assert row.gebiedscode in known and "centrumregio" in ref["gebied"].lower() or "regio" in ref["gebied"]
    placed = second.set_index(["indicator", "gebied"])
    assert placed.loc[("behoefte_woonwagenstandplaatsen", "Provincie Limburg"), ["niveau", "gebiedscode", "waarde",
                                                                                "waarde_tot"]].tolist() == [
        "provincie", "Limburg", 415, 506]
    assert placed.loc[("clienten_beschermd_wonen", "regio Oost-Veluwe (Apeldoorn e.o.)"), "gebiedscode"] == "oost-veluwe"
    assert placed.loc[("instroom_beschermd_wonen_indicaties", "centrumregio Rotterdam (7 gemeenten)"),
                      ["niveau", "gebiedscode"]].tolist() == ["centrumregio", "GM0599"]
    assert placed.loc[("mutatie_voorraad_sociale_huur", "Groningen (gemeente)"), "waarde"] == -240
    mra = placed.loc[("opgeleverde_sociale_huurwoningen", "Metropoolregio Amsterdam (30 gemeenten, corporaties)")]
    assert (mra["niveau"], mra["gebiedscode"], mra["tijdvak"]) == ("regio", "mra", wd.pd.NA)  # vermoedelijk 2022
    assert second["opmerking"].str.contains("SECUNDAIR").sum() >= 15


def test_every_new_indicator_is_catalogued_with_its_kind(dataset):
    ind = dataset["indicatoren"].set_index("indicator")
    assert ind.at["woondeal_sociale_huur_nieuwbouw", "grootheid"] == "aanbod"
    assert ind.at["woondeal_woningbouw_totaal", "grootheid"] == "context"  # all segments: not social supply
    for prognose in ("prognose_inwoners_65plus", "prognose_inwoners_75plus", "prognose_inwoners_80plus",
                     "inwoners_65plus", "wmo_clienten_maatwerk", "wmo_clienten_instroom_wlz"):
        assert ind.at[prognose, "grootheid"] == "context" and ind.at[prognose, "groep"] == "ouderen"
    assert ind.at["contingent_woningen_bijzondere_doelgroepen", "grootheid"] == "toewijzing"
    assert ind.at["behoefte_woonwagenstandplaatsen", "grootheid"] == "achterstand"
    assert "CBS 85980NED" in ind.at["studenten_woonachtig_in_gemeente", "bron"]
    assert "CBS Monitor Dakloosheid" in ind.at["daklozen_schatting", "bron"]
    assert set(ind["grootheid"]) <= {"instroom", "achterstand", "aanbod", "toewijzing", "context"}


@pytest.mark.skipif(not CENTRUMREGIOS_2025.exists(), reason="reference material not on this machine")
def test_centrumregios_from_the_reference_keep_their_source_and_never_fill_a_gap(dataset):
    c = dataset["centrumregios"].set_index("gemeentecode")
    reference = rows_of(CENTRUMREGIOS_2025)
    not_found = {r["gemeentecode"] for r in reference if r["centrumgemeente"].startswith("NIET GEVONDEN")}
    assert len(not_found) == 24 and not not_found & set(c.index)
    assert not c["centrumregio"].str.contains("NIET GEVONDEN").any()
    for ref in reference:
        if ref["gemeentecode"] in not_found:
            continue
        row = c.loc[ref["gemeentecode"]]
        assert row["centrumgemeente_code"] == ref["centrumgemeente_code"]
        if "AFGELEID" in ref["bron"]:
            assert "AFGELEID" in row["bron"]  # the page labels a derived membership
    derived_before = 5  # Nijmegen's five GMR municipalities outside Centraal Gelderland (see data/README.md)
    assert c["bron"].str.contains("AFGELEID").sum() == sum("AFGELEID" in r["bron"] for r in reference) + derived_before
    assert len(c) == 205 and c.groupby("centrumgemeente_code")["centrumregio"].nunique().eq(1).all()
    # Lelystad: its own budget names Almere as the centrumgemeente of Flevoland
    assert c.at["GM0995", "centrumgemeente_code"] == "GM0034" and "lelystad.begrotingsapp.nl" in c.at["GM0995", "bron"]
    # Parkstad: the regulation's article 3 mandates Heerlen, quoted in the source column
    assert "verlenen het college van Heerlen mandaat" in c.at["GM0882", "bron"]


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
    assert c["GM0392"] == "GM0392" and c["GM0503"] == "GM0503"  # Haarlem, Delft: derived (AFGELEID), labelled
    assert "GM0402" not in c.index  # Hilversum (Gooi en Vechtstreek): the source names no centrumgemeente
    for regio, expected in {"parkstad": {"GM0917"}, "arnhem-nijmegen": {"GM0202", "GM0268"},
                            "mra": {"GM0034", "GM0363", "GM0392"}, "haaglanden": {"GM0518", "GM0503"}}.items():
        assert set(regions.get_region(dataset, regio).centrumgemeenten) == expected
    assert dataset["centrumregios"]["bron"].str.contains("http").all()


def test_mra_gets_both_centrumregio_figures_attached_to_their_own_centrumgemeente(dataset):
    f = figures_for_region(dataset, "mra")
    homeless = f[f["indicator"] == "daklozen_geregistreerd_MO_noodopvang_tijdelijke_opvang"].set_index("toegekend_aan")
    assert homeless.loc["GM0034", "waarde"] == 1200 and homeless.loc["GM0363", "waarde"] == 2700
    assert "centrumregio" in homeless.loc["GM0034", "label"] and "Almere" in homeless.loc["GM0034", "label"]
    assert set(f["niveau"]) == {"gemeente", "centrumregio", "regio", "provincie"}  # no national rows
    assert set(f.loc[f["niveau"] == "regio", "gebiedscode"]) == {"mra"}
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
    assert len(nijmegen) == 5 and nijmegen["label"].str.contains("reikt verder dan de regio").all()  # Neder-Betuwe
    assert {199, 193} <= set(nijmegen["waarde"])  # the BW waiting list of 2015
    haaglanden = figures_for_region(dataset, "haaglanden")
    assert haaglanden.loc[haaglanden["niveau"] == "centrumregio", "toegekend_aan"].eq("GM0518").all()


def test_a_new_region_picks_up_its_municipal_centrumregio_and_provincial_figures(data_copy):
    regions.add_region(data_copy, "rijnmond", "Regio Rijnmond (test)", ["GM0599", "GM0502"])
    dataset = wd.load_dataset(data_copy)  # still valid
    # Rotterdam's centrumregio is sourced (Regiomonitor beschermd wonen 2020): the new region marks it
    assert regions.get_region(dataset, "rijnmond").centrumgemeenten == ("GM0599",)
    f = figures_for_region(dataset, "rijnmond")
    centrum = f[f["niveau"] == "centrumregio"]
    assert set(centrum["waarde"]) == {2500, 3.3, 450, 370, 110} and set(centrum["toegekend_aan"]) == {"GM0599"}
    assert centrum["label"].str.contains("reikt verder dan de regio").all()  # 7 municipalities, 2 in the region
    assert 80000 in set(f.loc[f["toegekend_aan"] == "GM0599", "waarde"])  # arbeidsmigranten Rotterdam
    assert "Zuid-Holland" in set(f["gebiedscode"])


def test_a_new_region_with_a_sourced_centrumgemeente_marks_it(data_copy):
    centra = data_copy / "centrumregios.csv"
    rows = [r for r in rows_of(centra) if r["centrumgemeente_code"] != "GM0599"]
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
    ("tijdvak", "2023-H3", "geen tijdvak"),
    ("tijdvak", "heel 2023", "geen tijdvak"),
    ("tijdvak", "2023-02-30", "geen bestaande datum"),
    ("tijdvak", "2023-2021", "laatste jaar moet na het eerste"),
    ("tijdvak", "2022-H2", "jaar 2023 past niet bij tijdvak 2022-H2"),
    ("tijdvak", "2019-2022", "jaar 2023 ligt niet in tijdvak 2019-2022"),
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


@pytest.mark.parametrize("text, soort, begin, eind, jaren", [
    ("2023", "jaar", "2023-01-01", "2023-12-31", 1),
    ("2023-H1", "halfjaar", "2023-01-01", "2023-06-30", 0.5),
    ("2023-H2", "halfjaar", "2023-07-01", "2023-12-31", 0.5),
    ("2024-Q1", "kwartaal", "2024-01-01", "2024-03-31", 0.25),
    ("2024-Q3", "kwartaal", "2024-07-01", "2024-09-30", 0.25),
    ("2021-2023", "jaren", "2021-01-01", "2023-12-31", 3),
    ("2022-12-31", "moment", "2022-12-31", "2022-12-31", 0),
])
def test_tijdvak_grammar(text, soort, begin, eind, jaren):
    t = tijdvak.parse(text)
    assert (t.soort, t.begin.isoformat(), t.eind.isoformat(), t.jaren) == (soort, begin, eind, jaren)
    assert t.bevat_jaar(t.eerste_jaar) and not t.bevat_jaar(t.laatste_jaar + 1)


def test_tijdvak_was_read_once_from_each_rows_period(dataset):
    w = dataset["waarnemingen"]
    t = w.set_index(["indicator", "gebied", "periode"])["tijdvak"]
    assert t[("taakstelling_vergunninghouders", "Haarlemmermeer",
              "2023-H2 (stand juli 2023; 55 meer dan eerder aangegeven)")] == "2023-H2"  # a half-year, not a year
    assert t[("gehuisvest_vergunninghouders", "Westerwolde", "2023-H2 t/m ca. eind nov 2023")] == "2023-H2"
    assert t[("woonwagenstandplaatsen", "Nederland", "eind 2022")] == "2022-12-31"  # a stock: a moment
    assert t[("daklozen_schatting_18_65", "Nederland", "peildatum 2024-01-01")] == "2024-01-01"
    assert t[("gehuisvest_vergunninghouders", "Groningen (gemeente)", "2025 t/m eind maart")] == "2025-Q1"
    assert t[("taakstelling_vergunninghouders", "Nederland", "2026-H1")] == "2026-H1"
    # conservative: where the source is unsure of the period, the tijdvak is empty (unknown)
    unsure = w["periode"].str.contains("vermoedelijk|waarschijnlijk|winter [0-9]", case=False) | \
        w["opmerking"].fillna("").str.contains("PERIODE ONZEKER")
    assert unsure.sum() >= 20 and w.loc[unsure, "tijdvak"].isna().all()
    assert w.loc[w["jaar"].isna(), "tijdvak"].isna().all()
    known = w.dropna(subset=["tijdvak"])
    assert len(known) >= 0.75 * len(w)  # 452 of 588: 263 of the first 306 rows, 189 of the next 282
    assert all(tijdvak.parse(v).bevat_jaar(j) for v, j in zip(known["tijdvak"], known["jaar"]))


def test_a_file_without_the_tijdvak_column_still_loads(data_copy):
    path = data_copy / "waarnemingen.csv"
    rows = rows_of(path)
    for row in rows:
        del row["tijdvak"]
    write_dicts(path, rows)
    w = wd.load_dataset(data_copy)["waarnemingen"]
    assert len(w) == len(rows) and w["tijdvak"].isna().all()
