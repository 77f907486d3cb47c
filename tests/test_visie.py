"""The woonzorgvisie library: targets that add up, building blocks from sourced data, a draft text with the table's figures."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg import figures, dutch, analyse, visie
from woonzorg.present import privacy, record
from woonzorg import data as wd

KOPLOPERS = ["enschede", "groningen", "parkstad", "arnhem-nijmegen", "haaglanden", "mra"]


@pytest.fixture(scope="module")
def gegevens() -> wd.Dataset:
    return wd.load_dataset()


@pytest.fixture(scope="module")
def parkstad(gegevens) -> visie.Woonzorgvisie:
    return visie.woonzorgvisie(gegevens, "parkstad")


# --------------------------------------------------------------------------------------------
# Targets add up to the regional task


@pytest.mark.parametrize("regio", KOPLOPERS)
@pytest.mark.parametrize("sleutel", list(analyse.VERDEELSLEUTELS))
def test_targets_per_municipality_add_up_to_the_regional_task(gegevens, regio, sleutel):
    """Under every verdeelsleutel, do the targets add up (per year and in total) to ambitie × the analysis' need?"""
    v = visie.woonzorgvisie(gegevens, regio, verdeelsleutel=sleutel, ambitie=0.8, groei_vraag=0.02)
    a = analyse.woonzorganalyse(gegevens, regio, verdeelsleutel=sleutel, groei_vraag=0.02)
    per_jaar = v.opgave.groupby("jaar")["opgave"].sum()
    expected = a.prognose_regio.set_index("jaar")["vraag"] * 0.8
    pd.testing.assert_series_equal(per_jaar, expected, check_names=False)
    assert v.opgave_regio == pytest.approx(0.8 * a.prognose_regio["cumulatief_vraag"].iloc[-1])
    g = v.per_gemeente()
    assert g["opgave"].sum() == pytest.approx(v.opgave_regio)
    assert g["opgave_afgerond"].sum() == round(v.opgave_regio)
    assert v.beschikbaar_regio == pytest.approx(a.prognose_regio["cumulatief_aanbod"].iloc[-1])
    # the shares are the analysis' own key shares
    s = a.spreiding[a.spreiding["verdeelsleutel"] == sleutel].set_index("gemeentecode")["sleutelaandeel"]
    assert g.set_index("gemeentecode")["sleutelaandeel"].to_dict() == pytest.approx(s.to_dict())


def test_full_ambition_leaves_the_analysis_shortfall(parkstad, gegevens):
    """At 100% ambition, is the shortfall against available supply the analysis' tekort_doeljaar?"""
    a = analyse.woonzorganalyse(gegevens, "parkstad")
    assert parkstad.ambitie == 1.0 and a.groei_vraag == 0
    assert (parkstad.tekort().laag, parkstad.tekort().hoog) == pytest.approx((a.tekort().laag, a.tekort().hoog))
    assert parkstad.opgave_per_jaar_totaal().figuur.laag == pytest.approx(a.vraag_totaal().figuur.laag)
    assert parkstad.kerncijfers()["opgave_per_jaar"] == a.kerncijfers()["vraag_per_jaar"]


@pytest.mark.parametrize("regio", KOPLOPERS)
def test_rounded_targets_per_year_add_up_both_ways(gegevens, regio):
    """Does the table per year add up along rows (to each total) and columns (to the rounded regional figure)?"""
    v = visie.woonzorgvisie(gegevens, regio)
    r = visie.opgave_afgerond(v.opgave)
    jaren = [c for c in r.columns if isinstance(c, int)]
    assert (r[jaren].sum(axis=1) == r["totaal"]).all()
    assert (r[jaren] >= 0).all().all()
    cum = v.opgave.groupby("jaar")["opgave"].sum().cumsum().round()
    assert r[jaren].sum().cumsum().tolist() == cum.astype(int).tolist()
    assert r["totaal"].tolist() == v.per_gemeente()["opgave_afgerond"].tolist()


gemeente = st.tuples(
    st.integers(min_value=500, max_value=900_000),  # inwoners
    st.integers(min_value=0, max_value=200_000),  # corporatiewoningen
    st.floats(min_value=0, max_value=5_000),  # vraag in the municipality
)


