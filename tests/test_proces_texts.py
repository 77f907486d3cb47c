"""Generated text of the process and vision guides: dated wording, Dutch edge cases, no example data as a finding,
and every municipality of a region in the per-municipality table."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from woonzorg import beleid, data, proces, regions, visie
from woonzorg.dutch import count_noun
from woonzorg.names import common_name, enumerate_dutch


@pytest.fixture(scope="module")
def gegevens():
    return data.load_dataset()


BEFORE, AFTER = "1767225600", "1795651200"  # 2026-01-01 and 2026-11-26 (UTC)


def test_law_wording_follows_the_build_date(gegevens, monkeypatch):
    feit = beleid.feiten(gegevens)["wvrv-inwerking"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    assert beleid.build_date() == date(2026, 1, 1)
    before = beleid.zin(feit)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    after = beleid.zin(feit)
    assert "beoogd per 1 juli 2026." in before and "niet bevestigd" not in before
    assert "beoogd per 1 juli 2026; of dat is gebeurd, is in de bronnen niet bevestigd" in after
    assert beleid.wet_status(gegevens).startswith("beoogd per 1 juli 2026; of de wet in werking is getreden")
    confirmed = beleid.Feit("x", "Wet", date(2026, 7, 1), "beoogd", "inwerkingtreding", "bron", True)
    assert "sinds 1 juli 2026" in beleid.zin(confirmed, date(2026, 11, 26))


def test_draft_vision_horizon_and_law_follow_the_build_date(gegevens, monkeypatch):
    v = visie.woonzorgvisie(gegevens, "parkstad")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    before = visie.concept_tekst(v)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    after = visie.concept_tekst(v)
    assert before.splitlines()[0].endswith("2026–2030") and "2024–2030" not in before.splitlines()[0]
    assert "beoogde inwerkingtreding 1 juli 2026" in before
    assert "of de wet in werking is getreden, is in de bronnen niet bevestigd" in after
    assert "volkshuisvestingsprogramma" in after and "provinciale volkshuisvestingsprogramma" in after


def test_past_planned_milestone_is_not_agenda(gegevens):
    assert proces.mijlpaal_stand("gepland", "2026-03-31", date(2026, 11, 26)).startswith("datum verstreken")
    assert proces.mijlpaal_stand("gepland", "2028-12-31", date(2026, 11, 26)) == "gepland"
    pg = proces.procesgegevens(gegevens, "parkstad")
    eigen = proces.mijlpalen_table(pg, proces.Bronnen(), today=date(2026, 11, 26)).to_html()
    assert "Voorbeeld:" not in eigen and "datum verstreken" in eigen  # the Wvrv's intended date has passed


def _overzicht(shares, names=None):
    names = names or [f"Gemeente {i}" for i in range(len(shares))]
    return pd.DataFrame({
        "gemeentecode": [f"GM{i:04d}" for i in range(len(shares))], "gemeente": names,
        "rol": ["niet gevonden"] * len(shares), "sleutelaandeel": shares,
        "woondeal": [[] for _ in shares], "prestatieafspraken": [[] for _ in shares], "urgentie": [[] for _ in shares],
        "taakstelling_regel": [1.0] * len(shares), "regel_periode": ["2025-H2"] * len(shares),
    })


@pytest.mark.parametrize("shares, expected", [
    ([], "telt 0 gemeenten"),
    ([1.0], "telt 1 gemeente;"),
    ([0.5, 0.3, 0.2], "telt 3 gemeenten"),
])
def test_number_agreement_for_zero_one_and_many(gegevens, shares, expected):
    pg = proces.procesgegevens(gegevens, "parkstad")
    text = " ".join(proces.in_het_kort_bevindingen(pg, _overzicht(shares), None, "beoogd"))
    assert expected in text
    assert "1 gemeenten" not in text and "0 gemeente " not in text


def test_equal_values_are_not_compared_with_themselves(gegevens):
    pg = proces.procesgegevens(gegevens, "parkstad")
    text = " ".join(proces.in_het_kort_bevindingen(pg, _overzicht([0.5, 0.5]), None, "beoogd"))
    assert "even groot deel (50,0%)" in text and "het grootste deel" not in text
    many = " ".join(proces.in_het_kort_bevindingen(pg, _overzicht([0.6, 0.4], ["'s-Gravenhage", "Laren (NH.)"]),
                                                    None, "beoogd"))
    assert "draagt Den Haag het grootste deel" in many and "Laren het kleinste" in many


def test_dutch_helpers():
    assert count_noun(1, "gemeente", "gemeenten") == "1 gemeente"
    assert count_noun(3, "gemeente", "gemeenten") == "3 gemeenten"
    assert [common_name(n) for n in ("'s-Gravenhage", "Hengelo (O.)", "Laren (NH.)", "Bergen (NH.)", "Heerlen")] == \
        ["Den Haag", "Hengelo", "Laren", "Bergen", "Heerlen"]
    assert enumerate_dutch(["a"]) == "a" and enumerate_dutch(["a", "b", "c"]) == "a, b en c"


def test_example_answers_are_no_key_figure_comparison_or_question(gegevens):
    pg = proces.procesgegevens(gegevens, "parkstad")
    result = proces.uitslag(pg.antwoorden, "parkstad", stellingen=pg.stellingen)
    assert result is not None and result.voorbeeld  # the data hold example rounds only
    assert not [k for k in proces.kerncijfers(pg) if k.startswith("zelfscan")]
    assert proces.vergelijking(pg.antwoorden, "parkstad").empty
    vragen = proces.gespreksvragen_html(pg, result).markup
    assert "scoort" not in vragen and "nog niet zelf ingevuld" in vragen
    made = [maker(gegevens, "parkstad") for maker in proces.THEME.exercises]
    # no exercise from the example zelfscan (the judgement on unsourced roles uses the actors table)
    assert not [o for o in made if o is not None and "zelfscan" in f"{o.titel} {o.vraag}".lower()]
    assert not any("scoort" in q or "komt uit op" in q for q in proces.THEME.questions(gegevens, "parkstad"))
    assert "bouwstenen_aanwezig" not in visie.woonzorgvisie(gegevens, "parkstad").kerncijfers()


@pytest.mark.parametrize("regio", ["parkstad", "mra", "groningen", "haaglanden"])
def test_every_municipality_is_in_the_process_table(gegevens, regio):
    overzicht = proces.gemeenten_overzicht(gegevens, regio)
    codes = set(regions.region_municipalities(gegevens, regio)["gemeentecode"])
    assert set(overzicht["gemeentecode"]) == codes
    assert abs(overzicht["sleutelaandeel"].sum() - 1) < 1e-9
    page = proces.gemeenten_table(overzicht, regio, proces.Bronnen()).to_html()
    for name in overzicht["gemeente"]:
        assert name.replace("'", "&#x27;") in page
    assert "niet gevonden" in page


def test_a_new_region_gets_every_municipality(tmp_path):
    import shutil

    from woonzorg import paths

    folder = tmp_path / "data"
    shutil.copytree(paths.data_dir(None), folder)
    regions.add_region(folder, "nieuw", "Nieuwe regio", ["GM0935", "GM0888"])
    gegevens = data.load_dataset(folder)
    overzicht = proces.gemeenten_overzicht(gegevens, "nieuw")
    assert sorted(overzicht["gemeente"]) == ["Beek (L.)", "Maastricht"]
    page = proces.gemeenten_table(overzicht, "Nieuwe regio", proces.Bronnen()).to_html()
    assert "Beek (L.)" in page and "Maastricht" in page
    assert set(overzicht["rol"]) == {"niet gevonden"}


# --------------------------------------------------------------------------------------------
# The In-het-kort findings of all four themes for tiny regions: one municipality, two equal ones

_NUMBER = r"\d[\d.]*(?:,\d+)?%?"
_COMPARISON = re.compile(r"\b(tot(?! en met)|kleinste|boven|onder|meer dan|minder dan|hoger dan|lager dan)\b")


def self_comparisons(sentence: str) -> list[str]:
    """Comparisons of a figure with itself: the last number before a comparison word equals the first after it,
    or a range ``x–x``."""
    found = [m.group(0) for m in re.finditer(rf"({_NUMBER})[–-]({_NUMBER})\b", sentence) if m.group(1) == m.group(2)]
    for m in _COMPARISON.finditer(sentence):
        before = re.findall(_NUMBER, sentence[:m.start()])
        after = re.findall(_NUMBER, sentence[m.end():])
        if before and after and before[-1] == after[0]:
            found.append(f"{before[-1]} {m.group(0)} {after[0]}")
    return found


def test_the_self_comparison_check_finds_what_issue_15_reported():
    assert self_comparisons("De vraag is 27% van het aanbod, boven het gekozen plafond van 27%.")
    assert self_comparisons("De grootste opgave heeft A (ongeveer 98), de kleinste B (ongeveer 98).")
    assert self_comparisons("mutatiegraad 5,0% tot 5,0%") and self_comparisons("160–160 personen")
    assert not self_comparisons("van 3,9% tot 7,0%; ongeveer 109 woningen per jaar tot en met 2030")
    from woonzorg.analyse.tekst import _van_tot  # the turnover range of the analysis findings

    assert _van_tot(0.05, 0.05) == "5,0%" and _van_tot(0.039, 0.07) == "3,9% tot 7,0%"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A data copy with region 'een' (Maastricht only) and 'gelijk' (Beek and Valkenburg with Beek's figures)."""
    import csv
    import shutil

    from woonzorg import paths
    from woonzorg.cli import main

    folder = tmp_path_factory.mktemp("tiny") / "data"
    shutil.copytree(paths.data_dir(None), folder)
    with (folder / "gemeenten.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    beek = next(r for r in rows if r["gemeentecode"] == "GM0888")
    for row in rows:
        if row["gemeentecode"] == "GM0994":
            row.update({k: beek[k] for k in ("inwoners", "huishoudens", "woningvoorraad", "inwoners_65plus",
                                              "corporatie_aandeel")})
    with (folder / "gemeenten.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert main(["regio", "toevoegen", "een", "--naam", "Eén gemeente", "GM0935", "--data", str(folder)]) == 0
    assert main(["regio", "toevoegen", "gelijk", "--naam", "Twee gelijke", "GM0888", "GM0994",
                 "--data", str(folder)]) == 0
    return data.load_dataset(folder)


def _findings(gegevens, regio: str) -> dict[str, str]:
    """The generated text of each theme's In het kort (findings, key figures, chart alt text), as plain text."""
    import html as html_module

    from woonzorg import analyse, profiel

    def text(markup: str) -> str:
        return html_module.unescape(re.sub(r"<[^>]+>", " ", markup.split("<figure")[0]))

    p = profiel.regioprofiel(gegevens, regio)
    a = analyse.woonzorganalyse(gegevens, regio)
    pg = proces.procesgegevens(gegevens, regio)
    overzicht = proces.gemeenten_overzicht(gegevens, regio)
    wet = beleid.wet_status(gegevens)
    v = visie.woonzorgvisie(gegevens, regio)
    return {
        "regioprofiel": text(profiel.in_het_kort_html(p, gegevens).markup + profiel.bronnen_html(p).markup),
        "woonzorganalyse": text(analyse.in_het_kort(a).markup),
        "procesorganisatie": text(proces.in_het_kort_html(
            proces.in_het_kort_bevindingen(pg, overzicht, proces.uitslag(pg.antwoorden, regio), wet),
            proces.in_het_kort_cijfers(overzicht, pg)).markup),
        "woonzorgvisie": text(visie.in_het_kort_html(v, wet).markup + visie.kerncijfers_html(v).markup
                              + visie.gespreksvragen_html(v).markup) + " " + visie.opgave_chart(v).alt,
    }


@pytest.mark.parametrize("regio", ["een", "gelijk"])
def test_in_het_kort_of_every_theme_reads_well_for_tiny_regions(tiny, regio):
    for thema, text in _findings(tiny, regio).items():
        text = re.sub(r"\s+", " ", text)
        for wrong in ("1 gemeenten", "1 groepen", "1 bouwstenen", "1 regionale afspraken", "1 waarnemingen"):
            assert wrong not in text, (thema, wrong, text)
        for sentence in re.split(r"(?<=[.;])\s", text):
            assert not self_comparisons(sentence), (thema, sentence)
        if regio == "een":
            assert "grootste" not in text and "kleinste" not in text, thema  # one municipality is not compared


def test_tiny_regions_say_what_they_are(tiny):
    een, gelijk = _findings(tiny, "een"), _findings(tiny, "gelijk")
    assert "telt 1 gemeente met" in een["regioprofiel"] and "(1 gemeente)" in een["regioprofiel"]
    assert "1 gemeente " in re.sub(r"\s+", " ", een["procesorganisatie"])
    assert "De gemeenten zijn even groot" in gelijk["regioprofiel"]
    assert "even groot deel (50,0%)" in gelijk["procesorganisatie"]
    assert "De opgave is niet groter dan het eigen beschikbare aanbod" in een["woonzorgvisie"] or \
        "De opgave is groter dan het eigen beschikbare aanbod" in een["woonzorgvisie"]
