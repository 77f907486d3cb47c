"""Theme 2, regionale procesorganisatie: actors and roles (RACI), agreements, milestones and the zelfscan.

The data live in long-format CSV files in ``data/`` keyed by ``regio`` (see ``data/README.md``):
``proces-actoren``, ``proces-raci``, ``proces-afspraken``, ``proces-mijlpalen``,
``zelfscan-stellingen`` and ``zelfscan-antwoorden``. All are optional, so a region added later
without process data still builds; its page then says how to add them.

The zelfscan is our own design (no published maturity model for this field was found): seven
dimensions, three statements each, scored 1–4. A dimension's score is the mean of all answers on
its statements in one round; the round's total is the mean of the dimension scores. Saving a round
(:func:`save_zelfscan`) appends to ``zelfscan-antwoorden.csv`` under an exclusive lock on a sidecar
file and writes through a temporary file, so earlier rounds are never lost, also not when two
learning-circle groups save at the same moment.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from woonzorg import paths
from woonzorg.present import charts
from woonzorg import data as wzdata
from woonzorg.themes import KeyFigure, Theme
from woonzorg import dutch
from woonzorg.leerkring.exercises import Denkfout, Opdracht, maak_opdracht
from woonzorg.data import Column, DataError, DataValidationError, Dataset, TableSchema
from woonzorg.regions import Region, get_region
from woonzorg.storage import append_rows, exclusive_lock
from woonzorg.present.tables import HTML, Table

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
    for i, row in enumerate(f.itertuples(index=False)):
        region_ok(f, fn, i, row.regio)

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


# --------------------------------------------------------------------------------------------
# One region's process data


@dataclass
class Procesgegevens:
    """Everything the process guide shows for one region."""

    regio: Region
    actoren: pd.DataFrame
    raci: pd.DataFrame
    afspraken: pd.DataFrame
    mijlpalen: pd.DataFrame  # the region's own plus the national ones
    stellingen: pd.DataFrame
    antwoorden: pd.DataFrame  # all regions (the comparison needs the others)

    @property
    def heeft_gegevens(self) -> bool:
        """Whether the region has any process data of its own (actors, agreements or answers)."""
        own_answers = (self.antwoorden["regio"] == self.regio.id).any()
        return bool(len(self.actoren) or len(self.afspraken) or own_answers)


def _rows(frame: pd.DataFrame, regio: str) -> pd.DataFrame:
    return frame[frame["regio"] == regio].reset_index(drop=True)


def procesgegevens(dataset: wzdata.Dataset, regio: str) -> Procesgegevens:
    """Select one region's process data from a validated dataset."""
    region = get_region(dataset, regio)
    m = dataset["proces-mijlpalen"]
    mijlpalen = m[(m["regio"] == regio).fillna(False) | m["regio"].isna()].sort_values("datum").reset_index(drop=True)
    return Procesgegevens(
        regio=region,
        actoren=_rows(dataset["proces-actoren"], regio),
        raci=_rows(dataset["proces-raci"], regio),
        afspraken=_rows(dataset["proces-afspraken"], regio),
        mijlpalen=mijlpalen,
        stellingen=dataset["zelfscan-stellingen"],
        antwoorden=dataset["zelfscan-antwoorden"],
    )


def raci_matrix(actoren: pd.DataFrame, raci: pd.DataFrame) -> pd.DataFrame:
    """Actors (rows, in data order) × sporen (columns) with the RACI letter, '' where none."""
    matrix = pd.DataFrame("", index=list(actoren["actor"]), columns=list(SPOREN))
    for row in raci.itertuples(index=False):
        if row.actor in matrix.index:
            matrix.loc[row.actor, row.spoor] = row.rol
    return matrix.loc[[a for a in matrix.index if (matrix.loc[a] != "").any()]]


