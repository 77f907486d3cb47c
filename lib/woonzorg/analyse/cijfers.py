"""The region's analysis as one tidy table (``woonzorg cijfers``): demand per group and supply, with status and method."""

from __future__ import annotations

import pandas as pd

from woonzorg.data import Dataset
from woonzorg.analyse.model import Woonzorganalyse, woonzorganalyse
from woonzorg.analyse.vraagcijfers import CIJFER_KOLOMMEN, VRAAG_GROOTHEDEN
from woonzorg.analyse import totalen
from woonzorg.figures import volledigheid_tekst

# `woonzorg cijfers`: every figure with its interval, status, structured period and completeness
KOLOMMEN = CIJFER_KOLOMMEN + ["periode", "actueel", "volledigheid"]


def aanbod_rows(result: Woonzorganalyse) -> pd.DataFrame:
    """Supply per municipality as tidy rows: observed lettings or stock × the mutatiegraad range."""
    a = result.aanbod
    bron = result.grondslag.bronnen.get("vrijgekomen", "")
    return pd.DataFrame({
        "regio": result.regio.id, "niveau": "gemeente", "gemeentecode": a["gemeentecode"], "gemeente": a["gemeente"],
        "groep": "", "grootheid": "aanbod", "waarde": a["aanbod"], "laag": a["aanbod_laag"], "hoog": a["aanbod_hoog"],
        "status": a["status"],
        "methode": [m if s == "waargenomen" else
                    f"{m} ({result.mutatiegraad_laag:.3f}–{result.mutatiegraad_hoog:.3f}, midden "
                    f"{result.mutatiegraad:.3f}) plus geplande nieuwbouw" for m, s in zip(a["methode"], a["status"])],
        "bron": [("waarnemingen.csv" if s == "waargenomen" else f"gemeenten.csv; {bron}") for s in a["status"]],
        "peildatum": str(result.peiljaar),
        "periode": str(result.peiljaar), "actueel": "ja", "volledigheid": "",
    })


def cijfers_frame(result: Woonzorganalyse) -> pd.DataFrame:
    """Every demand and supply figure of the analysis in the columns of :data:`CIJFER_KOLOMMEN`.

    Figures are the suppressed ones of the model: an observed person count per municipality under
    the threshold has an empty waarde and laag–hoog 0–9.
    """
    c = result.cijfers
    demand = c[CIJFER_KOLOMMEN].assign(
        periode=c["tijdvak"].astype(str), actueel=["ja" if a else "nee" for a in c["actueel"]],
        volledigheid=["" if a else f"niet meegeteld: {h}" for a, h in zip(c["actueel"], c["historie"])])
    out = pd.concat([demand, totaal_rows(result), aanbod_rows(result)[KOLOMMEN]], ignore_index=True)
    for column in ("waarde", "laag", "hoog"):
        out[column] = out[column].astype(float).round(1)
    return out[KOLOMMEN]


def totaal_rows(result: Woonzorganalyse) -> pd.DataFrame:
    """The region's totals in homes per year: per group and grootheid, and over all groups, with their completeness.

    An onbekend or partly known total has ``hoog`` empty (no upper bound: onbekend is [0, ∞)).
    """
    rows = []
    naam = result.regio.naam
    for groep in result.groepen:
        for grootheid in VRAAG_GROOTHEDEN:
            f = totalen.component(result.vraag, result.dekking, groep, grootheid, result.groep_namen[groep].lower())
            word = ("onbekend" if f.is_onbekend else "volledig: de hele regio" if f.volledig
                    else "deels: alleen de gemeenten of centrumregio's met een cijfer")
            rows.append(_total_row(result, groep, grootheid, f, word))
    totaal = result.vraag_totaal()
    rows.append(_total_row(result, "", "vraag", totaal.figuur, volledigheid_tekst(totaal.figuur, totaal.delen)))
    return pd.DataFrame(rows, columns=KOLOMMEN).assign(gemeente=f"Totaal {naam}")


def _total_row(result: Woonzorganalyse, groep: str, grootheid: str, f, volledigheid: str) -> dict:
    return dict(regio=result.regio.id, niveau="regio", gemeentecode="", gemeente="", groep=groep,
                grootheid=grootheid, waarde=float("nan") if f.is_onbekend else f.midden, laag=f.laag,
                hoog=f.hoog if f.begrensd else float("nan"), status=f.status,
                methode="totaal van de regio in woningen per jaar (achterstand gespreid tot het doeljaar)",
                bron="", peildatum=str(result.peiljaar), periode=f"{result.peiljaar}-{result.doeljaar}",
                actueel="ja", volledigheid=volledigheid)


def cijfers(dataset: Dataset, regio: str, **knobs) -> pd.DataFrame:
    """The tidy table of one region (see :func:`cijfers_frame`) under the default or the given scenario."""
    return cijfers_frame(woonzorganalyse(dataset, regio, **knobs))


def cijfers_csv(dataset: Dataset, regio: str) -> str:
    """The tidy table as CSV text (UTF-8, comma separated, a dot as decimal separator for machines)."""
    return cijfers(dataset, regio).to_csv(index=False, lineterminator="\n")
