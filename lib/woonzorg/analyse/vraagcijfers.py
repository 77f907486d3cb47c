"""Demand (vraag) per aandachtsgroep as yearly instroom and current achterstand: observed, estimated, or onbekend.

The order of methods, per group and per grootheid:

1. **waargenomen** — rows of ``waarnemingen.csv`` whose indicator the catalogue
   (``indicatoren.csv``) gives that group and grootheid, at a level that belongs to the region: a
   municipality of the region (``gemeente``), a centrumregio whose centrumgemeente the region's
   municipalities belong to (``centrumregio``, attached to the centrumgemeente and never split), or
   the region itself (``regio``); plus the region's own rows in ``analyse-vraag.csv``;
2. **schatting** — an estimate from a demand-side source, laag–midden–hoog with the assumption of
   each end. Today one: statushouders instroom from the public taakstelling rule (the national
   half-year tasks × the municipality's share of the Dutch inhabitants);
3. **onbekend** — no value; a data gap the region can close with its own figures.

Demand is never derived from allocation: the catalogue's ``toewijzing`` rows (lettings with
priority, the share of lettings to a group) and every supply-side assumption are not read here.
Observed counts of persons per municipality below the threshold are replaced by the interval
0–9 (``afgeschermd``) here, before any table, chart or file is made from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from woonzorg.dutch import number
from woonzorg.present.privacy import THRESHOLD, hidden_observation

CIJFER_KOLOMMEN = ["regio", "niveau", "gemeentecode", "gemeente", "groep", "grootheid", "waarde", "laag", "hoog",
                   "status", "methode", "bron", "peildatum"]
VRAAG_GROOTHEDEN = ("instroom", "achterstand")
NIVEAUS = ("gemeente", "centrumregio", "regio")
# groups organised per centrumregio (opvang, beschermd wonen): the centrumregio's figure comes first
CENTRUMREGIO_GROEPEN = ("dakthuisloos", "uitstroom")
_HALFJAAR = re.compile(r"^(\d{4})-H([12])$")


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=CIJFER_KOLOMMEN + ["gebiedscode", "eenheid", "afgeschermd", "indicator"])


def catalogued(waarnemingen: pd.DataFrame, indicatoren: pd.DataFrame | None) -> pd.DataFrame:
    """Observations with the catalogue's ``grootheid`` and group (the observation's own group wins)."""
    if waarnemingen is None or waarnemingen.empty or indicatoren is None or indicatoren.empty:
        return pd.DataFrame(columns=[*(waarnemingen.columns if waarnemingen is not None else []), "grootheid"])
    catalogue = indicatoren.drop_duplicates("indicator").set_index("indicator")
    out = waarnemingen.copy()
    out["grootheid"] = out["indicator"].map(catalogue["grootheid"])
    own = out["groep"] if "groep" in out else pd.Series(pd.NA, index=out.index)
    own = own.where(own.notna() & (own.astype(str) != ""), pd.NA)
    out["groep"] = own.fillna(out["indicator"].map(catalogue["groep"]))
    out["omschrijving"] = out["indicator"].map(catalogue["omschrijving"]) if "omschrijving" in catalogue else pd.NA
    out["volgorde"] = out["indicator"].map({name: i for i, name in enumerate(catalogue.index)})
    out = out[out["grootheid"].notna()].sort_values("volgorde", kind="stable")  # the catalogue's order: preferred first
    return out.reset_index(drop=True)


def for_region(observations: pd.DataFrame, regio: str, gemeentecodes: Sequence[str],
               centrumgemeenten: Sequence[str]) -> pd.DataFrame:
    """The observations that belong to a region: its municipalities, its centrumregio's, the region itself.

    Only the latest figure per indicator and area is kept (by ``jaar``, then ``periode``).
    """
    if observations.empty:
        return observations
    niveau = observations["niveau"]
    code = observations["gebiedscode"].astype(str)
    keep = (((niveau == "gemeente") & observations["gemeentecode"].isin(gemeentecodes))
            | ((niveau == "centrumregio") & code.isin(centrumgemeenten))
            | ((niveau == "regio") & (code == regio)))
    rows = observations[keep].copy()
    rows["_jaar"] = pd.to_numeric(rows["jaar"], errors="coerce").fillna(0)
    rows = rows.sort_values(["_jaar", "periode"], kind="stable")
    rows = rows.groupby(["indicator", "niveau", "gebiedscode"], sort=False).tail(1)
    rows = rows.sort_values("volgorde", kind="stable") if "volgorde" in rows else rows
    return rows.drop(columns="_jaar").reset_index(drop=True)


def observed_rows(observations: pd.DataFrame, regio: str, gemeenten: pd.DataFrame,
                  centrumregio_namen: dict[str, str], grootheden: Sequence[str],
                  threshold: int = THRESHOLD) -> pd.DataFrame:
    """Observed figures of the region as tidy rows (see :data:`CIJFER_KOLOMMEN`), small person counts suppressed.

    A centrumregio's figure is attached to its centrumgemeente and labelled as the centrumregio's:
    it may reach beyond the region and is never split over municipalities.
    """
    rows = observations[observations["grootheid"].isin(grootheden)]
    names = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeente"]))
    out = []
    for r in rows.itertuples(index=False):
        value = float(r.waarde)
        upper = float(r.waarde_tot) if pd.notna(r.waarde_tot) else value
        what = str(r.omschrijving) if isinstance(r.omschrijving, str) and r.omschrijving else str(r.indicator)
        methode = f"waarneming: {what.replace('_', ' ')} ({r.eenheid}, {r.periode})"
        if r.niveau == "gemeente":
            gemeentecode, gemeente = r.gemeentecode, names.get(r.gemeentecode, r.gebied)
        elif r.niveau == "centrumregio":
            gemeentecode = ""
            gemeente = f"centrumregio {centrumregio_namen.get(str(r.gebiedscode), r.gebied)}"
            methode += ("; cijfer van de centrumregio als geheel (kan verder reiken dan de regio), niet over "
                        "gemeenten verdeeld")
        else:
            gemeentecode, gemeente = "", str(r.gebied)
        hidden = hidden_observation(r)
        if hidden:
            value, lower, upper = float("nan"), 0.0, float(threshold - 1)
            methode += f"; afgeschermd: minder dan {threshold} personen"
        else:
            lower = value
        out.append(dict(regio=regio, niveau=r.niveau, gemeentecode=gemeentecode, gemeente=gemeente, groep=r.groep,
                        grootheid=r.grootheid, waarde=value, laag=lower, hoog=upper, status="waargenomen",
                        methode=methode, bron=str(r.bron), peildatum=str(r.periode), eenheid=str(r.eenheid),
                        gebiedscode=str(r.gebiedscode),
                        afgeschermd=hidden, indicator=r.indicator))
    return pd.DataFrame(out) if out else _empty()


def own_rows(eigen: pd.DataFrame | None, regio: str, gemeenten: pd.DataFrame, jaar: int,
             threshold: int = THRESHOLD) -> pd.DataFrame:
    """The region's own figures in ``analyse-vraag.csv`` (homes per year) as observed instroom, suppressed like the rest."""
    if eigen is None or eigen.empty:
        return _empty()
    rows = eigen[(eigen["regio"] == regio) & (eigen["jaar"].astype(int) == jaar)]
    names = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeente"]))
    out = []
    for r in rows.itertuples(index=False):
        value = float(r.vraag)
        hidden = value < threshold
        out.append(dict(regio=regio, niveau="gemeente", gemeentecode=r.gemeentecode,
                        gemeente=names.get(r.gemeentecode, r.gemeentecode), groep=r.groep, grootheid="instroom",
                        waarde=float("nan") if hidden else value, laag=0.0 if hidden else value,
                        hoog=float(threshold - 1) if hidden else value, status="waargenomen",
                        methode="eigen waarneming van de regio (woningen per jaar)"
                                + (f"; afgeschermd: minder dan {threshold}" if hidden else ""),
                        bron=str(r.bron), peildatum=str(r.jaar), eenheid="woningen per jaar", afgeschermd=hidden,
                        gebiedscode=r.gemeentecode,
                        indicator="analyse-vraag"))
    return pd.DataFrame(out) if out else _empty()


