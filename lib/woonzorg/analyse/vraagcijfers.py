"""Demand (vraag) per aandachtsgroep as yearly instroom and current achterstand: observed, estimated, or onbekend.

The order of methods, per group and per grootheid:

1. **waargenomen** — rows of ``waarnemingen.csv`` whose indicator the catalogue
   (``indicatoren.csv``) gives that group and grootheid, at a level that belongs to the region: a
   municipality of the region (``gemeente``), a centrumregio whose centrumgemeente the region's
   municipalities belong to (``centrumregio``, attached to the centrumgemeente and never split), or
   the region itself (``regio``); plus the region's own rows in ``analyse-vraag.csv``;
2. **schatting** — an estimate from a demand-side source, laag–midden–hoog with the assumption of
   each end. Today one: statushouders instroom from the public taakstelling rule (the newest national
   half-year task × 2 × the municipality's share of the Dutch inhabitants), replaced by a
   municipality's observed task for that same half-year;
3. **onbekend** — no value; a data gap the region can close with its own figures.

Only current figures count (:func:`actueel`): an observation's structured period (``tijdvak``,
never the free text of ``periode``) must end at most :data:`ACTUEEL_JAREN` years before the
peiljaar; older or undated observations are history, shown with their period but never counted. A
flow is made yearly through :func:`woonzorg.figures.per_jaar`; a stock is never a flow.

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
from woonzorg import tijdvak
from woonzorg.tijdvak import Tijdvak
from woonzorg.figures import jaar_omrekening
from woonzorg.present.privacy import THRESHOLD, hidden_observation

CIJFER_KOLOMMEN = ["regio", "niveau", "gemeentecode", "gemeente", "groep", "grootheid", "waarde", "laag", "hoog",
                   "status", "methode", "bron", "peildatum"]
VRAAG_GROOTHEDEN = ("instroom", "achterstand")
NIVEAUS = ("gemeente", "centrumregio", "regio")
# groups organised per centrumregio (opvang, beschermd wonen): the centrumregio's figure comes first
CENTRUMREGIO_GROEPEN = ("dakthuisloos", "uitstroom")
_HALFJAAR = re.compile(r"^(\d{4})-H([12])$")
# an observation is current demand when its period ends at most this many years before the peiljaar
ACTUEEL_JAREN = 4
EXTRA_KOLOMMEN = ["gebiedscode", "eenheid", "afgeschermd", "indicator", "tijdvak", "actueel", "historie"]
TAAKSTELLING_INDICATOR = "taakstelling_vergunninghouders"


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=CIJFER_KOLOMMEN + EXTRA_KOLOMMEN)


periode_of = tijdvak.lees  # the structured period of a ``tijdvak`` cell, None when empty


def actueel(periode: Tijdvak | None, grootheid: str, peiljaar: int) -> str:
    """Why an observation is not current demand (``""``: it is): no period, too old, in the future, or a stock as flow."""
    if periode is None:
        return "tijdvak onduidelijk in de bron"
    if periode.laatste_jaar < peiljaar - ACTUEEL_JAREN:
        return f"ouder dan {peiljaar - ACTUEEL_JAREN}"
    if periode.begin.year > peiljaar:
        return f"na het peiljaar {peiljaar}"
    if grootheid == "instroom" and periode.soort == "moment":
        return "een stand op een peildatum, geen instroom per jaar"
    return ""


def current(observations: pd.DataFrame, peiljaar: int) -> pd.DataFrame:
    """The rows of observations whose ``tijdvak`` makes them current for the peiljaar (see :func:`actueel`)."""
    if observations.empty or "tijdvak" not in observations:
        return observations.iloc[0:0]
    keep = [not actueel(periode_of(t), str(q), peiljaar) for t, q in zip(observations["tijdvak"],
                                                                         observations["grootheid"])]
    return observations[keep]


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
               centrumgemeenten: Sequence[str], provincies: Sequence[str] = ()) -> pd.DataFrame:
    """The observations that belong to a region: its municipalities, its centrumregio's, the region itself, its provinces.

    A province's figure is context for the region (it is never a part of the region's total).

    Only the latest figure per indicator and area is kept (by ``jaar``, then ``periode``).
    """
    if observations.empty:
        return observations
    niveau = observations["niveau"]
    code = observations["gebiedscode"].astype(str)
    keep = (((niveau == "gemeente") & observations["gemeentecode"].isin(gemeentecodes))
            | ((niveau == "centrumregio") & code.isin(centrumgemeenten))
            | ((niveau == "regio") & (code == regio))
            | ((niveau == "provincie") & code.isin(list(provincies))))
    rows = observations[keep].copy()
    rows["_jaar"] = pd.to_numeric(rows["jaar"], errors="coerce").fillna(0)
    rows = rows.sort_values(["_jaar", "periode"], kind="stable")
    rows = rows.groupby(["indicator", "niveau", "gebiedscode"], sort=False).tail(1)
    rows = rows.sort_values("volgorde", kind="stable") if "volgorde" in rows else rows
    return rows.drop(columns="_jaar").reset_index(drop=True)


def observed_rows(observations: pd.DataFrame, regio: str, gemeenten: pd.DataFrame,
                  centrumregio_namen: dict[str, str], grootheden: Sequence[str], peiljaar: int,
                  threshold: int = THRESHOLD) -> pd.DataFrame:
    """Observed figures of the region as tidy rows (see :data:`CIJFER_KOLOMMEN`), small person counts suppressed.

    A centrumregio's figure is attached to its centrumgemeente and labelled as the centrumregio's:
    it may reach beyond the region and is never split over municipalities.
    """
    rows = observations[observations["grootheid"].isin(grootheden) & (observations["niveau"] != "provincie")]
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
        periode = periode_of(getattr(r, "tijdvak", ""))
        why = actueel(periode, r.grootheid, peiljaar)
        out.append(dict(regio=regio, niveau=r.niveau, gemeentecode=gemeentecode, gemeente=gemeente, groep=r.groep,
                        grootheid=r.grootheid, waarde=value, laag=lower, hoog=upper, status="waargenomen",
                        methode=methode, bron=str(r.bron), peildatum=str(r.periode), eenheid=str(r.eenheid),
                        gebiedscode=str(r.gebiedscode), afgeschermd=hidden, indicator=r.indicator,
                        tijdvak=periode.code if periode else "", actueel=not why, historie=why))
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
                        gebiedscode=r.gemeentecode, indicator="analyse-vraag", tijdvak=str(int(r.jaar)),
                        actueel=True, historie=""))
    return pd.DataFrame(out) if out else _empty()


def taakstelling_range(halfjaren: dict[str, float], peiljaar: int) -> tuple[float, float, float, str, str]:
    """The national statushouders task per year as laag–midden–hoog, the half-year it rests on, and the method.

    midden: the newest national half-year task up to the peiljaar × 2; laag and hoog: the lowest and
    highest of the last four half-years × 2 (the task moves with the asylum inflow). Returns
    (laag, midden, hoog, half-year code, method in Dutch).
    """
    halves = sorted((k, v) for k, v in halfjaren.items() if _HALFJAAR.match(k) and int(k[:4]) <= peiljaar)
    if not halves:
        raise ValueError("geen taakstelling statushouders per halfjaar tot het peiljaar in landelijke-cijfers.csv")
    recent = halves[-4:]
    code, newest = recent[-1]
    laag, hoog = 2 * min(v for _, v in recent), 2 * max(v for _, v in recent)
    label = tijdvak.parse(code).label
    uitleg = (f"midden: de nieuwste landelijke taakstelling ({label}: {number(newest)} personen) × 2 voor een jaar; "
              f"laag en hoog: het laagste en hoogste van de laatste {len(recent)} halfjaren "
              f"({tijdvak.parse(recent[0][0]).label} tot en met {label}) × 2")
    return laag, 2 * float(newest), hoog, code, uitleg


def statushouders_rule(gemeenten: pd.DataFrame, inwoners_nl: float, halfjaren: dict[str, float], peiljaar: int,
                       regio: str, bron: str) -> pd.DataFrame:
    """Statushouders instroom per municipality from the public taakstelling rule (persons per year), as a range.

    An estimate from a public legal rule (Huisvestingswet 2014, art. 28): not disclosive, so never suppressed.
    """
    laag, midden, hoog, code, uitleg = taakstelling_range(halfjaren, peiljaar)
    share = gemeenten["inwoners"].astype(float) / inwoners_nl
    return pd.DataFrame({
        "regio": regio, "niveau": "gemeente", "gemeentecode": gemeenten["gemeentecode"].values,
        "gemeente": gemeenten["gemeente"].values, "groep": "statushouders", "grootheid": "instroom",
        "waarde": (share * midden).values, "laag": (share * laag).values, "hoog": (share * hoog).values,
        "status": "schatting",
        "methode": f"rekenregel taakstelling: landelijke taakstelling × aandeel inwoners van Nederland ({uitleg})",
        "bron": bron, "peildatum": code, "eenheid": "personen per jaar", "afgeschermd": False,
        "indicator": "taakstelling_rekenregel", "gebiedscode": gemeenten["gemeentecode"].values,
        "tijdvak": code, "actueel": True, "historie": "",
    })


def per_jaar(rows: pd.DataFrame) -> pd.DataFrame:
    """Observed instroom over a half-year, quarter or several years as a yearly figure (by ``tijdvak``), said in the method."""
    out = rows.copy()
    for i in out.index[(out["grootheid"] == "instroom") & out["actueel"].astype(bool)]:
        periode = periode_of(out.at[i, "tijdvak"])
        if periode is None or periode.jaren in (0, 1):
            continue
        for column in ("waarde", "laag", "hoog"):
            out.at[i, column] = float(out.at[i, column]) / periode.jaren
        out.at[i, "methode"] = f"{out.at[i, 'methode']}; {jaar_omrekening(periode)}"
    return out


def unknown_rows(groepen: Sequence[str], present: pd.DataFrame, regio: str, naam: str) -> pd.DataFrame:
    """One ``onbekend`` row at region level for each group and grootheid without any figure."""
    have = set(zip(present["groep"], present["grootheid"])) if not present.empty else set()
    out = [dict(regio=regio, niveau="regio", gemeentecode="", gemeente=naam, groep=g, grootheid=q,
                waarde=float("nan"), laag=float("nan"), hoog=float("nan"), status="onbekend",
                methode="geen actueel cijfer uit een bron aan de vraagkant",
                bron="", peildatum="", eenheid="", afgeschermd=False, indicator="", gebiedscode=regio, tijdvak="",
                actueel=True, historie="")
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
    parts = [observed_rows(observations, regio, gemeenten, centrumregio_namen, VRAAG_GROOTHEDEN, peiljaar, threshold),
             own_rows(eigen, regio, gemeenten, peiljaar, threshold)]
    parts = [p for p in parts if not p.empty]
    seen = per_jaar(pd.concat(parts, ignore_index=True)) if parts else _empty()
    seen = seen[seen["groep"].isin(groepen)].copy()
    # statushouders: an observed municipal task counts only for the half-year the rule uses; others are history
    code = taakstelling_range(halfjaren, peiljaar)[3] if "statushouders" in groepen else ""
    status_in = (seen["groep"] == "statushouders") & (seen["grootheid"] == "instroom") & (seen["niveau"] == "gemeente")
    other_period = status_in & (seen["indicator"] != "analyse-vraag") & (seen["tijdvak"].astype(str) != code)
    seen.loc[other_period & seen["actueel"].astype(bool), "historie"] = (
        f"taakstelling van een ander halfjaar dan {tijdvak.parse(code).label if code else ''}")
    seen.loc[other_period, "actueel"] = False
    observed_codes = set(seen[status_in & seen["actueel"].astype(bool)]["gemeentecode"])
    rule = statushouders_rule(gemeenten[~gemeenten["gemeentecode"].isin(observed_codes)], inwoners_nl, halfjaren,
                              peiljaar, regio, taakstelling_bron) if "statushouders" in groepen else _empty()
    found = pd.concat([frame for frame in (seen, rule) if not frame.empty], ignore_index=True) \
        if not (seen.empty and rule.empty) else _empty()
    current = found[found["actueel"].astype(bool)] if not found.empty else found
    out = pd.concat([found, unknown_rows(groepen, current, regio, naam)], ignore_index=True)
    out["actueel"] = out["actueel"].astype(bool)
    out["in_totaal"] = False
    for (groep, _), block in out[(out["status"] != "onbekend") & out["actueel"]].groupby(["groep", "grootheid"]):
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
            block = cijfers[(cijfers["groep"] == g) & (cijfers["grootheid"] == q) & cijfers["actueel"].astype(bool)]
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


def houders_per_groep(indicatoren: pd.DataFrame | None, groepen: Sequence[str]) -> pd.DataFrame:
    """Per group who holds the demand figures the data request asks for, and which public table gives figures of it."""
    rows = []
    for g in groepen:
        mine = pd.DataFrame() if indicatoren is None else indicatoren[indicatoren["groep"] == g]
        asked = mine[mine["grootheid"].isin(VRAAG_GROOTHEDEN)] if len(mine) else mine
        if "gevraagd" in asked and asked["gevraagd"].astype(bool).any():
            asked = asked[asked["gevraagd"].astype(bool)]
        houders = sorted({str(h) for h in asked.get("houder", []) if str(h) and str(h) != "nan"})
        # a public table that gives figures of the group (the catalogue says "openbare tabel: …"), demand first
        parts = [part.strip() for b in list(asked.get("bron", [])) + list(mine.get("bron", []))
                 for part in str(b).split(";") if "openbare tabel" in part]
        tabellen = [p.split("openbare tabel:", 1)[-1].strip() for p in parts]
        tabellen = list(dict.fromkeys(t + ")" * (t.count("(") - t.count(")")) for t in tabellen))
        rows.append({"groep": g, "houder": ", ".join(houders), "bron": "; ".join(tabellen[:2])})
    return pd.DataFrame(rows, columns=["groep", "houder", "bron"])
