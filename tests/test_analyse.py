"""The woonzorganalyse library: hand-computed three-municipality cases, properties, and the real data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg import analyse, widgets
from woonzorg.analyse import vraagcijfers
from woonzorg.data import schemas, DataValidationError, load_dataset
from woonzorg.present import privacy

# A three-municipality region with round numbers, computed by hand in the comments.
NL = analyse.Grondslag(
    peiljaar=2024, taakstelling_jaar=2024, taakstelling_personen=1000, inwoners_nl=100_000,
    huishoudens_nl=50_000, vrijgekomen_nl=7_000, corporatiewoningen_nl=100_000, dakloze_personen_nl=700,
    personen_per_woning_statushouders=2.0, aandeel_voorrang=0.3, aandeel_statushouders=0.1,
    woningen_per_dakloze=1.0,
)


def drie_gemeenten(centrum=(True, False, False)) -> pd.DataFrame:
    return pd.DataFrame({
        "gemeentecode": ["GM0001", "GM0002", "GM0003"],
        "gemeente": ["Aa", "Bee", "Cee"],
        "inwoners": [10_000.0, 6_000.0, 4_000.0],
        "huishoudens": [5_000.0, 3_000.0, 2_000.0],
        "corporatiewoningen": [2_000.0, 500.0, 500.0],
        "centrumgemeente": list(centrum),
    })


def per(frame: pd.DataFrame, column: str, groep: str | None = None) -> list[float]:
    if groep is not None:
        frame = frame[frame["groep"] == groep]
    return frame[column].round(6).tolist()


HALFJAREN = {"2023-H1": 300.0, "2023-H2": 300.0, "2024-H1": 500.0, "2024-H2": 500.0, "2025-H1": 400.0, "2025-H2": 400.0}
GROEPEN = ("statushouders", "urgenten", "dakthuisloos")


def observations(*rows) -> pd.DataFrame:
    """Catalogued observations in the shape of vraag.catalogued (gemeente, centrumregio or regio level), through the
    suppression step a loaded dataset's observations go through (the project's catalogue says what counts persons)."""
    columns = ["indicator", "groep", "grootheid", "niveau", "gebiedscode", "gebied", "gemeentecode", "waarde",
               "waarde_tot", "eenheid", "periode", "jaar", "bron", "omschrijving"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["tijdvak"] = frame["periode"]  # the test periods are written in the structured form
    return privacy.suppress_observations(frame, load_dataset()["indicatoren"])


def cijfers(obs=None, eigen=None) -> pd.DataFrame:
    return vraagcijfers.vraag_cijfers(
        regio="proef", naam="Proefregio", groepen=GROEPEN, gemeenten=drie_gemeenten(),
        observations=obs if obs is not None else observations(), centrumregio_namen={"GM0001": "Aa"}, eigen=eigen,
        inwoners_nl=100_000, halfjaren=HALFJAREN, peiljaar=2024, taakstelling_bron="Staatscourant")


def test_does_the_statushouders_rule_give_a_range_by_inhabitants():
    c = cijfers()
    rule = c[(c["groep"] == "statushouders") & (c["grootheid"] == "instroom")]
    # 1.000 a year in 2024 × 10.000/100.000 = 100; laag 600 (2023), hoog 1.000 (the last three years' extremes)
    assert per(rule, "waarde") == [100, 60, 40]
    assert per(rule, "laag") == [60, 36, 24] and per(rule, "hoog") == [100, 60, 40]
    assert set(rule["status"]) == {"schatting"} and "taakstelling" in rule["methode"].iloc[0]


def test_is_a_group_without_a_figure_onbekend_and_never_estimated_from_lettings():
    c = cijfers()
    for groep in ("urgenten", "dakthuisloos"):
        rows = c[c["groep"] == groep]
        assert set(rows["status"]) == {"onbekend"} and rows["waarde"].isna().all()
        assert set(rows["grootheid"]) == {"instroom", "achterstand"}
    assert not c["methode"].str.contains("verhuringen|toewijzing").any()


def test_does_an_observation_come_first_and_a_centrumregio_figure_stay_whole():
    obs = observations(
        ("taakstelling_vergunninghouders", "statushouders", "instroom", "gemeente", "GM0002", "Bee", "GM0002", 40, None,
         "personen", "2024-H1", 2024, "krant", "taakstelling"),
        ("daklozen_geregistreerd", "dakthuisloos", "achterstand", "centrumregio", "GM0001", "Centrumregio Aa", None,
         300, None, "personen", "2023", 2023, "CBS", "in opvang"))
    c = cijfers(obs)
    bee = c[(c["gemeentecode"] == "GM0002") & (c["groep"] == "statushouders")].iloc[0]
    assert (bee["waarde"], bee["status"]) == (80.0, "waargenomen")  # a half-year × 2, said in the method
    assert "× 2" in bee["methode"]
    dak = c[(c["groep"] == "dakthuisloos") & (c["grootheid"] == "achterstand")]
    assert len(dak) == 1 and dak.iloc[0]["niveau"] == "centrumregio" and dak.iloc[0]["waarde"] == 300
    assert dak.iloc[0]["gemeente"] == "centrumregio Aa" and dak.iloc[0]["gemeentecode"] == ""
    assert vraagcijfers.totaal(c, "dakthuisloos", "achterstand") == (300, 300, 300)


def test_is_a_small_observed_count_an_interval_before_any_view():
    obs = observations(("daklozen_geregistreerd", "dakthuisloos", "achterstand", "gemeente", "GM0003", "Cee",
                        "GM0003", 3, None, "personen", "2023", 2023, "gemeente", "x"),
                       ("daklozen_geregistreerd", "dakthuisloos", "achterstand", "gemeente", "GM0002", "Bee",
                        "GM0002", 50, None, "personen", "2023", 2023, "gemeente", "x"))
    c = cijfers(obs)
    cee = c[c["gemeentecode"] == "GM0003"].query("groep == 'dakthuisloos'").iloc[0]
    assert math.isnan(cee["waarde"]) and (cee["laag"], cee["hoog"]) == (0, 9) and cee["afgeschermd"]
    lo, mid, hi = vraagcijfers.totaal(c, "dakthuisloos", "achterstand")
    assert (lo, hi) == (50, 59) and mid == 54.5  # the total leaves the hidden cell anywhere in 0–9
    # the rule's estimate for a small municipality is public and stays
    assert not c[(c["groep"] == "statushouders")]["afgeschermd"].any()


def vraag_frame() -> pd.DataFrame:
    """Need in homes per year: Aa 210, Bee 114, Cee 76 (region 400)."""
    return pd.DataFrame({"gemeentecode": ["GM0001", "GM0002", "GM0003"], "gemeente": ["Aa", "Bee", "Cee"],
                         "groep": "statushouders", "vraag": [210.0, 114.0, 76.0]})


def test_is_aanbod_stock_times_mutatiegraad_plus_new_build():
    nieuwbouw = pd.DataFrame({"gemeentecode": ["GM0001", "GM0001"], "jaar": [2024, 2025], "woningen": [10, 99]})
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07, nieuwbouw=nieuwbouw, jaar=2024)
    assert per(a, "vrijkomend") == [140, 35, 35]
    assert per(a, "nieuwbouw") == [10, 0, 0]
    assert per(a, "aanbod") == [150, 35, 35]
    with pytest.raises(ValueError):
        analyse.aanbod(drie_gemeenten(), mutatiegraad=1.5)


def test_is_druk_need_over_supply_against_the_ceiling():
    v = vraag_frame()  # totals 210, 114, 76
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)  # 140, 35, 35
    d = analyse.druk(v, a, plafond_aandeel=0.5)
    assert per(d, "vraag") == [210, 114, 76]
    assert per(d, "druk") == [1.5, round(114 / 35, 6), round(76 / 35, 6)]
    assert per(d, "beschikbaar") == [70, 17.5, 17.5]
    assert per(d, "ruimte") == [-140, -96.5, -58.5]
    assert d["boven_plafond"].tolist() == [True, True, True]
    d = analyse.druk(v, a, plafond_aandeel=1.0)
    assert d["boven_plafond"].tolist() == [True, True, True]


def test_are_fair_shares_always_there_and_the_evenness_index_only_from_observation():
    v = vraag_frame()  # need 210, 114, 76; region 400
    g = drie_gemeenten().merge(analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)[["gemeentecode", "aanbod"]])
    s = analyse.spreiding(v, g)
    assert per(s[s["verdeelsleutel"] == "inwoners"], "eerlijk_aandeel") == [200, 120, 80]
    corp = s[s["verdeelsleutel"] == "corporatiewoningen"]
    assert per(corp, "eerlijk_aandeel") == [round(800 / 3, 6), round(200 / 3, 6), round(200 / 3, 6)]
    assert "verschil" not in s  # the model is not compared with itself
    assert analyse.evenredigheid(analyse.bijdrage(None, g)).empty
    # observed housing in two municipalities: 90 in Aa, 10 in Bee; by inhabitants 10:6 -> 62,5 and 37,5
    housed = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002"], "waarde": [90.0, 10.0]})
    b = analyse.bijdrage(housed, g)
    inw = b[b["verdeelsleutel"] == "inwoners"]
    assert per(inw, "eerlijk_aandeel") == [62.5, 37.5] and per(inw, "verschil") == [27.5, -27.5]
    e = analyse.evenredigheid(b).set_index("verdeelsleutel")
    assert e.at["inwoners", "index"] == pytest.approx(1 - 55 / 200)


def test_the_chosen_verdeelsleutel_labels_one_computation_of_the_region(monkeypatch):
    """Every fair share is computed under every verdeelsleutel; choosing one must not compute the region
    again (the woonzorgvisie asks for two, the procesorganisatie for one), and each choice is an object of
    its own that gives the same object when asked again."""
    from woonzorg.analyse import model

    dataset = load_dataset()
    computed = []
    compute = model.vraag
    monkeypatch.setattr(model, "vraag", lambda *args, **kwargs: computed.append(1) or compute(*args, **kwargs))
    inwoners = analyse.woonzorganalyse(dataset, "parkstad")
    corporaties = analyse.woonzorganalyse(dataset, "parkstad", verdeelsleutel="corporatiewoningen")
    assert len(computed) == 1
    assert analyse.woonzorganalyse(dataset, "parkstad") is inwoners
    assert (inwoners.verdeelsleutel, corporaties.verdeelsleutel) == ("inwoners", "corporatiewoningen")
    pd.testing.assert_frame_equal(inwoners.spreiding, corporaties.spreiding)
    assert inwoners.kerncijfers()["verdeelsleutel"] == "inwoners"
    assert corporaties.kerncijfers()["verdeelsleutel"] == "corporatiewoningen"
    analyse.woonzorganalyse(dataset, "parkstad", mutatiegraad=0.05)  # another scenario is computed
    assert len(computed) == 2
    with pytest.raises(ValueError, match="onbekende verdeelsleutel"):
        analyse.woonzorganalyse(dataset, "parkstad", verdeelsleutel="oppervlakte")


def test_does_the_prognose_accumulate_need_and_supply_year_by_year():
    v = vraag_frame()
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)
    p = analyse.prognose(v, a, peiljaar=2024, doeljaar=2026, plafond_aandeel=0.5, groei_vraag=0.1)
    r = analyse.prognose_regio(p)
    assert r["jaar"].tolist() == [2024, 2025, 2026]
    assert r["vraag"].tolist() == pytest.approx([400, 440, 484])
    assert r["aanbod"].tolist() == pytest.approx([105, 105, 105])
    assert r["tekort"].iloc[-1] == pytest.approx(1324 - 315)
    nieuwbouw = pd.DataFrame({"gemeentecode": ["GM0003"], "jaar": [2025], "woningen": [40]})
    p2 = analyse.prognose(v, a, peiljaar=2024, doeljaar=2026, plafond_aandeel=0.5, nieuwbouw=nieuwbouw)
    assert analyse.prognose_regio(p2)["aanbod"].tolist() == pytest.approx([105, 125, 105])


def test_does_an_observed_letting_replace_the_model_and_the_range_hold_the_ends():
    seen = pd.DataFrame({"gemeentecode": ["GM0002"], "verhuringen": [20.0], "mutatiegraad": [0.04],
                         "periode": ["2023"], "bron": ["corporatie"]})
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07, mutatiegraad_laag=0.04, mutatiegraad_hoog=0.09,
                       waargenomen=seen)
    assert per(a, "vrijkomend") == [140, 20, 35] and a["status"].tolist() == ["schatting", "waargenomen", "schatting"]
    assert per(a, "vrijkomend_laag") == [80, 20, 20] and per(a, "vrijkomend_hoog") == [180, 20, 45]


# --------------------------------------------------------------------------------------------
# Properties


@st.composite
def regio(draw):
    n = draw(st.integers(1, 8))
    pos = st.floats(1, 1e6, allow_nan=False, allow_infinity=False)
    g = pd.DataFrame({
        "gemeentecode": [f"GM{i:04d}" for i in range(n)],
        "gemeente": [f"G{i}" for i in range(n)],
        "inwoners": draw(st.lists(pos, min_size=n, max_size=n)),
        "corporatiewoningen": draw(st.lists(st.floats(0, 1e5), min_size=n, max_size=n)),
        "centrumgemeente": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
    })
    g["huishoudens"] = g["inwoners"] * draw(st.floats(0.3, 0.9))
    return g


@settings(max_examples=60, deadline=None)
@given(regio(), st.floats(0.01, 0.2), st.floats(0.05, 1.0), st.floats(-0.05, 0.1), st.integers(0, 10))
def test_properties_of_shares_sums_and_totals(g, mutatiegraad, plafond, groei, jaren):
    v = pd.DataFrame({"gemeentecode": g["gemeentecode"], "gemeente": g["gemeente"], "groep": "statushouders",
                      "vraag": g["inwoners"] * 0.001})
    a = analyse.aanbod(g, mutatiegraad=mutatiegraad)
    gg = g.merge(a[["gemeentecode", "aanbod"]])
    s = analyse.spreiding(v, gg)
    need = v["vraag"].sum()
    assert analyse.vraag_per_gemeente(v)["vraag"].sum() == pytest.approx(need)
    for sleutel, block in s.groupby("verdeelsleutel"):
        assert block["eerlijk_aandeel"].sum() == pytest.approx(need, rel=1e-9, abs=1e-6)  # fair shares add up
        assert block["sleutelaandeel"].between(0, 1).all()
        assert block["sleutelaandeel"].sum() == pytest.approx(1)
    d = analyse.druk(v, a, plafond_aandeel=plafond)
    assert d["vraag"].sum() == pytest.approx(need)
    p = analyse.prognose(v, a, peiljaar=2024, doeljaar=2024 + jaren, plafond_aandeel=plafond, groei_vraag=groei)
    r = analyse.prognose_regio(p)
    assert len(r) == jaren + 1
    assert r["cumulatief_vraag"].iloc[-1] == pytest.approx(p["vraag"].sum())
    assert r["tekort"].iloc[-1] == pytest.approx(r["vraag"].sum() - r["aanbod"].sum())


# --------------------------------------------------------------------------------------------
# The real data


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_is_the_assumptions_table_registered_and_validated(dataset):
    assert {"analyse-aannames", "analyse-vraag", "analyse-nieuwbouw"} <= set(schemas())
    a = dataset["analyse-aannames"]
    assert set(analyse.REQUIRED_AANNAMES) <= set(a["parameter"])
    assert a["bron"].str.len().min() > 5 and a["methode"].str.len().min() > 5


def test_is_the_persons_per_home_assumption_derived_from_the_data(dataset):
    w = dataset["waarnemingen"]
    housed = w[(w["indicator"] == "gehuisvest_vergunninghouders") & (w["gebied"] == "Nederland")
               & (w["periode"] == "2023 (heel jaar)")]["waarde"].iloc[0]
    lc = dataset["landelijke-cijfers"]
    homes = lc[(lc["indicator"] == "verhuurd_aan_statushouders") & (lc["peildatum"] == "2023-12-31")]["waarde"].iloc[0]
    assert analyse.grondslag(dataset).personen_per_woning_statushouders == round(housed / homes, 1)


def test_does_the_national_turnover_come_from_the_data(dataset):
    nl = analyse.grondslag(dataset, 2024)
    assert nl.mutatiegraad == pytest.approx(161_000 / 2_312_981)
    assert nl.taakstelling_personen == 18_750 + 17_000
    assert nl.aandeel_urgenten == pytest.approx(0.19)


def test_does_the_statushouders_rule_give_enschedes_reported_task(dataset):
    result = analyse.woonzorganalyse(dataset, "enschede")
    c = analyse.controle_statushouders(result).set_index(["gemeente", "periode"])
    assert round(c.at[("Enschede", "2024-H1"), "volgens_regel"]) == 169 == c.at[("Enschede", "2024-H1"), "waargenomen"]


def test_is_a_missing_assumption_an_error(data_copy):
    path = data_copy / "analyse-aannames.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("woningen_per_dakloze")) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="woningen_per_dakloze"):
        load_dataset(data_copy)


def test_do_own_observations_and_new_build_flow_into_the_analysis(data_copy):
    (data_copy / "analyse-vraag.csv").write_text(
        "regio,gemeentecode,groep,jaar,vraag,bron,opmerking\n"
        "parkstad,GM0917,statushouders,2026,99,eigen telling,\n", encoding="utf-8")
    (data_copy / "analyse-nieuwbouw.csv").write_text(
        "regio,gemeentecode,jaar,woningen,bron,opmerking\n"
        "parkstad,GM0917,2026,100,prestatieafspraken,\nparkstad,GM0917,2028,50,prestatieafspraken,\n",
        encoding="utf-8")
    ds = load_dataset(data_copy)
    base = analyse.woonzorganalyse(load_dataset(), "parkstad", peiljaar=2026)
    r = analyse.woonzorganalyse(ds, "parkstad", peiljaar=2026)
    heerlen = r.vraag[(r.vraag["gemeentecode"] == "GM0917") & (r.vraag["groep"] == "statushouders")].iloc[0]
    assert (heerlen["vraag"], heerlen["status"]) == (99.0, "waargenomen")
    assert r.aanbod["aanbod"].sum() == pytest.approx(base.aanbod["aanbod"].sum() + 100)
    extra = r.prognose_regio["aanbod"] - base.prognose_regio["aanbod"]
    assert extra.tolist() == pytest.approx([100 * r.plafond_aandeel, 0, 50 * r.plafond_aandeel, 0, 0])
    # sourced new build is known: the supply figure no longer names it as missing; without it, it is onbekend
    assert "geplande sociale nieuwbouw" not in r.beschikbaar().ontbrekend
    assert "geplande sociale nieuwbouw" in base.beschikbaar().ontbrekend


def test_is_an_observation_for_a_municipality_outside_the_region_refused(data_copy):
    (data_copy / "analyse-vraag.csv").write_text(
        "regio,gemeentecode,groep,jaar,vraag,bron,opmerking\nparkstad,GM0153,urgenten,2024,5,x,\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="GM0153"):
        load_dataset(data_copy)


@pytest.mark.parametrize("regio", ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"])
def test_does_every_region_give_consistent_key_figures(dataset, regio):
    r = analyse.woonzorganalyse(dataset, regio)
    k = r.kerncijfers()
    totaal = r.vraag_totaal().figuur
    assert totaal.laag == pytest.approx(r.vraag["laag"].sum()) and totaal.laag > 0
    # a total is never shown without its completeness; an incomplete one is a lower bound
    assert f"van de {len(r.groepen)} groepen" in k["vraag_per_jaar"]
    assert k["vraag_per_jaar"].startswith("ten minste") == (not totaal.volledig)
    assert k["evenredigheidsindex"] is None or 0 <= k["evenredigheidsindex"] <= 1
    assert k["tekort_doeljaar"].startswith("niet te zeggen") == (r.tekort().teken() is None)
    assert 3 <= len(analyse.bevindingen(r)) <= 5
    assert re.fullmatch(r"[\d.]+(–[\d.]+)? personen per jaar \((schatting|waargenomen|deels waargenomen)\)",
                        k["instroom_statushouders"])


def test_do_the_knobs_change_the_result(dataset):
    base = analyse.woonzorganalyse(dataset, "parkstad")
    more = analyse.woonzorganalyse(dataset, "parkstad", plafond_aandeel=0.5, mutatiegraad=0.08, groei_vraag=0.02,
                                   verdeelsleutel="corporatiewoningen")
    assert more.prognose_regio["tekort"].iloc[-1] < base.prognose_regio["tekort"].iloc[-1]
    assert more.tekort().laag < base.tekort().laag or math.isinf(base.tekort().laag)
    assert more.vraag_totaal().figuur.laag == pytest.approx(base.vraag_totaal().figuur.laag * 1)  # supply knobs only
    assert math.isnan(more.index)  # Parkstad has no observed contribution: no evenness index
    for regio in ("mra", "haaglanden"):
        r = analyse.woonzorganalyse(dataset, regio, verdeelsleutel="corporatiewoningen")
        if r.bijdrage_dekking >= 0.8:  # the index only where observed contributions cover 80% of the inhabitants
            assert r.index == pytest.approx(r.evenredigheid.set_index("verdeelsleutel").at["corporatiewoningen",
                                                                                           "index"])
        else:
            assert math.isnan(r.index)
    with pytest.raises(ValueError):
        analyse.woonzorganalyse(dataset, "parkstad", verdeelsleutel="willekeurig")


def test_do_the_page_parts_show_the_key_figures_and_alt_text(dataset):
    r = analyse.woonzorganalyse(dataset, "parkstad")
    k = r.kerncijfers()
    html = analyse.kerncijfers_html(r)._repr_html_()
    assert k["instroom_statushouders"] in html and k["groepen_inventaris"] in html
    for chart in (analyse.vraag_chart(r), analyse.druk_chart(r), analyse.spreiding_chart(r), analyse.prognose_chart(r)):
        assert chart.alt and chart.bron and chart.svg.lstrip().startswith(b"<?xml") and b"<svg" in chart.svg
    table = analyse.vraag_table(r).to_html()
    assert "<caption>" in table and "onbekend" in table and "schatting" in table


def test_do_the_workbook_controls_recompute_on_change(dataset, monkeypatch):
    r = analyse.woonzorganalyse(dataset, "parkstad")
    calls = []
    box = widgets.scenario_controls(analyse.scenario_knobs(r), lambda **k: calls.append(k) or [])
    assert calls[-1]["plafond_aandeel"] == pytest.approx(r.plafond_aandeel)
    box.controls["plafond_aandeel"].value = 0.4
    box.controls["verdeelsleutel"].value = "vrijkomend"
    assert calls[-1]["plafond_aandeel"] == 0.4 and calls[-1]["verdeelsleutel"] == "vrijkomend"
    assert len(calls) == 3
    render = analyse.scenario_renderer(dataset, r)
    view = render(**calls[-1])
    assert len(view) == 5
    changed = analyse.woonzorganalyse(dataset, "parkstad", plafond_aandeel=0.4, verdeelsleutel="vrijkomend")
    assert view[1].alt == analyse.druk_chart(changed).alt != analyse.druk_chart(r).alt
    # at the starting values the controls show the notebook's own result: its charts are not drawn again
    start = render(**calls[0])
    assert start[1] is analyse.druk_chart(r) and start[4] is analyse.prognose_chart(r)
    live = widgets.scenario_controls(analyse.scenario_knobs(r), render)
    assert len(live.output.outputs) == 5 and all("text/html" in o["data"] for o in live.output.outputs)

    updates = []  # what the output area's comm sends to the page: the lists of outputs it is given

    def send(data=None, buffers=None, **_):
        if data.get("method") == "update" and "outputs" in data.get("state", {}):
            updates.append(data["state"]["outputs"])

    monkeypatch.setattr(live.output.comm, "send", send)
    live.controls["plafond_aandeel"].value = 0.4
    # one message with the five new outputs, not one per output added (each with all outputs so far)
    assert [len(outputs) for outputs in updates] == [5]


def test_does_a_failing_render_show_a_message_instead_of_breaking(capsys):
    knobs = {"x": widgets.Knob.slider("X", 0.5, 0, 1, 0.1)}

    def render(x):
        raise ValueError("kapot")

    box = widgets.scenario_controls(knobs, render)
    box.controls["x"].value = 0.7  # does not raise
    assert "kapot" in box.output.outputs[0]["text"]
    with pytest.raises(ValueError):
        widgets.Knob.dropdown("Y", {"a": 1}, 2)
    assert not math.isnan(box.controls["x"].value)


def test_do_the_charts_show_the_gap_and_keep_small_municipalities_visible(dataset):
    mra = analyse.woonzorganalyse(dataset, "mra", verdeelsleutel="inwoners")
    spreiding = analyse.spreiding_chart(mra)
    assert b"zonder Amsterdam, eigen schaal" in spreiding.svg  # Amsterdam no longer squashes 29 others
    assert "Een tweede paneel toont de gemeenten zonder Amsterdam" in spreiding.alt
    parkstad = analyse.woonzorganalyse(dataset, "parkstad")
    assert b"zonder" not in analyse.spreiding_chart(parkstad).svg  # no municipality dwarfs the rest here
    prognose = analyse.prognose_chart(parkstad)
    # the intervals leave the sign open (groups onbekend): no gap is named, and the alt text says why
    assert parkstad.tekort().teken() is None
    assert b"tekort 2030" not in prognose.svg and b"ruimte 2030" not in prognose.svg
    assert "niet te zeggen" in prognose.alt