def taakstelling_range(halfjaren: dict[str, float], peiljaar: int) -> tuple[float, float, float, str]:
    """The national statushouders task per year as laag–midden–hoog, with the assumption of each end.

    midden: the latest year up to the peiljaar with both halves known; laag and hoog: the lowest
    and highest full year among the last three full years (the task moves with the asylum inflow).
    """
    years: dict[int, dict[str, float]] = {}
    for key, value in halfjaren.items():
        m = _HALFJAAR.match(key)
        if m:
            years.setdefault(int(m[1]), {})[m[2]] = value
    full = {y: h["1"] + h["2"] for y, h in years.items() if set(h) == {"1", "2"}}
    if not full:
        raise ValueError("geen volledig jaar taakstelling statushouders in landelijke-cijfers.csv")
    before = [y for y in sorted(full) if y <= peiljaar] or sorted(full)[:1]
    midden_jaar = before[-1]
    recent = sorted(full)[-3:]
    laag_jaar, hoog_jaar = min(recent, key=full.get), max(recent, key=full.get)
    laag, hoog = min(full[laag_jaar], full[midden_jaar]), max(full[hoog_jaar], full[midden_jaar])
    uitleg = (f"midden: landelijke taakstelling {midden_jaar} ({number(full[midden_jaar])} personen); laag: "
              f"{number(laag)} personen (het laagste van {recent[0]}–{recent[-1]}); hoog: {number(hoog)} personen "
              f"(het hoogste van {recent[0]}–{recent[-1]})")
    return laag, float(full[midden_jaar]), hoog, uitleg


