"""The woonzorganalyse's totals as figures (woonzorg.figures): per group, the region, supply and the difference.

Every headline of the analysis and the vision is made here and nowhere else: a total over groups of
which one is onbekend is "ten minste" and names the group, a part that covers only some
municipalities of the region makes its group "deels onbekend", and a tekort or ruimte has a sign
only where the intervals fix it. The frames of :mod:`.model` stay pure pandas; this module reads them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from woonzorg import tijdvak
from woonzorg.figures import Figure, Totaal, som, verschil
from woonzorg.analyse.vraagcijfers import VRAAG_GROOTHEDEN

NIEUWBOUW = "geplande sociale nieuwbouw"


def gedekte_gemeenten(block: pd.DataFrame, regio: str, gemeentecodes: Sequence[str],
                      leden: dict[str, set[str]]) -> set[str]:
    """The region's municipalities a component's counted rows speak for (a region row speaks for all)."""
    covered: set[str] = set()
    for r in block.itertuples(index=False):
        if r.niveau == "regio" and str(r.gebiedscode) == regio:
            return set(gemeentecodes)
        if r.niveau == "gemeente":
            covered.add(str(r.gemeentecode))
        elif r.niveau == "centrumregio":
            covered |= leden.get(str(r.gebiedscode), {str(r.gebiedscode)})
    return covered & set(gemeentecodes)


def dekking(cijfers: pd.DataFrame, regio: str, gemeenten: pd.DataFrame,
            leden: dict[str, set[str]]) -> pd.DataFrame:
    """Per group and grootheid: the share of the region's inhabitants its counted figures speak for (0 when onbekend).

    Returns groep, grootheid, dekking (0–1), regiobreed (all municipalities covered).
    """
    codes = list(gemeenten["gemeentecode"])
    inwoners = gemeenten.set_index("gemeentecode")["inwoners"].astype(float)
    rows = []
    counted = cijfers[cijfers["in_totaal"] & (cijfers["status"] != "onbekend")]
    for (groep, grootheid), block in counted.groupby(["groep", "grootheid"], sort=False):
        covered = gedekte_gemeenten(block, regio, codes, leden)
        share = float(inwoners[list(covered)].sum() / inwoners.sum()) if inwoners.sum() > 0 else 0.0
        rows.append({"groep": groep, "grootheid": grootheid, "dekking": share, "regiobreed": covered == set(codes)})
    return pd.DataFrame(rows, columns=["groep", "grootheid", "dekking", "regiobreed"])


def component(vraag_frame: pd.DataFrame, dekking_frame: pd.DataFrame, groep: str, grootheid: str,
              naam: str) -> Figure:
    """One group's instroom or achterstand in homes per year for the region: known, partly known or onbekend."""
    rows = vraag_frame[(vraag_frame["groep"] == groep) & (vraag_frame["grootheid"] == grootheid)]
    if rows.empty:
        return Figure.onbekend(naam, eenheid="woningen per jaar")
    status = "waargenomen" if set(rows["status"]) == {"waargenomen"} else "schatting"
    d = dekking_frame[(dekking_frame["groep"] == groep) & (dekking_frame["grootheid"] == grootheid)]
    whole = bool(d["regiobreed"].iloc[0]) if len(d) else False
    laag, hoog = float(rows["laag"].sum()), float(rows["hoog"].sum())
    if whole:
        return Figure.bereik(laag, hoog, float(rows["vraag"].sum()), naam=naam, status=status,
                             eenheid="woningen per jaar")
    return Figure(laag, math.inf, status=status, eenheid="woningen per jaar", meegeteld=(naam,),
                  ontbrekend=(naam,))


def groep_figuren(vraag_frame: pd.DataFrame, dekking_frame: pd.DataFrame, groepen: Sequence[str],
                  namen: dict[str, str]) -> dict[str, Figure]:
    """Per group its yearly need in homes: instroom plus the achterstand spread over the horizon (see model.vraag)."""
    return {g: som([component(vraag_frame, dekking_frame, g, q, namen[g].lower()) for q in VRAAG_GROOTHEDEN],
                   eenheid="woningen per jaar")
            for g in groepen}


