"""Procesorganisatie: the vocabularies, the six process tables and their cross-table checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from woonzorg.data import Column, DataError, TableSchema

# --------------------------------------------------------------------------------------------
# Vocabularies (small registries; the data refer to these ids)

SPOREN: dict[str, str] = {
    "governance": "Governance en proces",
    "analyse": "Analyse, visie en monitoring",
    "afspraken": "Afspraken over de regionale opgave (incl. fair share)",
    "verbinding": "Verbinding wonen en sociaal domein",
}

ACTORTYPEN: dict[str, str] = {
    "gemeente": "Gemeente(n)",
    "bestuurlijk-overleg": "Bestuurlijk overleg",
    "ambtelijk-overleg": "Ambtelijk overleg of samenwerkingsverband",
    "woningcorporatie": "Woningcorporatie(s)",
    "zorgaanbieder": "Zorgaanbieder(s)",
    "zorgkantoor": "Zorgkantoor",
    "provincie": "Provincie",
    "ervaringsdeskundigen": "Ervaringsdeskundigen",
    "huurders": "Huurdersorganisatie(s)",
    "procesondersteuning": "Procesondersteuning (regisseur, bureau)",
}

# Who should be at the table in any region (issue #4, FACTS: koploper partners).
KERNPARTIJEN = ("gemeente", "woningcorporatie", "zorgaanbieder", "zorgkantoor", "provincie", "ervaringsdeskundigen")

ACTOR_STATUS = ("gedocumenteerd", "nog in te vullen")

RACI_ROLLEN: dict[str, str] = {
    "R": "Uitvoerend (R)",
    "A": "Eindverantwoordelijk (A)",
    "C": "Geraadpleegd (C)",
    "I": "Geïnformeerd (I)",
}

MIJLPAAL_SOORTEN: dict[str, str] = {
    "landelijk": "Landelijk",
    "besluit": "Besluit of stap in de regio",
    "agenda": "Agenda van de regio",
}
MIJLPAAL_STATUS = ("gerealiseerd", "gepland")

# Kinds of regional agreement; the per-municipality table has a column for the first four.
AFSPRAAK_SOORTEN: dict[str, str] = {
    "woondeal": "Woondeal",
    "uitstroom": "Uitstroom en opvang",
    "prestatieafspraken": "Prestatieafspraken",
    "urgentie": "Urgentieregels",
    "visie": "Visie",
    "besluit": "Besluit",
    "overig": "Overig",
}


@dataclass(frozen=True)
class Dimensie:
    id: str
    naam: str
    vraag: str


DIMENSIES: dict[str, Dimensie] = {d.id: d for d in (
    Dimensie("eigenaarschap", "Eigenaarschap", "Voelen alle partners zich mede-eigenaar van de regionale opgave?"),
    Dimensie("gedeelde-agenda", "Gedeelde agenda", "Is er één agenda met doelen en stappen naar 2026 en 2030?"),
    Dimensie("governance", "Governance", "Zijn sturing, werkgroepen en besluitvorming helder geregeld?"),
    Dimensie("data-en-monitoring", "Data en monitoring", "Werken we met gedeelde definities, cijfers en een monitor?"),
    Dimensie("financiering-en-ontschotting", "Financiering en ontschotting",
             "Zijn kosten, budgetten en risico's over de domeinen heen geregeld?"),
    Dimensie("participatie-en-ervaringsdeskundigheid", "Participatie en ervaringsdeskundigheid",
             "Denken ervaringsdeskundigen, huurders en inwoners mee?"),
    Dimensie("verbinding-wonen-zorg-welzijn", "Verbinding wonen–zorg–welzijn",
             "Werken wonen, zorg en welzijn in de praktijk samen?"),
)}

SCHAAL: dict[int, str] = {1: "Nog niet", 2: "Beginnend", 3: "Grotendeels", 4: "Volledig en geborgd"}
SCHAAL_MIN, SCHAAL_MAX = min(SCHAAL), max(SCHAAL)
STERK_VANAF = 3.0  # a dimension scoring at least "grotendeels" is a strength
AANDACHT_TOT = 2.0  # a dimension scoring at most "beginnend" is a weak spot

DEFAULT_BRON_ANTWOORDEN = "Zelfscan ingevuld in de leerkring (werkboek procesorganisatie)"

# --------------------------------------------------------------------------------------------
# Tables (registered with the loader; all optional so that a data folder without them still loads)

ACTOREN = TableSchema(
    "proces-actoren.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("actor", "text", True, "korte id van de actor binnen de regio (kleine letters, streepjes)"),
        Column("organisatie", "text", True, "naam van de organisatie of het overleg"),
        Column("type", "text", True, f"soort actor: {', '.join(ACTORTYPEN)}"),
        Column("rol", "text", True, "rol in de regionale samenwerking, zoals de bron die beschrijft"),
        Column("status", "text", True, "gedocumenteerd (met bron) of nog in te vullen"),
        Column("belang", "int", True, "belang bij de opgave, 1 (laag) tot 5 (hoog)"),
        Column("invloed", "int", True, "invloed op de opgave, 1 (laag) tot 5 (hoog)"),
        Column("positie_voorbeeld", "jaNee", True, "ja als belang en invloed een voorbeeldinschatting zijn"),
        Column("bron", "text", False, "bron van organisatie en rol (verplicht bij status gedocumenteerd)"),
        Column("toelichting", "text", False, "toelichting, bijvoorbeeld waarom iets nog in te vullen is"),
    ),
    key=("regio", "actor"),
    description="Actoren per regio met hun rol, status, belang en invloed.",
    optional=True,
)

RACI = TableSchema(
    "proces-raci.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("actor", "text", True, "actor-id uit proces-actoren.csv"),
        Column("spoor", "text", True, f"processpoor: {', '.join(SPOREN)}"),
        Column("rol", "text", True, "R, A, C of I"),
        Column("voorbeeld", "jaNee", True, "ja als de rol een voorbeeldinvulling is"),
        Column("bron", "text", False, "bron (verplicht als voorbeeld nee is)"),
    ),
    key=("regio", "actor", "spoor"),
    description="RACI-matrix: rol van elke actor per processpoor.",
    optional=True,
)

AFSPRAKEN = TableSchema(
    "proces-afspraken.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("afspraak", "text", True, "korte id van de afspraak"),
        Column("naam", "text", True, "naam van de afspraak"),
        Column("datum", "date", False, "datum van ondertekening of vaststelling, als bekend"),
        Column("partijen", "text", True, "wie de afspraak maakten"),
        Column("inhoud", "text", True, "kern van de afspraak"),
        Column("bron", "text", True, "bron"),
        Column("soort", "text", False, f"soort afspraak: {', '.join(AFSPRAAK_SOORTEN)}"),
        Column("gemeenten", "text", False, "wie partij is volgens de bron: 'alle' (alle gemeenten van de regio) of "
               "CBS-codes gescheiden door '; '; leeg = niet gevonden"),
        Column("looptijd", "tijdvak", False, "looptijd zoals de afspraak die noemt (bijvoorbeeld 2023-2025); leeg = "
               "geen looptijd genoemd"),
    ),
    key=("regio", "afspraak"),
    description="Regionale afspraken (woondeals, convenanten, visies, prestatieafspraken) met bron.",
    optional=True,
)

MIJLPALEN = TableSchema(
    "proces-mijlpalen.csv",
    (
        Column("regio", "regio", False, "regio-id; leeg voor een landelijke mijlpaal"),
        Column("datum", "date", True, "datum (of streefdatum)"),
        Column("mijlpaal", "text", True, "omschrijving"),
        Column("soort", "text", True, f"soort: {', '.join(MIJLPAAL_SOORTEN)}"),
        Column("spoor", "text", False, "processpoor, als de mijlpaal bij één spoor hoort"),
        Column("status", "text", True, "gerealiseerd of gepland"),
        Column("voorbeeld", "jaNee", True, "ja als de mijlpaal een voorbeeld is"),
        Column("bron", "text", False, "bron (verplicht als voorbeeld nee is)"),
    ),
    description="Mijlpalen en agenda per regio, plus landelijke mijlpalen (regio leeg).",
    optional=True,
)

STELLINGEN = TableSchema(
    "zelfscan-stellingen.csv",
    (
        Column("stelling", "text", True, "korte id van de stelling"),
        Column("dimensie", "text", True, f"dimensie: {', '.join(DIMENSIES)}"),
        Column("tekst", "text", True, "de stelling"),
        Column("bron", "text", True, "herkomst van de stelling"),
    ),
    key=("stelling",),
    description="De stellingen van de zelfscan, per dimensie.",
    optional=True,
)

ANTWOORDEN = TableSchema(
    "zelfscan-antwoorden.csv",
    (
        Column("regio", "regio", True, "regio-id"),
        Column("ronde", "count", True, "volgnummer van de ronde binnen de regio"),
        Column("datum", "date", True, "datum van invullen"),
        Column("respondentgroep", "text", True, "wie vulde in (bijvoorbeeld 'leerkring', 'corporaties')"),
        Column("dimensie", "text", True, "dimensie van de stelling"),
        Column("stelling", "text", True, "id uit zelfscan-stellingen.csv"),
        Column("score", "int", True, f"score {SCHAAL_MIN} ({SCHAAL[SCHAAL_MIN].lower()}) tot "
                                        f"{SCHAAL_MAX} ({SCHAAL[SCHAAL_MAX].lower()})"),
        Column("voorbeeld", "jaNee", True, "ja voor voorbeeldantwoorden"),
        Column("bron", "text", True, "herkomst van de antwoorden"),
    ),
    key=("regio", "ronde", "respondentgroep", "stelling"),
    description="Antwoorden op de zelfscan: één regel per stelling per ronde en respondentgroep.",
    optional=True,
)

TABLE_KEYS = ("proces-actoren", "proces-raci", "proces-afspraken", "proces-mijlpalen",
              "zelfscan-stellingen", "zelfscan-antwoorden")

# --------------------------------------------------------------------------------------------
# Cross-table checks


def _regel(frame: pd.DataFrame, i: int) -> int:
    return frame.attrs["regels"][i]


def _present(value) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and value != value)


def _unknown(value: str, what: str, known) -> str:
    return f"onbekende {what} '{value}'; bekend zijn: {', '.join(known)}"


def check_proces(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> list[DataError]:
    """Rules for the process tables: known regions, vocabularies, ranges, sources and references."""
    errors: list[DataError] = []
    regions = sorted(set(tables["regio-indeling"]["regio"]))

    def region_ok(frame, name, i, regio, required=True) -> bool:
        if not _present(regio):
            return not required
        if regio not in regions:
            errors.append(DataError(name, _unknown(regio, "regio", regions), _regel(frame, i), "regio"))
            return False
        return True

    a, an = tables["proces-actoren"], names["proces-actoren"]
    actors: set[tuple[str, str]] = set()
    for i, row in enumerate(a.itertuples(index=False)):
        region_ok(a, an, i, row.regio)
        actors.add((row.regio, row.actor))
        if row.type not in ACTORTYPEN:
            errors.append(DataError(an, _unknown(row.type, "actortype", ACTORTYPEN), _regel(a, i), "type"))
        if row.status not in ACTOR_STATUS:
            errors.append(DataError(an, _unknown(row.status, "status", ACTOR_STATUS), _regel(a, i), "status"))
        for kolom in ("belang", "invloed"):
            value = getattr(row, kolom)
            if _present(value) and not 1 <= value <= 5:
                errors.append(DataError(an, f"{kolom} {value} ligt buiten 1–5", _regel(a, i), kolom))
        if row.status == "gedocumenteerd" and not _present(row.bron):
            errors.append(DataError(an, "bron ontbreekt; een gedocumenteerde actor heeft een bron "
                                    "(of zet de status op 'nog in te vullen')", _regel(a, i), "bron"))

    r, rn = tables["proces-raci"], names["proces-raci"]
    accountable: dict[tuple[str, str], int] = {}
    for i, row in enumerate(r.itertuples(index=False)):
        regel = _regel(r, i)
        if region_ok(r, rn, i, row.regio) and (row.regio, row.actor) not in actors:
            errors.append(DataError(rn, f"actor '{row.actor}' staat niet bij regio {row.regio} in {an}", regel, "actor"))
        if row.spoor not in SPOREN:
            errors.append(DataError(rn, _unknown(row.spoor, "spoor", SPOREN), regel, "spoor"))
        if row.rol not in RACI_ROLLEN:
            errors.append(DataError(rn, _unknown(row.rol, "rol", RACI_ROLLEN), regel, "rol"))
        if row.rol == "A":
            key = (row.regio, row.spoor)
            if key in accountable:
                errors.append(DataError(rn, f"spoor {row.spoor} heeft in regio {row.regio} al een eindverantwoordelijke "
                                        f"(A) op regel {accountable[key]}; per spoor is er één A", regel, "rol"))
            accountable.setdefault(key, regel)
        if not row.voorbeeld and not _present(row.bron):
            errors.append(DataError(rn, "bron ontbreekt; een rol die geen voorbeeld is heeft een bron", regel, "bron"))

    f, fn = tables["proces-afspraken"], names["proces-afspraken"]
    members = tables["regio-indeling"].groupby("regio")["gemeentecode"].agg(set).to_dict()
    for i, row in enumerate(f.itertuples(index=False)):
        region_ok(f, fn, i, row.regio)
        if _present(row.soort) and row.soort not in AFSPRAAK_SOORTEN:
            errors.append(DataError(fn, _unknown(row.soort, "soort", AFSPRAAK_SOORTEN), _regel(f, i), "soort"))
        if _present(row.gemeenten) and row.gemeenten != "alle":
            for code in str(row.gemeenten).split(";"):
                if code.strip() not in members.get(row.regio, set()):
                    errors.append(DataError(fn, f"gemeente '{code.strip()}' hoort niet bij regio {row.regio}; schrijf "
                                            "'alle' of CBS-codes van de regio, gescheiden door '; '", _regel(f, i),
                                            "gemeenten"))

    m, mn = tables["proces-mijlpalen"], names["proces-mijlpalen"]
    for i, row in enumerate(m.itertuples(index=False)):
        regel = _regel(m, i)
        region_ok(m, mn, i, row.regio, required=False)
        if row.soort not in MIJLPAAL_SOORTEN:
            errors.append(DataError(mn, _unknown(row.soort, "soort", MIJLPAAL_SOORTEN), regel, "soort"))
        elif (row.soort == "landelijk") == _present(row.regio):
            errors.append(DataError(mn, "een landelijke mijlpaal heeft geen regio, een regionale wel", regel, "regio"))
        if _present(row.spoor) and row.spoor not in SPOREN:
            errors.append(DataError(mn, _unknown(row.spoor, "spoor", SPOREN), regel, "spoor"))
        if row.status not in MIJLPAAL_STATUS:
            errors.append(DataError(mn, _unknown(row.status, "status", MIJLPAAL_STATUS), regel, "status"))
        if not row.voorbeeld and not _present(row.bron):
            errors.append(DataError(mn, "bron ontbreekt; een mijlpaal die geen voorbeeld is heeft een bron", regel, "bron"))

    s, sn = tables["zelfscan-stellingen"], names["zelfscan-stellingen"]
    dimensie_of: dict[str, str] = {}
    for i, row in enumerate(s.itertuples(index=False)):
        if row.dimensie not in DIMENSIES:
            errors.append(DataError(sn, _unknown(row.dimensie, "dimensie", DIMENSIES), _regel(s, i), "dimensie"))
        dimensie_of[row.stelling] = row.dimensie

    z, zn = tables["zelfscan-antwoorden"], names["zelfscan-antwoorden"]
    errors.extend(check_antwoorden(z, zn, dimensie_of, regions))
    return errors


def check_antwoorden(z: pd.DataFrame, name: str, dimensie_of: Mapping[str, str], regions) -> list[DataError]:
    """Answers must name a known region, dimension and statement, with a score on the scale."""
    errors: list[DataError] = []
    voorbeeld_of_ronde: dict[tuple[str, int], tuple[bool, int]] = {}
    for i, row in enumerate(z.itertuples(index=False)):
        regel = _regel(z, i)
        if row.regio not in regions:
            errors.append(DataError(name, _unknown(row.regio, "regio", sorted(regions)), regel, "regio"))
        if row.dimensie not in DIMENSIES:
            errors.append(DataError(name, _unknown(row.dimensie, "dimensie", DIMENSIES), regel, "dimensie"))
        if row.stelling not in dimensie_of:
            errors.append(DataError(name, f"onbekende stelling '{row.stelling}'; die staat niet in "
                                    "zelfscan-stellingen.csv", regel, "stelling"))
        elif row.dimensie in DIMENSIES and dimensie_of[row.stelling] != row.dimensie:
            errors.append(DataError(name, f"stelling {row.stelling} hoort bij dimensie {dimensie_of[row.stelling]}, "
                                    f"niet bij {row.dimensie}", regel, "dimensie"))
        if _present(row.score) and not SCHAAL_MIN <= row.score <= SCHAAL_MAX:
            errors.append(DataError(name, f"score {row.score} ligt buiten de schaal {SCHAAL_MIN}–{SCHAAL_MAX}",
                                    regel, "score"))
        if not str(row.respondentgroep).strip():
            errors.append(DataError(name, "respondentgroep ontbreekt", regel, "respondentgroep"))
        key = (row.regio, row.ronde)
        if key in voorbeeld_of_ronde and voorbeeld_of_ronde[key][0] != bool(row.voorbeeld):
            errors.append(DataError(name, f"ronde {row.ronde} van regio {row.regio} mengt voorbeeldantwoorden en echte "
                                    f"antwoorden (zie regel {voorbeeld_of_ronde[key][1]})", regel, "voorbeeld"))
        voorbeeld_of_ronde.setdefault(key, (bool(row.voorbeeld), regel))
    return errors


DEELREGIO_INDELINGEN = ("woningmarktregio", "woondealregio", "deelregio")

DEELREGIOS = TableSchema(
    "deelregios.csv",
    (
        Column("gemeentecode", "text", True, "CBS-code van de gemeente"),
        Column("indeling", "text", True, f"soort indeling: {', '.join(DEELREGIO_INDELINGEN)}"),
        Column("naam", "text", True, "naam van de woningmarktregio, woondealregio of deelregio"),
        Column("bron", "text", True, "bron die de gemeente bij deze indeling noemt"),
    ),
    key=("gemeentecode", "indeling"),
    description="Woningmarktregio's, woondealregio's en deelregio's per gemeente, alleen waar een bron ze noemt.",
    optional=True,
)
