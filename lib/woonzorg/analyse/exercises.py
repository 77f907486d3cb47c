"""The woonzorganalyse's exercises for the learning circle and the facilitator's discussion questions.

Each maker takes ``(dataset, regio)`` and returns an exercise built with the learning circle's
engine (:func:`woonzorg.leerkring.maak_opdracht`); the answer is computed by calling this theme's
model, never typed in. The engine is imported when a maker runs, because the learning circle
itself imports the themes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from woonzorg import regions
from woonzorg.data import Dataset
from woonzorg.dutch import number as _n
from woonzorg.dutch import percent as _pct
from woonzorg.analyse import model

if TYPE_CHECKING:
    from woonzorg.leerkring import Opdracht


def _municipality_where(frame: pd.DataFrame, score: pd.Series) -> pd.Series:
    """The row with the highest score (ties: the first in the table's order)."""
    return frame.loc[score.astype(float).idxmax()]


def _tolerance(antwoord: float, absoluut: float, relatief: float = 0.0) -> float:
    return max(absoluut, abs(antwoord) * relatief)


def eerlijk_aandeel_huishoudens(dataset: Dataset, regio: str) -> Opdracht:
    """What is a municipality's fair share if the region distributes by households (a fourth key)?"""
    from woonzorg.leerkring import Denkfout, maak_opdracht

    a = model.woonzorganalyse(dataset, regio)
    g = a.gemeenten.reset_index(drop=True)
    totaal = float(a.vraag["vraag"].sum())
    aandeel_hh = g["huishoudens"] / g["huishoudens"].sum()
    per_sleutel = {k: a.spreiding[a.spreiding["verdeelsleutel"] == k].set_index("gemeentecode")["eerlijk_aandeel"]
                   for k in model.VERDEELSLEUTELS}
    # the municipality where the household key differs most from the key in the table everyone knows
    verschil = (aandeel_hh * totaal - g["gemeentecode"].map(per_sleutel["inwoners"])).abs()
    x = _municipality_where(g, verschil)
    antwoord = totaal * float(aandeel_hh[x.name])
    eigen = float(model.vraag_per_gemeente(a.vraag).set_index("gemeentecode").at[x.gemeentecode, "vraag"])
    return maak_opdracht(
        thema="woonzorganalyse", id="eerlijk-aandeel-huishoudens", titel="Een vierde verdeelsleutel",
        vraag=(f"De tabel 'Eerlijk aandeel per gemeente' rekent met drie verdeelsleutels. Stel dat de regio de "
               f"vraag van aandachtsgroepen verdeelt naar het aantal huishoudens. Wat is dan het eerlijke aandeel van "
               f"{x.gemeente}, in woningen per jaar? Gebruik de regionale vraag (totaal van de tabel 'Eerlijk "
               "aandeel per gemeente') en de huishoudens uit het regioprofiel; geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerance(antwoord, 0.3, 0.005),
        uitleg=(f"Regionale vraag {_n(totaal)} woningen per jaar × het aandeel van {x.gemeente} in de huishoudens van "
                f"de regio ({_n(x.huishoudens)} van {_n(g['huishoudens'].sum())} = {_pct(aandeel_hh[x.name], 1)}) "
                f"= {_n(antwoord, 1)} woningen per jaar."),
        hint="Eerlijk aandeel = regionale vraag × (huishoudens van de gemeente / huishoudens van de regio).",
        denkfouten=[
            Denkfout(float(per_sleutel["inwoners"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar inwoners; dat staat al in de tabel. Reken met het aandeel "
                     "in de huishoudens."),
            Denkfout(float(per_sleutel["corporatiewoningen"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar sociale huurvoorraad. Reken met het aandeel in de huishoudens."),
            Denkfout(float(per_sleutel["vrijkomend"][x.gemeentecode]),
                     "dat is het eerlijke aandeel naar vrijkomend aanbod. Reken met het aandeel in de huishoudens."),
            Denkfout(eigen, f"dat is de bekende vraag die in {x.gemeente} zelf ontstaat, niet haar eerlijke aandeel "
                            "van de regionale vraag."),
            Denkfout(totaal / len(g), "u verdeelde de vraag gelijk over alle gemeenten. Een verdeelsleutel weegt "
                                      "naar de omvang van elke gemeente."),
            Denkfout(100 * float(aandeel_hh[x.name]), "dat is het aandeel van de gemeente in de huishoudens (in "
                                                      "procenten). Vermenigvuldig dat aandeel met de regionale vraag."),
        ],
    )


def _eigen_mutatiegraad(landelijk: float) -> float:
    """A turnover clearly different from the national one, so the exercise's answer is in no table."""
    return 0.055 if abs(landelijk - 0.055) > 0.01 else 0.085


def vrijkomend_aanbod(dataset: Dataset, regio: str) -> Opdracht:
    """How many social homes fall vacant in a municipality at the corporations' own mutatiegraad?"""
    from woonzorg.leerkring import Denkfout, maak_opdracht

    a = model.woonzorganalyse(dataset, regio)
    basis = model.gemeenten_basis(dataset, regio)
    mg = _eigen_mutatiegraad(a.mutatiegraad)
    eigen = model.aanbod(basis, mutatiegraad=mg)
    y = _municipality_where(eigen, eigen["corporatiewoningen"])
    antwoord = float(y.vrijkomend)
    woningen = float(regions.region_municipalities(dataset, regio).set_index("gemeentecode")
                     .at[y.gemeentecode, "woningvoorraad"])
    landelijk = float(a.aanbod.set_index("gemeentecode").at[y.gemeentecode, "vrijkomend"])
    procent = _n(100 * mg, 1)
    return maak_opdracht(
        thema="woonzorganalyse", id="vrijkomend-aanbod", titel="Een eigen mutatiegraad",
        vraag=(f"De corporaties in {y.gemeente} melden dat er per jaar {procent}% van hun woningen vrijkomt (de "
               f"mutatiegraad). Hoeveel sociale huurwoningen komen er dan per jaar vrij in {y.gemeente}, zonder "
               "nieuwbouw? Geef één decimaal."),
        eenheid="woningen per jaar", decimalen=1, antwoord=antwoord, tolerantie=_tolerance(antwoord, 0.15, 0.002),
        uitleg=(f"{_n(y.corporatiewoningen)} corporatiewoningen × {procent}% = {_n(antwoord, 1)} vrijkomende "
                "woningen per jaar."),
        hint="Vrijkomend aanbod = corporatiewoningen van de gemeente × de mutatiegraad (als deel, dus 5% = 0,05).",
        denkfouten=[
            Denkfout(landelijk, f"u rekende met de landelijke mutatiegraad ({_pct(a.mutatiegraad, 1)}) uit de tabel "
                                f"'Vrijkomende sociale huurwoningen'. Gebruik de {procent}% van de corporaties."),
            Denkfout(woningen * mg, "u nam alle woningen van de gemeente. Alleen corporatiewoningen (de sociale "
                                    "huurvoorraad) komen vrij voor aandachtsgroepen."),
            Denkfout(antwoord * 100, f"u rekende met {procent} in plaats van {procent}% (= {_n(mg, 3)})."),
            Denkfout(antwoord * a.plafond_aandeel, "u nam alleen het deel onder het plafond voor aandachtsgroepen. "
                                                   "De vraag gaat over alle woningen die vrijkomen."),
        ],
    )



def vragen(dataset: Dataset, regio: str) -> list[str]:
    """Discussion questions for the facilitator, with the region's own figures, data gaps and flags."""
    from woonzorg.analyse.tekst import vragen_tekst

    return vragen_tekst(model.woonzorganalyse(dataset, regio))


def _sleutelnaam(sleutel: str) -> str:
    return model.VERDEELSLEUTELS[sleutel].naam


EXERCISES = (eerlijk_aandeel_huishoudens, vrijkomend_aanbod)
