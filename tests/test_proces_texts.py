"""Generated text of the process and vision guides: dated wording, Dutch edge cases, no example data as a finding,
and every municipality of a region in the per-municipality table."""

from __future__ import annotations

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
    assert all(maker(gegevens, "parkstad") is None for maker in proces.THEME.exercises)
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