def statushouders_rule(gemeenten: pd.DataFrame, inwoners_nl: float, halfjaren: dict[str, float], peiljaar: int,
                       regio: str, bron: str) -> pd.DataFrame:
    """Statushouders instroom per municipality from the public taakstelling rule (persons per year), as a range.

    An estimate from a public legal rule (Huisvestingswet 2014, art. 28): not disclosive, so never suppressed.
    """
    laag, midden, hoog, uitleg = taakstelling_range(halfjaren, peiljaar)
    share = gemeenten["inwoners"].astype(float) / inwoners_nl
    return pd.DataFrame({
        "regio": regio, "niveau": "gemeente", "gemeentecode": gemeenten["gemeentecode"].values,
        "gemeente": gemeenten["gemeente"].values, "groep": "statushouders", "grootheid": "instroom",
        "waarde": (share * midden).values, "laag": (share * laag).values, "hoog": (share * hoog).values,
        "status": "schatting",
        "methode": f"rekenregel taakstelling: landelijke taakstelling × aandeel inwoners van Nederland ({uitleg})",
        "bron": bron, "peildatum": str(peiljaar), "eenheid": "personen per jaar", "afgeschermd": False,
        "indicator": "taakstelling_rekenregel", "gebiedscode": gemeenten["gemeentecode"].values,
    })


def per_jaar(rows: pd.DataFrame) -> pd.DataFrame:
    """Observed instroom of a half-year (periode ``JJJJ-H1``) as a yearly figure: × 2, said in the method."""
    out = rows.copy()
    half = out["peildatum"].astype(str).str.fullmatch(_HALFJAAR.pattern) & (out["grootheid"] == "instroom")
    for column in ("waarde", "laag", "hoog"):
        out.loc[half, column] = out.loc[half, column].astype(float) * 2
    out.loc[half, "methode"] = out.loc[half, "methode"] + "; halfjaarcijfer × 2 voor een jaar"
    return out


def unknown_rows(groepen: Sequence[str], present: pd.DataFrame, regio: str, naam: str) -> pd.DataFrame:
    """One ``onbekend`` row at region level for each group and grootheid without any figure."""
    have = set(zip(present["groep"], present["grootheid"])) if not present.empty else set()
    out = [dict(regio=regio, niveau="regio", gemeentecode="", gemeente=naam, groep=g, grootheid=q,
                waarde=float("nan"), laag=float("nan"), hoog=float("nan"), status="onbekend",
                methode="geen waarneming en geen schatting uit een bron aan de vraagkant; eigen cijfers nodig",
                bron="", peildatum="", eenheid="", afgeschermd=False, indicator="", gebiedscode=regio)
           for g in groepen for q in VRAAG_GROOTHEDEN if (g, q) not in have]
    return pd.DataFrame(out) if out else _empty()