@settings(max_examples=60, deadline=None)
@given(
    gemeenten=st.lists(gemeente, min_size=1, max_size=9),
    sleutel=st.sampled_from(list(analyse.VERDEELSLEUTELS)),
    ambitie=st.floats(min_value=0, max_value=1),
    groei=st.floats(min_value=-0.05, max_value=0.1),
    jaren=st.integers(min_value=0, max_value=10),
    mutatiegraad=st.floats(min_value=0, max_value=0.2),
)
def test_property_targets_add_up_for_any_region(gemeenten, sleutel, ambitie, groei, jaren, mutatiegraad):
    """For any small region and choices: per year Σ targets = ambitie × regional need; rounded totals add up too."""
    codes = [f"GM{i:04d}" for i in range(len(gemeenten))]
    basis = pd.DataFrame({"gemeentecode": codes, "gemeente": [f"Gemeente {c}" for c in codes],
                          "inwoners": [g[0] for g in gemeenten],
                          "corporatiewoningen": [float(g[1]) for g in gemeenten]})
    a = analyse.aanbod(basis, mutatiegraad=mutatiegraad)
    basis = basis.merge(a[["gemeentecode", "aanbod"]], on="gemeentecode")
    vraag = pd.DataFrame({"gemeentecode": codes, "gemeente": basis["gemeente"], "groep": "urgenten",
                          "vraag": [g[2] for g in gemeenten]})
    p = analyse.prognose(vraag, a, peiljaar=2024, doeljaar=2024 + jaren, plafond_aandeel=0.3, groei_vraag=groei)
    s = analyse.spreiding(vraag, basis)
    o = visie.opgave(p, s, verdeelsleutel=sleutel, ambitie=ambitie, verdeelbaar=float(vraag["vraag"].sum()))
    regio = p.groupby("jaar")["vraag"].sum()
    assert o.groupby("jaar")["opgave"].sum().to_numpy() == pytest.approx((ambitie * regio).to_numpy(), rel=1e-9, abs=1e-6)
    last = o[o["jaar"] == 2024 + jaren]
    assert last["cumulatief_opgave"].sum() == pytest.approx(ambitie * regio.sum(), rel=1e-9, abs=1e-6)
    r = visie.opgave_afgerond(o)
    assert r["totaal"].sum() == round(last["cumulatief_opgave"].sum())
    yrs = [c for c in r.columns if isinstance(c, int)]
    assert (r[yrs].sum(axis=1) == r["totaal"]).all()


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=30))
def test_property_largest_remainder_adds_up_and_stays_within_one(values):
    """Do rounded targets add up to the rounded total, each within one home of its exact value?"""
    r = visie.afronden(values)
    assert sum(r) == round(sum(values))
    assert all(abs(x - v) < 1 + 1e-9 for x, v in zip(r, values))


def test_largest_remainder_gives_the_missing_unit_to_the_largest_remainder():
    assert visie.afronden([1.2, 1.4, 1.4]) == [1, 2, 1]  # 4.0 total: first 1.4 wins the tie
    assert visie.afronden([0.5, 0.5]) == [1, 0]
    assert visie.afronden([2.6, 2.6], totaal=4) == [2, 2]
    assert visie.afronden([]) == []


def test_ambition_outside_0_1_is_refused(gegevens):
    with pytest.raises(ValueError, match="ambitie"):
        visie.woonzorgvisie(gegevens, "parkstad", ambitie=1.5)


# --------------------------------------------------------------------------------------------
# Building blocks


def test_every_koploper_region_has_a_sourced_status_for_every_building_block(gegevens):
    """Is every block covered, is every known status sourced, and is nothing an unmarked example?"""
    blocks = gegevens["visie-bouwstenen"]
    assert set(blocks["soort"]) == {"onderwerp", "wet"}
    assert (blocks["soort"] == "onderwerp").sum() == 11  # the Taskforce topics (FACTS.md)
    for regio in KOPLOPERS:
        bs = visie.bouwstenen_status(gegevens, regio)
        assert len(bs) == len(blocks) and visie.NIET_INGEVULD not in set(bs["toelichting"])
        known = bs[bs["status"].isin(["aanwezig", "gedeeltelijk", "ontbreekt"])]
        assert known["bron"].str.contains(r"https?://").all(), known[["bouwsteen", "bron"]]
        assert not bs["voorbeeld"].any()  # the shipped statuses are sourced, not examples


