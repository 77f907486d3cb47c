"""Observed figures, their catalogue and the centrumregio's: three core tables and the rules that tie them.

``waarnemingen.csv`` holds every observed figure at the level the source gives it (``niveau``:
gemeente, centrumregio, regio, provincie or land), ``indicatoren.csv`` says what each indicator is
(aandachtsgroep, grootheid, unit, who holds it, whether a region is asked for it) and
``centrumregios.csv`` which municipality belongs to which centrumregio for beschermd wonen and
maatschappelijke opvang, only where a source says so. :func:`figures_for_region` gives a region
every figure of its municipalities, of a centrumregio whose centrumgemeente it contains (labelled
as the centrumregio's figure), of itself and of its provinces.
"""

from __future__ import annotations

import math

import pandas as pd

from woonzorg import tijdvak
from woonzorg.data import GM_CODE, REGIO_ID, Column, DataError, Dataset, TableSchema, _core, _cols, _row_of

NIVEAUS = ("gemeente", "centrumregio", "regio", "provincie", "land")
GROOTHEDEN = ("instroom", "achterstand", "aanbod", "toewijzing", "context")
LAND_CODE = "NL"

WAARNEMINGEN = _core(TableSchema(
    "waarnemingen.csv",
    _cols(
        ("indicator", "text", True, "naam van het cijfer (zie indicatoren.csv)"),
        ("groep", "text", False, "aandachtsgroep (id uit aandachtsgroepen.csv); leeg voor algemene cijfers"),
        ("niveau", "text", True, "gemeente, centrumregio, regio, provincie of land"),
        ("gebiedscode", "text", True, "GM-code (gemeente; centrumgemeente bij centrumregio), regio-id, provincienaam of NL"),
        ("gebied", "text", True, "gebied zoals de bron het noemt"),
        ("gemeentecode", "gemeentecode", False, "CBS-code, alleen als niveau = gemeente"),
        ("waarde", "float", True, "waarde (ondergrens bij een bandbreedte)"),
        ("waarde_tot", "float", False, "bovengrens bij een bandbreedte"),
        ("eenheid", "text", True, "eenheid; een aandeel staat als getal tussen 0 en 1"),
        ("periode", "text", True, "peildatum of periode zoals de bron die noemt"),
        # added later: older copies without the column read with an empty tijdvak (period unknown)
        Column("tijdvak", "tijdvak", False, "jaar (2025), halfjaar (2025-H2), kwartaal (2025-Q1), reeks jaren "
               "(2021-2023) of peildatum (2026-01-01); leeg als de bron de periode onduidelijk laat", default=""),
        Column("jaar", "int", False, "kalenderjaar waar het cijfer over gaat; leeg als de bron dat onduidelijk laat",
               unit="jaartal"),
        ("bron", "text", True, "bron (adres of leverancier)"),
        ("opmerking", "text", False, "kanttekeningen (SECUNDAIR, PERIODE ONZEKER)"),
    ),
    description="Waargenomen cijfers over aandachtsgroepen, op het niveau waarop de bron ze geeft.",
))

INDICATOREN = _core(TableSchema(
    "indicatoren.csv",
    _cols(
        ("indicator", "text", True, "naam van het cijfer"),
        ("groep", "text", False, "aandachtsgroep; leeg voor algemene cijfers"),
        ("grootheid", "text", True, "instroom, achterstand, aanbod, toewijzing of context"),
        ("niveau", "text", True, "niveau waarop het cijfer (gevraagd) wordt"),
        ("eenheid", "text", True, "eenheid waarin het cijfer gevraagd wordt"),
        ("omschrijving", "text", True, "definitie in het Nederlands"),
        ("houder", "text", True, "wie het cijfer meestal heeft"),
        ("gevraagd", "jaNee", True, "ja als het in de gegevensuitvraag aan een regio hoort"),
        ("bron", "text", True, "bron van de definitie"),
        ("persoonsaantal", "jaNee", True, "ja als het cijfer een aantal personen of huishoudens is (op elk niveau "
                                          "onder 10 nooit gepubliceerd)"),
    ),
    key=("indicator",),
    description="Catalogus van de indicatoren: wat elk cijfer is en wie het heeft.",
))

CENTRUMREGIOS = _core(TableSchema(
    "centrumregios.csv",
    _cols(
        ("gemeentecode", "gemeentecode", True, "CBS-code van de gemeente"),
        ("gemeente", "text", True, "naam van de gemeente"),
        ("centrumgemeente_code", "gemeentecode", True, "CBS-code van de centrumgemeente"),
        ("centrumregio", "text", True, "naam van de centrumregio"),
        ("bron", "text", True, "bron die het lidmaatschap noemt"),
    ),
    key=("gemeentecode",),
    description="Bij welke centrumregio (beschermd wonen, maatschappelijke opvang) een gemeente hoort, alleen waar een bron dat noemt.",
))