def vraag_cijfers(*, regio: str, naam: str, groepen: Sequence[str], gemeenten: pd.DataFrame,
                  observations: pd.DataFrame, centrumregio_namen: dict[str, str], eigen: pd.DataFrame | None,
                  inwoners_nl: float, halfjaren: dict[str, float], peiljaar: int, taakstelling_bron: str,
                  threshold: int = THRESHOLD) -> pd.DataFrame:
    """Every demand figure of a region: observed rows, the rule's estimates where nothing is observed, onbekend rows.

    A municipality with an observed statushouders instroom keeps its observation; the others get the
    rule's estimate. Returns :data:`CIJFER_KOLOMMEN` plus ``eenheid``, ``afgeschermd``, ``indicator``
    and ``in_totaal`` (whether the row counts in the region's total of its group and grootheid:
    municipality rows, else the centrumregio's, else the region's, so nothing is counted twice).
    """
    seen = per_jaar(pd.concat([observed_rows(observations, regio, gemeenten, centrumregio_namen, VRAAG_GROOTHEDEN,
                                             threshold),
                               own_rows(eigen, regio, gemeenten, peiljaar, threshold)], ignore_index=True))
    seen = seen[seen["groep"].isin(groepen)]
    observed_codes = set(seen[(seen["groep"] == "statushouders") & (seen["grootheid"] == "instroom")
                              & (seen["niveau"] == "gemeente")]["gemeentecode"])
    rule = statushouders_rule(gemeenten[~gemeenten["gemeentecode"].isin(observed_codes)], inwoners_nl, halfjaren,
                              peiljaar, regio, taakstelling_bron) if "statushouders" in groepen else _empty()
    found = pd.concat([frame for frame in (seen, rule) if not frame.empty], ignore_index=True) \
        if not (seen.empty and rule.empty) else _empty()
    out = pd.concat([found, unknown_rows(groepen, found, regio, naam)], ignore_index=True)
    out["in_totaal"] = False
    for (groep, _), block in out[out["status"] != "onbekend"].groupby(["groep", "grootheid"]):
        levels = ("centrumregio", "gemeente", "regio") if groep in CENTRUMREGIO_GROEPEN else NIVEAUS
        for level in levels:
            at_level = block[block["niveau"] == level]
            if not at_level.empty:
                # one figure per area: the first indicator of the catalogue for each area
                chosen = at_level.drop_duplicates(["gemeentecode", "gemeente"])
                out.loc[chosen.index, "in_totaal"] = True
                break
    order = {g: i for i, g in enumerate(groepen)}
    out["_g"] = out["groep"].map(order)
    out["_q"] = out["grootheid"].map({q: i for i, q in enumerate(VRAAG_GROOTHEDEN)})
    out["_n"] = out["niveau"].map({n: i for i, n in enumerate(NIVEAUS)})
    out = out.sort_values(["_g", "_q", "_n", "gemeente"], kind="stable").drop(columns=["_g", "_q", "_n"])
    return out.reset_index(drop=True)


def inventaris(cijfers: pd.DataFrame, groepen: Sequence[str]) -> pd.DataFrame:
    """Per group and grootheid the best status found: waargenomen, else schatting, else onbekend (step 1 of the analysis)."""
    rank = {"waargenomen": 0, "schatting": 1, "onbekend": 2}
    rows = []
    for g in groepen:
        row = {"groep": g}
        for q in VRAAG_GROOTHEDEN:
            block = cijfers[(cijfers["groep"] == g) & (cijfers["grootheid"] == q)]
            statuses = sorted(set(block["status"]), key=rank.get) or ["onbekend"]
            row[q] = statuses[0]
            row[f"{q}_niveau"] = ", ".join(sorted(set(block[block["status"] == statuses[0]]["niveau"])))
        best = min((row[q] for q in VRAAG_GROOTHEDEN), key=rank.get)
        row["status"] = best
        rows.append(row)
    return pd.DataFrame(rows)


def totaal(cijfers: pd.DataFrame, groep: str, grootheid: str) -> tuple[float, float, float] | None:
    """The region's laag–midden–hoog of one group and grootheid (rows ``in_totaal``), or None when onbekend.

    A suppressed cell counts with its interval 0–9 (midden 4,5), so no total gives it away.
    """
    block = cijfers[(cijfers["groep"] == groep) & (cijfers["grootheid"] == grootheid) & cijfers["in_totaal"]]
    if block.empty:
        return None
    midden = block["waarde"].astype(float).fillna((block["laag"].astype(float) + block["hoog"].astype(float)) / 2)
    return float(block["laag"].astype(float).sum()), float(midden.sum()), float(block["hoog"].astype(float).sum())