def test_a_block_without_a_row_is_unknown_and_an_example_is_only_practice(data_copy: Path):
    status = data_copy / "visie-status.csv"
    rows = status.read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if not r.startswith("parkstad,communicatie,")]
    kept = [re.sub(r"^(parkstad,partners,.*),nee$", r"\1,ja", r) for r in kept]
    status.write_text("\n".join(kept) + "\n", encoding="utf-8")
    v = visie.woonzorgvisie(wd.load_dataset(data_copy), "parkstad")
    row = v.bouwstenen.set_index("bouwsteen").loc["communicatie"]
    assert row["status"] == "onbekend" and row["toelichting"] == visie.NIET_INGEVULD
    # an example status is not the region's status: the block counts as unknown, the example only in the
    # practice block (never in the table, the draft or the monitoring)
    partners = v.bouwstenen.set_index("bouwsteen").loc["partners"]
    assert partners["status"] == "onbekend" and not v.bouwstenen["voorbeeld"].any()
    assert list(v.voorbeeldstatus["bouwsteen"]) == ["partners"]
    block = visie.oefenmateriaal_html(v)._repr_html_()
    assert 'class="wz-oefenmateriaal"' in block and "Gedeeltelijk" in block
    assert "(voorbeeld)" not in visie.bouwstenen_table(v).to_html()
    assert "voorbeeld" not in visie.concept_tekst(v).lower().replace("bijvoorbeeld", "")
    assert visie.eigen_stand_html(v).markup == ""  # other blocks have a sourced status
    assert visie.oefenmateriaal_html(visie.woonzorgvisie(wd.load_dataset(), "parkstad"))._repr_html_() == ""


def test_unknown_status_is_reported_with_file_row_and_column(data_copy: Path):
    status = data_copy / "visie-status.csv"
    text = status.read_text(encoding="utf-8").replace("parkstad,duiding,aanwezig,", "parkstad,duiding,bijna,", 1)
    status.write_text(text, encoding="utf-8")
    with pytest.raises(wd.DataValidationError) as exc:
        wd.load_dataset(data_copy)
    (error,) = exc.value.errors
    regel = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("parkstad,duiding,"))
    assert (error.file, error.regel, error.kolom) == ("data/visie-status.csv", regel, "status")
    assert "bijna" in error.message


def test_text_from_data_is_escaped_in_tables_and_draft(data_copy: Path):
    status = data_copy / "visie-status.csv"
    text = status.read_text(encoding="utf-8").replace(
        "parkstad,communicatie,onbekend,Niets over gevonden", "parkstad,communicatie,onbekend,<script>x</script> & co", 1)
    status.write_text(text, encoding="utf-8")
    v = visie.woonzorgvisie(wd.load_dataset(data_copy), "parkstad")
    assert "<script>" not in visie.bouwstenen_table(v).to_html()
    concept = visie.concept_tekst(v)
    assert "<script>" not in concept and "\\<script\\>x\\</script\\> & co" in concept
    assert "'Fair share'" in concept and "&#" not in concept  # apostrophes stay readable in the Markdown


# --------------------------------------------------------------------------------------------
# The draft text