def vraag_totaal(figuren: dict[str, Figure]) -> Totaal:
    """The region's yearly need over all groups, with how many of them are in it."""
    return Totaal(som(figuren.values(), eenheid="woningen per jaar"), delen=len(figuren))


# agreed or planned social new build of a whole region (woondeal, regional agreement, the municipalities' bids)
NIEUWBOUW_INDICATOREN = ("regionale_afspraak_sociale_huur_nieuwbouw", "woondeal_sociale_huur_nieuwbouw",
                         "woondeal_doel_sociale_huur_per_jaar", "gepland_sociale_huur_nieuwbouw_biedingen")


def nieuwbouw_afspraak(observations: pd.DataFrame, regio: str) -> Figure | None:
    """The region's sourced agreement on social new build as homes per year (a multi-year total ÷ its years)."""
    if observations is None or observations.empty:
        return None
    rows = observations[(observations["niveau"] == "regio") & (observations["gebiedscode"] == regio)
                        & observations["indicator"].isin(NIEUWBOUW_INDICATOREN)]
    for indicator in NIEUWBOUW_INDICATOREN:
        for r in rows[rows["indicator"] == indicator].itertuples(index=False):
            periode = tijdvak.lees(getattr(r, "tijdvak", ""))
            if periode is None or periode.soort not in ("jaar", "jaren"):
                continue
            per_year = "per jaar" in str(r.eenheid)
            value = float(r.waarde) if per_year else float(r.waarde) / periode.jaren
            return Figure.punt(value, NIEUWBOUW, eenheid="woningen per jaar", periode=periode, bron=str(r.bron),
                               methode=f"{r.gebied}: {r.eenheid}, {periode.label}"
                                       + ("" if per_year else f" ÷ {periode.jaren:.0f} jaar"))
    return None


def nieuwbouw_figuur(nieuwbouw: pd.DataFrame | None, jaar: int, afspraak: Figure | None = None) -> Figure:
    """Planned social new build of a year from sourced data (``analyse-nieuwbouw.csv``, else the region's
    agreement); onbekend where there is none — never 0 by default."""
    if nieuwbouw is not None and not nieuwbouw.empty:
        rows = nieuwbouw[nieuwbouw["jaar"].astype(int) == jaar]
        if not rows.empty:
            return Figure.punt(float(rows["woningen"].sum()), NIEUWBOUW, eenheid="woningen per jaar")
    if afspraak is not None and afspraak.periode is not None and afspraak.periode.bevat_jaar(jaar):
        return afspraak
    return Figure.onbekend(NIEUWBOUW, eenheid="woningen per jaar")


def vrijkomend_figuur(aanbod_frame: pd.DataFrame) -> Figure:
    """Vacant social homes per year in the region: observed lettings where known, else stock × the mutatiegraad range."""
    status = "waargenomen" if set(aanbod_frame["status"]) == {"waargenomen"} else "schatting"
    return Figure.bereik(float(aanbod_frame["vrijkomend_laag"].sum()), float(aanbod_frame["vrijkomend_hoog"].sum()),
                         float(aanbod_frame["vrijkomend"].sum()), naam="vrijkomende sociale huurwoningen",
                         status=status, eenheid="woningen per jaar")


def beschikbaar_figuur(aanbod_frame: pd.DataFrame, nieuwbouw: pd.DataFrame | None, jaar: int,
                       plafond_aandeel: float, afspraak: Figure | None = None) -> Figure:
    """Homes per year available to aandachtsgroepen: (vacancies + planned new build) × the plafond."""
    return som([vrijkomend_figuur(aanbod_frame), nieuwbouw_figuur(nieuwbouw, jaar, afspraak)],
               eenheid="woningen per jaar").maal(plafond_aandeel)


def tekort_figuur(vraag: Figure, beschikbaar: Sequence[Figure], groeifactoren: Sequence[float]) -> Figure:
    """Need minus available supply added up over the horizon: positive a tekort, negative ruimte."""
    need = som([vraag.maal(f) for f in groeifactoren], eenheid="woningen")
    supply = som(beschikbaar, eenheid="woningen")
    return verschil(need, supply)
