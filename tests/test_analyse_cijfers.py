"""Issue 14 on the real data: demand independent of supply, the right level, observation against the model, `woonzorg cijfers`."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from woonzorg import analyse
from woonzorg.analyse import controle, vraagcijfers
from woonzorg.cli import main
from woonzorg.data import load_dataset

REGIOS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]
KOLOMMEN = ["regio", "niveau", "gemeentecode", "gemeente", "groep", "grootheid", "waarde", "laag", "hoog", "status",
            "methode", "bron", "peildatum", "periode", "actueel", "volledigheid"]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def _demand(result) -> pd.DataFrame:
    c = result.cijfers
    return c[c["grootheid"].isin(["instroom", "achterstand"])][
        ["niveau", "gemeentecode", "gemeente", "groep", "grootheid", "waarde", "laag", "hoog", "status"]
    ].reset_index(drop=True)


def test_does_a_supply_side_assumption_change_no_demand_figure_in_any_region(data_copy, dataset):
    """Mutatiegraad (vacated homes nationally) and the share of lettings to aandachtsgroepen are supply only."""
    lc = (data_copy / "landelijke-cijfers.csv").read_text(encoding="utf-8")
    (data_copy / "landelijke-cijfers.csv").write_text(lc.replace("vrijgekomen_corporatiewoningen,161000",
                                                                 "vrijgekomen_corporatiewoningen,250000"), "utf-8")
    aannames = (data_copy / "analyse-aannames.csv").read_text(encoding="utf-8")
    assert "aandeel_verhuringen_voorrang,0.27" in aannames
    (data_copy / "analyse-aannames.csv").write_text(
        aannames.replace("aandeel_verhuringen_voorrang,0.27", "aandeel_verhuringen_voorrang,0.55"), "utf-8")
    changed = load_dataset(data_copy)
    for regio in REGIOS:
        before, after = analyse.woonzorganalyse(dataset, regio), analyse.woonzorganalyse(changed, regio)
        # the supply moves, unless the region's own observed rate sets its centre
        assert (after.aanbod["aanbod"].sum() != before.aanbod["aanbod"].sum()
                or before.mutatiegraad_uitleg.startswith("waargenomen in de regio"))
        assert after.plafond_aandeel == 0.55 != before.plafond_aandeel
        pd.testing.assert_frame_equal(_demand(before), _demand(after))
        pd.testing.assert_frame_equal(before.vraag, after.vraag)


def test_does_every_group_have_an_instroom_row_and_no_demand_come_from_lettings(dataset):
    groepen = set(dataset["aandachtsgroepen"]["groep"])
    for regio in REGIOS:
        c = analyse.woonzorganalyse(dataset, regio).cijfers
        assert groepen <= set(c[c["grootheid"] == "instroom"]["groep"])
        assert not c["methode"].str.contains("verhuringen met voorrang|aandeel verhuringen").any()
        onbekend = c[c["status"] == "onbekend"]
        assert onbekend["waarde"].isna().all() and len(onbekend) > 0


def test_does_mra_show_amsterdams_observed_lettings_and_flag_the_modelled_supply(dataset):
    r = analyse.woonzorganalyse(dataset, "mra")
    amsterdam = r.aanbod.set_index("gemeentecode").loc["GM0363"]
    # AFWC 2022, the newest, within the peiljaar's window: Amsterdam's own lettings
    assert amsterdam["status"] == "waargenomen" and amsterdam["vrijkomend"] == 9500
    check = r.controles[(r.controles["onderwerp"] == "vrijkomend aanbod") & (r.controles["gebied"] == "Amsterdam")]
    assert len(check) == 1 and bool(check["gemarkeerd"].iloc[0])
    assert check["model"].iloc[0] == pytest.approx(amsterdam["corporatiewoningen"] * r.grondslag.mutatiegraad)
    assert "9.500" in analyse.controle_table(r).to_html() and "5,0%" in analyse.controle_table(r).to_html()
    # the mutatiegraad range reaches down to Amsterdam's implied rate
    assert r.mutatiegraad_laag == pytest.approx(9500 / amsterdam["corporatiewoningen"])
    # the other municipalities take the middle of the range, not its top
    assert r.mutatiegraad == pytest.approx((r.mutatiegraad_laag + r.mutatiegraad_hoog) / 2)


def test_do_almere_and_amsterdam_each_carry_their_own_centrumregios_homeless_figure(dataset):
    r = analyse.woonzorganalyse(dataset, "mra")
    dak = r.cijfers[(r.cijfers["groep"] == "dakthuisloos") & (r.cijfers["niveau"] == "centrumregio")]
    counted = dak[dak["in_totaal"]].set_index("gebiedscode")["waarde"]
    assert counted["GM0034"] == 1200 and counted["GM0363"] == 2700
    assert set(dak["gemeentecode"]) == {""}  # never split over municipalities
    assert dak["methode"].str.contains("kan verder reiken dan de regio").all()
    assert set(r.centrumregios["centrumgemeente"]) == {"Almere", "Amsterdam", "Haarlem"}  # Haarlem: AFGELEID


@pytest.mark.parametrize(("regio", "centra"), [("parkstad", {"Heerlen"}), ("arnhem-nijmegen", {"Arnhem", "Nijmegen"})])
def test_are_the_centrumgemeenten_right(dataset, regio, centra):
    r = analyse.woonzorganalyse(dataset, regio)
    assert set(r.centrumregios["centrumgemeente"]) == centra
    assert "niet gevonden" not in analyse.methode_html(r)._repr_html_()


def test_does_the_rule_reproduce_enschede_and_every_published_taakstelling(dataset):
    nl = analyse.grondslag(dataset)
    toets = controle.taakstelling_toets(vraagcijfers.catalogued(dataset["waarnemingen"], dataset["indicatoren"]),
                                        dataset.gemeenten, nl.taakstelling_halfjaar, nl.inwoners_nl,
                                        nl.taakstelling_opmerkingen)
    enschede = toets[(toets["gebied"] == "Enschede") & (toets["periode"] == "2024-H1")].iloc[0]
    assert round(enschede["volgens_regel"]) == 169 == enschede["waargenomen"]
    compared = toets[toets["volgens_regel"].notna()]
    assert len(compared) >= 6
    for row in toets.itertuples():
        assert (not math.isnan(row.verschil) and abs(row.verschil) <= 0.10) or row.uitleg, row


def test_does_woonzorg_cijfers_print_the_tidy_table(capsys, dataset):
    assert main(["cijfers", "--regio", "parkstad"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == KOLOMMEN
    assert {r["niveau"] for r in rows} <= {"gemeente", "centrumregio", "regio"}
    assert {r["status"] for r in rows} <= {"waargenomen", "schatting", "onbekend"}
    assert {"instroom", "achterstand", "aanbod"} <= {r["grootheid"] for r in rows}
    assert all(r["waarde"] == "" for r in rows if r["status"] == "onbekend")
    # the region's totals carry their completeness; an open total has no upper bound
    total = [r for r in rows if r["grootheid"] == "vraag"]
    assert len(total) == 1 and "van de 8 groepen" in total[0]["volledigheid"]
    assert total[0]["hoog"] == "" and "onbekend" in total[0]["volledigheid"]
    assert {r["actueel"] for r in rows} <= {"ja", "nee"}
    assert all(r["volledigheid"].startswith("niet meegeteld") for r in rows if r["actueel"] == "nee")
    groepen = set(dataset["aandachtsgroepen"]["groep"])
    assert groepen <= {r["groep"] for r in rows if r["grootheid"] == "instroom"}
    heerlen = [r for r in rows if r["gemeente"] == "Heerlen" and r["groep"] == "statushouders"]
    assert heerlen and float(heerlen[0]["laag"]) <= float(heerlen[0]["waarde"]) <= float(heerlen[0]["hoog"])
    assert main(["cijfers", "--regio", "nergens"]) == 2
    assert "onbekende regio" in capsys.readouterr().err


def test_is_a_planted_observed_count_of_three_in_no_channel(data_copy):
    """Observed 3 persons in Landgraaf: suppressed in the model, so no table, chart, CSV or record shows it."""
    (data_copy / "analyse-vraag.csv").write_text(
        "regio,gemeentecode,groep,jaar,vraag,bron,opmerking\nparkstad,GM0882,urgenten,2026,3,eigen telling,\n",
        encoding="utf-8")
    ds = load_dataset(data_copy)
    r = analyse.woonzorganalyse(ds, "parkstad", peiljaar=2026)
    row = r.cijfers[(r.cijfers["gemeentecode"] == "GM0882") & (r.cijfers["groep"] == "urgenten")].iloc[0]
    assert math.isnan(row["waarde"]) and (row["laag"], row["hoog"]) == (0, 9)
    csv_text = analyse.cijfers(ds, "parkstad", peiljaar=2026).to_csv(index=False)
    landgraaf = [line for line in csv_text.splitlines() if "GM0882" in line and "urgenten" in line]
    assert landgraaf and ",,0.0,9.0,waargenomen," in landgraaf[0]
    # the total of the group is the interval of the hidden cell: 0–9, nothing narrower
    assert vraagcijfers.totaal(r.cijfers, "urgenten", "instroom") == (0, 4.5, 9)
    assert r.vraag[r.vraag["groep"] == "urgenten"]["vraag"].tolist() == [4.5]
    for view in (analyse.vraag_table(r).to_html(), analyse.vraag_chart(r).svg.decode(), analyse.vraag_chart(r).alt,
                 analyse.druk_chart(r).svg.decode(), str(analyse.site_kerncijfers(r))):
        assert ">3<" not in view and "3 woning" not in view and " 3 " not in view.replace("\n", " ")
    assert "&lt;10" in analyse.vraag_table(r).to_html()


def test_does_a_new_region_get_its_centrumregios_observed_figure(data_copy):
    """A region added with --centrumgemeente sees the centrumregio's observed homeless figure, as a koploper does."""
    from woonzorg import cli

    assert cli.main(["regio", "toevoegen", "rijnmond-proef", "--naam", "Rijnmond proef", "GM0599", "GM0606",
                     "GM0597", "--centrumgemeente", "GM0599", "--bron", "proef", "--data", str(data_copy)]) == 0
    ds = load_dataset(data_copy)
    r = analyse.woonzorganalyse(ds, "rijnmond-proef", peiljaar=2026)
    assert "GM0599" in set(r.centrumregios["centrumgemeente_code"])
    rows = r.cijfers[(r.cijfers["niveau"] == "centrumregio") & (r.cijfers["gebiedscode"] == "GM0599")
                     & (r.cijfers["groep"] == "dakthuisloos")]
    assert len(rows) and (rows["waarde"] == 2500).any()
    counted = rows[rows["in_totaal"]]
    assert len(counted) == 1 and counted["gemeente"].iloc[0].startswith("centrumregio")
    page = analyse.vraag_table(r).to_html()
    assert "2.500" in page and "centrumregio" in page
    # and the method names the centrumgemeente instead of saying none was found
    assert "Rotterdam" in analyse.methode_html(r).markup and "niet gevonden" not in analyse.methode_html(r).markup