def _markdown_table(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.parametrize("regio,sleutel,ambitie", [("parkstad", "inwoners", 1.0), ("mra", "vrijkomend", 0.6),
                                                   ("groningen", "corporatiewoningen", 0.75)])
def test_draft_text_has_the_same_figures_as_the_tables(gegevens, regio, sleutel, ambitie):
    """Are the targets in the draft text the figures of the guide's table, and the regional task the analysis'?"""
    v = visie.woonzorgvisie(gegevens, regio, verdeelsleutel=sleutel, ambitie=ambitie)
    concept = visie.concept_tekst(v)
    table = visie.opgave_table(v)
    md_rows = _markdown_table(concept, "| Gemeente |")
    shown = [list(map(str, r)) for r in table.frame.itertuples(index=False)]
    shown.append([str(table.totals[c]) for c in table.frame.columns])
    assert md_rows == shown
    a = analyse.woonzorganalyse(gegevens, regio, verdeelsleutel=sleutel)
    task = dutch.number(round(v.opgave_regio))
    assert f"samen **{task} woningen**" in concept
    assert md_rows[-1][3] == task
    # the need in the text is the analysis' total, with its completeness next to it
    total = a.vraag_totaal()
    assert f"**{figures.getal(total.figuur, 'woningen per jaar')}** nodig" in concept
    assert figures.volledigheid_tekst(total.figuur, total.delen) in concept.replace("\n  ", " ")
    assert f"ambitie {visie._pct(ambitie)}" in concept
    for naam in v.per_gemeente()["gemeente"]:
        assert f"| {naam} |" in concept


def test_draft_names_gaps_and_sources(parkstad):
    concept = visie.concept_tekst(parkstad)
    from woonzorg.beleid import build_date

    start = max(2024, min(build_date().year, 2030))  # the horizon starts at the build year (issue 15)
    assert concept.startswith(f"# Concept-woonzorgvisie Stadsregio Parkstad Limburg {start}–2030")
    assert "*Communicatie*" in concept and "[Nog in te vullen.]" in concept
    assert "https://www.wellernet.nl/" in concept  # sources of the region's statuses
    assert "## 8. Monitoring" in concept and "| Evenredigheidsindex |" in concept


def test_concept_attachment_follows_the_build_contract(parkstad):
    text = visie.concept_tekst(parkstad)
    bundle = visie.concept_bijlage(parkstad)._repr_mimebundle_()
    assert bundle == {"application/vnd.woonzorg.bijlage+json": {"bestand": "woonzorgvisie-concept.md", "inhoud": text},
                      "text/markdown": text}
    with pytest.raises(ValueError):
        record.Bijlage("../elders.md", text)


def test_preview_moves_headings_down_so_the_page_keeps_one_h1(parkstad):
    preview = visie.concept_voorbeeld(visie.concept_tekst(parkstad))._repr_markdown_()
    assert not re.search(r"^#{1,2} ", preview, re.M)
    assert "### Concept-woonzorgvisie" in preview and "#### 4. Opgave per gemeente" in preview


# --------------------------------------------------------------------------------------------
# Monitoring, choices and presentation


def test_monitoring_indicators_have_a_start_and_a_target(parkstad):
    m = visie.monitoring(parkstad)
    assert len(m) == len(visie.MONITORING) >= 6
    assert m[["nulmeting", "streefwaarde", "bron"]].ne("").all().all()
    index = parkstad.analyse.index  # the analysis' figure (it moves with the observed data), not a constant
    shown = m.set_index("indicator").at["Evenredigheidsindex", "nulmeting"]
    if index == index:
        assert shown.startswith(dutch.number(index, 2))
    else:  # no observed contributions in the region: the index is not estimated but asked for
        assert "eigen registratie nodig" in shown


def test_choices_side_by_side(parkstad):
    k = visie.keuzes_ambitie(parkstad, niveaus=(0.5, 0.9))
    assert k["ambitie"].tolist() == [0.5, 0.9, 1.0] and k["gekozen"].tolist() == [False, False, True]
    assert k["opgave"].iloc[0] * 2 == pytest.approx(k["opgave"].iloc[-1])
    s = visie.keuzes_verdeelsleutel(parkstad)
    for sleutel in analyse.VERDEELSLEUTELS:
        assert s[sleutel].sum() == pytest.approx(parkstad.opgave_regio)


def test_charts_have_alt_text_and_dutch_source(parkstad):
    for chart in (visie.bouwstenen_chart(parkstad), visie.opgave_chart(parkstad), visie.keuzes_chart(parkstad)):
        page = chart.to_html()
        alt = html.unescape(re.search(r'alt="([^"]+)"', page).group(1))
        assert "Stadsregio Parkstad Limburg" in alt and "Bron:" in page


def test_small_estimated_need_is_suppressed(parkstad):
    """Is a municipality's own estimated need under 10 shown as <10 in the choices table?"""
    v = parkstad
    tiny = v.opgave.copy()
    code = tiny["gemeentecode"].iloc[0]
    for col in ("eigen_vraag", "cumulatief_eigen_vraag"):
        tiny.loc[tiny["gemeentecode"] == code, col] = 3.0
    small = visie.Woonzorgvisie(analyse=v.analyse, ambitie=v.ambitie, bouwstenen=v.bouwstenen, opgave=tiny,
                                opgave_per_sleutel={**v.opgave_per_sleutel, v.verdeelsleutel: tiny})
    frame = visie.keuzes_sleutel_table(small).frame
    assert frame["Eigen vraag (schatting)"].iloc[0] == "<10"
    assert frame["Eigen vraag (schatting)"].isin(["<10", privacy.MASK]).sum() >= 2  # secondary suppression
