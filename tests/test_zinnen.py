"""The key sentences with 0, 1, 2 and onbekend values: number agreement and no figure without its completeness."""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from woonzorg.analyse import tekst
from woonzorg.figures import Figure, Totaal, som, verschil, verschil_tekst, volledigheid_tekst

GROEPEN = ("statushouders", "urgenten", "studenten")
BAD = re.compile(r"\b1 (waarnemingen|groepen|gemeenten)\b|\b(0|2|3) (waarneming|groep|gemeente) (wijkt|zegt|heeft)\b"
                 r"|onbekend woningen|van onbekend\b|\b0 gemeenten hebben\b")


def controles(n_flagged: int, n_total: int) -> pd.DataFrame:
    rows = [{"onderwerp": "vrijkomend aanbod", "gebied": f"G{i}", "peildatum": "2024", "waargenomen": 100.0,
             "model": 150.0 if i < n_flagged else 105.0, "verschil": 0.5 if i < n_flagged else 0.05,
             "gemarkeerd": i < n_flagged, "toelichting": ""} for i in range(n_total)]
    return pd.DataFrame(rows, columns=["onderwerp", "gebied", "peildatum", "waargenomen", "model", "verschil",
                                       "gemarkeerd", "toelichting"])


@pytest.mark.parametrize("flagged,total", [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)])
def test_the_check_sentence_agrees_with_its_number(flagged, total):
    zin = tekst.controle_zin(SimpleNamespace(controles=controles(flagged, total)))
    assert not BAD.search(zin), zin
    if total == 0:
        assert zin.startswith("Er is geen waarneming")
    elif flagged == 0:
        assert zin.startswith(f"{total} waarneming{'' if total == 1 else 'en'} die iets zeg{'t' if total == 1 else 'gen'}")
        assert (" wijkt " if total == 1 else " wijken ") in zin
    else:
        assert zin.startswith(f"{flagged} waarneming{' wijkt' if flagged == 1 else 'en wijken'} meer dan 20% af")


@pytest.mark.parametrize("dekking,index", [(0.0, math.nan), (0.13, math.nan), (0.81, 0.96)])
def test_the_evenness_sentence_says_its_coverage_or_why_there_is_none(dekking, index):
    result = SimpleNamespace(bijdrage_dekking=dekking, index=index, bijdrage_bron="gehuisveste statushouders, 2023-H2")
    zin = tekst.evenredigheid_zin(result)
    assert not BAD.search(zin) and "index van onbekend" not in zin
    if index == index:
        assert "0,96" in zin and "81%" in zin
    else:
        assert zin.startswith("Of gemeenten nu hun eerlijke aandeel dragen, is niet te zeggen")
        assert ("13%" in zin and "80%" in zin) if dekking else "13%" not in zin


@pytest.mark.parametrize("known", [0, 1, 2, 3])
def test_a_total_over_0_1_2_or_all_groups_says_what_it_holds(known):
    parts = [Figure.punt(100.0, g, eenheid="woningen per jaar") if i < known else Figure.onbekend(g)
             for i, g in enumerate(GROEPEN)]
    total = Totaal(som(parts, eenheid="woningen per jaar"), len(GROEPEN))
    text, kort = total.tekst("woningen per jaar"), total.kort("woningen per jaar")
    assert not BAD.search(text) and not BAD.search(kort), text
    if known == 0:
        assert text.startswith("onbekend") and "van geen van de 3 groepen is een cijfer bekend" in text
    elif known == len(GROEPEN):
        assert text == "300 woningen per jaar (waargenomen) — alle 3 groepen" and "ten minste" not in kort
    else:
        assert text.startswith(f"ten minste {100 * known} woningen per jaar")
        assert f"{known} van de 3 groepen" in text and "onbekend: " in text
        supply = Figure.bereik(50, 60)
        assert verschil_tekst(verschil(total.figuur, supply)).startswith("een tekort van ten minste")
        assert verschil_tekst(verschil(total.figuur, Figure.bereik(150, 400))).startswith("niet te zeggen")


def test_one_group_is_named_not_counted():
    f = som([Figure.punt(5, "statushouders")])
    assert volledigheid_tekst(f, 1) == "de enige groep"
    assert volledigheid_tekst(som([Figure.punt(5, "statushouders"), Figure.onbekend("urgenten")]), 2) == (
        "alleen statushouders (1 van de 2 groepen); onbekend: urgenten")