def unit_kind(eenheid: str) -> str:
    """How a value in this unit is validated: ``aandeel`` (0–1), ``janee`` (0 or 1), ``verandering`` (any) or ``aantal`` (≥ 0)."""
    t = str(eenheid).strip().lower()
    if t.startswith("aandeel"):
        return "aandeel"
    if t.startswith("ja(1)"):
        return "janee"
    if t.startswith("% t.o.v.") or t.startswith("verandering"):
        return "verandering"
    return "aantal"


def value_problem(value: float, eenheid: str, *, persons: bool = False) -> str | None:
    """A Dutch explanation when ``value`` cannot be a figure in ``eenheid``, else None.

    ``persons``: the indicator counts persons or households (``persoonsaantal`` in the catalogue), so
    the value is a whole number.
    """
    if value is None or not math.isfinite(value):
        return "geen eindig getal"
    kind = unit_kind(eenheid)
    if kind == "aandeel" and not 0 <= value <= 1:
        return f"{value:g} ligt buiten 0–1; een aandeel staat als getal tussen 0 en 1 (bijvoorbeeld 0,25)"
    if kind == "janee" and value not in (0, 1):
        return f"{value:g} is geen 0 (nee) of 1 (ja)"
    if kind == "aantal" and value < 0:
        return f"{value:g} is negatief; een aantal ({eenheid}) kan niet negatief zijn"
    if persons and kind == "aantal" and not float(value).is_integer():
        return f"{value:g} is geen geheel getal; een aantal personen of huishoudens ({eenheid}) is heel"
    return None