def kernpartijen(actoren: pd.DataFrame) -> pd.DataFrame:
    """For each core party type: documented organisations, or that it is still to be filled in."""
    rows = []
    for typ in KERNPARTIJEN:
        of_type = actoren[actoren["type"] == typ]
        documented = of_type[of_type["status"] == "gedocumenteerd"]
        if len(documented):
            status = "aan tafel (gedocumenteerd)"
        elif len(of_type):
            status = "nog in te vullen"
        else:
            status = "nog niet in beeld"
        rows.append({"type": typ, "naam": ACTORTYPEN[typ], "status": status,
                     "organisaties": list(documented["organisatie"])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Zelfscan: scoring


def dimensiescores(antwoorden: pd.DataFrame) -> pd.Series:
    """Mean score per dimension over all given answers, in the order of :data:`DIMENSIES`."""
    if antwoorden.empty:
        return pd.Series(dtype=float)
    means = antwoorden.groupby("dimensie")["score"].mean().astype(float)
    return means.reindex([d for d in DIMENSIES if d in means.index])


def rondes(antwoorden: pd.DataFrame, regio: str) -> list[int]:
    """The rounds shown for a region, oldest first: its own rounds, or its example rounds if it has none yet."""
    own = antwoorden[antwoorden["regio"] == regio]
    real = own[~own["voorbeeld"].astype(bool)]
    chosen = real if len(real) else own
    return sorted(int(r) for r in chosen["ronde"].unique())


@dataclass
class Zelfscanuitslag:
    """The result of one round of the zelfscan for one region."""

    regio: str
    ronde: int
    datum: str
    respondentgroepen: list[str]
    voorbeeld: bool
    scores: pd.Series  # dimensie -> mean score
    stellingscores: pd.DataFrame  # stelling, dimensie, tekst, score (mean over groups)
    totaal: float = field(init=False)

    def __post_init__(self) -> None:
        self.totaal = float(self.scores.mean()) if len(self.scores) else float("nan")

    @property
    def sterke_punten(self) -> list[str]:
        """Dimensions scoring at least :data:`STERK_VANAF`, highest first."""
        s = self.scores[self.scores >= STERK_VANAF]
        return list(s.sort_values(ascending=False, kind="stable").index)

    @property
    def aandachtspunten(self) -> list[str]:
        """Dimensions scoring at most :data:`AANDACHT_TOT`, lowest first."""
        s = self.scores[self.scores <= AANDACHT_TOT]
        return list(s.sort_values(kind="stable").index)

    @property
    def lage_stellingen(self) -> pd.DataFrame:
        """Statements scoring at most :data:`AANDACHT_TOT`: the ones to discuss first."""
        s = self.stellingscores
        return s[s["score"] <= AANDACHT_TOT].sort_values("score", kind="stable").reset_index(drop=True)


def uitslag(antwoorden: pd.DataFrame, regio: str, ronde: int | None = None,
            stellingen: pd.DataFrame | None = None) -> Zelfscanuitslag | None:
    """Score one round (default: the latest shown, see :func:`rondes`); ``None`` without answers."""
    shown = rondes(antwoorden, regio)
    if not shown:
        return None
    ronde = shown[-1] if ronde is None else ronde
    rows = antwoorden[(antwoorden["regio"] == regio) & (antwoorden["ronde"] == ronde)]
    if rows.empty:
        return None
    per_stelling = rows.groupby(["stelling", "dimensie"], sort=False)["score"].mean().astype(float).reset_index()
    teksten = dict(zip(stellingen["stelling"], stellingen["tekst"])) if stellingen is not None else {}
    per_stelling["tekst"] = per_stelling["stelling"].map(lambda s: teksten.get(s, s))
    return Zelfscanuitslag(
        regio=regio,
        ronde=int(ronde),
        datum=str(rows["datum"].max()),
        respondentgroepen=sorted(set(rows["respondentgroep"])),
        voorbeeld=bool(rows["voorbeeld"].astype(bool).all()),
        scores=dimensiescores(rows),
        stellingscores=per_stelling[["stelling", "dimensie", "tekst", "score"]],
    )


def verandering(antwoorden: pd.DataFrame, regio: str) -> pd.DataFrame:
    """Dimension scores of the latest round against the previous one; empty with fewer than two rounds."""
    shown = rondes(antwoorden, regio)
    if len(shown) < 2:
        return pd.DataFrame(columns=["dimensie", "naam", "vorige", "huidige", "verschil"])
    before = uitslag(antwoorden, regio, shown[-2]).scores
    now = uitslag(antwoorden, regio, shown[-1]).scores
    dims = [d for d in DIMENSIES if d in now.index or d in before.index]
    frame = pd.DataFrame({
        "dimensie": dims,
        "naam": [DIMENSIES[d].naam for d in dims],
        "vorige": [before.get(d, float("nan")) for d in dims],
        "huidige": [now.get(d, float("nan")) for d in dims],
    })
    frame["verschil"] = frame["huidige"] - frame["vorige"]
    frame.attrs.update(vorige_ronde=shown[-2], huidige_ronde=shown[-1])
    return frame


def vergelijking(antwoorden: pd.DataFrame, regio: str) -> pd.DataFrame:
    """This region's latest scores against the other regions' latest rounds, without naming them.

    Columns: dimensie, naam, deze_regio, laagste, gemiddelde, hoogste, regios (how many other
    regions scored the dimension). ``attrs['voorbeeld']`` counts the other regions whose latest
    round is an example.
    """
    own = uitslag(antwoorden, regio)
    others = []
    for other in sorted(set(antwoorden["regio"]) - {regio}):
        result = uitslag(antwoorden, other)
        if result is not None:
            others.append(result)
    columns = ["dimensie", "naam", "deze_regio", "laagste", "gemiddelde", "hoogste", "regios"]
    if not others:
        frame = pd.DataFrame(columns=columns)
        frame.attrs.update(andere=0, voorbeeld=0)
        return frame
    table = pd.DataFrame({i: o.scores for i, o in enumerate(others)})
    rows = []
    for d in DIMENSIES:
        values = table.loc[d].dropna() if d in table.index else pd.Series(dtype=float)
        mine = own.scores.get(d, float("nan")) if own is not None else float("nan")
        if values.empty and mine != mine:
            continue
        rows.append({
            "dimensie": d, "naam": DIMENSIES[d].naam, "deze_regio": mine,
            "laagste": values.min() if len(values) else float("nan"),
            "gemiddelde": values.mean() if len(values) else float("nan"),
            "hoogste": values.max() if len(values) else float("nan"),
            "regios": int(len(values)),
        })
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs.update(andere=len(others), voorbeeld=sum(o.voorbeeld for o in others))
    return frame


# --------------------------------------------------------------------------------------------
# Zelfscan: saving a round


class ZelfscanSaveError(ValueError):
    """Answers that cannot be saved; the message is for the learning circle (Dutch)."""


@dataclass(frozen=True)
class SavedRound:
    regio: str
    ronde: int
    datum: str
    respondentgroep: str
    antwoorden: int
    path: Path


def antwoorden_path(data_dir: str | Path | None = None) -> Path:
    return paths.data_dir(data_dir) / ANTWOORDEN.file


def save_zelfscan(
    regio: str,
    scores: Mapping[str, int | None],
    *,
    respondentgroep: str,
    datum: str | date | None = None,
    ronde: int | None = None,
    data_dir: str | Path | None = None,
    bron: str = DEFAULT_BRON_ANTWOORDEN,
) -> SavedRound:
    """Append one round of answers for ``regio`` to ``zelfscan-antwoorden.csv``.

    ``scores`` maps statement ids to a score on the scale; ``None`` means not answered. Without
    ``ronde`` the round gets the next free number of the region. With ``ronde`` the answers join
    that round as another respondent group, but never replace answers already saved for the same
    round and group. The existing file is kept byte for byte and the new rows appended, under an
    exclusive lock and through an atomic rename.
    """
    root = paths.data_dir(data_dir)
    name = f"{root.name}/{ANTWOORDEN.file}"
    groep = " ".join(str(respondentgroep or "").split())
    if not groep:
        raise ZelfscanSaveError("vul de respondentgroep in (bijvoorbeeld 'leerkring' of 'corporaties')")
    if len(groep) > 100:
        raise ZelfscanSaveError("de respondentgroep is te lang (maximaal 100 tekens)")
    try:
        datum_text = wzdata.PARSERS["date"](datum.isoformat() if isinstance(datum, date) else
                                            (datum or date.today().isoformat()), False)
    except ValueError as exc:
        raise ZelfscanSaveError(str(exc)) from None
    indeling = wzdata.read_table(root / "regio-indeling.csv", wzdata.CORE_SCHEMAS["regio-indeling"],
                                 f"{root.name}/regio-indeling.csv")
    if regio not in set(indeling["regio"]):
        raise ZelfscanSaveError(_unknown(regio, "regio", sorted(set(indeling["regio"]))))
    stellingen = wzdata.read_optional_table(root / STELLINGEN.file, STELLINGEN, f"{root.name}/{STELLINGEN.file}")
    dimensie_of = dict(zip(stellingen["stelling"], stellingen["dimensie"]))
    answered: list[tuple[str, int]] = []
    problems: list[str] = []
    for stelling, score in scores.items():
        if score is None:
            continue
        if stelling not in dimensie_of:
            problems.append(f"onbekende stelling '{stelling}'")
        elif isinstance(score, bool) or not isinstance(score, int) or not SCHAAL_MIN <= score <= SCHAAL_MAX:
            problems.append(f"score {score!r} bij stelling {stelling} ligt buiten de schaal {SCHAAL_MIN}–{SCHAAL_MAX}")
        else:
            answered.append((stelling, score))
    if problems:
        raise ZelfscanSaveError("; ".join(problems))
    if not answered:
        raise ZelfscanSaveError("er is nog geen enkele stelling gescoord; er is niets opgeslagen")
    if ronde is not None and (isinstance(ronde, bool) or not isinstance(ronde, int) or ronde < 1):
        raise ZelfscanSaveError(f"ronde {ronde!r} is geen geldig rondenummer (1 of hoger)")

    path = root / ANTWOORDEN.file
    with exclusive_lock(path):
        existing = wzdata.read_optional_table(path, ANTWOORDEN, name)  # also refuses to append to a broken file
        own = existing[existing["regio"] == regio]
        if ronde is None:
            ronde = int(own["ronde"].max()) + 1 if len(own) else 1
        elif ((own["ronde"] == ronde) & (own["respondentgroep"] == groep)).any():
            raise ZelfscanSaveError(f"ronde {ronde} van regio {regio} heeft al antwoorden van '{groep}'; "
                                    "kies een andere ronde of respondentgroep (eerdere antwoorden worden nooit overschreven)")
        elif (own.loc[own["ronde"] == ronde, "voorbeeld"].astype(bool)).any():
            raise ZelfscanSaveError(f"ronde {ronde} van regio {regio} bevat voorbeeldantwoorden; kies een nieuwe ronde")
        append_rows(path, ANTWOORDEN.column_names,
                    [[regio, ronde, datum_text, groep, dimensie_of[stelling], stelling, score, "nee", bron]
                     for stelling, score in answered])
    return SavedRound(regio, int(ronde), datum_text, groep, len(answered), path)


def read_antwoorden(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The answers file alone (e.g. to show a just-saved round without reloading every table)."""
    root = paths.data_dir(data_dir)
    return wzdata.read_optional_table(root / ANTWOORDEN.file, ANTWOORDEN, f"{root.name}/{ANTWOORDEN.file}")


# --------------------------------------------------------------------------------------------
# Workbook widget


def zelfscan_formulier(regio: str, *, data_dir: str | Path | None = None):
    """An ipywidgets box to score the zelfscan and save the round to the region's answers.

    The box carries its parts for scripting and tests: ``vragen`` (statement id -> ToggleButtons),
    ``respondentgroep``, ``datum``, ``opslaan`` (the button), ``melding`` and ``uitvoer``.
    """
    import ipywidgets as widgets
    from IPython.display import display

    root = paths.data_dir(data_dir)
    stellingen = wzdata.read_optional_table(root / STELLINGEN.file, STELLINGEN, f"{root.name}/{STELLINGEN.file}")
    tooltips = [f"{k} = {v}" for k, v in SCHAAL.items()]
    # one layout and style object shared by all rows (ipywidgets allows it): every widget otherwise
    # gets its own, and each is a model the kernel sends to the front end and the workbook stores
    rij, tekstkolom = widgets.Layout(), widgets.Layout(width="60%")
    knopstijl = widgets.ToggleButtonsStyle(button_width="3em")
    tekststijl = {}  # the first text's style, then shared (ipywidgets has no public HTMLStyle)
    vragen: dict[str, widgets.ToggleButtons] = {}
    children: list = [widgets.HTML(
        "<p><strong>Schaal:</strong> " + " · ".join(f"{k} = {html.escape(v.lower())}" for k, v in SCHAAL.items())
        + ". Laat een stelling open als u het niet weet.</p>")]
    for d in DIMENSIES.values():
        rows = stellingen[stellingen["dimensie"] == d.id]
        if rows.empty:
            continue
        kop = widgets.HTML(f"<h4>{html.escape(d.naam)}</h4><p><em>{html.escape(d.vraag)}</em></p>", layout=rij,
                           **tekststijl)
        tekststijl = {"style": kop.style}
        children.append(kop)
        for row in rows.itertuples(index=False):
            toggle = widgets.ToggleButtons(options=[(str(k), k) for k in SCHAAL], value=None, tooltips=tooltips,
                                           style=knopstijl, layout=rij)
            vragen[row.stelling] = toggle
            tekst = widgets.HTML(html.escape(row.tekst), layout=tekstkolom, **tekststijl)
            tekststijl = {"style": tekst.style}
            children.append(widgets.HBox([tekst, toggle], layout=rij))
    respondentgroep = widgets.Text(description="Groep", placeholder="bijvoorbeeld: leerkring, corporaties")
    datum = widgets.DatePicker(description="Datum", value=date.today())
    opslaan = widgets.Button(description="Antwoorden opslaan", button_style="primary", icon="save")
    melding = widgets.HTML()
    uitvoer = widgets.Output()

    def on_click(_button=None) -> None:
        scores = {sid: t.value for sid, t in vragen.items()}
        try:
            saved = save_zelfscan(regio, scores, respondentgroep=respondentgroep.value, datum=datum.value,
                                  data_dir=root)
        except (ZelfscanSaveError, DataValidationError) as exc:
            melding.value = f'<p class="wz-fout"><strong>Niet opgeslagen:</strong> {html.escape(str(exc))}</p>'
            return
        melding.value = (f"<p><strong>Opgeslagen</strong> als ronde {saved.ronde} ({html.escape(saved.datum)}, "
                         f"{html.escape(saved.respondentgroep)}): {saved.antwoorden} antwoorden. "
                         "De volgende build van de handreiking toont deze ronde.</p>")
        uitvoer.clear_output()
        with uitvoer:
            antwoorden = read_antwoorden(root)
            result = uitslag(antwoorden, regio, saved.ronde, stellingen)
            display(zelfscan_radar(result, verandering(antwoorden, regio), regio_naam=regio))

    opslaan.on_click(on_click)
    box = widgets.VBox(children + [widgets.HBox([respondentgroep, datum]), opslaan, melding, uitvoer])
    box.vragen, box.respondentgroep, box.datum = vragen, respondentgroep, datum
    box.opslaan, box.melding, box.uitvoer = opslaan, melding, uitvoer
    return box


# --------------------------------------------------------------------------------------------
# Charts


def _short(text: str, width: int = 28, lines: int = 4) -> str:
    """Wrap a label; cut it off with an ellipsis after ``lines`` lines."""
    wrapped = textwrap.wrap(text, width, break_long_words=False)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] += " …"
    return "\n".join(wrapped)


def actorenkaart(actoren: pd.DataFrame, regio_naam: str) -> charts.Chart:
    """Belang × invloed map: each actor a number (as in the actors table), the key beside the plot."""

    title = f"Actoren naar belang en invloed, {regio_naam}"
    numbered = actoren.reset_index(drop=True).assign(nr=lambda f: f.index + 1)
    with charts.house_style():
        fig = charts.new_figure((10, 5.8))
        ax, key = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.axvline(3, color="#999999", lw=0.8)
        ax.axhline(3, color="#999999", lw=0.8)
        ax.grid(False)
        for x, y, label in ((1.75, 5.3, "Tevreden houden"), (4.25, 5.3, "Nauw betrekken"),
                            (1.75, 0.7, "Monitoren"), (4.25, 0.7, "Informeren en betrekken")):
            ax.text(x, y, label, ha="center", va="center", fontsize=9, color="#555555", style="italic")
        for (belang, invloed), group in numbered.groupby(["belang", "invloed"], sort=True):
            ax.scatter([belang], [invloed], s=90 + 50 * len(group), color=charts.PALETTE[0], zorder=3)
            ax.annotate(", ".join(str(n) for n in group["nr"]), (belang, invloed), xytext=(0, 11),
                        textcoords="offset points", fontsize=8, ha="center", fontweight="bold")
        ax.set_xlabel("Belang bij de opgave (1 = laag, 5 = hoog)")
        ax.set_ylabel("Invloed op de opgave (1 = laag, 5 = hoog)")
        ax.set_title(title)
        key.axis("off")
        lines = [f"{r.nr}. {_short(r.organisatie, 52, 2)}".replace("\n", "\n     ") for r in numbered.itertuples()]
        key.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=7.5, transform=key.transAxes, linespacing=1.4)
    voorbeeld = actoren["positie_voorbeeld"].astype(bool).any()
    hoog = actoren[(actoren["belang"] >= 4) & (actoren["invloed"] >= 4)]["organisatie"].tolist()
    alt = (f"Spreidingsdiagram van {len(actoren)} actoren van {regio_naam} naar belang (horizontaal) en invloed "
           f"(verticaal), elk op een schaal van 1 tot 5; de nummers verwijzen naar de lijst ernaast en de tabel. "
           f"Hoog belang en hoge invloed: {', '.join(hoog) if hoog else 'geen'}."
           + (" De posities zijn een voorbeeldinschatting." if voorbeeld else ""))
    bron = "proces-actoren.csv" + ("; posities zijn een voorbeeldinschatting per type actor" if voorbeeld else "")
    return charts.Chart.from_figure(fig, alt=alt, bron=bron, title=title)


RACI_KLEUREN = {"A": charts.PALETTE[5], "R": charts.PALETTE[0], "C": charts.PALETTE[4], "I": "#dddddd", "": "#ffffff"}


def raci_heatmap(matrix: pd.DataFrame, actoren: pd.DataFrame, regio_naam: str, *, voorbeeld: bool) -> charts.Chart:
    """The RACI matrix as a coloured grid with the letter in every cell (colour is never the only cue)."""
    from matplotlib.patches import Patch, Rectangle

    title = f"Rollen per processpoor (RACI), {regio_naam}"
    names = dict(zip(actoren["actor"], actoren["organisatie"]))
    with charts.house_style():
        fig = charts.new_figure((9, 0.5 * len(matrix) + 2.2))
        ax = fig.subplots()
        for i, actor in enumerate(matrix.index):
            for j, spoor in enumerate(matrix.columns):
                letter = matrix.loc[actor, spoor]
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=RACI_KLEUREN[letter], edgecolor="white", lw=2))
                ax.text(j + 0.5, i + 0.5, letter, ha="center", va="center", fontsize=11, fontweight="bold",
                        color="white" if letter in ("A", "R") else charts.INK)
        ax.set_xlim(0, len(matrix.columns))
        ax.set_ylim(len(matrix), 0)
        ax.set_xticks([j + 0.5 for j in range(len(matrix.columns))])
        ax.set_xticklabels([_short(SPOREN[s], 18) for s in matrix.columns], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(matrix))])
        ax.set_yticklabels([_short(names.get(a, a), 40).split("\n")[0] for a in matrix.index], fontsize=8)
        ax.grid(False)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0)
        ax.legend(handles=[Patch(facecolor=RACI_KLEUREN[k], label=v) for k, v in RACI_ROLLEN.items()],
                  loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=4, frameon=False, fontsize=8)
        ax.set_title(title, pad=40)
    eind = {s: names.get(a, a) for s in matrix.columns for a in matrix.index if matrix.loc[a, s] == "A"}
    alt = (f"Raster met {len(matrix)} actoren van {regio_naam} (rijen) en de vier processporen (kolommen); elke cel "
           "bevat de letter R, A, C of I. Eindverantwoordelijk: "
           + "; ".join(f"{SPOREN[s]}: {eind.get(s, 'niet belegd')}" for s in matrix.columns) + "."
           + (" Het gaat (deels) om een voorbeeldinvulling." if voorbeeld else ""))
    bron = "proces-raci.csv" + ("; (deels) voorbeeldinvulling" if voorbeeld else "")
    return charts.Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def zelfscan_radar(result: Zelfscanuitslag, change: pd.DataFrame | None = None, *, regio_naam: str,
                   comparison: pd.DataFrame | None = None) -> charts.Chart:
    """Radar of one round's dimension scores, with the previous round and the other regions' mean if given."""
    dims = list(result.scores.index)
    labels = [DIMENSIES[d].naam for d in dims]
    label_now = f"Ronde {result.ronde} ({result.datum})" + (" – voorbeeld" if result.voorbeeld else "")
    series = {label_now: [float(result.scores[d]) for d in dims]}
    if change is not None and len(change) and change.attrs.get("huidige_ronde") == result.ronde:
        before = dict(zip(change["dimensie"], change["vorige"]))
        series[f"Vorige ronde ({change.attrs['vorige_ronde']})"] = [float(before.get(d, float("nan"))) for d in dims]
    if comparison is not None and len(comparison):
        mean = dict(zip(comparison["dimensie"], comparison["gemiddelde"]))
        series["Gemiddelde andere regio's"] = [float(mean.get(d, float("nan"))) for d in dims]
    title = f"Zelfscan procesorganisatie, {regio_naam}"
    alt = (f"Radardiagram met de score per dimensie op een schaal van {SCHAAL_MIN} tot {SCHAAL_MAX} voor ronde "
           f"{result.ronde}{' (voorbeeldantwoorden)' if result.voorbeeld else ''}: "
           + "; ".join(f"{DIMENSIES[d].naam} {charts.dutch_number(result.scores[d], 1)}" for d in dims) + "."
           + (f" Ook getoond: {', '.join(list(series)[1:]).lower()}." if len(series) > 1 else ""))
    bron = "zelfscan-antwoorden.csv" + (" (voorbeeldantwoorden)" if result.voorbeeld else "")
    return charts.radar_chart(labels, series, title=title, bron=bron, alt=alt,
                              rmin=0, rmax=SCHAAL_MAX, ticks=list(SCHAAL))


def tijdlijn(mijlpalen: pd.DataFrame, afspraken: pd.DataFrame, regio_naam: str) -> charts.Chart:
    """Milestones and dated agreements on one time axis, the law's start and 2030 marked."""
    import matplotlib.dates as mdates

    events = [(pd.Timestamp(r.datum), r.mijlpaal, "agenda" if r.soort == "agenda" else r.soort, bool(r.voorbeeld))
              for r in mijlpalen.itertuples(index=False)]
    events += [(pd.Timestamp(r.datum), r.naam, "afspraak", False)
               for r in afspraken.itertuples(index=False) if _present(r.datum)]
    events.sort(key=lambda e: e[0])
    styles = {"landelijk": (charts.PALETTE[7], "s", "Landelijk"), "afspraak": (charts.PALETTE[0], "o", "Regionale afspraak"),
              "besluit": (charts.PALETTE[2], "D", "Besluit of stap"), "agenda": (charts.PALETTE[1], "^", "Agenda (gepland)")}
    title = f"Tijdlijn: afspraken, mijlpalen en agenda, {regio_naam}"
    with charts.house_style():
        fig = charts.new_figure((10, 6.5))
        ax = fig.subplots()
        levels = [3, -3, 2, -2, 1, -1]
        seen: set[str] = set()
        for k, (when, text, soort, voorbeeld) in enumerate(events):
            level = levels[k % len(levels)]
            colour, marker, label = styles[soort]
            ax.vlines(when, 0, level, color="#bbbbbb", lw=0.8)
            ax.scatter([when], [0], color=colour, marker=marker, s=50, zorder=3,
                       label=None if label in seen else label)
            seen.add(label)
            ax.annotate(_short(text, 30), (when, level), ha="center", va="bottom" if level > 0 else "top",
                        fontsize=7, style="italic" if voorbeeld else "normal", clip_on=False)  # may pass the axes
        wet = pd.Timestamp("2026-07-01")
        ax.axvline(wet, color=charts.PALETTE[5], ls="--", lw=1, label="Start Wvrv (beoogd)")
        ax.axhline(0, color="#555555", lw=1)
        ax.set_ylim(-4.6, 4.4)
        ax.set_yticks([])
        ax.grid(False)
        ax.spines["left"].set_visible(False)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.legend(loc="upper left", frameon=False, fontsize=8, ncol=5, bbox_to_anchor=(0, 1.02))
        ax.set_title(title, pad=20)
    first, last = (events[0][0].year, events[-1][0].year) if events else (2026, 2030)
    alt = (f"Tijdlijn van {first} tot {last} met {len(events)} gebeurtenissen voor {regio_naam}: "
           + "; ".join(f"{e[0].strftime('%Y-%m-%d')} {e[1]}" for e in events) + ".")
    return charts.Chart.from_figure(fig, alt=alt, bron="proces-mijlpalen.csv en proces-afspraken.csv; "
                                    "cursief = voorbeeld", title=title)


# --------------------------------------------------------------------------------------------
# HTML fragments for the guide (every text from data is escaped)


class Bronnen:
    """Numbered sources for one page: tables cite ``[n]``, the Bronnen section lists them."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def cite(self, bron) -> str:
        if not _present(bron) or not str(bron).strip():
            return "–"
        refs = []
        for part in str(bron).split("; "):
            part = part.strip()
            if part not in self.items:
                self.items.append(part)
            refs.append(f"[{self.items.index(part) + 1}]")
        return " ".join(refs)

    def to_html(self) -> str:
        if not self.items:
            return "<p>Geen bronnen voor deze regio in de gegevens.</p>"
        lis = "".join(f"<li>{html.escape(item)}</li>" for item in self.items)
        return f'<ol class="wz-bronnen">{lis}</ol>'

    def _repr_html_(self) -> str:
        return self.to_html()


def geen_gegevens_html(pg: Procesgegevens, what: str = "procesgegevens") -> HTML:
    files = ", ".join(f"<code>data/{t}.csv</code>" for t in TABLE_KEYS if t != "zelfscan-stellingen")
    return HTML(
        f'<div class="wz-schatting" role="note"><p><strong>Nog geen {html.escape(what)} voor '
        f"{html.escape(pg.regio.naam)}.</strong> Voeg ze toe in {files} (één regel per actor, rol, afspraak, "
        f"mijlpaal of antwoord, met <code>regio</code> = <code>{html.escape(pg.regio.id)}</code>), of vul de zelfscan "
        "in het werkboek in. Zie <code>data/README.md</code>, paragraaf Procesorganisatie.</p></div>")


def kernpartijen_html(pg: Procesgegevens) -> HTML:
    k = kernpartijen(pg.actoren)
    items = []
    for row in k.itertuples(index=False):
        orgs = f": {html.escape('; '.join(row.organisaties))}" if row.organisaties else ""
        mark = {"aan tafel (gedocumenteerd)": "✔", "nog in te vullen": "?", "nog niet in beeld": "–"}[row.status]
        items.append(f"<li><span aria-hidden=\"true\">{mark}</span> <strong>{html.escape(row.naam)}</strong> — "
                     f"{html.escape(row.status)}{orgs}</li>")
    return HTML(f'<ul class="wz-kernpartijen">{"".join(items)}</ul>')


def actoren_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    a = pg.actoren
    shown = pd.DataFrame({
        "Nr.": [str(i + 1) for i in range(len(a))],
        "Organisatie": a["organisatie"],
        "Type": a["type"].map(ACTORTYPEN),
        "Rol": a["rol"],
        "Status": a["status"],
        "Toelichting": a["toelichting"].fillna(""),
        "Bron": [bronnen.cite(b) for b in a["bron"]],
    })
    return Table(shown, caption=f"Actoren in {pg.regio.naam}",
                 bron="openbare bronnen per actor, genummerd onder Bronnen en verantwoording (proces-actoren.csv)")


def raci_table(pg: Procesgegevens) -> Table:
    matrix = raci_matrix(pg.actoren, pg.raci)
    names = dict(zip(pg.actoren["actor"], pg.actoren["organisatie"]))
    shown = matrix.rename(columns=SPOREN)
    shown.insert(0, "Actor", [names.get(a, a) for a in matrix.index])
    voorbeeld = int(pg.raci["voorbeeld"].astype(bool).sum())
    return Table(shown.reset_index(drop=True), caption=f"RACI per processpoor, {pg.regio.naam}",
                 bron=f"proces-raci.csv; {voorbeeld} van de {len(pg.raci)} rollen zijn een voorbeeldinvulling")


def afspraken_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    f = pg.afspraken.sort_values("datum", na_position="last", kind="stable")
    shown = pd.DataFrame({
        "Afspraak": f["naam"],
        "Datum": f["datum"].fillna("onbekend"),
        "Partijen": f["partijen"],
        "Inhoud": f["inhoud"],
        "Bron": [bronnen.cite(b) for b in f["bron"]],
    })
    return Table(shown, caption=f"Regionale afspraken, {pg.regio.naam}",
                 bron="openbare bronnen per afspraak, genummerd onder Bronnen en verantwoording (proces-afspraken.csv)")


def mijlpalen_table(pg: Procesgegevens, bronnen: Bronnen) -> Table:
    m = pg.mijlpalen
    shown = pd.DataFrame({
        "Datum": m["datum"],
        "Mijlpaal": m["mijlpaal"],
        "Soort": m["soort"].map(MIJLPAAL_SOORTEN),
        "Spoor": m["spoor"].map(lambda s: SPOREN.get(s, "") if _present(s) else ""),
        "Status": m["status"] + m["voorbeeld"].astype(bool).map({True: " (voorbeeld)", False: ""}),
        "Bron": [("voorbeeld" if v else bronnen.cite(b)) for v, b in zip(m["voorbeeld"].astype(bool), m["bron"])],
    })
    return Table(shown, caption=f"Mijlpalen en agenda, {pg.regio.naam}",
                 bron="proces-mijlpalen.csv; landelijke mijlpalen gelden voor elke regio")


def _score(v: float) -> str:
    return "–" if v != v else charts.dutch_number(v, 1)


def voorbeeld_html(result: Zelfscanuitslag | None) -> HTML:
    """The notice that the answers shown are examples, not the region's own."""
    if result is None or not result.voorbeeld:
        return HTML("")
    return HTML(
        '<div class="wz-schatting wz-voorbeeld" role="note"><p><strong>Let op: voorbeeldantwoorden.</strong> '
        "De zelfscan van deze regio is nog niet door een eigen leerkring ingevuld. De scores hieronder zijn "
        "<em>voorbeeld</em>antwoorden, verzonnen om te laten zien hoe de uitslag eruitziet; ze zeggen niets over "
        "de regio. Zodra de leerkring de zelfscan in het werkboek invult en opslaat, toont de volgende versie van "
        "deze handreiking de eigen antwoorden.</p></div>")


def uitslag_html(result: Zelfscanuitslag) -> HTML:
    """Round, respondents, score per dimension with level, strengths and weak spots."""
    def level(v: float) -> str:
        return SCHAAL[min(SCHAAL_MAX, max(SCHAAL_MIN, int(v + 0.5)))].lower()

    rows = "".join(
        f'<tr><th scope="row">{html.escape(DIMENSIES[d].naam)}</th><td class="num">{_score(v)}</td>'
        f"<td>{html.escape(level(v))}</td></tr>" for d, v in result.scores.items())
    table = (f'<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table wz-zelfscan-scores"><caption>Score per dimensie, '
             f"ronde {result.ronde}{' (voorbeeld)' if result.voorbeeld else ''}</caption><thead><tr>"
             '<th scope="col">Dimensie</th><th scope="col" class="num">Score (1–4)</th><th scope="col">Niveau</th>'
             f"</tr></thead><tbody>{rows}</tbody><tfoot><tr><th scope=\"row\">Gemiddeld</th>"
             f'<td class="num">{_score(result.totaal)}</td><td>{html.escape(level(result.totaal))}</td></tr></tfoot>'
             "</table></div>")
    sterk = ", ".join(DIMENSIES[d].naam for d in result.sterke_punten) or \
        f"geen dimensie scoort {charts.dutch_number(STERK_VANAF, 0)} of hoger"
    zwak = ", ".join(DIMENSIES[d].naam for d in result.aandachtspunten) or \
        f"geen dimensie scoort {charts.dutch_number(AANDACHT_TOT, 0)} of lager"
    low = result.lage_stellingen.head(5)
    low_items = "".join(f"<li>{html.escape(r.tekst)} (score {_score(r.score)})</li>" for r in low.itertuples())
    return HTML(
        f'<p class="wz-ronde">Ronde {result.ronde}, ingevuld op {html.escape(result.datum)} door: '
        f"{html.escape(', '.join(result.respondentgroepen))}"
        f"{' — voorbeeldantwoorden' if result.voorbeeld else ''}.</p>{table}"
        f"<p><strong>Sterke punten</strong> (score {charts.dutch_number(STERK_VANAF, 0)} of hoger): {html.escape(sterk)}.</p>"
        f"<p><strong>Aandachtspunten</strong> (score {charts.dutch_number(AANDACHT_TOT, 0)} of lager): {html.escape(zwak)}.</p>"
        + (f"<p>Stellingen om eerst te bespreken (de laagst gescoorde, ten hoogste vijf):</p><ul>{low_items}</ul>"
           if low_items else ""))


def verandering_table(change: pd.DataFrame, regio_naam: str) -> Table | HTML:
    if change.empty:
        return HTML("<p>Er is nog maar één ronde; na de volgende ronde ziet u hier wat er veranderde.</p>")
    def diff(v: float) -> str:
        return "–" if v != v else ("+" if v > 0 else "") + charts.dutch_number(v, 1)
    shown = pd.DataFrame({
        "Dimensie": change["naam"],
        f"Ronde {change.attrs['vorige_ronde']}": change["vorige"].map(_score),
        f"Ronde {change.attrs['huidige_ronde']}": change["huidige"].map(_score),
        "Verschil": change["verschil"].map(diff),
    })
    return Table(shown, caption=f"Verandering sinds de vorige ronde, {regio_naam}", bron="zelfscan-antwoorden.csv")


def vergelijking_table(comparison: pd.DataFrame, regio_naam: str) -> Table | HTML:
    """The comparison table: only aggregates of the other regions, never their names."""
    if comparison.empty:
        return HTML("<p>Er zijn nog geen antwoorden van andere regio's om mee te vergelijken.</p>")
    shown = pd.DataFrame({
        "Dimensie": comparison["naam"],
        "Deze regio": comparison["deze_regio"].map(_score),
        "Laagste andere regio": comparison["laagste"].map(_score),
        "Gemiddelde andere regio's": comparison["gemiddelde"].map(_score),
        "Hoogste andere regio": comparison["hoogste"].map(_score),
    })
    n, vb = comparison.attrs.get("andere", 0), comparison.attrs.get("voorbeeld", 0)
    bron = (f"zelfscan-antwoorden.csv, laatste ronde van {n} andere regio's (niet bij naam genoemd)"
            + (f"; bij {vb} daarvan gaat het om voorbeeldantwoorden" if vb else ""))
    return Table(shown, caption=f"{regio_naam} vergeleken met de andere regio's", bron=bron)


def kerncijfers(pg: Procesgegevens) -> dict[str, object]:
    """Key figures recorded for the site index."""
    result = uitslag(pg.antwoorden, pg.regio.id, stellingen=pg.stellingen)
    figures: dict[str, object] = {
        "actoren": int(len(pg.actoren)),
        "actoren_nog_in_te_vullen": int((pg.actoren["status"] == "nog in te vullen").sum()),
        "afspraken": int(len(pg.afspraken)),
    }
    if result is not None:
        figures.update({
            "zelfscan_ronde": result.ronde,
            "zelfscan_datum": result.datum,
            "zelfscan_voorbeeld": result.voorbeeld,
            "zelfscan_totaal": round(result.totaal, 2),
            **{f"zelfscan_{d}": round(float(v), 2) for d, v in result.scores.items()},
        })
    return figures


def titel(pg: Procesgegevens) -> HTML:
    return HTML(f"<h1>Regionale procesorganisatie — {html.escape(pg.regio.naam)}</h1>")


def dimensies_html(pg: Procesgegevens) -> HTML:
    """The zelfscan's dimensions with their question and number of statements, and the scale."""
    counts = pg.stellingen.groupby("dimensie").size()
    rows = "".join(
        f'<tr><th scope="row">{html.escape(d.naam)}</th><td>{html.escape(d.vraag)}</td>'
        f'<td class="num">{int(counts.get(d.id, 0))}</td></tr>' for d in DIMENSIES.values())
    schaal = " · ".join(f"{k} = {html.escape(v.lower())}" for k, v in SCHAAL.items())
    return HTML(
        '<div class="wz-table-wrap" role="region" tabindex="0" aria-label="Tabel"><table class="wz-table"><caption>De zeven dimensies van de zelfscan</caption>'
        '<thead><tr><th scope="col">Dimensie</th><th scope="col">Kernvraag</th><th scope="col" class="num">'
        f"Stellingen</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="wz-bron">Schaal per stelling: {schaal}. Bron: eigen ontwerp (zelfscan-stellingen.csv); '
        "er is geen gepubliceerd volwassenheidsmodel voor dit veld gevonden.</p></div>")


def gespreksvragen_html(pg: Procesgegevens, result: Zelfscanuitslag | None) -> HTML:
    """Questions drawn from the region's own gaps: missing core parties and weak zelfscan dimensions."""
    vragen = []
    for row in kernpartijen(pg.actoren).itertuples(index=False):
        if row.status != "aan tafel (gedocumenteerd)":
            vragen.append(f"{row.naam} staat bij ons als '{row.status}'. Wie nodigen we uit, en welke rol geven we "
                          "hen in de vier sporen?")
    matrix = raci_matrix(pg.actoren, pg.raci)
    for spoor in SPOREN:
        if len(matrix) and not (matrix[spoor] == "A").any():
            vragen.append(f"Niemand is eindverantwoordelijk (A) voor het spoor '{SPOREN[spoor]}'. Wie pakt dat op?")
    if result is not None:
        for d in result.aandachtspunten[:3]:
            vragen.append(f"{DIMENSIES[d].naam} scoort {_score(result.scores[d])}: {DIMENSIES[d].vraag} "
                          "Wat is de eerste stap om dit een niveau hoger te krijgen?")
        if result.voorbeeld:
            vragen.append("De zelfscan toont nog voorbeeldantwoorden. Wanneer vult de leerkring hem zelf in, en met "
                          "welke respondentgroepen?")
    if not vragen:
        return HTML("")
    return HTML("<p>Vragen die uit de gegevens van deze regio volgen:</p><ul>"
                    + "".join(f"<li>{html.escape(v)}</li>" for v in vragen) + "</ul>")


# --------------------------------------------------------------------------------------------
# The learning circle's exercises and discussion questions (woonzorg.leerkring asks THEME for them)


def _zelfscan(dataset: Dataset, regio: str):
    antwoorden = dataset["zelfscan-antwoorden"]
    return uitslag(antwoorden, regio, stellingen=dataset["zelfscan-stellingen"])


def _zwakste_dimensie_omhoog(dataset: Dataset, regio: str) -> Opdracht | None:
    u = _zelfscan(dataset, regio)
    if u is None or not len(u.scores):
        return None
    d = u.scores.astype(float).idxmin()
    if u.scores[d] > SCHAAL_MAX - 1:
        return None
    k = len(u.scores)
    stellingen = int((dataset["zelfscan-stellingen"]["dimensie"] == d).sum()) or 1
    nieuw = u.scores.astype(float).copy()
    nieuw[d] += 1
    antwoord = float(nieuw.mean())
    naam = DIMENSIES[d].naam
    return maak_opdracht(
        thema="procesorganisatie", id="zwakste-dimensie", titel="Wat levert één stap vooruit op?",
        vraag=(f"In ronde {u.ronde} van de zelfscan scoort {naam} het laagst. Stel dat bij de volgende ronde alle "
               f"{stellingen} stellingen van {naam} één punt hoger scoren en de rest gelijk blijft. Wat wordt dan de "
               "totaalscore (het gemiddelde over de dimensies)? Geef twee decimalen."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06,
        uitleg=(f"De score van {naam} stijgt met één punt (het gemiddelde van stellingen die elk een punt stijgen). "
                f"Het totaal is het gemiddelde van {k} dimensies en stijgt dus met 1/{k} = {dutch.number(1 / k, 2)} punt: van "
                f"{dutch.number(u.totaal, 2)} naar {dutch.number(antwoord, 2)}."),
        hint=f"Het totaal is het gemiddelde van {k} dimensiescores; een dimensiescore is het gemiddelde van haar "
             "stellingen.",
        denkfouten=[
            Denkfout(u.totaal + 1, f"u telde de punt bij het totaal op. Het totaal is het gemiddelde van {k} dimensies: "
                                   f"als één dimensie een punt stijgt, stijgt het totaal met 1/{k} punt."),
            Denkfout(u.totaal + stellingen / k, f"u telde {stellingen} punten op, één per stelling. Maar de "
                                                "dimensiescore is het gemiddelde van haar stellingen: die stijgt met "
                                                "één punt."),
            Denkfout(u.totaal + 1 / stellingen, f"u deelde door het aantal stellingen ({stellingen}). Deel door het "
                                                f"aantal dimensies ({k})."),
            Denkfout(float(u.scores[d]) + 1, f"dat is de nieuwe score van {naam} zelf. De vraag is naar de totaalscore."),
        ],
    )


def _verandering_totaal(dataset: Dataset, regio: str) -> Opdracht | None:
    antwoorden = dataset["zelfscan-antwoorden"]
    shown = rondes(antwoorden, regio)
    if len(shown) < 2:
        return None
    change = verandering(antwoorden, regio).dropna(subset=["vorige", "huidige"])
    if change.empty:
        return None
    vorige = uitslag(antwoorden, regio, shown[-2])
    huidige = uitslag(antwoorden, regio, shown[-1])
    antwoord = huidige.totaal - vorige.totaal
    k = len(change)
    som = float(change["verschil"].sum())
    return maak_opdracht(
        thema="procesorganisatie", id="verandering-totaal", titel="Vooruit of achteruit?",
        vraag=(f"De tabel 'Verandering sinds de vorige ronde' zet ronde {shown[-2]} en ronde {shown[-1]} per dimensie "
               "naast elkaar. Hoeveel punten veranderde de totaalscore (het gemiddelde over de dimensies)? Geef twee "
               "decimalen, met een min-teken als de score daalde."),
        eenheid="punten", decimalen=2, antwoord=antwoord, tolerantie=0.06, teken=True,
        uitleg=(f"De totaalscore ging van {dutch.number(vorige.totaal, 2)} naar {dutch.number(huidige.totaal, 2)}: een verandering van "
                f"{'+' if antwoord > 0 else ''}{dutch.number(antwoord, 2)} punt. Dat is ook het gemiddelde van de {k} verschillen "
                "in de tabel."),
        hint="Neem het gemiddelde van de verschillen per dimensie (of: nieuwe totaalscore min oude totaalscore).",
        denkfouten=[
            Denkfout(som, f"u telde de verschillen van de {k} dimensies op. De totaalscore is een gemiddelde: deel de "
                          f"som door {k}."),
            Denkfout(-antwoord, "u trok de nieuwe ronde van de oude af. Reken nieuw min oud: een stijging is positief."),
            Denkfout(huidige.totaal, f"dat is de totaalscore van ronde {shown[-1]} zelf; de vraag is hoeveel die "
                                     "veranderde."),
        ],
    )


def _vragen_procesorganisatie(dataset: Dataset, regio: str) -> list[str]:
    pg = procesgegevens(dataset, regio)
    u = uitslag(pg.antwoorden, regio, stellingen=pg.stellingen)
    vragen = []
    if u is not None:
        zwak = [DIMENSIES[d].naam for d in u.aandachtspunten[:3]]
        sterk = [DIMENSIES[d].naam for d in u.sterke_punten[:3]]
        vragen.append(f"De zelfscan (ronde {u.ronde}{', voorbeeldantwoorden' if u.voorbeeld else ''}) komt uit op "
                      f"{dutch.number(u.totaal, 1)} van 4."
                      + (f" Aandachtspunten: {', '.join(zwak)}." if zwak else "")
                      + (f" Sterk: {', '.join(sterk)}." if sterk else "")
                      + " Herkent u dat? Wat is de eerste stap om het zwakste punt een niveau hoger te krijgen?")
        if u.voorbeeld:
            vragen.append("De uitslag bestaat nog uit voorbeeldantwoorden. Vult de leerkring de zelfscan vandaag zelf in, "
                          "en met welke respondentgroepen?")
    missing = [r.naam for r in kernpartijen(pg.actoren).itertuples(index=False)
               if r.status != "aan tafel (gedocumenteerd)"]
    if missing:
        vragen.append(f"Nog niet (gedocumenteerd) aan tafel: {', '.join(missing)}. Wie nodigen we uit, en met welke rol?")
    vragen += [
        f"Er staan {len(pg.afspraken)} regionale afspraken in de gegevens van {pg.regio.naam}. Welke daarvan gaan over "
        "de verdeling van aandachtsgroepen, en wat ontbreekt?",
        "Wat doen we lokaal, wat subregionaal en wat regionaal? Welke overlegtafels kunnen samen?",
    ]
    return vragen


# --------------------------------------------------------------------------------------------
# The theme's declaration (see woonzorg.themes)

THEME = Theme(
    name="procesorganisatie",
    title="Procesorganisatie",
    package=__name__,
    exercises=(_zwakste_dimensie_omhoog, _verandering_totaal),
    questions=_vragen_procesorganisatie,
    tables=(ACTOREN, RACI, AFSPRAKEN, MIJLPALEN, STELLINGEN, ANTWOORDEN),
    checks=(check_proces,),
    key_figures={
        "actoren": KeyFigure("actoren in beeld"),
        "actoren_nog_in_te_vullen": KeyFigure("actoren nog in te vullen"),
        "afspraken": KeyFigure("regionale afspraken"),
        "zelfscan_totaal": KeyFigure("zelfscan: gemiddelde score (1–4)", "decimaal"),
        "zelfscan_ronde": KeyFigure("zelfscan: ronde"),
        "zelfscan_datum": KeyFigure("zelfscan: datum", "tekst"),
        "zelfscan_voorbeeld": KeyFigure("zelfscan: voorbeeldantwoorden", "janee"),
    },
    headline_figures=("zelfscan_totaal",),
)
