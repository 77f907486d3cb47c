"""Supply (aanbod): social lettings per year, observed where known, else corporation stock × a mutatiegraad range.

The mutatiegraad is a range: the national rate (vacated corporation homes / stock, CBS) in the
middle unless the scenario chooses another, and as ends the lowest and highest rate implied by
observed lettings over stock anywhere in ``data/``. Planned new build comes from
``analyse-nieuwbouw.csv``. Which share of the supply goes to aandachtsgroepen is a policy choice of
the scenario (the plafond); it is applied to supply only, never to demand.
"""

from __future__ import annotations

import pandas as pd

from woonzorg.dutch import number as dutch_number

LETTINGS_INDICATORS = ("verhuringen_sociale_huur", "verhuringen_sociale_huur_woningnet",
                       "vrijkomende_corporatiewoningen_per_jaar")


def lettings(observations: pd.DataFrame) -> pd.DataFrame:
    """Observed social lettings per year among catalogued observations (grootheid ``aanbod``)."""
    if observations.empty:
        return observations
    return observations[(observations["grootheid"] == "aanbod")
                        & observations["indicator"].isin(LETTINGS_INDICATORS)].reset_index(drop=True)


def implied_mutatiegraden(observed_lettings: pd.DataFrame, gemeenten: pd.DataFrame,
                          actueel: pd.Series | None = None) -> pd.DataFrame:
    """Lettings / corporation stock for every municipality with observed lettings (latest figure each).

    ``actueel`` (aligned with ``observed_lettings``) says which observations are current for the
    peiljaar. Returns gemeentecode, gemeente, verhuringen, corporatiewoningen, mutatiegraad, periode,
    bron, actueel.
    """
    rows = observed_lettings[observed_lettings["niveau"] == "gemeente"].copy()
    rows["_actueel"] = True if actueel is None else actueel.reindex(rows.index).fillna(False).astype(bool)
    if rows.empty:
        return pd.DataFrame(columns=["gemeentecode", "gemeente", "verhuringen", "corporatiewoningen", "mutatiegraad",
                                     "periode", "bron", "actueel"])
    rows["_jaar"] = pd.to_numeric(rows["jaar"], errors="coerce").fillna(0)
    rows = rows.sort_values(["_jaar", "periode"]).groupby("gemeentecode").tail(1)
    stock = gemeenten.set_index("gemeentecode")["corporatiewoningen"].astype(float)
    names = gemeenten.set_index("gemeentecode")["gemeente"]
    out = pd.DataFrame({
        "gemeentecode": rows["gemeentecode"].values,
        "gemeente": rows["gemeentecode"].map(names).values,
        "verhuringen": rows["waarde"].astype(float).values,
        "corporatiewoningen": rows["gemeentecode"].map(stock).values,
        "periode": rows["periode"].astype(str).values,
        "bron": rows["bron"].astype(str).values,
        "actueel": rows["_actueel"].values,
    })
    out = out[out["corporatiewoningen"] > 0].reset_index(drop=True)
    out["mutatiegraad"] = out["verhuringen"] / out["corporatiewoningen"]
    return out


