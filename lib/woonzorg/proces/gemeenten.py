"""Procesorganisatie per municipality (pure pandas): role, sub-region, agreements, share of the task, taakstelling.

Every municipality of the region gets a row, also in a region added with ``woonzorg regio
toevoegen``: what a source names is filled in with that source, everything else says *niet
gevonden*. The share of the regional task comes from the analysis library's fair-share
computation (:func:`woonzorg.analyse.woonzorganalyse`, its ``spreiding``); the statushouders
taakstelling is the observed figure where one is in ``waarnemingen.csv``, else the public rule
(Huisvestingswet 2014 art. 28: national task × the municipality's share of inhabitants).
"""

from __future__ import annotations


import pandas as pd

from woonzorg.tijdvak import lees

from woonzorg import analyse, regions
from woonzorg.data import Dataset
from woonzorg.present.privacy import hidden_observation

NIET_GEVONDEN = "niet gevonden"
AFSPRAAK_KOLOMMEN = ("woondeal", "uitstroom", "prestatieafspraken", "urgentie")


def _einde(tijdvak: object) -> str:
    """The last day of a structured period (``tijdvak``) for sorting; empty (unclear) sorts first."""
    found = lees(tijdvak)
    return found.eind.isoformat() if found else ""


def _centrum(dataset: Dataset, gemeenten: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: role text and its source (centrumregios.csv where present, else regio-indeling)."""
    table = dataset.tables.get("centrumregios")
    names = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeente"]))
    rows = []
    for g in gemeenten.itertuples():
        rol, bron = NIET_GEVONDEN, ""
        if table is not None and len(table):
            hit = table[table["gemeentecode"] == g.gemeentecode]
            if len(hit):
                h = hit.iloc[0]
                centrum = h["centrumgemeente_code"]
                if centrum == g.gemeentecode:
                    rol = f"centrumgemeente beschermd wonen en opvang ({h['centrumregio']})"
                else:
                    naam = names.get(centrum) or str(h.get("centrumregio", centrum))
                    rol = f"hoort bij centrumgemeente {naam}"
                bron = str(h["bron"])
        elif bool(g.centrumgemeente):
            rol, bron = "centrumgemeente beschermd wonen en opvang", str(g.bron_indeling)
        rows.append({"gemeentecode": g.gemeentecode, "rol": rol, "rol_bron": bron})
    return pd.DataFrame(rows)


def _deelregio(dataset: Dataset, codes: list[str]) -> pd.DataFrame:
    table = dataset.tables.get("deelregios")
    rows = []
    for code in codes:
        hit = table[table["gemeentecode"] == code] if table is not None and len(table) else pd.DataFrame()
        rows.append({"gemeentecode": code,
                     "deelregio": "; ".join(hit["naam"]) if len(hit) else NIET_GEVONDEN,
                     "deelregio_bron": "; ".join(dict.fromkeys(hit["bron"])) if len(hit) else ""})
    return pd.DataFrame(rows)


def afspraken_per_gemeente(afspraken: pd.DataFrame, codes: list[str]) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """{gemeentecode: {soort: [(naam, bron), ...]}} for the four agreement kinds, from who the source names."""
    out = {code: {k: [] for k in AFSPRAAK_KOLOMMEN} for code in codes}
    for row in afspraken.itertuples(index=False):
        soort = getattr(row, "soort", None)
        partijen = getattr(row, "gemeenten", None)
        if soort not in AFSPRAAK_KOLOMMEN or pd.isna(partijen) or not str(partijen).strip():
            continue
        members = codes if str(partijen).strip() == "alle" else [c.strip() for c in str(partijen).split(";")]
        for code in members:
            if code in out:
                out[code][soort].append((row.naam, row.bron))
    return out


def taakstelling(dataset: Dataset, gemeenten: pd.DataFrame) -> pd.DataFrame:
    """The statushouders taakstelling per municipality: by the public rule for the latest national half-year
    (the same period for every municipality), and the latest observed figure where a source gives one (a count
    below the threshold without its value, ``waargenomen_afgeschermd``)."""
    obs = dataset["waarnemingen"]
    obs = obs[obs["indicator"] == "taakstelling_vergunninghouders"]
    # the same national half-year as the woonzorganalyse (the newest up to the build's peiljaar)
    from woonzorg import clock
    from woonzorg.analyse.grondslag import grondslag
    from woonzorg.analyse.vraagcijfers import taakstelling_range

    rule = None
    nl = grondslag(dataset, clock.peiljaar())
    try:
        code = taakstelling_range(nl.taakstelling_halfjaar, nl.peiljaar)[3]
    except ValueError:
        code = ""
    if code:
        rule = (nl.taakstelling_halfjaar[code], code, nl.bronnen.get("taakstelling", ""), nl.inwoners_nl)
    rows = []
    for g in gemeenten.itertuples():
        row = {"gemeentecode": g.gemeentecode, "taakstelling_regel": float("nan"), "regel_periode": "",
               "regel_bron": "", "taakstelling_waargenomen": float("nan"), "waargenomen_periode": "",
               "waargenomen_bron": "", "waargenomen_afgeschermd": False}
        if rule is not None:
            waarde, periode, bron, nl = rule
            row.update(taakstelling_regel=waarde * float(g.inwoners) / nl, regel_periode=periode,
                       regel_bron=f"landelijke taakstelling {periode} × aandeel inwoners (Huisvestingswet 2014 "
                                  f"art. 28); {bron}")
        own = obs[obs["gemeentecode"] == g.gemeentecode]
        if len(own):
            tijdvakken = own["tijdvak"] if "tijdvak" in own else pd.Series("", index=own.index)
            own = own.assign(_eind=tijdvakken.map(_einde))
            r = own.sort_values("_eind", kind="stable").iloc[-1]
            found = lees(r.get("tijdvak", ""))
            row.update(taakstelling_waargenomen=float(r["waarde"]),
                       waargenomen_periode=found.label if found else str(r["periode"]),
                       waargenomen_bron=str(r["bron"]), waargenomen_afgeschermd=hidden_observation(r))
        rows.append(row)
    return pd.DataFrame(rows)


def gemeenten_overzicht(dataset: Dataset, regio: str, verdeelsleutel: str = "inwoners") -> pd.DataFrame:
    """One row per municipality of the region, in the order of the region's table.

    Columns: gemeentecode, gemeente (CBS name), rol, rol_bron, deelregio, deelregio_bron, the four
    agreement kinds (each a list of (naam, bron)), sleutelaandeel and eerlijk_aandeel (homes per year)
    under ``verdeelsleutel``, taakstelling_regel/regel_periode/regel_bron and
    taakstelling_waargenomen/waargenomen_periode/waargenomen_bron.
    """
    gemeenten = regions.region_municipalities(dataset, regio).reset_index(drop=True)
    indeling = dataset["regio-indeling"]
    bron_indeling = dict(zip(indeling.loc[indeling["regio"] == regio, "gemeentecode"],
                             indeling.loc[indeling["regio"] == regio, "bron"]))
    gemeenten = gemeenten.assign(bron_indeling=gemeenten["gemeentecode"].map(bron_indeling).fillna(""))
    codes = gemeenten["gemeentecode"].tolist()
    out = gemeenten[["gemeentecode", "gemeente"]].copy()
    out = out.merge(_centrum(dataset, gemeenten), on="gemeentecode", how="left")
    out = out.merge(_deelregio(dataset, codes), on="gemeentecode", how="left")
    afspraken = dataset["proces-afspraken"]
    per = afspraken_per_gemeente(afspraken[afspraken["regio"] == regio], codes)
    for soort in AFSPRAAK_KOLOMMEN:
        out[soort] = [per[c][soort] for c in codes]
    a = analyse.woonzorganalyse(dataset, regio, verdeelsleutel=verdeelsleutel)
    s = a.spreiding[a.spreiding["verdeelsleutel"] == verdeelsleutel].set_index("gemeentecode")
    out["sleutelaandeel"] = out["gemeentecode"].map(s["sleutelaandeel"]).astype(float)
    out["eerlijk_aandeel"] = out["gemeentecode"].map(s["eerlijk_aandeel"]).astype(float)
    out = out.merge(taakstelling(dataset, gemeenten), on="gemeentecode", how="left")
    out.attrs["verdeelsleutel"] = verdeelsleutel
    return out
