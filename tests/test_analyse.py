"""The woonzorganalyse library: hand-computed three-municipality cases, properties, and the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg import analyse, dutch, widgets
from woonzorg.data import schemas, DataValidationError, load_dataset

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


def test_does_vraag_follow_the_hand_computed_rules():
    v = analyse.vraag(drie_gemeenten(), NL, doeljaar=2030)
    # statushouders: 1000 × 10.000/100.000 = 100 persons, / 2 = 50 homes (and 30, 20)
    assert per(v, "personen", "statushouders") == [100, 60, 40]
    assert per(v, "vraag", "statushouders") == [50, 30, 20]
    # urgenten: (0,3 − 0,1) × 7.000 / 50.000 = 0,028 per household
    assert per(v, "vraag", "urgenten") == [140, 84, 56]
    # dakthuisloos: 700 × 20.000/100.000 = 140 persons, all in the centrumgemeente, over 7 years
    assert per(v, "personen", "dakthuisloos") == [140, 0, 0]
    assert per(v, "vraag", "dakthuisloos") == [20, 0, 0]
    assert set(v["status"]) == {"schatting"}
    assert v["methode"].str.len().min() > 20


def test_without_a_centrumgemeente_are_the_homeless_spread_by_inhabitants():
    v = analyse.vraag(drie_gemeenten(centrum=(False, False, False)), NL, doeljaar=2030)
    assert per(v, "vraag", "dakthuisloos") == [10, 6, 4]
    assert "geen centrumgemeente" in v[v["groep"] == "dakthuisloos"]["methode"].iloc[0]


def test_does_an_observation_replace_the_estimate():
    obs = pd.DataFrame({"gemeentecode": ["GM0002"], "groep": ["urgenten"], "vraag": [12.0], "bron": ["eigen"]})
    v = analyse.vraag(drie_gemeenten(), NL, doeljaar=2030, waarnemingen=obs)
    row = v[(v["gemeentecode"] == "GM0002") & (v["groep"] == "urgenten")].iloc[0]
    assert (row["vraag"], row["status"], row["bron"]) == (12.0, "waarneming", "eigen")
    assert per(v, "vraag", "urgenten") == [140, 12, 56]


def test_is_a_doeljaar_before_the_peiljaar_refused():
    with pytest.raises(ValueError):
        analyse.vraag(drie_gemeenten(), NL, doeljaar=2020)


def test_is_aanbod_stock_times_mutatiegraad_plus_new_build():
    nieuwbouw = pd.DataFrame({"gemeentecode": ["GM0001", "GM0001"], "jaar": [2024, 2025], "woningen": [10, 99]})
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07, nieuwbouw=nieuwbouw, jaar=2024)
    assert per(a, "vrijkomend") == [140, 35, 35]
    assert per(a, "nieuwbouw") == [10, 0, 0]
    assert per(a, "aanbod") == [150, 35, 35]
    with pytest.raises(ValueError):
        analyse.aanbod(drie_gemeenten(), mutatiegraad=1.5)


def test_is_druk_need_over_supply_against_the_ceiling():
    v = analyse.vraag(drie_gemeenten(), NL, doeljaar=2030)  # totals 210, 114, 76
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)  # 140, 35, 35
    d = analyse.druk(v, a, plafond_aandeel=0.5)
    assert per(d, "vraag") == [210, 114, 76]
    assert per(d, "druk") == [1.5, round(114 / 35, 6), round(76 / 35, 6)]
    assert per(d, "beschikbaar") == [70, 17.5, 17.5]
    assert per(d, "ruimte") == [-140, -96.5, -58.5]
    assert d["boven_plafond"].tolist() == [True, True, True]
    d = analyse.druk(v, a, plafond_aandeel=1.0)
    assert d["boven_plafond"].tolist() == [True, True, True]


def test_are_fair_shares_and_the_evenness_index_as_computed_by_hand():
    v = analyse.vraag(drie_gemeenten(), NL, doeljaar=2030)  # own need 210, 114, 76; region 400
    g = drie_gemeenten().merge(analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)[["gemeentecode", "aanbod"]])
    s = analyse.spreiding(v, g)
    inw = s[s["verdeelsleutel"] == "inwoners"]
    assert per(inw, "eerlijk_aandeel") == [200, 120, 80]
    assert per(inw, "verschil") == [10, -6, -4]
    corp = s[s["verdeelsleutel"] == "corporatiewoningen"]
    assert per(corp, "eerlijk_aandeel") == [round(800 / 3, 6), round(200 / 3, 6), round(200 / 3, 6)]
    e = analyse.evenredigheid(s).set_index("verdeelsleutel")
    assert e.at["inwoners", "index"] == pytest.approx(1 - 20 / 800)
    assert e.at["corporatiewoningen", "index"] == pytest.approx(1 - (2 * (800 / 3 - 210)) / 800)
    assert e.at["inwoners", "te_herverdelen"] == pytest.approx(10)
    # stock and vacancies are proportional here (one mutatiegraad, no new build): same shares
    assert e.at["vrijkomend", "index"] == pytest.approx(e.at["corporatiewoningen", "index"])


def test_does_the_prognose_accumulate_need_and_supply_year_by_year():
    v = analyse.vraag(drie_gemeenten(), NL, doeljaar=2026)
    a = analyse.aanbod(drie_gemeenten(), mutatiegraad=0.07)
    p = analyse.prognose(v, a, peiljaar=2024, doeljaar=2026, plafond_aandeel=0.5, groei_vraag=0.1)
    r = analyse.prognose_regio(p)
    # homeless over 3 years: 140/3 a year; region need 50+30+20 + 140+84+56 + 140/3
    basis = 380 + 140 / 3
    assert r["jaar"].tolist() == [2024, 2025, 2026]
    assert r["vraag"].tolist() == pytest.approx([basis, basis * 1.1, basis * 1.21])
    assert r["aanbod"].tolist() == pytest.approx([105, 105, 105])
    assert r["tekort"].iloc[-1] == pytest.approx(basis * 3.31 - 315)
    nieuwbouw = pd.DataFrame({"gemeentecode": ["GM0003"], "jaar": [2025], "woningen": [40]})
    p2 = analyse.prognose(v, a, peiljaar=2024, doeljaar=2026, plafond_aandeel=0.5, nieuwbouw=nieuwbouw)
    assert analyse.prognose_regio(p2)["aanbod"].tolist() == pytest.approx([105, 125, 105])


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
    v = analyse.vraag(g, NL, doeljaar=2024 + jaren)
    a = analyse.aanbod(g, mutatiegraad=mutatiegraad)
    gg = g.merge(a[["gemeentecode", "aanbod"]])
    s = analyse.spreiding(v, gg)
    need = v["vraag"].sum()
    # totals equal the sum of parts
    assert analyse.vraag_per_gemeente(v)["vraag"].sum() == pytest.approx(need)
    for sleutel, block in s.groupby("verdeelsleutel"):
        assert block["eerlijk_aandeel"].sum() == pytest.approx(need, rel=1e-9, abs=1e-6)  # fair shares add up
        assert block["verschil"].sum() == pytest.approx(0, abs=1e-6 * max(1, need))  # surplus = deficit
        assert block["sleutelaandeel"].between(0, 1).all()
        assert block["sleutelaandeel"].sum() == pytest.approx(1)
    e = analyse.evenredigheid(s)
    assert e["index"].between(0, 1).all()
    d = analyse.druk(v, a, plafond_aandeel=plafond)
    assert d["vraag"].sum() == pytest.approx(need)
    p = analyse.prognose(v, a, peiljaar=2024, doeljaar=2024 + jaren, plafond_aandeel=plafond, groei_vraag=groei)
    r = analyse.prognose_regio(p)
    assert len(r) == jaren + 1
    assert r["cumulatief_vraag"].iloc[-1] == pytest.approx(p["vraag"].sum())
    assert r["tekort"].iloc[-1] == pytest.approx(r["vraag"].sum() - r["aanbod"].sum())
    if groei == 0:
        homeless = v[v["groep"] == "dakthuisloos"]["personen"].sum()
        assert r["cumulatief_vraag"].iloc[-1] == pytest.approx(
            (need - v[v["groep"] == "dakthuisloos"]["vraag"].sum()) * (jaren + 1) + homeless)


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
        "parkstad,GM0917,statushouders,2024,99,eigen telling,\n", encoding="utf-8")
    (data_copy / "analyse-nieuwbouw.csv").write_text(
        "regio,gemeentecode,jaar,woningen,bron,opmerking\n"
        "parkstad,GM0917,2024,100,prestatieafspraken,\nparkstad,GM0917,2026,50,prestatieafspraken,\n",
        encoding="utf-8")
    ds = load_dataset(data_copy)
    base = analyse.woonzorganalyse(load_dataset(), "parkstad")
    r = analyse.woonzorganalyse(ds, "parkstad")
    heerlen = r.vraag[(r.vraag["gemeentecode"] == "GM0917") & (r.vraag["groep"] == "statushouders")].iloc[0]
    assert (heerlen["vraag"], heerlen["status"]) == (99.0, "waarneming")
    assert r.aanbod["aanbod"].sum() == pytest.approx(base.aanbod["aanbod"].sum() + 100)
    extra = r.prognose_regio["aanbod"] - base.prognose_regio["aanbod"]
    assert extra.tolist() == pytest.approx([100 * r.plafond_aandeel, 0, 50 * r.plafond_aandeel, 0, 0, 0, 0])


def test_is_an_observation_for_a_municipality_outside_the_region_refused(data_copy):
    (data_copy / "analyse-vraag.csv").write_text(
        "regio,gemeentecode,groep,jaar,vraag,bron,opmerking\nparkstad,GM0153,urgenten,2024,5,x,\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="GM0153"):
        load_dataset(data_copy)


@pytest.mark.parametrize("regio", ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"])
def test_does_every_region_give_consistent_key_figures(dataset, regio):
    r = analyse.woonzorganalyse(dataset, regio)
    k = r.kerncijfers()
    assert k["vraag_per_jaar"] == round(r.vraag["vraag"].sum()) > 0
    assert 0 <= k["evenredigheidsindex"] <= 1
    assert k["tekort_doeljaar"] == round(r.prognose_regio["tekort"].iloc[-1])
    assert len(analyse.bevindingen(r)) >= 5


def test_do_the_knobs_change_the_result(dataset):
    base = analyse.woonzorganalyse(dataset, "parkstad")
    more = analyse.woonzorganalyse(dataset, "parkstad", plafond_aandeel=0.5, mutatiegraad=0.08, groei_vraag=0.02,
                                   verdeelsleutel="corporatiewoningen")
    assert more.kerncijfers()["tekort_doeljaar"] < base.kerncijfers()["tekort_doeljaar"]
    assert more.index == pytest.approx(more.evenredigheid.set_index("verdeelsleutel").at["corporatiewoningen", "index"])
    with pytest.raises(ValueError):
        analyse.woonzorganalyse(dataset, "parkstad", verdeelsleutel="willekeurig")


def test_do_the_page_parts_show_the_key_figures_and_alt_text(dataset):
    r = analyse.woonzorganalyse(dataset, "parkstad")
    k = r.kerncijfers()
    html = analyse.kerncijfers_html(r)._repr_html_()
    assert dutch.number(k["vraag_per_jaar"]) in html
    for chart in (analyse.vraag_chart(r), analyse.druk_chart(r), analyse.spreiding_chart(r), analyse.prognose_chart(r)):
        assert chart.alt and chart.bron and chart.svg.lstrip().startswith(b"<?xml") and b"<svg" in chart.svg
    table = analyse.vraag_table(r).to_html()
    assert "<caption>" in table and "&lt;10" in table  # small municipalities are suppressed


def test_do_the_workbook_controls_recompute_on_change(dataset):
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