def check_tables(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Cross-table rules for waarnemingen, indicatoren, centrumregios and the centrumgemeente flag of the indeling."""
    errors: list[DataError] = []
    gemeenten = tables["gemeenten"]
    known = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeente"]))
    provincies = set(gemeenten["provincie"])
    groups = set(tables["aandachtsgroepen"]["groep"].dropna())

    ind = tables["indicatoren"]
    iname = names["indicatoren"]
    for i, row in enumerate(ind.itertuples(index=False)):
        regel = _row_of(ind, i)
        if row.groep is not pd.NA and row.groep not in groups:
            errors.append(DataError(iname, f"onbekende aandachtsgroep '{row.groep}'; bekend zijn: "
                                    f"{', '.join(sorted(groups))}", regel, "groep"))
        if row.grootheid not in GROOTHEDEN:
            errors.append(DataError(iname, f"onbekende grootheid '{row.grootheid}'; kies uit {', '.join(GROOTHEDEN)}",
                                    regel, "grootheid"))
        if row.niveau not in NIVEAUS:
            errors.append(DataError(iname, f"onbekend niveau '{row.niveau}'; kies uit {', '.join(NIVEAUS)}", regel, "niveau"))
        if row.persoonsaantal and unit_kind(row.eenheid) != "aantal":
            errors.append(DataError(iname, f"een persoonsaantal is een aantal, maar de eenheid '{row.eenheid}' is een "
                                    f"{unit_kind(row.eenheid)}; zet persoonsaantal op nee of kies een eenheid als "
                                    "personen of huishoudens", regel, "persoonsaantal"))
    catalogue = {r.indicator: r for r in ind.itertuples(index=False)}

    w = tables["waarnemingen"]
    wname = names["waarnemingen"]
    # one figure (indicator, area, period, source, unit): one value; the unit tells sub-populations of one
    # source apart (volwassenen and jongeren whose indication ended, in one monitor)
    first: dict[tuple, tuple[int, tuple]] = {}
    for i, row in enumerate(w.itertuples(index=False)):
        regel = _row_of(w, i)
        errors.extend(DataError(wname, message, regel, kolom)
                      for kolom, message in _row_problems(row, catalogue, groups, known, provincies))
        key = (row.indicator, row.niveau, row.gebiedscode, row.periode, row.bron, row.eenheid)
        values = tuple(None if v is pd.NA else float(v) for v in (row.waarde, row.waarde_tot))
        seen = first.setdefault(key, (regel, values))
        if seen[1] != values:
            errors.append(DataError(wname, f"hetzelfde cijfer ({row.indicator}, {row.gebied}, {row.periode}, zelfde "
                                    f"bron en eenheid) staat op regel {seen[0]} met een andere waarde ({_shown(seen[1])} tegen "
                                    f"{_shown(values)}); houd één waarde over", regel, "waarde"))

    c = tables["centrumregios"]
    cname = names["centrumregios"]
    centra = set(c["centrumgemeente_code"])
    own = {r.gemeentecode: r.centrumgemeente_code for r in c.itertuples(index=False)}
    for i, row in enumerate(c.itertuples(index=False)):
        regel = _row_of(c, i)
        if row.gemeentecode not in known:
            errors.append(DataError(cname, f"onbekende gemeentecode {row.gemeentecode}", regel, "gemeentecode"))
        elif known[row.gemeentecode] != row.gemeente:
            errors.append(DataError(cname, f"{row.gemeentecode} heet '{known[row.gemeentecode]}' in gemeenten.csv, "
                                    f"niet '{row.gemeente}'", regel, "gemeente"))
        if row.centrumgemeente_code not in known:
            errors.append(DataError(cname, f"onbekende centrumgemeente {row.centrumgemeente_code}", regel,
                                    "centrumgemeente_code"))
        elif own.get(row.centrumgemeente_code) != row.centrumgemeente_code:
            errors.append(DataError(cname, f"centrumgemeente {row.centrumgemeente_code} staat zelf niet als lid van "
                                    "haar eigen centrumregio in dit bestand", regel, "centrumgemeente_code"))

    r = tables["regio-indeling"]
    seen: set[tuple[str, str]] = set()  # twice in one indeling is reported by the indeling's own check
    for i, row in enumerate(r.itertuples(index=False)):
        first = (row.indeling, row.gemeentecode) not in seen
        seen.add((row.indeling, row.gemeentecode))
        if first and row.gemeentecode in centra and not (row.centrumgemeente is not pd.NA and bool(row.centrumgemeente)):
            errors.append(DataError(names["regio-indeling"], f"{row.gemeentecode} is centrumgemeente volgens "
                                    "centrumregios.csv; zet centrumgemeente op ja", _row_of(r, i), "centrumgemeente"))
    return errors


def _shown(values: tuple) -> str:
    low, high = values
    return f"{low:g}" if high is None else f"{low:g}–{high:g}"


def _row_problems(row, catalogue: dict, groups: set, known: dict, provincies: set) -> list[tuple[str, str]]:
    """(kolom, message) for everything wrong with one row of waarnemingen."""
    problems: list[tuple[str, str]] = []
    entry = catalogue.get(row.indicator)
    if entry is None:
        problems.append(("indicator", f"onbekende indicator '{row.indicator}'; voeg die eerst toe aan indicatoren.csv"))
    groep = None if row.groep is pd.NA else row.groep
    if groep is not None and groep not in groups:
        problems.append(("groep", f"onbekende aandachtsgroep '{groep}'; bekend zijn: {', '.join(sorted(groups))}"))
    elif entry is not None and (groep or "") != ("" if entry.groep is pd.NA else entry.groep):
        problems.append(("groep", f"groep '{groep or ''}' wijkt af van indicatoren.csv ('{'' if entry.groep is pd.NA else entry.groep}')"))
    code = None if row.gemeentecode is pd.NA else row.gemeentecode
    niveau, gebiedscode = row.niveau, row.gebiedscode
    if niveau not in NIVEAUS:
        problems.append(("niveau", f"onbekend niveau '{niveau}'; kies uit {', '.join(NIVEAUS)}"))
    elif niveau == "gemeente":
        if code is None:
            problems.append(("gemeentecode", "gemeentecode ontbreekt; die is verplicht als niveau = gemeente"))
        elif code not in known:
            problems.append(("gemeentecode", f"onbekende gemeentecode {code}"))
        elif gebiedscode != code:
            problems.append(("gebiedscode", f"gebiedscode {gebiedscode} is niet gelijk aan gemeentecode {code}"))
    else:
        if code is not None:
            problems.append(("gemeentecode", f"gemeentecode alleen invullen als niveau = gemeente (hier: {niveau}); "
                                             "zet de code in gebiedscode"))
        if niveau == "centrumregio" and (not GM_CODE.match(gebiedscode) or gebiedscode not in known):
            problems.append(("gebiedscode", f"'{gebiedscode}' is geen bekende gemeentecode; bij een centrumregio "
                                            "staat hier de code van de centrumgemeente"))
        elif niveau == "regio" and not REGIO_ID.match(gebiedscode):
            problems.append(("gebiedscode", f"'{gebiedscode}' is geen geldige regio-id (kleine letters, cijfers, streepjes)"))
        elif niveau == "provincie" and gebiedscode not in provincies:
            problems.append(("gebiedscode", f"onbekende provincie '{gebiedscode}'; bekend zijn: {', '.join(sorted(provincies))}"))
        elif niveau == "land" and gebiedscode != LAND_CODE:
            problems.append(("gebiedscode", f"bij niveau land is de gebiedscode {LAND_CODE}, niet '{gebiedscode}'"))
    persons = entry is not None and bool(entry.persoonsaantal)
    if persons and unit_kind(row.eenheid) != "aantal":
        problems.append(("eenheid", f"{row.indicator} is een aantal personen (indicatoren.csv); de eenheid "
                                    f"'{row.eenheid}' is geen aantal"))
    problem = value_problem(float(row.waarde), row.eenheid, persons=persons)
    if problem:
        problems.append(("waarde", problem))
    if row.waarde_tot is not pd.NA:
        if row.waarde_tot < row.waarde:
            problems.append(("waarde_tot", "bovengrens is kleiner dan de waarde"))
        elif problem := value_problem(float(row.waarde_tot), row.eenheid, persons=persons):
            problems.append(("waarde_tot", problem))
    if row.jaar is not pd.NA and not 1900 <= row.jaar <= 2100:
        problems.append(("jaar", f"{row.jaar} is geen plausibel kalenderjaar"))
    elif row.jaar is not pd.NA and row.tijdvak is not pd.NA and (problem := tijdvak.jaar_problem(row.tijdvak, row.jaar)):
        problems.append(("tijdvak", problem))
    return problems


def figures_for_region(dataset: Dataset, regio: str) -> pd.DataFrame:
    """Every observed figure that belongs to a region, with where it is attached.

    Rows at niveau gemeente for the region's municipalities; centrumregio rows whose centrumgemeente
    (their ``gebiedscode``) is one of the region's municipalities, attached to that centrumgemeente
    and labelled as the centrumregio's figure (the centrumregio may reach beyond the region); rows of
    the region itself (``gebiedscode`` = region id); rows of the provinces its municipalities lie in.
    National rows are not included. Extra columns: ``toegekend_aan`` (the municipality the row is
    attached to, empty for regio and provincie) and ``label`` (Dutch, for tables).
    """
    from woonzorg import regions

    region = regions.get_region(dataset, regio)
    members = set(region.gemeentecodes)
    w = dataset["waarnemingen"]
    gemeenten = dataset["gemeenten"].set_index("gemeentecode")
    provincies = set(gemeenten.loc[list(region.gemeentecodes), "provincie"])
    centrumregios = dataset["centrumregios"]
    members_of = centrumregios.groupby("centrumgemeente_code")["gemeentecode"].agg(set).to_dict()
    name_of = dict(zip(centrumregios["centrumgemeente_code"], centrumregios["centrumregio"]))

    at_gemeente = (w["niveau"] == "gemeente") & w["gemeentecode"].isin(members)
    at_centrum = (w["niveau"] == "centrumregio") & w["gebiedscode"].isin(members)
    at_regio = (w["niveau"] == "regio") & (w["gebiedscode"] == regio)
    at_provincie = (w["niveau"] == "provincie") & w["gebiedscode"].isin(provincies)
    found = w[at_gemeente | at_centrum | at_regio | at_provincie].copy()

    def attach(row) -> tuple[str, str]:
        if row.niveau == "gemeente":
            return row.gemeentecode, f"cijfer van de gemeente {gemeenten.at[row.gemeentecode, 'gemeente']}"
        if row.niveau == "centrumregio":
            centrum = gemeenten.at[row.gebiedscode, "gemeente"]
            reach = members_of.get(row.gebiedscode)
            if reach is None:
                extent = "welke gemeenten erbij horen is niet bekend; de centrumregio kan verder reiken dan de regio"
            elif reach <= members:
                extent = ("de bekende gemeenten van de centrumregio (centrumregios.csv) liggen alle in deze regio; "
                          "andere kunnen erbij horen")
            else:
                extent = f"de centrumregio reikt verder dan de regio ({len(reach - members)} bekende gemeente(n) daarbuiten)"
            naam = name_of.get(row.gebiedscode, f"centrumregio {centrum}")
            return row.gebiedscode, f"cijfer van de centrumregio ({naam}), toegekend aan centrumgemeente {centrum}; {extent}"
        if row.niveau == "regio":
            return "", f"cijfer van de regio {region.naam}"
        return "", f"cijfer van de provincie {row.gebiedscode}; niet over gemeenten verdeeld"

    labels = [attach(row) for row in found.itertuples(index=False)]
    found["toegekend_aan"] = pd.array([a for a, _ in labels], dtype="string")
    found["label"] = pd.array([b for _, b in labels], dtype="string")
    order = {n: i for i, n in enumerate(NIVEAUS)}
    found = found.sort_values(["niveau", "gebiedscode", "indicator"], key=lambda s: s.map(order) if s.name == "niveau" else s,
                              kind="stable")
    return found.reset_index(drop=True)