def mutatiegraad_range(landelijk: float, implied: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest mutatiegraad: the national rate and every rate implied by observation."""
    rates = [landelijk, *implied["mutatiegraad"].astype(float).tolist()]
    return min(rates), max(rates)


def aanbod(
    gemeenten: pd.DataFrame,
    *,
    mutatiegraad: float,
    nieuwbouw: pd.DataFrame | None = None,
    jaar: int | None = None,
    mutatiegraad_laag: float | None = None,
    mutatiegraad_hoog: float | None = None,
    waargenomen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Vacant social homes per year per municipality: observed lettings, else stock × mutatiegraad; plus new build.

    ``waargenomen`` (from :func:`implied_mutatiegraden`) replaces the model for its municipalities:
    current lettings as they are (``status`` ``waargenomen``); older ones give the municipality's own
    mutatiegraad, applied to today's stock (``schatting``, said in the method). ``nieuwbouw`` has columns gemeentecode, jaar, woningen; only rows
    of ``jaar`` count. Returns gemeentecode, gemeente, corporatiewoningen, mutatiegraad, vrijkomend,
    vrijkomend_laag, vrijkomend_hoog, nieuwbouw, aanbod, aanbod_laag, aanbod_hoog, status, methode.
    """
    for value in (mutatiegraad, mutatiegraad_laag, mutatiegraad_hoog):
        if value is not None and not 0 <= value <= 1:
            raise ValueError(f"mutatiegraad {value} ligt niet tussen 0 en 1")
    laag = mutatiegraad if mutatiegraad_laag is None else min(mutatiegraad_laag, mutatiegraad)
    hoog = mutatiegraad if mutatiegraad_hoog is None else max(mutatiegraad_hoog, mutatiegraad)
    out = gemeenten[["gemeentecode", "gemeente", "corporatiewoningen"]].reset_index(drop=True).copy()
    out["corporatiewoningen"] = out["corporatiewoningen"].astype(float)
    out["mutatiegraad"] = float(mutatiegraad)
    out["vrijkomend"] = out["corporatiewoningen"] * mutatiegraad
    out["vrijkomend_laag"] = out["corporatiewoningen"] * laag
    out["vrijkomend_hoog"] = out["corporatiewoningen"] * hoog
    out["status"] = "schatting"
    out["methode"] = "corporatiewoningen × mutatiegraad"
    if waargenomen is not None and not waargenomen.empty:
        seen = waargenomen.set_index("gemeentecode")
        current = seen["actueel"].astype(bool) if "actueel" in seen else pd.Series(True, index=seen.index)
        for i in out.index[out["gemeentecode"].isin(seen.index)]:
            c = out.at[i, "gemeentecode"]
            rate = float(seen.at[c, "mutatiegraad"])
            value = float(seen.at[c, "verhuringen"]) if current[c] else out.at[i, "corporatiewoningen"] * rate
            for column in ("vrijkomend", "vrijkomend_laag", "vrijkomend_hoog"):
                out.at[i, column] = value
            out.at[i, "mutatiegraad"] = rate
            out.at[i, "status"] = "waargenomen" if current[c] else "schatting"
            out.at[i, "methode"] = (f"waargenomen verhuringen ({seen.at[c, 'periode']}; {seen.at[c, 'bron']})"
                                    if current[c] else
                                    f"corporatiewoningen × de eigen mutatiegraad uit waargenomen verhuringen "
                                    f"({seen.at[c, 'periode']}; {seen.at[c, 'bron']})")
    extra = pd.Series(0.0, index=out.index)
    if nieuwbouw is not None and not nieuwbouw.empty and jaar is not None:
        planned = nieuwbouw[nieuwbouw["jaar"].astype(int) == jaar].groupby("gemeentecode")["woningen"].sum()
        extra = out["gemeentecode"].map(planned).fillna(0).astype(float)
    out["nieuwbouw"] = extra
    out["aanbod"] = out["vrijkomend"] + out["nieuwbouw"]
    out["aanbod_laag"] = out["vrijkomend_laag"] + out["nieuwbouw"]
    out["aanbod_hoog"] = out["vrijkomend_hoog"] + out["nieuwbouw"]
    return out


def regional_rate(region_lettings: pd.DataFrame, regio: str, basis: pd.DataFrame) -> tuple[float | None, str]:
    """The region's own observed mutatiegraad: current lettings of the whole region / its corporation stock."""
    if region_lettings is None or region_lettings.empty:
        return None, ""
    rows = region_lettings[(region_lettings["niveau"] == "regio") & (region_lettings["gebiedscode"] == regio)]
    stock = float(basis["corporatiewoningen"].sum())
    if rows.empty or stock <= 0:
        return None, ""
    r = rows.iloc[-1]
    rate = float(r["waarde"]) / stock
    if not 0 < rate < 1:
        return None, ""
    return rate, (f"waargenomen in de regio: {dutch_number(r['waarde'])} verhuringen ({r['periode']}) / de "
                  "corporatievoorraad")
